"""One error shape for the whole API: ``{"detail": "...", "errors": {"field": ["message"]}}``.

``detail`` is a sentence a person can read, in the caller's language (``User.language``; signed out,
``Accept-Language``); ``errors`` names each field that was wrong (empty when the problem is not about a
field). Integrators and the guard tests rely on every 4xx having this shape; the field names and the HTTP
status, never the words, are what a program should act on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied, RequestDataTooBig
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError

from accord.accounts.access import party_required
from accord.api.base import Schema

# Where ninja says a bad value came from; the field name follows it.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
NON_FIELD = "__all__"


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def error_body(detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or {}}


INVALID = gettext_lazy("Some values are not valid.")


def invalid(errors: dict[str, list[str]], detail: str | None = None) -> Status:
    """The 422 every API operation answers for values it refuses, each error under the field's name."""
    return Status(422, error_body(str(detail or INVALID), errors))


def form_errors(form: BaseForm, field_names: dict[str, str] | None = None) -> Status:
    """A form's errors as the API's 422, under the names the caller used (``field_names``: form → API)."""
    names = field_names or {}
    return invalid(
        {names.get(field, field): [str(m) for m in messages] for field, messages in form.errors.items()}
    )


def field_name(loc: list | tuple) -> str:
    """``["query", "limit"]`` → ``limit``; ``["body", "payload", "name"]`` → ``name``."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in _SOURCES:
        # A JSON body is nested under the parameter's own name, which means nothing to the caller.
        parts = parts[2:] if parts[0] == "body" and len(parts) > 2 else parts[1:]
    return ".".join(parts) or NON_FIELD


def validation_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    by_field: dict[str, list[str]] = {}
    for error in errors:
        by_field.setdefault(field_name(error.get("loc", ())), []).append(
            str(error.get("msg") or _("Invalid."))
        )
    return by_field


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, detail: str, errors=None) -> HttpResponse:
        return api.create_response(request, error_body(detail, errors), status=status)

    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(request, 422, str(INVALID), validation_errors(exc.errors))

    def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(request, 401, _("Authentication required: send a valid API token or sign in."))
        response["WWW-Authenticate"] = "Bearer"
        return response

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, exc.status_code, str(exc))

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, _("Not found."))

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, _("You may not do this."))

    def on_bad_request(request: HttpRequest, exc: BadRequest) -> HttpResponse:
        # An action's refusal of the request as a whole (e.g. a submission key reused: 409).
        return respond(request, getattr(exc, "status_code", 400), str(exc) or _("Bad request."))

    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, _("The request body is too large."))

    # Each handler takes the one exception class it is registered for.
    handlers: dict[type[Exception], Callable[[HttpRequest, Any], HttpResponse]] = {
        RequestDataTooBig: on_too_big,
        ValidationError: on_validation_error,
        BadRequest: on_bad_request,
        AuthenticationError: on_authentication_error,
        HttpError: on_http_error,
        Http404: on_not_found,
        PermissionDenied: on_permission_denied,
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, handler)


def unknown_endpoint(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any path under /api/v1/ that no operation answers: the API's JSON error shape, not an HTML page."""
    return JsonResponse(error_body(_("There is no such API endpoint. See /api/v1/docs.")), status=404)


# What an error status means, for answers that Django or ninja make before any operation runs.
_STATUS_DETAIL = {
    400: gettext_lazy("The request could not be read."),
    403: gettext_lazy("You may not do this."),
    404: gettext_lazy("Not found."),
    405: gettext_lazy("This endpoint does not take that method."),
    413: gettext_lazy("The request body is too large."),
}


class JsonErrorsMiddleware:
    """Under /api/v1/, an error answered before the API's own handlers (a wrong method, an unreadable or
    oversized body, a CSRF failure) still gets the JSON error shape instead of an HTML page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/v1/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
            and not getattr(response, "streaming", False)
        ):
            status = response.status_code
            detail = str(_STATUS_DETAIL.get(status) or _("The request could not be answered."))
            replaced = JsonResponse(error_body(detail), status=status)
            for header in ("Allow", "WWW-Authenticate"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response


def party_json_endpoint(
    *methods: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """For a page's own script endpoints outside the API (the live goal builder's): the method check, the
    sign-in and ``party_required`` of a page, each refusal answered in this module's JSON shape, since a
    script can neither follow a redirect to the sign-in page nor read a 404 page. Refusals stay audited
    (``party_required`` and the access helper the view calls)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        guarded = party_required(view)

        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in methods:
                response = JsonResponse(error_body(str(_STATUS_DETAIL[405])), status=405)
                response["Allow"] = ", ".join(methods)
                return response
            if not request.user.is_authenticated:
                return JsonResponse(error_body(_("You are signed out.")), status=401)
            try:
                return guarded(request, *args, **kwargs)
            except Http404:
                return JsonResponse(error_body(str(_STATUS_DETAIL[404])), status=404)
            except PermissionDenied:
                return JsonResponse(error_body(str(_STATUS_DETAIL[403])), status=403)

        return wrapper

    return decorator
