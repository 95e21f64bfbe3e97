"""Times are shown in the signed-in person's own time zone."""

from django.utils import timezone

from accord.accounts.middleware import UserTimeZoneMiddleware


def _zone_seen_by(user):
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        return None

    class Request:
        pass

    request = Request()
    request.user = user
    UserTimeZoneMiddleware(view)(request)
    return seen["zone"]


def test_a_signed_in_person_sees_their_own_zone(cast):
    cast.tess.time_zone = "Europe/London"
    assert _zone_seen_by(cast.tess) == "Europe/London"


def test_an_unknown_zone_falls_back_to_utc(cast):
    cast.tess.time_zone = "Mars/Olympus"
    assert _zone_seen_by(cast.tess) == "UTC"
