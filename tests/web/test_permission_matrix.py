"""Every URL and API operation × every role, with the expected status. A URL or operation added
without a row in some `tests/<app>/url_matrix.py` fails the coverage tests."""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from acoms.api import actions as token_actions
from acoms.api.main import api
from matrix_support import ACO_X, CMS, LOGIN, ROLES, collect

ROWS = collect("ROWS")
API_ROWS = collect("API_ROWS")
assert len(ACO_X) == 7 and len(CMS) == 4


def _names(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _names(p.url_patterns, namespace + (p.namespace + ":" if p.namespace else ""))
        elif isinstance(p, URLPattern) and p.name:
            yield namespace + p.name


def test_every_url_is_in_the_matrix():
    site_urls = {n for n in _names(get_resolver().url_patterns) if not n.startswith(("admin:", "api:"))}
    assert site_urls == {row[0] for row in ROWS}


def test_every_api_operation_is_in_the_matrix():
    schema = api.get_openapi_schema()
    operations = {(method, path.removeprefix("/api/v1")) for path, item in schema["paths"].items() for method in item}
    assert operations == {(method, path) for method, path, _ in API_ROWS}


@pytest.fixture
def matrix_people(people):
    token, _ = token_actions.create_token(by=people["aco-executive"], name="matrix")
    people["_token"] = token
    people["_api_ids"] = {}
    for prepare in collect("prepare"):  # each url_matrix.py may make the rows its URLs name
        for key, value in (prepare(people) or {}).items():
            assert people["_api_ids"].get(key, value) == value, f"two url_matrix.py files define {{{key}}}"
            people["_api_ids"][key] = value
    return people


def _resolve_args(args, people):
    return args(people["_orgs"], people) if callable(args) else args


@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, matrix_people, role):
    people = matrix_people
    if role != "anonymous":
        client.force_login(people[role])
    failures = []
    for row in ROWS:
        name, args, method, expected = row[:4]
        data = row[4] if len(row) > 4 else None
        url = reverse(name, args=_resolve_args(args, people))
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        want = expected[role]
        if want == LOGIN:
            ok = response.status_code == 302 and response["Location"].startswith(reverse("login"))
        else:
            ok = response.status_code == want
        if not ok:
            failures.append(f"{method.upper()} {url}: got {response.status_code}, want {want}")
        if role != "anonymous" and not response.wsgi_request.user.is_authenticated:
            client.force_login(people[role])  # after log-out, sign in again for the next row
    assert not failures, f"{role}: " + "; ".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(client, matrix_people, role):
    people = matrix_people
    headers = {}
    if role != "anonymous":
        _, secret = token_actions.create_token(by=people[role], name="api matrix")
        headers["Authorization"] = f"Bearer {secret}"
    failures = []
    for method, path, expected in API_ROWS:
        resolved = path.format(**people.get("_api_ids", {}))
        response = getattr(client, method)("/api/v1" + resolved, headers=headers)
        want = 401 if expected[role] == LOGIN else expected[role]
        if response.status_code != want:
            failures.append(f"{method.upper()} {resolved}: got {response.status_code}, want {want}")
    assert not failures, f"{role}: " + "; ".join(failures)


def _admin_urls():
    """Every admin page: the index, each app and model list and add page, and each change,
    history and delete page of one real object."""

    urls = [reverse("admin:index")]
    for model, _model_admin in admin.site._registry.items():
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
def test_admin_is_for_cms_administrators_only(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    admin_login = reverse("admin:login")
    for url in _admin_urls():
        response = client.get(url)
        if role == "cms-admin":
            # the audit log is append-only; task results are written only by the task worker
            read_only = any(m in url for m in ("auditevent", "dbtaskresult")) and url.endswith(("/add/", "/delete/"))
            assert response.status_code == (403 if read_only else 200), url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(admin_login), url
