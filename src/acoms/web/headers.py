"""Response headers every page, export and API answer carries.

`Cache-Control: no-store` keeps participant lists, applications, tokens and reset links out of
browser and proxy caches. It goes on every response that reaches Django's views: static assets
never do (WhiteNoise answers them earlier in the middleware chain, with long cache lifetimes).
The Content-Security-Policy comes from Django's own middleware (settings.SECURE_CSP).
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


class PrivateResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
