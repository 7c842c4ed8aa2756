"""View guards. Anonymous users go to the log-in page; signed-in users without the right get 403;
an ACO record outside the user's own ACOs is reported as not found, so its existence is not leaked."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from acoms.accounts.models import Organization


def require_right(right):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_right(right):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def aco_for(request, aco_id, right):
    """The ACO named in the URL, if the user may see it and holds `right` there."""
    organization = get_object_or_404(Organization.objects.for_user(request.user), aco_id=aco_id, kind="aco")
    if not request.user.has_right(right, organization):
        if request.user.is_cms_staff or request.user.roles_in(organization):
            raise PermissionDenied
        raise Http404
    return organization


def login_required_view(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
