"""URLs of search: every signed-in person may search (what they find is scoped, tested in test_search_*)."""

from matrix_support import LOGIN, by_group

ROWS = [
    ("search", [], "get", by_group(LOGIN, 200, 200, 200)),
    ("search_suggestions", [], "get", by_group(LOGIN, 200, 200, 200)),
]
API_ROWS: list = []
