from django.conf import settings

from accord.accounts import drafts


def accord(request):
    """Values every template may need: the role, the demo banner, the idle-timeout timings and a form's
    words kept across an idle sign-out (accord/accounts/drafts.py)."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    role = getattr(user, "role", None) if signed_in else None
    full_page = request.method == "GET" and not request.headers.get("HX-Request")
    return {
        "demo_mode": settings.DEMO_MODE,
        "idle_timeout_seconds": settings.IDLE_TIMEOUT_MINUTES * 60,
        "idle_warning_seconds": settings.IDLE_WARNING_SECONDS,
        "current_role": role,
        "restored_draft": drafts.take(request) if full_page else None,
    }
