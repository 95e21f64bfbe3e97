"""Check-in reminders: exactly once per due check-in — with two workers at once, after a restart, across
daylight-saving changes — and an email with a link and nothing clinical in it."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from accord.checkins import reminders, tasks
from accord.checkins.models import CheckInRhythm, Reminder
from accord.checkins.reminders import send_due_reminders
from accord.checkins.tasks import queue_scan
from tests.checkins.checkin_support import agreed_goal, check_in, rhythm

UTC = dt.UTC
# Sunday 1 March 2026, 18:00 in London (GMT): the first check-in of a Sunday-evening rhythm.
FIRST_DUE = dt.datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


@pytest.fixture
def cam_due(cast):
    """Cam has an agreed goal and a Sunday 18:00 London rhythm starting 1 March 2026."""
    goal = agreed_goal(cast)
    rhythm(cast.cam, starts_on=dt.date(2026, 3, 1))
    return goal


def scan_like_a_worker(start: dt.datetime, end: dt.datetime, *, busy_hours: tuple[int, int]) -> None:
    """Scans as the worker would run them: every two hours all along, and every ten minutes through the
    hours (UTC) each Sunday when a check-in may fall due on either side of a clock change."""
    moments = set()
    moment = start
    while moment < end:
        moments.add(moment)
        if moment.weekday() == 6 and moment.hour == 0:
            first, last = busy_hours
            window = moment.replace(hour=first)
            while window < moment.replace(hour=last):
                moments.add(window)
                window += dt.timedelta(minutes=10)
        moment += dt.timedelta(hours=2)
    for moment in sorted(moments):
        send_due_reminders(moment)


@pytest.mark.django_db
def test_a_due_check_in_sends_one_reminder_with_a_link_and_nothing_clinical(cast, cam_due, settings):
    settings.ACCORD_SITE_URL = "https://accord.example.org"
    assert send_due_reminders(FIRST_DUE - dt.timedelta(minutes=1)) == 0
    assert send_due_reminders(FIRST_DUE + dt.timedelta(minutes=1)) == 1

    (email,) = mail.outbox
    assert email.to == [cast.cam_user.email]
    assert email.subject == "[Accord] Time for your check-in"
    assert "https://accord.example.org/me/checkin/" in email.body
    text = (email.subject + email.body).lower()
    # No goal, no name, no practice, no measure, no therapist: only the link.
    for clinical in ("walk", "park", "cam", "riverside", "tess", "phq", "goal:", "mood", "anxiety"):
        assert clinical not in text, clinical
    assert not email.alternatives and not email.attachments
    reminder = Reminder.objects.get(client=cast.cam)
    assert reminder.due_at == FIRST_DUE and reminder.sent_at is not None


@pytest.mark.django_db
def test_scanning_again_sends_nothing_more(cast, cam_due):
    for minutes in (1, 2, 30, 60 * 6):
        send_due_reminders(FIRST_DUE + dt.timedelta(minutes=minutes))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_after_a_restart_a_claimed_but_unsent_reminder_goes_out_once(cast, cam_due):
    """A worker that died between claiming and sending left the row without ``sent_at``."""
    Reminder.objects.create(client=cast.cam, due_at=FIRST_DUE)
    now = FIRST_DUE + dt.timedelta(minutes=5)
    assert send_due_reminders(now) == 1  # the restarted worker
    assert send_due_reminders(now + dt.timedelta(minutes=1)) == 0
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().sent_at is not None


@pytest.mark.django_db
def test_a_failed_send_is_tried_again_by_the_next_scan(cast, cam_due, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("mail server away")

    monkeypatch.setattr(reminders, "send_templated", refuse)
    assert send_due_reminders(FIRST_DUE + dt.timedelta(minutes=1)) == 0
    assert Reminder.objects.get().sent_at is None
    monkeypatch.undo()
    assert send_due_reminders(FIRST_DUE + dt.timedelta(minutes=2)) == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_no_reminder_when_it_would_not_help(cast, cam_due):
    late = FIRST_DUE + reminders.LATE_LIMIT + dt.timedelta(minutes=1)
    assert send_due_reminders(late) == 0  # a day late: not sent at all

    CheckInRhythm.objects.filter(client=cast.cam).update(reminders_on=False)
    assert send_due_reminders(FIRST_DUE + dt.timedelta(days=7, minutes=1)) == 0

    CheckInRhythm.objects.filter(client=cast.cam).update(reminders_on=True)
    cast.cam_user.is_active = False
    cast.cam_user.save()
    assert send_due_reminders(FIRST_DUE + dt.timedelta(days=14, minutes=1)) == 0
    assert not mail.outbox


@pytest.mark.django_db
def test_no_reminder_without_an_agreed_goal(cast):
    rhythm(cast.casey, starts_on=dt.date(2026, 3, 1))
    assert send_due_reminders(FIRST_DUE + dt.timedelta(minutes=1)) == 0


@pytest.mark.django_db
def test_no_reminder_after_checking_in_early_for_it(cast, cam_due):
    check_in(cast.cam, [cam_due], at=FIRST_DUE - dt.timedelta(days=1), value=1, progress=5)
    assert send_due_reminders(FIRST_DUE + dt.timedelta(minutes=1)) == 0
    # The week after, the earlier check-in no longer counts.
    assert send_due_reminders(FIRST_DUE + dt.timedelta(days=7, minutes=1)) == 1


@pytest.mark.django_db
def test_moving_the_time_after_a_reminder_does_not_send_a_second_one(cast, cam_due):
    send_due_reminders(FIRST_DUE + dt.timedelta(minutes=1))
    CheckInRhythm.objects.filter(client=cast.cam).update(time_of_day=dt.time(19, 0))
    send_due_reminders(FIRST_DUE + dt.timedelta(hours=1, minutes=1))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_spring_change_in_london_keeps_six_pm_and_one_reminder_a_week(cast, cam_due):
    scan_like_a_worker(
        dt.datetime(2026, 3, 20, tzinfo=UTC), dt.datetime(2026, 4, 6, tzinfo=UTC), busy_hours=(16, 20)
    )
    due = sorted(Reminder.objects.values_list("due_at", flat=True))
    # 22 March is GMT (18:00 UTC); 29 March and 5 April are BST (17:00 UTC): 18:00 in London each time.
    assert due == [
        dt.datetime(2026, 3, 22, 18, 0, tzinfo=UTC),
        dt.datetime(2026, 3, 29, 17, 0, tzinfo=UTC),
        dt.datetime(2026, 4, 5, 17, 0, tzinfo=UTC),
    ]
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_the_autumn_change_in_new_york_neither_duplicates_nor_skips(cast):
    """Sunday 1 November 2026, 01:30 happens twice in New York; it is one check-in and one reminder."""
    goal = agreed_goal(cast, client=cast.cleo)
    assert goal.client == cast.cleo
    rhythm(cast.cleo, time=dt.time(1, 30), zone="America/New_York", starts_on=dt.date(2026, 10, 1))
    scan_like_a_worker(
        dt.datetime(2026, 10, 24, tzinfo=UTC), dt.datetime(2026, 11, 10, tzinfo=UTC), busy_hours=(4, 8)
    )
    due = sorted(Reminder.objects.filter(client=cast.cleo).values_list("due_at", flat=True))
    assert [d.astimezone(dt.timezone(dt.timedelta(0))).isoformat() for d in due] == [
        "2026-10-25T05:30:00+00:00",  # EDT
        "2026-11-01T05:30:00+00:00",  # the first 01:30 (EDT); the repeated hour sends nothing more
        "2026-11-08T06:30:00+00:00",  # EST
    ]
    assert len(mail.outbox) == 3 and all(email.to == [cast.cleo_user.email] for email in mail.outbox)


@pytest.mark.django_db
def test_new_clients_get_the_practice_rhythm_and_then_reminders(cast):
    agreed_goal(cast)
    CheckInRhythm.objects.filter(client=cast.cam).delete()
    send_due_reminders()
    made = CheckInRhythm.objects.get(client=cast.cam)
    practice = cast.practice_a
    assert (made.weekday, made.time_of_day, made.every_weeks) == (
        practice.default_checkin_weekday,
        practice.default_checkin_time,
        practice.default_checkin_interval_weeks,
    )


@pytest.mark.django_db
def test_the_send_reminders_command_runs_one_scan(cast, cam_due, time_machine):
    time_machine.move_to(FIRST_DUE + dt.timedelta(minutes=3))
    call_command("send_reminders", verbosity=0)
    call_command("send_reminders", verbosity=0)
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_queues_and_runs_the_scan(cast, settings, time_machine):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    agreed_goal(cast)
    rhythm(cast.cam, starts_on=dt.date(2026, 3, 1))
    time_machine.move_to(FIRST_DUE + dt.timedelta(minutes=3))
    assert queue_scan() is True
    assert queue_scan() is False  # one waiting scan is enough
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == 1
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)  # after a restart
    assert len(mail.outbox) == 1


def test_the_schedule_queues_a_scan_at_once_and_then_every_interval(monkeypatch):
    queued = threading.Semaphore(0)
    monkeypatch.setattr(tasks, "queue_scan", queued.release)
    schedule = tasks.ReminderSchedule(interval=0.05)
    schedule.start()
    try:
        assert all(queued.acquire(timeout=5) for _ in range(3))
    finally:
        schedule.stop()
        schedule.join(timeout=5)
    assert not schedule.is_alive()


def test_a_failed_queue_does_not_stop_the_schedule(monkeypatch):
    calls = threading.Semaphore(0)

    def flaky():
        calls.release()
        raise RuntimeError("database away")

    monkeypatch.setattr(tasks, "queue_scan", flaky)
    schedule = tasks.ReminderSchedule(interval=0.05)
    schedule.start()
    try:
        assert calls.acquire(timeout=5) and calls.acquire(timeout=5)
    finally:
        schedule.stop()
        schedule.join(timeout=5)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_moment_send_each_reminder_once(cast):
    """Two scans in two threads, each with its own database connection, started together."""
    agreed_goal(cast)
    agreed_goal(cast, client=cast.casey)
    agreed_goal(cast, client=cast.cleo)
    for client in (cast.cam, cast.casey, cast.cleo):
        rhythm(client, starts_on=dt.date(2026, 3, 1))
    now = FIRST_DUE + dt.timedelta(minutes=2)
    start = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            start.wait()
            for _ in range(3):
                results.append(send_due_reminders(now))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sum(results) == 3
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        [cast.cam_user.email, cast.casey_user.email, cast.cleo_user.email]
    )
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 3
