"""Object-level permission predicates (django-rules). `user.has_perm("acoms.sign", aco)` and
friends read the rights table in `roles.py`; views use these through `require_right`."""

import rules

from acoms.accounts.roles import Right


def _predicate(right):
    @rules.predicate(name=f"has_right_{right.value}")
    def check(user, organization=None):
        return user.is_authenticated and user.has_right(right, organization)

    return check


for _right in Right:
    rules.add_perm(f"acoms.{_right.value}", _predicate(_right))
