"""Notices: a person's own notices; another person's notice is not found.

prepare() gives the ACO executive of A1001 one notice (the rows read and mark it)."""

from acoms.notices.deliver import tell
from matrix_support import LOGIN, by_group


def prepare(people):
    (notice,) = tell("test.notice", "A notice for the matrix", "Body.", people=[people["aco-executive"]], path="/")
    return {"notice_id": notice.pk}


def _notice(orgs, people):
    return [people["_api_ids"]["notice_id"]]


OWNER_ONLY = by_group(LOGIN, 404, 404, 404, aco_executive=302)

ROWS = [
    ("notice_list", [], "get", by_group(LOGIN, 200, 200, 200)),
    ("notice_read", _notice, "post", OWNER_ONLY),
    ("notice_read_all", [], "post", by_group(LOGIN, 302, 302, 302)),
]

API_ROWS = [
    ("get", "/notices/", by_group(LOGIN, 200, 200, 200)),
    ("post", "/notices/{notice_id}/read", by_group(LOGIN, 404, 404, 404, aco_executive=200)),
    ("post", "/notices/read-all", by_group(LOGIN, 200, 200, 200)),
]
