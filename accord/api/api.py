"""The JSON API under /api/v1/ (django-ninja). Routers live beside this file, one per domain."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from accord.api import accounts
from accord.api.auth import api_token_auth, session_auth
from accord.api.errors import install_error_handlers


class LocalSwagger(DocsBase):
    """Swagger UI from the copy django-ninja ships, with no inline script, so the docs page works under
    Accord's Content-Security-Policy and on a network without internet access."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        context = {"api": api, "openapi_url": reverse(f"{api.urls_namespace}:openapi-json", kwargs=kwargs)}
        return render(request, "api/docs.html", context)


# Operation ids are part of the published document, so they keep the module an operation was first written in
# (the progress API was accord/checkins/review_api.py before progress became an app of its own).
OPERATION_ID_MODULES = {"accord.progress.api": "accord.checkins.review_api"}


class AccordAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        module = OPERATION_ID_MODULES.get(operation.view_func.__module__, operation.view_func.__module__)
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")


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
