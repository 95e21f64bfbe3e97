"""A practice full of realistic data for the benchmark (bench/README.md, docs/performance.md).

``accord manage seed_bench --clients N --therapists T --checkins-per-client K`` adds the practice "Bench
Practice": therapists ``therapist1@bench.example`` … ``therapistT@…`` and clients ``client1@bench.example`` …,
everyone with the demo password, each client with two agreed goals (one measured, one rated 0–10, with steps),
K weekly check-ins, progress ratings, PHQ-9 every four weeks, a conversation and audit rows. Everything is
written with bulk inserts in batches of clients; on PostgreSQL the large tables (check-ins, their entries,
ratings, measures, messages, audit rows) go in with COPY, so 10,000 clients and 1,000,000 check-ins fit in
minutes. The data is made up; nobody real is in it.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from accord.accounts.models import (
    ApiToken,
    CareTeamMember,
    Client,
    ClientDataVersion,
    Practice,
    Role,
    User,
)
from accord.appointments import summary
from accord.appointments.models import ClientSummary
from accord.assessments.models import MeasureResponse, ResponseSource
from accord.assessments.registry import builtin_instruments
from accord.assessments.scoring import score_response
from accord.audit.models import Action, AuditEvent
from accord.checkins.models import CheckIn, GoalEntry, ProgressRating
from accord.dataversion import new_token
from accord.demo import DEMO_PASSWORD
from accord.dialogue.models import Message, Thread
from accord.goals.models import Goal, GoalStep, GoalVersion, LifecycleStatus, Party

PRACTICE_NAME = "Bench Practice"
DOMAIN = "bench.example"
BATCH_CLIENTS = 250

MEASURED: dict[str, Any] = {
    "statement": "Walk to the park for 20 minutes three times a week",
    "measure_kind": "count_per_week",
    "unit": "walks",
    "baseline": 0.0,
    "target": 3.0,
    "direction": "increase",
    "milestones": ["Walk to the corner and back", "Walk to the park once"],
    "action_steps": ["Put my shoes by the door"],
}
RATED: dict[str, Any] = {
    "statement": "Feel calmer in the mornings",
    "milestones": ["Five calm mornings in a row"],
    "action_steps": ["Breathe slowly for two minutes after waking"],
}
HELPED = ["My sister came along", "Sunny days", "Going to bed earlier", "", "", "Music on the way"]
IN_THE_WAY = ["Rain", "Work was busy", "", "", "Felt tired"]
MESSAGES = [
    "How did the walks go this week?",
    "Better than last week, two walks.",
    "That's good to hear. What helped?",
    "My sister came along on Sunday.",
    "Let's talk about that on Thursday.",
]


@dataclass
class Seeded:
    practice: Practice
    therapists: int
    clients: int
    checkins: int
    tokens: dict[str, str]


class BenchError(Exception):
    pass


def therapist_email(number: int) -> str:
    return f"therapist{number}@{DOMAIN}"


def client_email(number: int) -> str:
    return f"client{number}@{DOMAIN}"


def seed(
    *,
    clients: int,
    therapists: int,
    checkins_per_client: int,
    tokens_for: int = 0,
    progress: Callable[[str], None] = lambda message: None,
    rng_seed: int = 9,
) -> Seeded:
    """Create the bench practice. Refuses when it exists already (drop the database to start over)."""
    if clients < 1 or therapists < 1 or checkins_per_client < 0:
        raise BenchError("Give at least one client and one therapist, and 0 or more check-ins per client.")
    if Practice.objects.filter(name=PRACTICE_NAME).exists():
        raise BenchError(f'The practice "{PRACTICE_NAME}" exists already; seed a fresh database.')
    rng = random.Random(rng_seed)
    password = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        practice = Practice.objects.create(name=PRACTICE_NAME)
        staff = _people(
            practice, password, Role.THERAPIST, [therapist_email(n) for n in range(1, therapists + 1)]
        )
        admin = _people(practice, password, Role.ADMIN, [f"admin@{DOMAIN}"])[0]
    progress(f"{therapists} therapists and an admin ({admin.email})")
    now = timezone.now()
    made = 0
    for start in range(1, clients + 1, BATCH_CLIENTS):
        numbers = list(range(start, min(start + BATCH_CLIENTS, clients + 1)))
        with transaction.atomic():
            made += _client_batch(practice, staff, password, numbers, checkins_per_client, now, rng)
        progress(f"clients {numbers[0]}–{numbers[-1]}: {made} check-ins so far")
    tokens = {}
    if tokens_for:
        people = [
            *staff[:tokens_for],
            *User.objects.filter(email__in=[client_email(n) for n in range(1, tokens_for + 1)]),
        ]
        for person in people:
            _token, raw = ApiToken.issue(person, "bench")
            tokens[person.email] = raw
    return Seeded(practice, therapists, clients, made, tokens)


def _bulk(model: type[models.Model], objects: list, *, ids: bool = False) -> list:
    """Insert ``objects`` in bulk: COPY on PostgreSQL (ids taken from the table's sequence first when
    ``ids``), ``bulk_create`` elsewhere. Plain values go as they are; JSON and automatic times are prepared
    as Django's own insert prepares them."""
    if connection.vendor != "postgresql" or not objects:
        return model._default_manager.bulk_create(objects, batch_size=2000)
    table = model._meta.db_table
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    with connection.cursor() as cursor:
        if ids:
            pk = model._meta.pk
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk.column, len(objects)],
            )
            for obj, (value,) in zip(objects, cursor.fetchall(), strict=True):
                obj.pk = value
            fields = [pk, *fields]
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        plain = [field.attname for field in fields]
        special = [
            (i, field)
            for i, field in enumerate(fields)
            if isinstance(field, models.JSONField)
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        ]
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                row = [obj.__dict__[name] for name in plain]
                for i, field in special:
                    row[i] = _prepared(field, obj)
                copy.write_row(row)
    for obj in objects:
        obj._state.adding = False
    return objects


def _prepared(field: models.Field, obj: models.Model) -> Any:
    value = getattr(obj, field.attname)
    if value is None or not getattr(field, "auto_now_add", False):
        value = field.pre_save(obj, add=True)  # a time given beforehand is kept (spread audit rows)
    return field.get_db_prep_save(value, connection)


def _people(practice: Practice, password: str, role: str, emails: list[str]) -> list[User]:
    users = User.objects.bulk_create(
        [
            User(
                email=email,
                password=password,
                full_name=email.split("@")[0].title(),
                practice=practice,
                role=role,
            )
            for email in emails
        ]
    )
    if not all(user.pk for user in users):  # SQLite before 3.35 returns no ids from bulk inserts
        users = list(User.objects.filter(email__in=emails).order_by("pk"))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
    )
    return users


def _client_batch(practice, staff, password, numbers, per_client, now, rng) -> int:
    users = _people(practice, password, Role.CLIENT, [client_email(n) for n in numbers])
    therapist_of: dict[int | None, User] = {
        user.pk: staff[(n - 1) % len(staff)] for n, user in zip(numbers, users, strict=True)
    }
    clients = Client.objects.bulk_create(
        [
            Client(practice=practice, user=user, display_name=f"Client {n}", created_by=therapist_of[user.pk])
            for n, user in zip(numbers, users, strict=True)
        ]
    )
    CareTeamMember.objects.bulk_create(
        [CareTeamMember(client=c, therapist=therapist_of[c.user_id], is_primary=True) for c in clients]
    )
    goals = _goals(clients, therapist_of)
    checkins = _checkins(clients, goals, per_client, now, rng)
    _ratings(goals, therapist_of, per_client, now, rng)
    _measures(clients, per_client, now, rng)
    _conversations(clients, therapist_of)
    _audit(clients, therapist_of, per_client, now)
    # The caseload's summary rows, as the actions would have kept them (batched: five queries per batch).
    ClientSummary.objects.bulk_create(summary.build_many([c.pk for c in clients]))
    # Their data versions, which a client made one by one gets with its row (accord/dataversion.py).
    ClientDataVersion.objects.bulk_create([ClientDataVersion(client=c, token=new_token()) for c in clients])
    return checkins


def _goals(clients, therapist_of) -> dict[int, list[tuple[Goal, GoalVersion]]]:
    goals = Goal.objects.bulk_create(
        [
            Goal(
                client=client,
                proposed_by=therapist_of[client.user_id],
                proposed_by_party=Party.THERAPIST,
                client_accepted_number=1,
                therapist_accepted_number=1,
                lifecycle_status=LifecycleStatus.ACTIVE,
            )
            for client in clients
            for _content in (MEASURED, RATED)
        ]
    )
    contents = [MEASURED, RATED] * len(clients)
    versions = GoalVersion.objects.bulk_create(
        [
            GoalVersion(
                goal=goal,
                number=1,
                created_by=goal.proposed_by,
                created_by_party=Party.THERAPIST,
                reason="First proposed",
                **content,
            )
            for goal, content in zip(goals, contents, strict=True)
        ]
    )
    for goal, version in zip(goals, versions, strict=True):
        goal.current_version = goal.agreed_version = version
    Goal.objects.bulk_update(goals, ["current_version", "agreed_version"])
    steps = []
    for goal, version in zip(goals, versions, strict=True):
        for kind, texts in (
            (GoalStep.Kind.MILESTONE, version.milestones),
            (GoalStep.Kind.ACTION, version.action_steps),
        ):
            steps += [
                GoalStep(goal=goal, kind=kind, position=i, text=t) for i, t in enumerate(texts, start=1)
            ]
    GoalStep.objects.bulk_create(steps)
    by_client: dict[int, list[tuple[Goal, GoalVersion]]] = {}
    for goal, version in zip(goals, versions, strict=True):
        by_client.setdefault(goal.client_id, []).append((goal, version))
    return by_client


def _checkins(clients, goals, per_client, now, rng) -> int:
    checkins = []
    for client in clients:
        for week in range(per_client, 0, -1):
            at = now - dt.timedelta(weeks=week, hours=rng.randint(0, 48))
            checkins.append(
                CheckIn(
                    client=client,
                    submitted_at=at,
                    submitted_by_id=client.user_id,
                    due_at=at,
                    idempotency_key=str(uuid.uuid4()),
                )
            )
    checkins = _bulk(CheckIn, checkins, ids=True)
    entries = []
    for checkin in checkins:
        for goal, version in goals[checkin.client_id]:
            measured = version.measure_kind == MEASURED["measure_kind"]
            entries.append(
                GoalEntry(
                    checkin=checkin,
                    goal=goal,
                    version=version,
                    recorded_on=checkin.submitted_at.date(),
                    value=float(rng.randint(0, 4)) if measured else None,
                    progress=None if measured else rng.randint(2, 9),
                    confidence=rng.randint(3, 9),
                    helped=rng.choice(HELPED),
                    got_in_the_way=rng.choice(IN_THE_WAY),
                )
            )
    _bulk(GoalEntry, entries)
    return len(checkins)


def _ratings(goals, therapist_of, per_client, now, rng) -> None:
    ratings = []
    for pairs in goals.values():
        for goal, _version in pairs:
            for week in range(per_client, 0, -4):
                at = now - dt.timedelta(weeks=week)
                ratings.append(
                    ProgressRating(goal=goal, party=Party.CLIENT, rating=rng.randint(2, 9), rated_at=at)
                )
                ratings.append(
                    ProgressRating(
                        goal=goal,
                        party=Party.THERAPIST,
                        rating=rng.randint(2, 9),
                        rated_by=therapist_of[goal.client.user_id],
                        rated_at=at,
                    )
                )
    _bulk(ProgressRating, ratings)


def _measures(clients, per_client, now, rng) -> None:
    phq9 = builtin_instruments()["phq9"]
    responses = []
    for client in clients:
        for week in range(per_client, 0, -4):
            answers = {item.key: rng.randint(0, 2) for item in phq9.scored_items}
            answers["q9"] = 0
            scored = score_response(phq9, answers)
            responses.append(
                MeasureResponse(
                    client=client,
                    instrument_key=phq9.key,
                    instrument_version=phq9.version,
                    answers=dict(scored.answers),
                    total=scored.total,
                    max_total=scored.max_total,
                    band_key=scored.band_key or "",
                    band_label=scored.band_label or "",
                    completed_at=now - dt.timedelta(weeks=week),
                    entered_by_id=client.user_id,
                    source=ResponseSource.PAGE,
                    idempotency_key=str(uuid.uuid4()),
                )
            )
    _bulk(MeasureResponse, responses)


def _conversations(clients, therapist_of) -> None:
    threads = Thread.objects.bulk_create(
        [Thread(client=c, created_by=therapist_of[c.user_id]) for c in clients]
    )
    messages = []
    for thread, client in zip(threads, clients, strict=True):
        for i, body in enumerate(MESSAGES):
            by_therapist = i % 2 == 0
            author = therapist_of[client.user_id] if by_therapist else client.user
            party = Party.THERAPIST if by_therapist else Party.CLIENT
            messages.append(Message(thread=thread, author=author, author_party=party, body=body))
    _bulk(Message, messages)
    now = timezone.now()
    for thread in threads:
        thread.last_message_at = now
    Thread.objects.bulk_update(threads, ["last_message_at"])


def _audit(clients, therapist_of, per_client, now) -> None:
    """A view of the client by their therapist each week and the client's check-in: about one row per
    check-in, so 1,000,000 check-ins come with about 1,000,000 audit rows, spread over the weeks."""
    events = []
    for client in clients:
        therapist = therapist_of[client.user_id]
        for week in range(max(1, per_client - 1), 0, -1):
            events.append(
                AuditEvent(
                    at=now - dt.timedelta(weeks=week, hours=client.pk % 24),
                    action=Action.CLIENT_VIEWED,
                    actor=therapist,
                    actor_label=therapist.email,
                    object_type="accounts.client",
                    object_id=str(client.pk),
                    client=client,
                    practice_id=client.practice_id,
                )
            )
        events.append(
            AuditEvent(
                at=now,
                action=Action.CHECKIN_SUBMITTED,
                actor_id=client.user_id,
                actor_label=client.user.email,
                client=client,
                practice_id=client.practice_id,
            )
        )
    _bulk(AuditEvent, events)
