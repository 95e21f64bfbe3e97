"""The JSON API under /api/v1/ (django-ninja). Routers live beside this file, one per domain."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from accord.api import accounts
from accord.api.auth import api_token_auth, session_auth
from accord.api.errors import ErrorOut, install_error_handlers


class LocalSwagger(DocsBase):
    """Swagger UI from the copy django-ninja ships, with no inline script, so the docs page works under
    Accord's Content-Security-Policy and on a network without internet access."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        context = {"api": api, "openapi_url": reverse(f"{api.urls_namespace}:openapi-json", kwargs=kwargs)}
        return render(request, "api/docs.html", context)


# Operation ids are part of the published document, so they keep the module an operation was first written in
# (the progress API was accord/checkins/review_api.py before progress became an app of its own).
OPERATION_ID_MODULES = {"accord.progress.api": "accord.checkins.review_api"}


# Every operation may answer these, before or around its own work; each has the JSON error shape.
COMMON_ERRORS = {
    400: "The request could not be read (e.g. a body that is not JSON).",
    401: "Authentication required.",
    403: "Not allowed (or a missing CSRF token with a browser session).",
    404: "Not found: no such object, or not one the caller may see.",
    405: "This endpoint does not take that method.",
    413: "The request body is too large.",
    422: "Some values are not valid; `errors` names each field.",
}


class AccordAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        module = OPERATION_ID_MODULES.get(operation.view_func.__module__, operation.view_func.__module__)
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """ninja's document, with every error status the API can answer documented on every operation."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorOut"] = (
            ErrorOut.model_json_schema()
        )
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for methods in schema["paths"].values():
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                for status, description in COMMON_ERRORS.items():
                    if status not in responses and str(status) not in responses:
                        responses[status] = {"description": description, "content": error}
        return schema


api = AccordAPI(
    title="Accord API",
    version="1",
    description="Collaborative goal-setting in therapy. Authenticate with a personal API token "
    "(`Authorization: Bearer acc_…`, created on your account page) or, from Accord's own pages, the "
    "browser session (with the CSRF token). Errors have one shape: "
    '`{"detail": "…", "errors": {"field": ["message"]}}`. Lists take `limit` and `offset` and answer '
    '`{"items": […], "count": N}`.',
    urls_namespace="api",
    auth=[api_token_auth, session_auth],
    docs=LocalSwagger(),
)
install_error_handlers(api)

api.add_router("", accounts.router)
api.add_router("", "accord.goals.api.router")
api.add_router("", "accord.assessments.api.router")
api.add_router("", "accord.dialogue.api.router")
api.add_router("", "accord.checkins.api.router")
api.add_router("", "accord.progress.api.router")
api.add_router("", "accord.appointments.api.router")
api.add_router("", "accord.home.api.router")
api.add_router("", "accord.records.api.router")
