"""Which rows change which client's data version (``accord.dataversion``), for every model Accord has.

Here, at the top, because only the composed pages' app may know every domain app. A new model must be added
to one of the two lists below (tests/home/test_data_version.py fails otherwise): ``TRACKED`` with the path
from a row to its client's id, or ``NOT_CLIENT_DATA`` with the reason no cached page shows it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model, Q

from accord import dataversion
from accord.accounts.models import (
    ApiToken,
    CareTeamMember,
    Client,
    ClientDataVersion,
    Invitation,
    Practice,
    User,
)
from accord.appointments.models import (
    ClientSummary,
    DigestSent,
    DigestSubscription,
    Session,
    SessionCalendar,
)
from accord.assessments.models import (
    Intake,
    MeasureAssignment,
    MeasureResponse,
    PracticeInstrument,
    SafetyAlert,
    TherapistFormulation,
)
from accord.audit.models import AuditEvent
from accord.checkins.models import (
    Celebration,
    CheckIn,
    CheckInDraft,
    CheckInRhythm,
    GoalEntry,
    ProgressRating,
    Reminder,
    StepCheck,
)
from accord.dialogue.models import (
    AgendaItem,
    GoalIdea,
    Message,
    MessageEmailNotice,
    MessageRevision,
    ReadMarker,
    Thread,
)
from accord.goals.models import (
    AgreementEvent,
    ClientTheme,
    DecisionalBalance,
    DraftPresence,
    GasRating,
    Goal,
    GoalDraft,
    GoalStep,
    GoalVersion,
    ReadinessRating,
)
from accord.records.models import ImportedRecord

TRACKED: dict[type[Model], str] = {
    Client: "pk",
    CareTeamMember: "client_id",
    Invitation: "client_id",
    ClientTheme: "client_id",
    Goal: "client_id",
    GoalVersion: "goal.client_id",
    AgreementEvent: "goal.client_id",
    GoalStep: "goal.client_id",
    GasRating: "goal.client_id",
    ReadinessRating: "goal.client_id",
    DecisionalBalance: "goal.client_id",
    MeasureAssignment: "client_id",
    MeasureResponse: "client_id",
    SafetyAlert: "client_id",
    Intake: "client_id",
    TherapistFormulation: "client_id",
    CheckInRhythm: "client_id",
    CheckIn: "client_id",
    GoalEntry: "checkin.client_id",
    StepCheck: "entry.checkin.client_id",
    CheckInDraft: "client_id",
    ProgressRating: "goal.client_id",
    Reminder: "client_id",
    Celebration: "client_id",
    Thread: "client_id",
    Message: "thread.client_id",
    MessageRevision: "message.thread.client_id",
    ReadMarker: "thread.client_id",
    AgendaItem: "client_id",
    GoalIdea: "client_id",
    Session: "client_id",
    ClientSummary: "client_id",
    ImportedRecord: "client_id",
}

NOT_CLIENT_DATA: dict[type[Model], str] = {
    ClientDataVersion: "the version itself",
    ApiToken: "a person's API tokens show only on their account page, which is not cached",
    AuditEvent: "the audit trail is not cached (and every page view writes one)",
    GoalDraft: "the live co-editing draft shows only in the goal builder, which is not cached",
    DraftPresence: "who is in the goal builder shows only there, and is not cached",
    MessageEmailNotice: "when a person was last emailed about messages: shown nowhere",
    DigestSent: "which daily digests went out: shown nowhere",
    SessionCalendar: "a therapist's calendar-feed secret shows only on their account page",
}


def _on_person_changed(sender, instance: User, update_fields=None, raw: bool = False, **kwargs) -> None:
    """A person's name, language or state shows on the pages of every client they are, or care for."""
    if raw or (update_fields is not None and set(update_fields) <= {"last_login", "password"}):
        return
    dataversion.bump_clients(Q(user_id=instance.pk) | Q(care_team__therapist_id=instance.pk))


def _on_practice_changed(sender, instance: Practice, raw: bool = False, **kwargs) -> None:
    """The practice's settings (default session length, crisis text …) show on its clients' pages."""
    if not raw:
        dataversion.bump_clients(Q(practice_id=instance.pk))


def _on_practice_instrument_changed(
    sender, instance: PracticeInstrument, raw: bool = False, **kwargs
) -> None:
    """Which measures the practice offers shows on its clients' pages."""
    if not raw:
        dataversion.bump_clients(Q(practice_id=instance.practice_id))


def _on_digest_changed(sender, instance: DigestSubscription, raw: bool = False, **kwargs) -> None:
    """The caseload says whether the therapist's daily digest is on."""
    if not raw:
        dataversion.bump_clients(Q(care_team__therapist_id=instance.user_id))


SHOWN_ON_MANY: dict[type[Model], Callable[..., None]] = {
    User: _on_person_changed,
    Practice: _on_practice_changed,
    PracticeInstrument: _on_practice_instrument_changed,
    DigestSubscription: _on_digest_changed,
}


def connect() -> None:
    dataversion.give_new_clients_a_token()
    for model, to_client in TRACKED.items():
        dataversion.track(model, to_client)
    for model, on_change in SHOWN_ON_MANY.items():
        dataversion.track_with(model, on_change)
    for model, why in NOT_CLIENT_DATA.items():
        dataversion.not_client_data(model, why)
