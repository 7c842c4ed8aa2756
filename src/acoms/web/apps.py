from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "acoms.web"
    label = "web"

    def ready(self):
        from django.contrib import admin  # noqa: PLC0415 (app registry: imported once the apps are ready)

        # Django admin is for CMS Administrators only, whatever flags a user carries.
        def has_permission(request):
            user = request.user
            from acoms.accounts.roles import Right  # noqa: PLC0415 (app registry: imported once the apps are ready)

            return user.is_active and user.is_authenticated and user.has_right(Right.ADMINISTER)

        admin.site.has_permission = has_permission
        _throttle_admin_login(admin.site)
        admin.site.site_header = "ACO-MS administration"
        admin.site.site_title = "ACO-MS admin"


def _throttle_admin_login(site):
    """Admin's log-in page goes through the same throttle as the site's (one throttle, both paths)."""
    from acoms.accounts.forms import ThrottledAdminAuthenticationForm  # noqa: PLC0415 (app registry: imported once the apps are ready)

    site.login_form = ThrottledAdminAuthenticationForm
    login = site.login

    def throttled_login(request, extra_context=None):
        response = login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if getattr(form, "throttled", False):
            response.status_code = 429
        return response

    site.login = throttled_login
