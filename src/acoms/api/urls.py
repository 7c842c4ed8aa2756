from django.urls import path, re_path

from acoms.api import views
from acoms.api.main import api

urlpatterns = [
    path("api/v1/", api.urls),
    # Anything else under /api/ answers the API's JSON 404, with DEBUG on too (not Django's HTML page).
    re_path(r"^api/", views.unknown_route),
    path("account/api-tokens/", views.tokens, name="api_tokens"),
    path("account/api-tokens/<int:token_id>/revoke/", views.revoke, name="api_token_revoke"),
]
