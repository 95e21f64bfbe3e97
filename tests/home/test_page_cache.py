"""The rendered-page cache (accord/pagecache.py) and the data version it is keyed on (accord/dataversion.py).

A page comes from the cache only while nothing it shows has changed, only to the person it was made for, never
with someone else's CSRF token, and every view of it is still audited. Every model is either tracked or said
not to be client data; every bulk write in the code is one we have looked at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection
from django.http import HttpResponse
from django.test import Client as BrowserClient
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord import dataversion, pagecache
from accord.accounts import actions as account_actions
from accord.accounts.models import CareTeamMember, Client, ClientDataVersion, Role
from accord.accounts.people import create_staff
from accord.appointments import actions as appointment_actions
from accord.audit.models import Action, AuditEvent
from accord.dialogue import actions as dialogue_actions
from accord.dialogue.models import Priority
from accord.goals import actions as goal_actions
from accord.home import tracking
from accord.pagecache import CSRF_PLACEHOLDER, _unmasked
from tests.appointments.support import planned_session
from tests.checkins.checkin_support import agreed_goal, check_in
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
SLEEP = "Sleep by eleven on weeknights"
CSRF_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def _get(browser, url):
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(url)
    assert response.status_code == 200, url
    return response, len(queries)


def _without_tokens(html: str) -> str:
    return CSRF_TOKEN.sub("TOKEN", html)


def _pages(cast, goal):
    """(who reads, the page) for each cached page."""
    return {
        "caseload": ("tess", reverse("therapist_home")),
        "client page": ("tess", reverse("client_page", args=[cast.cam.pk])),
        "goal page": ("tess", reverse("goal_page", args=[goal.pk])),
        "review": ("tess", reverse("client_review", args=[cast.cam.pk])),
        "client home": ("cam", reverse("client_home")),
        "brief": ("tess", reverse("client_brief", args=[cast.cam.pk])),
    }


@pytest.fixture
def goal(cast):
    return agreed_goal(cast)


@pytest.fixture
def readers(as_tess, as_cam):
    return {"tess": as_tess, "cam": as_cam}


@pytest.mark.parametrize("page", ["caseload", "client page", "goal page", "review", "client home", "brief"])
def test_a_second_view_comes_from_the_cache_the_same_and_audited(cast, goal, readers, page):
    who, url = _pages(cast, goal)[page]
    before = AuditEvent.objects.count()
    first, built = _get(readers[who], url)
    recorded_when_built = AuditEvent.objects.count() - before
    second, served = _get(readers[who], url)
    assert served < built and served <= 7, (built, served)
    assert _without_tokens(second.content.decode()) == _without_tokens(first.content.decode())
    # The view from the cache is recorded as the built one was (a client's own home records none).
    assert AuditEvent.objects.count() - before == 2 * recorded_when_built


def test_the_cached_view_is_audited_as_the_built_one(cast, as_tess):
    url = reverse("client_page", args=[cast.cam.pk])
    as_tess.get(url)
    as_tess.get(url)
    viewed = AuditEvent.objects.filter(action=Action.CLIENT_VIEWED, client=cast.cam, actor=cast.tess)
    assert viewed.count() == 2


def _token(client) -> str:
    return ClientDataVersion.objects.get(client=client).token


# Each write goes through the action a view or the API calls; each must change the client's data version.
WRITES = {
    "check-in": lambda cast, goal: check_in(cast.cam, [goal], value=2, progress=5),
    "goal proposed": lambda cast, goal: goal_actions.propose_goal(
        cast.cam,
        cast.tess,
        words="",
        statement="Sleep by eleven on weeknights",
        milestones=[],
        action_steps=[],
    ),
    "step ticked": lambda cast, goal: goal_actions.tick_step(goal.steps.first(), cast.cam_user, done=True),
    "GAS rating": lambda cast, goal: goal_actions.rate_gas(goal, cast.tess, level=1),
    "message": lambda cast, goal: dialogue_actions.post_message(
        dialogue_actions.general_thread(cast.cam, cast.tess), cast.tess, body="Hello"
    ),
    "agenda item": lambda cast, goal: dialogue_actions.add_agenda_item(
        cast.cam, cast.cam_user, text="Sleep", priority=Priority.HIGH
    ),
    "agenda seen (an UPDATE)": lambda cast, goal: (
        dialogue_actions.add_agenda_item(cast.cam, cast.cam_user, text="Sleep", priority=Priority.HIGH),
        _bumped_by(cast, lambda: dialogue_actions.note_agenda_seen(cast.cam, cast.tess)),
    ),
    "session planned": lambda cast, goal: planned_session(cast.cam, cast.tess, in_days=3),
    "care team (UPDATEs)": lambda cast, goal: account_actions.set_care_team(
        cast.cam, cast.ada, members=[cast.tess], primary=cast.tess
    ),
    "client renamed": lambda cast, goal: _rename(cast.cam),
    "therapist renamed": lambda cast, goal: _rename_user(cast.tess),
    "practice settings": lambda cast, goal: cast.practice_a.save(),
}


def _bumped_by(cast, write):
    before = _token(cast.cam)
    write()
    assert _token(cast.cam) != before


def _rename(client):
    client.display_name = "Cameron"
    client.save()


def _rename_user(user):
    user.full_name = "Tessa Taylor"
    user.save()


@pytest.mark.parametrize("write", list(WRITES))
def test_every_kind_of_write_changes_the_version_and_the_next_view_is_built_again(cast, goal, as_tess, write):
    url = reverse("client_page", args=[cast.cam.pk])
    _, built = _get(as_tess, url)
    _, served = _get(as_tess, url)
    before = _token(cast.cam)
    WRITES[write](cast, goal)
    assert _token(cast.cam) != before
    _, after = _get(as_tess, url)
    assert after > served  # built again, not served from the cache


def test_a_sign_in_does_not_change_anyones_version(cast):
    before = _token(cast.cam)
    signed_in(cast.tess)
    signed_in(cast.cam_user)
    assert _token(cast.cam) == before


def test_the_page_shows_the_change_after_a_write(cast, goal, as_tess, as_cam):
    url = reverse("client_page", args=[cast.cam.pk])
    as_tess.get(url)
    as_tess.get(url)
    goal_actions.propose_goal(
        cast.cam,
        cast.tess,
        words="",
        statement="Sleep by eleven on weeknights",
        milestones=[],
        action_steps=[],
    )
    assert SLEEP in as_tess.get(url).content.decode()
    home = reverse("client_home")
    as_cam.get(home)
    assert SLEEP in as_cam.get(home).content.decode()


def test_one_write_in_an_action_changes_the_version_once(cast, goal):
    with CaptureQueriesContext(connection) as queries:
        check_in(cast.cam, [goal], value=2, progress=5)
    updates = [q["sql"] for q in queries if "accounts_clientdataversion" in q["sql"]]
    assert len(updates) == 1, updates


# --- who gets what ------------------------------------------------------------------------------------------


def test_nobody_outside_the_care_team_gets_a_cached_page(cast, goal, as_tess, as_theo, as_cam, as_casey):
    page = reverse("client_page", args=[cast.cam.pk])
    goal_url = reverse("goal_page", args=[goal.pk])
    for url in (page, goal_url):
        as_tess.get(url)
        assert as_tess.get(url).status_code == 200
    denied = AuditEvent.objects.filter(action=Action.ACCESS_DENIED).count()
    assert as_theo.get(page).status_code == 404  # another practice
    assert as_theo.get(goal_url).status_code == 404
    assert as_casey.get(goal_url).status_code == 404  # another client
    assert as_cam.get(page).status_code == 404  # the client herself: a therapist's page
    assert AuditEvent.objects.filter(action=Action.ACCESS_DENIED).count() == denied + 4
    anonymous = BrowserClient().get(page)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_a_second_therapist_on_the_team_gets_a_page_of_their_own(cast, goal, as_tess):
    colleague = create_staff(
        cast.practice_a, email="tom@riverside.example", full_name="Tom", role=Role.THERAPIST, password=None
    )
    CareTeamMember.objects.create(client=cast.cam, therapist=colleague)
    url = reverse("client_page", args=[cast.cam.pk])
    as_tess.get(url)
    tess_html = as_tess.get(url).content.decode()
    tom_html = signed_in(colleague).get(url).content.decode()
    assert _without_tokens(tess_html) != _without_tokens(tom_html)  # the key holds the reader


def test_each_client_gets_their_own_home(cast, as_cam, as_casey):
    home = reverse("client_home")
    as_cam.get(home)
    assert "Cam" in as_cam.get(home).content.decode()
    casey = as_casey.get(home).content.decode()
    assert "Casey" in casey and cast.cam.display_name not in casey.replace("Casey", "")


def test_a_page_in_another_language_is_built_in_that_language(cast, as_tess):
    url = reverse("client_page", args=[cast.cam.pk])
    as_tess.get(url)
    as_tess.get(url)
    cast.tess.language = "es"
    cast.tess.save()
    assert 'lang="es"' in as_tess.get(url).content.decode()


# --- what is never cached -----------------------------------------------------------------------------------


def test_a_page_carrying_a_flash_message_is_built_and_the_next_one_has_none(cast, as_tess):
    url = reverse("client_page", args=[cast.cam.pk])
    as_tess.get(url)
    as_tess.get(url)
    response = as_tess.post(
        reverse("appointment_add", args=[cast.cam.pk]), {"starts_at": "2031-05-01T10:00", "minutes": "50"}
    )
    assert response.status_code == 302
    shown = as_tess.get(url).content.decode()
    assert 'class="messages"' in shown
    again = as_tess.get(url).content.decode()
    assert 'class="messages"' not in again


def test_a_client_without_a_version_is_never_cached(cast, as_tess):
    ClientDataVersion.objects.filter(client=cast.cam).delete()
    url = reverse("client_page", args=[cast.cam.pk])
    _, first = _get(as_tess, url)
    _, second = _get(as_tess, url)
    assert second == first


def test_wrong_method_is_refused_as_before(cast, as_tess):
    assert as_tess.put(reverse("client_page", args=[cast.cam.pk])).status_code == 405


# --- CSRF ---------------------------------------------------------------------------------------------------


def test_a_cached_page_carries_the_readers_own_csrf_token_and_its_forms_work(cast, goal):
    url = reverse("goal_page", args=[goal.pk])
    first = BrowserClient(enforce_csrf_checks=True)
    first.force_login(cast.tess)
    first_html = first.get(url).content.decode()
    second = BrowserClient(enforce_csrf_checks=True)
    second.force_login(cast.tess)
    with CaptureQueriesContext(connection) as queries:
        second_html = second.get(url).content.decode()
    assert len(queries) <= 7  # from the cache
    first_tokens, second_tokens = set(CSRF_TOKEN.findall(first_html)), set(CSRF_TOKEN.findall(second_html))
    assert second_tokens and not (first_tokens & second_tokens)
    assert CSRF_PLACEHOLDER.decode() not in second_html
    secret = second.cookies["csrftoken"].value
    assert all(_unmasked(token) == secret for token in second_tokens)
    token = next(iter(second_tokens))
    response = second.post(
        reverse("goal_gas_rate", args=[goal.pk]), {"csrfmiddlewaretoken": token, "level": "1", "note": ""}
    )
    assert response.status_code in (200, 302)
    assert goal.gas_ratings.filter(level=1).exists()


# --- nothing forgotten --------------------------------------------------------------------------------------


def test_every_model_is_tracked_or_said_not_to_be_client_data():
    tracked, untracked = dataversion.tracked_models(), dataversion.untracked_models()
    ours = [m for m in apps.get_models() if m.__module__.startswith("accord.")]
    forgotten = [m._meta.label for m in ours if m not in tracked and m not in untracked]
    assert not forgotten, f"Add these to accord/home/tracking.py: {forgotten}"
    assert not set(tracked) & set(untracked)
    assert all(why for why in untracked.values())


def test_every_tracked_path_leads_to_a_client_field():
    for model, path in tracking.TRACKED.items():
        first = path.split(".")[0]
        assert first == "pk" or any(
            first in (f.name, getattr(f, "attname", "")) for f in model._meta.get_fields()
        ), (
            model,
            path,
        )


# Writes that send no model signal, each looked at: it changes the data version itself (or says why not).
REVIEWED_BULK_WRITES = {
    "accord/accounts/actions.py": 3,  # invitation accepted, care team's primary (both bump)
    "accord/api/auth.py": 1,  # an API token's last use: not client data
    "accord/appointments/actions.py": 1,  # calendar-feed secret: not client data
    "accord/appointments/digest.py": 1,  # digests sent: not client data
    "accord/appointments/refreshing.py": 2,  # the caseload summaries: bump_clients per batch
    "accord/assessments/actions.py": 1,  # alert acknowledged: bumps
    "accord/assessments/models.py": 1,  # refuses bulk updates of responses
    "accord/audit/erasure.py": 3,  # the audit trail: not cached
    "accord/audit/models.py": 1,  # refuses bulk updates of the trail
    "accord/checkins/actions.py": 4,  # rhythms (bump_many), step checks (in a check-in), wins seen (bump)
    "accord/checkins/reminders.py": 1,  # reminder rows: shown on no page
    "accord/dialogue/actions.py": 2,  # email notice slot (not client data), agenda seen (bumps)
    "accord/goals/actions/agreement.py": 1,  # steps no longer current: bumps
    "accord/goals/forms.py": 1,  # a dict, not a write
    "accord/goals/views/pages.py": 1,  # a dict, not a write
    "accord/progress/status.py": 1,  # the stored FHIR status: bumps
    "accord/records/actions.py": 1,  # an imported rating's date, right after its create (which bumped)
    "accord/records/erasure.py": 1,  # the client is deleted: no page of theirs is left to serve
}
# Not searched: migrations; the demo and bench seeders, which write before Accord serves a page; the data
# version itself.
BULK_WRITE = re.compile(r"\bbulk_create\(|\.update\(\s*\w+=|\bbulk_update\(")
NOT_SEARCHED = ("accord/bench.py", "accord/demo.py", "accord/dataversion.py")


def test_every_write_that_sends_no_signal_has_been_looked_at():
    found = {}
    for path in sorted((REPO / "accord").rglob("*.py")):
        relative = path.relative_to(REPO).as_posix()
        if "/migrations/" in relative or relative.endswith("/demo.py") or relative in NOT_SEARCHED:
            continue
        count = len(BULK_WRITE.findall(path.read_text()))
        if count:
            found[relative] = count
    assert found == REVIEWED_BULK_WRITES, (
        "A write that sends no signal changed: make it call accord.dataversion.bump (or say why not) and "
        "update REVIEWED_BULK_WRITES"
    )


def test_a_client_made_one_by_one_gets_a_version_and_an_erased_one_keeps_none(cast):
    client = Client.objects.create(practice=cast.practice_a, display_name="Robin")
    assert ClientDataVersion.objects.filter(client=client).exists()
    client.delete()
    assert not ClientDataVersion.objects.filter(client_id=client.pk).exists()


def _built_twice(cast, body: str) -> int:
    """How many times ``pagecache.page`` builds a page whose body is ``body`` when asked for it twice."""
    builds = []

    def build():
        builds.append(1)
        return HttpResponse(body)

    for _ in range(2):
        request = RequestFactory().get("/somewhere/")
        request.user, request.session = cast.tess, {}
        pagecache.page(request, "a page", "some version", build)
    return len(builds)


def test_a_page_with_a_forms_one_time_key_is_built_for_every_reader(cast):
    # A second tab's message would otherwise be taken for a repeat of the first (same key): never cached.
    with_key = '<form><input type="hidden" name="agenda-submission_key" value="3f2b…"></form>'
    assert _built_twice(cast, with_key) == 2
    assert _built_twice(cast, '<form><input type="hidden" name="idempotency_key" value="k"></form>') == 2
    assert _built_twice(cast, "<p>Nothing one-time here</p>") == 1


def test_with_the_page_cache_switched_off_every_view_is_built(cast, as_tess, settings):
    # ACCORD_PAGE_CACHE=false (docs/configuration.md) gives the "pages" cache this backend.
    settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    url = reverse("client_page", args=[cast.cam.pk])
    _, first = _get(as_tess, url)
    _, second = _get(as_tess, url)
    assert second == first


def test_the_caseload_shows_the_digest_setting_and_a_care_team_change_at_once(cast, as_tess):
    url = reverse("therapist_home")
    as_tess.get(url)
    before = as_tess.get(url).content.decode()
    appointment_actions.set_digest(cast.tess, enabled=True)
    assert _without_tokens(as_tess.get(url).content.decode()) != _without_tokens(before)
    assert "Casey" in as_tess.get(url).content.decode()
    ravi = create_staff(
        cast.practice_a,
        email="ravi@riverside.example",
        full_name="Ravi Shah",
        role=Role.THERAPIST,
        password=None,
    )
    account_actions.set_care_team(cast.casey, cast.ada, members=[ravi], primary=ravi)
    assert "Casey" not in as_tess.get(url).content.decode()
