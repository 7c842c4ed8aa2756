"""URLs of the web shell and accounts. Row: (url name, args, method, expected per role[, data]).
`args` may be a callable(orgs, people) returning the args, for URLs naming a database row."""

from matrix_support import LOGIN, by_group, everyone

ROWS = [
    ("home", [], "get", by_group(LOGIN, 302, 302, 302)),
    ("aco_home", ["A1001"], "get", by_group(LOGIN, 200, 404, 200)),
    ("aco_home", ["A1002"], "get", by_group(LOGIN, 404, 200, 200)),
    ("aco_home", ["A9999"], "get", by_group(LOGIN, 404, 404, 404)),
    ("cms_home", [], "get", by_group(LOGIN, 403, 403, 200)),
    ("audit_log", [], "get", by_group(LOGIN, 403, 403, 403, cms_admin=200)),
    ("audit_log_download", [], "get", by_group(LOGIN, 403, 403, 403, cms_admin=200)),
    ("healthz", [], "get", everyone(200)),
    ("login", [], "get", by_group(200, 302, 302, 302)),
    ("logout", [], "post", by_group(302, 302, 302, 302)),
    ("password_reset", [], "get", everyone(200)),
    ("password_reset_done", [], "get", everyone(200)),
    ("password_reset_confirm", ["MQ", "invalid-token"], "get", everyone(200)),
    ("password_reset_complete", [], "get", everyone(200)),
    ("api_tokens", [], "get", by_group(LOGIN, 200, 200, 200)),
    (
        "api_token_revoke",
        lambda orgs, people: [people["_token"].pk],
        "post",
        by_group(LOGIN, 404, 404, 404, aco_executive=302),
    ),
]

# API operations: (method, path, expected per role). Paths are relative to /api/v1.
API_ROWS = [
    ("get", "/me", by_group(LOGIN, 200, 200, 200)),
    ("get", "/acos", by_group(LOGIN, 200, 200, 200)),
]
