"""Test data shared by the tests of a module, and the settings every test runs with."""

from __future__ import annotations

# Tests run without 2FA enforcement unless a test turns it on, with mail kept in memory, tasks run at once and
# a fast password hash (the fixed cast and the demo's people are created with it too).
FAST_AND_QUIET = {
    "ACCORD_REQUIRE_2FA": False,
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "SECURE_SSL_REDIRECT": False,
}


def rolled_back_after_module(django_db_blocker, build):
    """Build shared test data once for a module, for the body of a module-scoped fixture:
    ``yield from rolled_back_after_module(django_db_blocker, seed)``.

    Seeding the demo (or a part of it) takes a second or more, so a module whose tests only read it shares
    one seeding: it is made inside a transaction opened for the module and rolled back after the module's
    last test. Each test still runs in its own savepoint (the ``db`` fixture), so what one test writes never
    reaches the next. Once a test of a module has asked for it, the later tests of that module see the data
    as well. Tests that check the seeding itself (twice, from nothing) seed on their own.
    """
    from django.db import transaction
    from django.test import override_settings

    module_transaction = transaction.atomic()
    with django_db_blocker.unblock():
        module_transaction.__enter__()
        try:
            with override_settings(**FAST_AND_QUIET):
                built = build()
        except BaseException:
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


def commits(item) -> bool:
    """Whether a collected test commits to the database (``transaction=True``, ``transactional_db`` or a
    live server): no data shared through a module transaction can be held open under it."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))
