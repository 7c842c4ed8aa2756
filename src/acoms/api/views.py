from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from acoms.api import actions
from acoms.api.models import APIToken
from acoms.web.access import login_required_view


@login_required_view
def tokens(request):
    secret = None
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        if not name:
            messages.error(request, "Give the token a name, such as the system that will use it.")
        else:
            _, secret = actions.create_token(by=request.user, name=name)
    rows = APIToken.objects.filter(user=request.user)
    return render(request, "api/tokens.html", {"tokens": rows, "secret": secret})


@login_required_view
@require_POST
def revoke(request, token_id):
    token = get_object_or_404(APIToken, pk=token_id, user=request.user)
    actions.revoke_token(by=request.user, token=token)
    messages.success(request, f"Token “{token.name}” is revoked.")
    return redirect("api_tokens")


def unknown_route(request):
    return JsonResponse(
        {"detail": "Not found: no such API operation. The operations are listed at /api/v1/docs."}, status=404
    )
