"""Navigation by role: each item shows only to users who may open it.

The top navigation is a list of entries; an entry is a link or, when an app offers more than one item
(the CMS side's queues, dashboards and settings), a USWDS dropdown named after the app ("Applications",
"Participants"), so the administrators' navigation fits on one line at 1280 px.
"""

from dataclasses import dataclass, field

from django.urls import reverse

import acoms
from acoms.accounts.roles import Right


@dataclass
class NavEntry:
    label: str
    url: str = ""
    current: bool = False
    children: list["NavEntry"] = field(default_factory=list)
    key: str = ""  # the dropdown's id, unique on the page


def _group(key: str, label: str, items: list[tuple[str, str]], path: str) -> list[NavEntry]:
    links = [NavEntry(text, url, current=path == url) for text, url in items]
    if len(links) <= 1:
        return links
    return [NavEntry(label, current=any(link.current for link in links), children=links, key=f"nav-{key}")]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"acoms_version": acoms.__version__, "nav_items": []}
    path = request.path
    entries = _group("home", "Home", [("Home", reverse("home"))], path)
    for org in user.aco_organizations:
        entries += _group(f"aco-{org.aco_id}", org.name, [(org.name, reverse("aco_home", args=[org.aco_id]))], path)
    if user.is_cms_staff:
        entries += _group("cms", "CMS home", [("CMS home", reverse("cms_home"))], path)
    from acoms.apps_registry import app_modules  # noqa: PLC0415 (the apps' nav modules load after the context processor)

    for app, module in app_modules("nav"):  # acoms/<app>/nav.py: items(user) -> [(label, url)]
        name = app.rsplit(".", 1)[1]
        entries += _group(name, getattr(module, "GROUP", name.capitalize()), module.items(user), path)
    account = [("API tokens", reverse("api_tokens"))]
    if user.has_right(Right.ADMINISTER):
        account += [("Audit log", reverse("audit_log")), ("Site administration", reverse("admin:index"))]
    entries += _group("admin", "Administration", account, path)
    return {"acoms_version": acoms.__version__, "nav_items": entries}
