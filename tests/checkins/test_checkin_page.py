"""The client's between-session check-in: one screen, a draft that survives, one check-in per submit,
invalid values refused at the field with nothing lost, and nobody else's goals."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import Action, AuditEvent
from accord.checkins.models import (
    Celebration,
    CheckIn,
    CheckInDraft,
    GoalEntry,
    ProgressRating,
    StepCheck,
)
from accord.dialogue.models import AgendaItem
from accord.goals.actions import tick_step
from accord.goals.models import GoalStep, Party
from tests.checkins.checkin_support import CALMER, agreed_goal, posted, step

pytestmark = pytest.mark.django_db

CHECKIN = reverse("checkin")
DRAFT = reverse("checkin_draft")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def walks(cast):
    return agreed_goal(cast)


def test_the_page_shows_each_agreed_goal_with_its_own_measure(as_cam, cast, walks):
    calmer = agreed_goal(cast, content=CALMER)
    page = as_cam.get(CHECKIN).content.decode()
    assert "Walk to the park for 20 minutes" in page
    assert "How many times this week?" in page and "walks" in page
    assert f'name="g{walks.pk}-value"' in page
    # A goal without a measure asks 0–10 towards it instead.
    assert f'name="g{calmer.pk}-value"' not in page and f'name="g{calmer.pk}-progress"' in page
    assert "Put my shoes by the door" in page and "Walk to the park once" in page
    assert 'name="idempotency_key"' in page


def test_a_check_in_stores_an_entry_per_goal_with_steps_rating_and_agenda(as_cam, cast, walks):
    shoes = step(walks, GoalStep.Kind.ACTION)
    data = posted(walks, value="2", progress="6", confidence="7", helped="Sunny days", steps=[str(shoes.pk)])
    data["agenda"] = "Talk about the weekend"
    response = as_cam.post(CHECKIN, data)

    checkin = CheckIn.objects.get(client=cast.cam)
    assert response.status_code == 302
    assert response["Location"] == reverse("checkin_done", args=[checkin.pk])
    entry = GoalEntry.objects.get(checkin=checkin)
    assert (entry.goal, entry.version, entry.value, entry.progress, entry.confidence, entry.helped) == (
        walks,
        walks.agreed_version,
        2.0,
        6,
        7,
        "Sunny days",
    )
    assert list(StepCheck.objects.filter(entry=entry).values_list("step", "done")) == [(shoes.pk, True)]
    rating = ProgressRating.objects.get(goal=walks)
    assert (rating.party, rating.rating, rating.rated_by) == (Party.CLIENT, 6, cast.cam_user)
    assert AgendaItem.objects.get(client=cast.cam).text == "Talk about the weekend"
    assert AuditEvent.objects.filter(action=Action.CHECKIN_SUBMITTED, client=cast.cam).count() == 1


def test_submitting_twice_creates_one_check_in(as_cam, cast, walks):
    data = posted(walks, agenda="Something to talk about")
    first = as_cam.post(CHECKIN, data)
    second = as_cam.post(CHECKIN, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert CheckIn.objects.filter(client=cast.cam).count() == 1
    assert GoalEntry.objects.count() == 1
    assert AgendaItem.objects.filter(client=cast.cam).count() == 1


def test_a_second_submit_after_ticking_a_milestone_still_answers_with_the_first(as_cam, cast, walks):
    """The milestone is no longer open the second time, so the form alone would refuse it."""
    corner = step(walks, GoalStep.Kind.MILESTONE)
    data = posted(walks, milestones=[str(corner.pk)])
    first = as_cam.post(CHECKIN, data)
    second = as_cam.post(CHECKIN, data)
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert CheckIn.objects.count() == 1


def test_a_draft_survives_reloading_the_page(as_cam, cast, walks):
    shoes = step(walks, GoalStep.Kind.ACTION)
    draft = posted(walks, value="4", confidence="3", helped="My sister came along", steps=[str(shoes.pk)])
    response = as_cam.post(DRAFT, draft, **HTMX)
    assert response.status_code == 200 and "Draft saved" in response.content.decode()

    page = as_cam.get(CHECKIN).content.decode()
    assert f'name="g{walks.pk}-value" value="4"' in page
    assert f'name="g{walks.pk}-confidence" value="3"' in page
    assert 'value="My sister came along"' in page
    assert f'value="{shoes.pk}"' in page and "checked" in page
    assert f'value="{draft["idempotency_key"]}"' in page  # the same submission, continued
    assert "We kept what you typed last time" in page


def test_save_for_later_works_without_javascript(as_cam, cast, walks):
    response = as_cam.post(DRAFT, posted(walks, value="1"))
    assert response.status_code == 302 and response["Location"] == reverse("client_home")
    assert CheckInDraft.objects.get(client=cast.cam).data[f"g{walks.pk}-value"] == "1"
    assert "Finish your check-in" in as_cam.get(reverse("client_home")).content.decode()


def test_submitting_clears_the_draft(as_cam, cast, walks):
    data = posted(walks)
    as_cam.post(DRAFT, data, **HTMX)
    as_cam.post(CHECKIN, data)
    assert not CheckInDraft.objects.filter(client=cast.cam).exists()


def test_an_autosave_arriving_after_the_submit_does_not_bring_the_check_in_back(as_cam, cast, walks):
    data = posted(walks, value="2")
    as_cam.post(CHECKIN, data)
    as_cam.post(DRAFT, data, **HTMX)  # the debounced autosave, a moment too late
    assert not CheckInDraft.objects.filter(client=cast.cam).exists()
    # Even a stale draft left behind is dropped: the next check-in starts afresh with a new key.
    CheckInDraft.objects.create(client=cast.cam, data=data)
    page = as_cam.get(CHECKIN).content.decode()
    assert data["idempotency_key"] not in page and "We kept what you typed" not in page
    assert not CheckInDraft.objects.filter(client=cast.cam).exists()


def test_a_draft_keeps_only_this_clients_fields(as_cam, cast, walks):
    cleos = agreed_goal(cast, client=cast.cleo)
    data = {**posted(walks), f"g{cleos.pk}-value": "9", "surprise": "x" * 50}
    as_cam.post(DRAFT, data, **HTMX)
    kept = CheckInDraft.objects.get(client=cast.cam).data
    assert f"g{cleos.pk}-value" not in kept and "surprise" not in kept


def test_invalid_values_are_refused_at_the_field_and_nothing_is_lost(as_cam, cast, walks):
    data = posted(walks, value="-3", progress="12", confidence="5", helped="Keep this text")
    response = as_cam.post(CHECKIN, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert not CheckIn.objects.exists() and not GoalEntry.objects.exists()
    # The message sits at its field, linked to it for screen readers.
    assert f'id="id_g{walks.pk}-value_error"' in page and "Write a number, 0 or more." in page
    assert f'id="id_g{walks.pk}-progress_error"' in page and "Choose a number from 0 to 10." in page
    assert 'aria-invalid="true"' in page
    # Everything typed is still there, and kept as the draft too.
    assert f'name="g{walks.pk}-value" value="-3"' in page
    assert 'value="Keep this text"' in page
    assert CheckInDraft.objects.get(client=cast.cam).data[f"g{walks.pk}-helped"] == "Keep this text"


def test_a_partial_check_in_is_accepted_and_a_goal_left_blank_is_left_out(as_cam, cast, walks):
    """Issue 13: "Answer what you can" means it — one goal answered is a check-in."""
    calmer = agreed_goal(cast, content=CALMER)
    blank = {f"g{calmer.pk}-{name}": "" for name in ("progress", "confidence", "helped", "got_in_the_way")}
    response = as_cam.post(CHECKIN, {**posted(walks, value="", progress="", confidence="5"), **blank})
    assert response.status_code == 302
    entry = GoalEntry.objects.get()
    assert (entry.goal, entry.value, entry.progress, entry.confidence) == (walks, None, None, 5)
    assert not ProgressRating.objects.exists()


def test_a_check_in_with_nothing_answered_says_what_is_needed(as_cam, cast, walks):
    empty = posted(walks, value="", progress="", confidence="")
    response = as_cam.post(CHECKIN, empty)
    assert response.status_code == 400
    assert "Answer at least one goal before you send" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_the_page_says_a_blank_goal_is_left_out(as_cam, walks):
    page = as_cam.get(CHECKIN).content.decode()
    assert "a goal you leave blank is simply left out" in page
    assert "More about this goal (if you like)" in page


def test_a_client_cannot_check_in_on_another_clients_goals(as_cam, cast, walks):
    cleos = agreed_goal(cast, client=cast.cleo)
    data = {**posted(walks), f"g{cleos.pk}-value": "3", f"g{cleos.pk}-progress": "9"}
    assert as_cam.post(CHECKIN, data).status_code == 302
    assert not GoalEntry.objects.filter(goal=cleos).exists()
    assert not ProgressRating.objects.filter(goal=cleos).exists()


def test_another_clients_check_in_is_not_found(as_cam, as_cleo, cast, walks):
    cleos = agreed_goal(cast, client=cast.cleo)
    as_cleo.post(CHECKIN, posted(cleos))
    theirs = CheckIn.objects.get(client=cast.cleo)
    assert as_cam.get(reverse("checkin_done", args=[theirs.pk])).status_code == 404
    assert as_cleo.get(reverse("checkin_done", args=[theirs.pk])).status_code == 200


def test_staff_and_strangers_cannot_use_the_client_pages(as_tess, as_ada, client, cast, walks):
    for url in (CHECKIN, reverse("my_wins"), reverse("my_rhythm")):
        assert as_tess.get(url).status_code == 404
        assert as_ada.get(url).status_code == 404
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert as_tess.post(DRAFT, {}).status_code == 404


def test_wrong_methods_are_refused(as_cam, walks):
    assert as_cam.put(CHECKIN).status_code == 405
    assert as_cam.get(DRAFT).status_code == 405
    assert as_cam.post(reverse("my_wins")).status_code == 405
    as_cam.post(CHECKIN, posted(walks))
    done = reverse("checkin_done", args=[CheckIn.objects.get().pk])
    assert as_cam.post(done).status_code == 405


def test_without_agreed_goals_the_page_says_so_and_a_forged_post_stores_nothing(as_cam, cast):
    page = as_cam.get(CHECKIN).content.decode()
    assert "Nothing to check in on yet" in page and "checkin-form" not in page
    response = as_cam.post(CHECKIN, {"idempotency_key": str(uuid.uuid4()), "agenda": "x"})
    assert response.status_code == 400 and not CheckIn.objects.exists()


def test_ticking_a_milestone_in_a_check_in_is_celebrated_on_the_thank_you_page(as_cam, cast, walks):
    corner = step(walks, GoalStep.Kind.MILESTONE)
    response = as_cam.post(CHECKIN, posted(walks, milestones=[str(corner.pk)]), follow=True)
    page = response.content.decode()
    corner.refresh_from_db()
    assert corner.done_at is not None and corner.done_by == cast.cam_user
    assert "Something to celebrate!" in page and "Walk to the corner and back" in page
    assert 'class="celebration__burst" aria-hidden="true"' in page
    assert Celebration.objects.get(client=cast.cam).seen_by_client_at is not None


def test_a_milestone_the_therapist_ticked_meanwhile_is_no_error(as_cam, cast, walks):
    corner = step(walks, GoalStep.Kind.MILESTONE)
    page = as_cam.get(CHECKIN).content.decode()
    assert f'value="{corner.pk}"' in page
    tick_step(corner, cast.tess, done=True)  # in session, while Cam's page was open
    response = as_cam.post(CHECKIN, posted(walks, milestones=[str(corner.pk)]))
    assert response.status_code == 302
    corner.refresh_from_db()
    assert corner.done_by == cast.tess  # kept as the therapist ticked it
    assert f'value="{corner.pk}"' not in as_cam.get(CHECKIN).content.decode()  # no longer offered


def test_the_thank_you_page_without_a_win_is_plain(as_cam, walks):
    page = as_cam.post(CHECKIN, posted(walks, value="1"), follow=True).content.decode()
    assert "Thank you" in page and "celebration__burst" not in page


def _grow_checkins(client, goal, count: int) -> None:
    start = timezone.now() - dt.timedelta(days=count)
    checkins = CheckIn.objects.bulk_create(
        CheckIn(
            client=client,
            submitted_at=start + dt.timedelta(days=n),
            submitted_by=client.user,
            idempotency_key=uuid.uuid4().hex,
        )
        for n in range(count)
    )
    GoalEntry.objects.bulk_create(
        GoalEntry(
            checkin=checkin,
            goal=goal,
            version=goal.agreed_version,
            recorded_on=checkin.submitted_at.date(),
            value=1,
            progress=5,
        )
        for checkin in checkins
    )


def _queries(browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


def test_the_page_query_count_does_not_grow_with_check_ins(as_cam, cast, walks):
    agreed_goal(cast, content=CALMER)
    _grow_checkins(cast.cam, walks, 10)
    as_cam.get(CHECKIN)  # warm: the session and the first visit's one-off work
    with_ten = _queries(as_cam, CHECKIN)
    _grow_checkins(cast.cam, walks, 990)
    assert _queries(as_cam, CHECKIN) == with_ten
