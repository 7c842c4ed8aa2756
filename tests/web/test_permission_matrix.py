"""Every URL × every role with the expected status. A URL added to the site without a row here
fails `test_every_url_is_in_the_matrix`."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from acoms.demo import LOGINS

ACO_X = [login.username for login in LOGINS if login.org_key == "aco_x"]
ACO_Y = ["other-aco"]
CMS = [login.username for login in LOGINS if login.org_key == "cms"]
ROLES = ["anonymous", *ACO_X, *ACO_Y, *CMS]
assert len(ACO_X) == 7 and len(CMS) == 4

LOGIN = "login"  # expected: redirect to the log-in page


def everyone(status):
    return {role: status for role in ROLES}


def by_group(anonymous, aco_x, aco_y, cms, **overrides):
    table = {"anonymous": anonymous}
    table.update({u: aco_x for u in ACO_X})
    table.update({u: aco_y for u in ACO_Y})
    table.update({u: cms for u in CMS})
    table.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return table


# (url name, args, method) -> expected status per role
MATRIX = [
    ("home", [], "get", by_group(LOGIN, 302, 302, 302)),
    ("aco_home", ["A1001"], "get", by_group(LOGIN, 200, 404, 200)),
    ("aco_home", ["A1002"], "get", by_group(LOGIN, 404, 200, 200)),
    ("aco_home", ["A9999"], "get", by_group(LOGIN, 404, 404, 404)),
    ("cms_home", [], "get", by_group(LOGIN, 403, 403, 200)),
    ("audit_log", [], "get", by_group(LOGIN, 403, 403, 403, cms_admin=200)),
    ("healthz", [], "get", everyone(200)),
    ("login", [], "get", by_group(200, 302, 302, 302)),
    ("logout", [], "post", by_group(302, 302, 302, 302)),
    ("password_reset", [], "get", everyone(200)),
    ("password_reset_done", [], "get", everyone(200)),
    ("password_reset_confirm", ["MQ", "invalid-token"], "get", everyone(200)),
    ("password_reset_complete", [], "get", everyone(200)),
]


def _names(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _names(p.url_patterns, namespace + (p.namespace + ":" if p.namespace else ""))
        elif isinstance(p, URLPattern) and p.name:
            yield namespace + p.name


def test_every_url_is_in_the_matrix():
    site_urls = {n for n in _names(get_resolver().url_patterns) if not n.startswith("admin:")}
    assert site_urls == {name for name, *_ in MATRIX}


@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    failures = []
    for name, args, method, expected in MATRIX:
        url = reverse(name, args=args)
        response = getattr(client, method)(url)
        want = expected[role]
        if want == LOGIN:
            ok = response.status_code == 302 and response["Location"].startswith(reverse("login"))
        else:
            ok = response.status_code == want
        if not ok:
            failures.append(f"{method.upper()} {url}: got {response.status_code}, want {want}")
        if method == "post" and name == "logout" and role != "anonymous":
            client.force_login(people[role])
    assert not failures, f"{role}: " + "; ".join(failures)


def _admin_urls(orgs):
    """Every admin page: the index, each app and model list and add page, and each change,
    history and delete page of one real object."""
    from django.contrib import admin

    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        urls.append(reverse("admin:app_list", args=[opts.app_label]))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        obj = model._default_manager.first()
        if obj is not None:
            for view in ("change", "history", "delete"):
                urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk]))
    return sorted(set(urls))


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_cms_administrators_only(client, people, orgs, role):
    if role != "anonymous":
        client.force_login(people[role])
    admin_login = reverse("admin:login")
    for url in _admin_urls(orgs):
        response = client.get(url)
        if role == "cms-admin":
            # the audit log is append-only; task results are written only by the task worker
            read_only = any(m in url for m in ("auditevent", "dbtaskresult")) and url.endswith(("/add/", "/delete/"))
            assert response.status_code == (403 if read_only else 200), url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(admin_login), url
