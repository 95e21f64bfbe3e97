"""The hostile-render guard (issue 12, point 1): markup typed by people never comes back as markup.

Every person-, goal- and text-field of the demo practice is overwritten with hostile values; then every page
of the app (the access guard's list) is rendered for someone allowed to see it — forms with their labels, help
texts and initial values, messages, the SVG charts and the audit CSV — and the emails Accord sends are read.
Any hostile tag that survives unescaped fails the guard, naming the page.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.test import Client as Browser

from tests.test_access_guard import (
    ADMIN,
    ADMIN_OF,
    CARE,
    CARE_TEAM,
    CLIENT,
    OWN_TOKEN,
    PAGES,
    PUBLIC,
    SIGNED_IN,
    THERAPIST,
    World,
    _quiet_404s,  # noqa: F401  (autouse fixture)
    accord_pages,
    browser_for,
    demo_world,  # noqa: F401  (the fixture world needs)
    page_url,
    world,  # noqa: F401  (the fixture)
)

pytestmark = pytest.mark.django_db

# What a hostile person types: a fake link, an unclosed tag and a spreadsheet formula.
HOSTILE = "=1+1<a href=x>evil</a><b>"
SURVIVORS = ("<a href=x>", "<b>")
# The human-written text fields, by name, in Accord's own apps (not keys, tokens, codes or choices).
TEXT_FIELDS = {
    "display_name",
    "full_name",
    "name",
    "text",
    "client_words",
    "reason",
    "statement",
    "unit",
    "gas_minus_2",
    "gas_minus_1",
    "gas_0",
    "gas_plus_1",
    "gas_plus_2",
    "comment",
    "note",
    "body",
    "helped",
    "got_in_the_way",
    "therapist_note",
    "title",
    "formulation",
    "presenting_concerns",
    "summary",
}
APPS = ("accounts", "goals", "dialogue", "checkins", "assessments")
# Who looks at each page: someone the page is for (the guard's audiences).
VIEWERS = {
    PUBLIC: [None],
    SIGNED_IN: ["tess", "cam", "ada"],
    OWN_TOKEN: ["tess"],
    THERAPIST: ["tess"],
    CLIENT: ["cam"],
    ADMIN: ["ada"],
    ADMIN_OF: ["ada"],
    CARE: ["tess", "cam"],
    CARE_TEAM: ["tess"],
}


def make_everything_hostile() -> int:
    """Overwrite every human text field of every row with HOSTILE (straight in the database)."""
    changed = 0
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            names = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField)
                and not f.choices
                and f.name in TEXT_FIELDS
                and (f.max_length or 1000) >= len(HOSTILE) + 12
            ]
            if names:
                # The row's id keeps values apart where they must be unique (a client's themes).
                value = Concat(Value(HOSTILE), Cast("pk", models.CharField()))
                changed += model._base_manager.all().update(**dict.fromkeys(names, value))
    return changed


def survivors_in(text: str) -> list[str]:
    return [tag for tag in SURVIVORS if tag in text]


def test_no_markup_survives_on_any_page(world: World):  # noqa: F811  (the imported fixture)
    assert make_everything_hostile() > 0
    mail.outbox.clear()
    problems, rendered = [], 0
    for name, kwargs in accord_pages().items():
        audience = PAGES[name]
        if name.startswith(("openapi", "api")):
            continue  # the API's own documents and JSON 404 (JSON, not HTML)
        owner = world.owner_for(audience, kwargs)
        url = page_url(world, name, kwargs, owner)
        for viewer in VIEWERS.get(audience, []):
            viewer = "theo" if owner == "cleo" and viewer == "tess" else viewer
            browser = Browser() if viewer is None else browser_for(world, viewer)
            response = browser.get(url)
            if response.status_code != 200:
                continue
            kind = response.get("Content-Type", "")
            if kind.startswith(("application/zip", "application/pdf")):
                continue  # binary downloads (my-data zip, plan PDF): tested in tests/records
            body = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
            rendered += 1
            if "text/csv" in kind:
                # A spreadsheet must not run a formula from a cell someone typed.
                if any(cell.startswith("=1+1") for line in body.splitlines() for cell in line.split(",")):
                    problems.append(f"{viewer}: {url} (CSV formula)")
            elif survivors_in(body):
                problems.append(f"{viewer}: {url} ({kind}) {survivors_in(body)}")
    assert rendered > 40
    for message in mail.outbox:
        for content, kind in getattr(message, "alternatives", []):
            if "html" in kind and survivors_in(content):
                problems.append(f"email {message.subject!r}")
    assert not problems, "Markup survived:\n" + "\n".join(problems)
