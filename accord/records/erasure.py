"""GDPR Art. 17 erasure of one client: what will go (for the confirmation page) and the deletion itself.

Every personal and clinical row of the client goes, in every app: goals and all under them, check-ins,
drafts, reminders, wins, the rhythm, conversations, the agenda, goal ideas, needs and strengths, intake,
measures and their safety alerts, the formulation, imported-record identifiers, invitations, the care team,
the client's user account with its API tokens, sessions, sign-in records (django-axes), read markers and
e-mail notices. The audit trail is
reduced to stubs (``accord.audit.erasure``) and one new event records the erasure itself.

``actions.erase_client`` is the audited entry point; this module holds the parts so the confirmation page
and the command show exactly what the deletion will remove.
"""

from __future__ import annotations

from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import ApiToken, CareTeamMember, Client, Invitation, User
from accord.assessments.models import (
    Intake,
    MeasureAssignment,
    MeasureResponse,
    SafetyAlert,
    TherapistFormulation,
)
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
from accord.dialogue.models import AgendaItem, GoalIdea, Message, MessageEmailNotice, ReadMarker, Thread
from accord.goals.models import (
    AgreementEvent,
    ClientTheme,
    GasRating,
    Goal,
    GoalStep,
    GoalVersion,
    ReadinessRating,
)
from accord.records.models import ImportedRecord


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    count: int


def _parts(client: Client) -> list[tuple[str, object, QuerySet]]:
    """(key, label, rows) for everything of the client's, children before parents: the deletion order."""
    user_id = client.user_id or 0  # no account: matches nothing (ids start at 1)
    # django-axes keys sign-in records by the lower-cased e-mail (accounts.lockout.account_key).
    sign_in_name = client.user.email.strip().lower() if client.user is not None else "\0no account"
    goals = Goal.objects.filter(client=client)
    threads = Thread.objects.filter(client=client)
    checkins = CheckIn.objects.filter(client=client)
    return [
        ("messages", _("messages"), Message.objects.filter(thread__in=threads)),
        ("read_markers", _("read markers"), ReadMarker.objects.filter(thread__in=threads)),
        ("conversations", _("conversations"), threads),
        (
            "step_checks",
            _("ticked steps in check-ins"),
            StepCheck.objects.filter(entry__checkin__in=checkins),
        ),
        ("checkin_entries", _("check-in answers per goal"), GoalEntry.objects.filter(checkin__in=checkins)),
        ("checkins", _("check-ins"), checkins),
        ("checkin_drafts", _("check-in drafts"), CheckInDraft.objects.filter(client=client)),
        ("reminders", _("check-in reminders"), Reminder.objects.filter(client=client)),
        ("celebrations", _("wins"), Celebration.objects.filter(client=client)),
        ("rhythm", _("check-in rhythm"), CheckInRhythm.objects.filter(client=client)),
        ("progress_ratings", _("progress ratings"), ProgressRating.objects.filter(goal__in=goals)),
        ("agenda_items", _("agenda items"), AgendaItem.objects.filter(client=client)),
        ("goal_ideas", _("goal ideas"), GoalIdea.objects.filter(client=client)),
        ("agreement_events", _("agreement decisions"), AgreementEvent.objects.filter(goal__in=goals)),
        ("gas_ratings", _("GAS ratings"), GasRating.objects.filter(goal__in=goals)),
        ("readiness", _("readiness ratings"), ReadinessRating.objects.filter(goal__in=goals)),
        ("steps", _("milestones and action steps"), GoalStep.objects.filter(goal__in=goals)),
        ("goal_versions", _("goal versions"), GoalVersion.objects.filter(goal__in=goals)),
        ("goals", _("goals"), goals),
        ("themes", _("needs, strengths and values"), ClientTheme.objects.filter(client=client)),
        ("safety_alerts", _("safety alerts"), SafetyAlert.objects.filter(client=client)),
        ("measures", _("measure responses"), MeasureResponse.objects.filter(client=client)),
        ("measure_assignments", _("measure assignments"), MeasureAssignment.objects.filter(client=client)),
        ("intake", _("intake answers"), Intake.objects.filter(client=client)),
        (
            "formulations",
            _("assessment summaries (versions)"),
            TherapistFormulation.objects.filter(client=client),
        ),
        ("imported_records", _("imported-record identifiers"), ImportedRecord.objects.filter(client=client)),
        ("invitations", _("invitations"), Invitation.objects.filter(client=client)),
        ("care_team", _("care-team memberships"), CareTeamMember.objects.filter(client=client)),
        ("api_tokens", _("API tokens"), ApiToken.objects.filter(user_id=user_id)),
        ("sign_in_records", _("sign-in records"), AccessLog.objects.filter(username__iexact=sign_in_name)),
        (
            "failed_sign_ins",
            _("failed sign-in records"),
            AccessAttempt.objects.filter(username__iexact=sign_in_name),
        ),
        (
            "failed_sign_in_log",
            _("failed sign-in log"),
            AccessFailureLog.objects.filter(username__iexact=sign_in_name),
        ),
        ("own_read_markers", _("the account's read markers"), ReadMarker.objects.filter(user_id=user_id)),
        (
            "email_notices",
            _("message e-mail notices"),
            MessageEmailNotice.objects.filter(recipient_id=user_id),
        ),
    ]


def inventory(client: Client) -> list[Part]:
    """What erasing ``client`` will remove, with counts (one query per kind of record, a fixed number)."""
    parts = [Part(key, str(label), rows.count()) for key, label, rows in _parts(client)]
    parts.append(Part("account", str(_("sign-in account")), 1 if client.user_id else 0))
    parts.append(Part("sessions", str(_("signed-in sessions")), len(_session_keys(client.user_id))))
    return parts


def _session_keys(user_id: int | None) -> list[str]:
    """Every stored session (live or expired) of the user. Erasure is rare; a scan needs no bookkeeping."""
    if user_id is None:
        return []
    return [
        session.session_key
        for session in Session.objects.iterator(chunk_size=500)
        if str(session.get_decoded().get(SESSION_KEY)) == str(user_id)
    ]


def delete_everything(client: Client) -> dict[str, int]:
    """Delete the client's rows in every app (the caller holds the transaction and scrubs the audit trail
    first, since its events point at the client). Returns the count per kind."""
    user_id = client.user_id
    counts: dict[str, int] = {}
    sessions = _session_keys(user_id)
    # Goals point at their current and agreed versions; break that loop before the versions go.
    Goal.objects.filter(client=client).update(current_version=None, agreed_version=None)
    for key, _label, rows in _parts(client):
        counts[key] = rows.count()
        # The queryset's own delete: no per-row save/delete hooks (messages are written once, not erased).
        rows.delete()
    counts["sessions"] = Session.objects.filter(session_key__in=sessions).delete()[0]
    Client.objects.filter(pk=client.pk).delete()
    deleted = User.objects.filter(pk=user_id).delete()[1] if user_id else {}
    counts["account"] = deleted.get(User._meta.label, 0)
    return counts
