"""Navigation by role: each item shows only to users who may open it."""

from django.urls import reverse

import acoms
from acoms.accounts.roles import Right


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"acoms_version": acoms.__version__, "nav_items": []}
    items = [("Home", reverse("home"))]
    for org in user.aco_organizations:
        items.append((f"{org.name}", reverse("aco_home", args=[org.aco_id])))
    if user.is_cms_staff:
        items.append(("CMS home", reverse("cms_home")))
    from acoms.apps_registry import app_modules  # noqa: PLC0415 (the apps' nav modules load after the context processor)

    for _, module in app_modules("nav"):  # acoms/<app>/nav.py: items(user) -> [(label, url)]
        items.extend(module.items(user))
    items.append(("API tokens", reverse("api_tokens")))
    if user.has_right(Right.ADMINISTER):
        items.append(("Audit log", reverse("audit_log")))
        items.append(("Administration", reverse("admin:index")))
    path = request.path
    return {
        "acoms_version": acoms.__version__,
        "nav_items": [{"label": label, "url": url, "current": path == url} for label, url in items],
    }
