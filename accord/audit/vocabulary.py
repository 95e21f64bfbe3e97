"""The audit trail's vocabulary of record kinds: what kind of record an event read or wrote.

Each event names its kind (``AuditEvent.record_kind``), so reading the formulation can be told from reading a
goal. The kind comes from the call (``record(..., kind=…)``), else from the URL or API operation that was
asked for (every one of them maps to a kind: the access guard checks it), else from the object's model.
See docs/audit.md.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

RECORD_KINDS = {
    "client record": _("Client record"),
    "client list": _("List of clients"),
    "goal": _("Goal"),
    "theme": _("Need, strength or value"),
    "formulation": _("Formulation (assessment summary)"),
    "intake": _("Intake"),
    "measure response": _("Measure response"),
    "measure assignment": _("Measure assignment"),
    "safety alert": _("Safety alert"),
    "messages": _("Messages"),
    "agenda": _("Agenda"),
    "goal idea": _("Goal idea"),
    "check-ins": _("Check-ins"),
    "rhythm": _("Check-in rhythm and calendar"),
    "celebration": _("Celebration"),
    "progress": _("Progress and reviews"),
    "brief": _("Session brief"),
    "session": _("Session (date, time, held or not)"),
    "export": _("Export"),
    "account": _("Account, sign-in and tokens"),
    "practice": _("Practice settings and people"),
    "audit": _("Audit trail"),
    "api document": _("API document (no client data)"),
}

# A URL name or API operation id → its kind: the first keyword found in the name wins (order matters).
KEYWORDS: list[tuple[str, str]] = [
    ("audit", "audit"),
    ("export", "export"),
    ("import", "export"),
    ("backup", "export"),
    ("research", "export"),
    ("erase", "client record"),
    ("brief", "brief"),
    ("appointment", "session"),
    ("caseload", "client list"),
    ("digest", "account"),
    ("formulation", "formulation"),
    ("intake", "intake"),
    ("alert", "safety alert"),
    ("assignment", "measure assignment"),
    ("assign", "measure assignment"),
    ("measure_stop", "measure assignment"),
    ("due", "measure assignment"),
    ("response", "measure response"),
    ("measure", "measure response"),
    ("instrument", "measure response"),
    ("histor", "measure response"),
    ("t_score", "progress"),
    ("divergence", "progress"),
    ("review", "progress"),
    ("progress", "progress"),
    ("status", "progress"),
    ("message", "messages"),
    ("thread", "messages"),
    ("conversation", "messages"),
    ("mark_read", "messages"),
    ("agenda", "agenda"),
    ("discussed", "agenda"),
    ("idea", "goal idea"),
    ("rhythm", "rhythm"),
    ("calendar", "rhythm"),
    ("checkin", "check-ins"),
    ("wins", "celebration"),
    ("win_note", "celebration"),
    ("celebration", "celebration"),
    ("theme", "theme"),
    ("stage", "goal"),
    ("exploring", "goal"),
    ("balance", "goal"),
    ("goal", "goal"),
    ("step", "goal"),
    ("gas", "goal"),
    ("rat", "goal"),
    ("readiness", "goal"),
    ("version", "goal"),
    ("smart", "goal"),
    ("diff", "goal"),
    ("list_clients", "client list"),
    ("therapist_home", "client list"),
    ("practice_clients", "client list"),
    ("practice", "practice"),
    ("client_add", "client record"),
    ("client_invite", "client record"),
    ("client_page", "client record"),
    ("get_client", "client record"),
    ("client_home", "client record"),
    ("invitation", "account"),
    ("token", "account"),
    ("leave_quickly", "account"),
    ("set_language", "account"),
    ("keep_draft", "account"),
    ("account", "account"),
    ("session", "account"),
    ("me", "account"),
    ("home", "account"),
    ("healthz", "api document"),
    ("openapi", "api document"),
    ("api", "api document"),
]

# A model (app_label.model) → its kind, for events about an object when the URL does not say.
MODEL_KINDS = {
    "accounts.client": "client record",
    "accounts.invitation": "account",
    "accounts.apitoken": "account",
    "accounts.user": "practice",
    "accounts.practice": "practice",
    "goals.goal": "goal",
    "goals.goalversion": "goal",
    "goals.goalstep": "goal",
    "goals.gasrating": "goal",
    "goals.readinessrating": "goal",
    "goals.clienttheme": "theme",
    "assessments.therapistformulation": "formulation",
    "assessments.intake": "intake",
    "assessments.measureresponse": "measure response",
    "assessments.measureassignment": "measure assignment",
    "assessments.safetyalert": "safety alert",
    "dialogue.thread": "messages",
    "dialogue.message": "messages",
    "dialogue.agendaitem": "agenda",
    "dialogue.goalidea": "goal idea",
    "checkins.checkin": "check-ins",
    "checkins.checkindraft": "check-ins",
    "checkins.checkinrhythm": "rhythm",
    "checkins.celebration": "celebration",
    "checkins.progressrating": "progress",
    "appointments.session": "session",
}


def kind_for_name(name: str) -> str:
    """The kind of record a URL name or API operation id is about ("" when none matches)."""
    for keyword, kind in KEYWORDS:
        if keyword in name:
            return kind
    return ""


def kind_for_request(request) -> str:
    match = getattr(request, "resolver_match", None)
    return kind_for_name(match.url_name or "") if match is not None else ""


def kind_for_object(obj) -> str:
    meta = getattr(obj, "_meta", None)
    return MODEL_KINDS.get(meta.label_lower, "") if meta is not None else ""
