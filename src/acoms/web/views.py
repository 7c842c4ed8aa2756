import datetime as dt

from django.contrib.auth import views as auth_views
from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

import acoms
from acoms.accounts.forms import ThrottledAuthenticationForm
from acoms.accounts.models import Membership, Organization, User
from acoms.accounts.roles import ACO_ROLES, Right, Role
from acoms.apps_registry import app_modules
from acoms.audit.models import AuditEvent
from acoms.web.access import aco_for, login_required_view, require_right


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
        return response


@login_required_view
def home(request):
    user = request.user
    acos = user.aco_organizations
    if user.is_cms_staff:
        return redirect("cms_home")
    if len(acos) == 1:
        return redirect("aco_home", aco_id=acos[0].aco_id)
    return render(request, "web/home.html", {"acos": acos})


def _as_date(value):
    """Attention items give their due date as a date or an ISO string; the page shows a date."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


@login_required_view
def aco_home(request, aco_id):
    """The ACO's page: for its contacts, what each of them must do next; for CMS, what the ACO's cases
    wait on and where its records are."""
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    contacts = (
        Membership.objects.filter(organization=aco, active=True, role__in=ACO_ROLES)
        .select_related("user")
        .order_by("role", "user__last_name")
    )
    if request.user.is_cms_staff:
        cases = []
        for _, module in app_modules("attention"):  # for_cms(user, aco) -> [dict]: the ACO's cases as CMS reads them
            if hasattr(module, "for_cms"):
                cases.extend(module.for_cms(request.user, aco))
        return render(request, "web/aco_home_cms.html", {"aco": aco, "contacts": contacts, "cases": cases})
    roles = {Role(r).label for r in request.user.roles_in(aco)}
    rights = [right for right in Right if request.user.has_right(right, aco) and right != Right.VIEW_ACO]
    attention = []
    for _, module in app_modules("attention"):  # acoms/<app>/attention.py: items(user, aco) -> [dict]
        attention.extend(module.items(request.user, aco))
    for item in attention:
        item["due"] = _as_date(item.get("due"))
    attention.sort(key=lambda item: (item["due"] is None, item["due"] or dt.date.max))
    return render(
        request,
        "web/aco_home.html",
        {"aco": aco, "contacts": contacts, "my_roles": sorted(roles), "my_rights": rights, "attention": attention},
    )


@require_right(Right.VIEW_ACO)
def cms_home(request):
    acos = Organization.objects.filter(kind=Organization.Kind.ACO).order_by("aco_id")
    cases = {}
    for _, module in app_modules("caseload"):  # acoms/<app>/caseload.py: cases(user) -> dict for "my cases"
        cases.update(module.cases(request.user))
    return render(
        request,
        "web/cms_home.html",
        {
            **cases,
            "acos": acos,
            "aco_count": acos.count(),
            "user_count": User.objects.filter(is_active=True).count(),
            "recent_events": AuditEvent.objects.select_related("organization")[:10]
            if request.user.has_right(Right.ADMINISTER)
            else None,
        },
    )


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness in one: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except DatabaseError as error:
        database = f"unreachable: {type(error).__name__}"
    ok = database == "ok"
    return JsonResponse(
        {"status": "ok" if ok else "error", "database": database, "version": acoms.__version__},
        status=200 if ok else 503,
    )
