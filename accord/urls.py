"""Top-level URL map. Each app owns its own patterns; the access guard test lists every one of them."""

from django.urls import include, path, re_path

from accord.api.api import api
from accord.api.errors import unknown_endpoint

urlpatterns = [
    path("", include("accord.home.urls")),
    path("accounts/", include("allauth.urls")),
    # set_language: the language switch of the signed-out pages (a POST; CSRF-checked).
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("accord.accounts.urls")),
    path("", include("accord.goals.urls")),
    path("", include("accord.assessments.urls")),
    path("", include("accord.dialogue.urls")),
    path("", include("accord.checkins.urls")),
    path("", include("accord.progress.urls")),
    path("", include("accord.appointments.urls")),
    path("", include("accord.records.urls")),
    path("api/v1/", api.urls),
    # After the API's own routes: whatever else is asked of /api/v1/ gets a JSON 404.
    re_path(r"^api/v1/(?P<rest>.*)$", unknown_endpoint, name="api_unknown_endpoint"),
]
