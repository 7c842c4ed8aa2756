"""The REST API (`/api/v1/`, OpenAPI document at `/api/v1/openapi.json`, browsable at
`/api/v1/docs`). Each app adds its router in `ROUTERS`; every operation authenticates with a
personal token and applies the same rights and `for_user()` scoping as the web pages."""

from django.shortcuts import render
from ninja import NinjaAPI, Router, Schema
from ninja.openapi.docs import Swagger

import acoms
from acoms.accounts.models import Organization
from acoms.api import errors
from acoms.api.auth import TokenAuth
from acoms.lib.refusals import Conflict


class ACOMSAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return errors.declare_error_responses(schema)


class VendoredSwagger(Swagger):
    """Swagger UI from the site's own static files (static/vendor/swagger-ui), started by a script file:
    the docs work offline and under the Content-Security-Policy (no CDN, no inline script)."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(request, "api/docs.html", {"swagger_settings": self.settings, "api": api})


api = ACOMSAPI(
    title="ACO-MS API",
    version=acoms.__version__,
    description="Applications, participant lists and program data of the Medicare Shared Savings Program.",
    auth=TokenAuth(),
    urls_namespace="api",
    # deepLinking off: with it, Swagger UI puts a link inside each operation's button (nested controls)
    docs=VendoredSwagger(settings={"persistAuthorization": True, "deepLinking": False}),
)

errors.install(api)


@api.exception_handler(Conflict)
def conflict(request, exc):
    return api.create_response(request, {"detail": exc.message_dict}, status=409)


class MembershipOut(Schema):
    organization: str
    aco_id: str | None
    role: str


class MeOut(Schema):
    username: str
    email: str
    memberships: list[MembershipOut]


class OrganizationOut(Schema):
    aco_id: str
    name: str
    legal_name: str
    tin: str


core = Router(tags=["accounts"])


@core.get("/me", response=MeOut, summary="Who the token belongs to, and their roles")
def me(request):
    user = request.auth
    return {
        "username": user.username,
        "email": user.email,
        "memberships": [
            {"organization": m.organization.name, "aco_id": m.organization.aco_id, "role": m.role}
            for m in user.memberships.filter(active=True).select_related("organization")
        ],
    }


@core.get("/acos", response=list[OrganizationOut], summary="The ACOs the caller may see")
def list_acos(request):
    return Organization.objects.for_user(request.auth).filter(kind="aco").order_by("aco_id")


api.add_router("/", core)


def _add_app_routers():
    from acoms.apps_registry import app_modules  # noqa: PLC0415 (the apps' routers load after the API object)

    for app, module in app_modules("api"):
        api.add_router(f"/{app.rsplit('.', 1)[1]}/", module.router)


_add_app_routers()
