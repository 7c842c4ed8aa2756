"""Shared pieces of the permission matrix. Every app lists its URLs and API operations in
`tests/<app>/url_matrix.py` (`ROWS` and `API_ROWS`); `tests/web/test_permission_matrix.py`
collects them all and fails when the site has a URL or an operation that no row covers."""

import importlib.util
from pathlib import Path

from acoms.demo import LOGINS

ACO_X = [login.username for login in LOGINS if login.org_key == "aco_x"]  # each contact type of A1001
ACO_Y = [login.username for login in LOGINS if login.org_key == "aco_y"]  # an executive of A1002
CMS = [login.username for login in LOGINS if login.org_key == "cms"]  # each CMS role
ROLES = ["anonymous", *ACO_X, *ACO_Y, *CMS]
LOGIN = "login"  # expected: redirect to the log-in page (web) or 401 (API)


def everyone(status):
    return dict.fromkeys(ROLES, status)


def by_group(anonymous, aco_x, aco_y, cms, **overrides):
    """Expected status per role: one value per group, then per-user overrides written with
    underscores (`cms_admin=200`, `aco_signer=200`)."""
    table = {"anonymous": anonymous}
    table.update(dict.fromkeys(ACO_X, aco_x))
    table.update(dict.fromkeys(ACO_Y, aco_y))
    table.update(dict.fromkeys(CMS, cms))
    for key, value in overrides.items():
        name = key.replace("_", "-")
        assert name in table, f"unknown role {name}"
        table[name] = value
    return table


def collect(attribute: str) -> list:
    """All `attribute` lists of every url_matrix.py (a function, e.g. `prepare`, comes as one item)."""
    rows = []
    for path in sorted(Path(__file__).parent.rglob("url_matrix.py")):
        spec = importlib.util.spec_from_file_location(f"url_matrix_{path.parent.name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        value = getattr(module, attribute, [])
        rows.extend([value] if callable(value) else value)
    return rows
