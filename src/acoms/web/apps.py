from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "acoms.web"
    label = "web"

    def ready(self):
        from django.contrib import admin

        # Django admin is for CMS Administrators only, whatever flags a user carries.
        def has_permission(request):
            user = request.user
            from acoms.accounts.roles import Right

            return user.is_active and user.is_authenticated and user.has_right(Right.ADMINISTER)

        admin.site.has_permission = has_permission
        admin.site.site_header = "ACO-MS administration"
        admin.site.site_title = "ACO-MS admin"
