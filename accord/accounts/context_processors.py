from django.conf import settings


def accord(request):
    """Values every template may need: the role, the demo banner and the idle-timeout timings."""
    user = getattr(request, "user", None)
    return {
        "demo_mode": settings.DEMO_MODE,
        "idle_timeout_seconds": settings.IDLE_TIMEOUT_MINUTES * 60,
        "idle_warning_seconds": settings.IDLE_WARNING_SECONDS,
        "current_role": getattr(user, "role", None) if user and user.is_authenticated else None,
    }
