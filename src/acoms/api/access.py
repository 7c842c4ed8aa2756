from django.core.exceptions import PermissionDenied
from django.http import Http404

from acoms.accounts.models import Organization
from acoms.accounts.roles import Right


def aco_for(request, aco_id, right) -> Organization:
    """The ACO named in an API path, if the token's user may see it (else 404) and holds `right` there (else 403)."""
    user = request.auth
    aco = Organization.objects.for_user(user).filter(aco_id=aco_id, kind="aco").first()
    if aco is None:
        raise Http404
    if not user.has_right(right, aco):
        raise PermissionDenied(f"You may not {Right(right).label.lower()} for {aco.aco_id}.")
    return aco
