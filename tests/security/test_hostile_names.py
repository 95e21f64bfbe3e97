"""Hostile names on the fixed cast (issue 12, point 1): the reported help-text case and the emails.

The whole-app guard over the demo practice is tests/security/test_hostile_render.py (its own module: it uses
the demo, which cannot share a module with the fixed cast).
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tests.security.test_hostile_render import HOSTILE, survivors_in

pytestmark = pytest.mark.django_db


def test_help_text_escapes_the_clients_name(as_tess, cast):
    """The reported case: a client named with markup, on the new-goal page and the goal editor."""
    cast.cam.display_name = HOSTILE
    cast.cam.save(update_fields=["display_name"])
    page = as_tess.get(reverse("client_goal_new", args=[cast.cam.pk])).content.decode()
    assert "&lt;a href=x&gt;evil&lt;/a&gt;" in page
    assert not survivors_in(page)


def test_emails_carry_no_markup_from_names(as_tess, cast):
    """Invitations and notices name people: a hostile name stays text in every part of the email."""
    cast.tess.full_name = HOSTILE
    cast.tess.save(update_fields=["full_name"])
    client = cast.casey
    client.display_name = HOSTILE
    client.save(update_fields=["display_name"])
    mail.outbox.clear()
    as_tess.post(reverse("client_invite", args=[client.pk]))
    for message in mail.outbox:
        assert not survivors_in(message.subject)
        for content, kind in getattr(message, "alternatives", []):
            assert "html" not in kind or not survivors_in(content)
