from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from acoms.apps_registry import app_modules
from acoms.web import audit_log, views

urlpatterns = [
    path("", views.home, name="home"),
    path("aco/<str:aco_id>/", views.aco_home, name="aco_home"),
    path("cms/", views.cms_home, name="cms_home"),
    path("cms/audit/", audit_log.audit_log, name="audit_log"),
    path("cms/audit/download/", audit_log.audit_log_download, name="audit_log_download"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
]
# Each app's own pages (acoms/<app>/urls.py), e.g. applications, participants, the API.
urlpatterns += [path("", include(module)) for _, module in app_modules("urls")]

handler403 = "acoms.web.errors.forbidden"
handler404 = "acoms.web.errors.not_found"
handler400 = "acoms.web.errors.bad_request"
handler500 = "acoms.web.errors.server_error"
