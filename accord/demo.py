"""The demo's people and data, seeded by `accord demo` (and `accord manage seed_demo`).

Two practices, so that isolation can be seen: Riverside Counselling (admin Ada, therapists Tess and Ravi,
their clients) and Hillside Therapy (therapist Theo, client Cleo). Everyone signs in with ``DEMO_PASSWORD``.

Seeding runs as a list of steps (``SEED_STEPS``), each idempotent: a step looks for what it would create and
creates only what is missing, so running the seed twice changes nothing. A later capability adds its demo
data by writing a function ``seed_something(people: DemoPeople) -> None`` in its own app and appending its
dotted path to ``SEED_STEPS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import get_language_info

from accord.accounts.models import CareTeamMember, Client, Practice, Role, User
from accord.accounts.people import create_client, create_staff

DEMO_PASSWORD = "accord-demo-2026"

RIVERSIDE = "Riverside Counselling"
HILLSIDE = "Hillside Therapy"

PRACTICES = {
    RIVERSIDE: {
        "time_zone": "Europe/London",
        "crisis_text": (
            "If you're in immediate danger call 999 (UK) / 911 (US). Samaritans: 116 123, any time, free.\n\n"
            # A practice's own words are shown as written; Riverside has a Spanish-reading client (Casey).
            "Si estás en peligro inmediato, llama al 999 (Reino Unido) o al 911 (EE. UU.). "
            "Samaritans (en inglés): 116 123, a cualquier hora, gratis."
        ),
    },
    HILLSIDE: {
        "time_zone": "America/New_York",
        "crisis_text": (
            "If you're in immediate danger call 911. The 988 Suicide & Crisis Lifeline: call or text 988, "
            "any time."
        ),
    },
}


@dataclass(frozen=True)
class DemoStaff:
    practice: str
    email: str
    full_name: str
    role: str


@dataclass(frozen=True)
class DemoClient:
    practice: str
    display_name: str
    therapist_email: str
    email: str | None = None  # None: an in-session-only client who never signs in
    also_seen_by: tuple[str, ...] = ()  # further therapists on the care team
    language: str = "en"  # the client's own (the account page); their therapists keep theirs


STAFF = [
    DemoStaff(RIVERSIDE, "ada@riverside.example", "Ada Okafor", Role.ADMIN),
    DemoStaff(RIVERSIDE, "tess@riverside.example", "Tess Morgan", Role.THERAPIST),
    DemoStaff(RIVERSIDE, "ravi@riverside.example", "Ravi Shah", Role.THERAPIST),
    DemoStaff(HILLSIDE, "theo@hillside.example", "Theo Brooks", Role.THERAPIST),
]

CLIENTS = [
    DemoClient(RIVERSIDE, "Cam", "tess@riverside.example", "cam@riverside.example"),
    # Casey's care team has two therapists: Tess (primary) and Ravi.
    DemoClient(
        RIVERSIDE,
        "Casey",
        "tess@riverside.example",
        "casey@riverside.example",
        also_seen_by=("ravi@riverside.example",),
        # Casey reads Accord in Spanish; Tess and Ravi work in English (issue 15).
        language="es",
    ),
    DemoClient(RIVERSIDE, "Jordan (in session only)", "tess@riverside.example"),
    DemoClient(RIVERSIDE, "Robin", "ravi@riverside.example", "robin@riverside.example"),
    DemoClient(HILLSIDE, "Cleo", "theo@hillside.example", "cleo@hillside.example"),
]


@dataclass(frozen=True)
class DemoPeople:
    """The seeded people, looked up fresh, for the seed steps that follow ``seed_people``."""

    riverside: Practice
    hillside: Practice
    ada: User
    tess: User
    ravi: User
    theo: User
    cam: Client
    casey: Client
    jordan: Client
    robin: Client
    cleo: Client

    def account_of(self, client: Client) -> User:
        """The sign-in of a demo client who has one (Cam, Casey, Cleo …)."""
        if client.user is None:
            raise RuntimeError(f"The demo client {client.display_name!r} has no account.")
        return client.user


def seed_people() -> None:
    """Both practices, their staff and their clients, with time zones and crisis text."""
    practices = {
        name: Practice.objects.get_or_create(name=name, defaults={"crisis_text": details["crisis_text"]})[0]
        for name, details in PRACTICES.items()
    }
    # Argon2 is slow on purpose; everyone shares the demo password, so one hash (made if needed) serves all.
    password_hash = cache(lambda: make_password(DEMO_PASSWORD))
    for staff in STAFF:
        _staff_member(practices[staff.practice], staff, password_hash)
    for client in CLIENTS:
        _client(practices[client.practice], client, password_hash)


def _time_zone_of(practice: Practice) -> str:
    return PRACTICES[practice.name]["time_zone"]


def _staff_member(practice: Practice, staff: DemoStaff, password_hash: Callable[[], str]) -> None:
    if User.objects.filter(email=staff.email).exists():
        return
    user = create_staff(
        practice, email=staff.email, full_name=staff.full_name, role=staff.role, password=None
    )
    user.password = password_hash()
    user.time_zone = _time_zone_of(practice)
    user.save(update_fields=["password", "time_zone"])


def _client(practice: Practice, spec: DemoClient, password_hash: Callable[[], str]) -> None:
    if Client.objects.filter(practice=practice, display_name=spec.display_name).exists():
        return
    therapist = User.objects.get(email=spec.therapist_email)
    client = create_client(practice, display_name=spec.display_name, therapist=therapist, email=spec.email)
    client.time_zone = _time_zone_of(practice)
    client.save(update_fields=["time_zone"])
    if client.user:
        client.user.password = password_hash()
        client.user.time_zone = client.time_zone
        client.user.language = spec.language
        client.user.save(update_fields=["password", "time_zone", "language"])
    for email in spec.also_seen_by:
        CareTeamMember.objects.create(client=client, therapist=User.objects.get(email=email))


def load_people() -> DemoPeople:
    riverside = Practice.objects.get(name=RIVERSIDE)
    hillside = Practice.objects.get(name=HILLSIDE)

    def client(practice: Practice, name: str) -> Client:
        return Client.objects.get(practice=practice, display_name=name)

    def user(email: str) -> User:
        return User.objects.get(email=email)

    return DemoPeople(
        riverside=riverside,
        hillside=hillside,
        ada=user("ada@riverside.example"),
        tess=user("tess@riverside.example"),
        ravi=user("ravi@riverside.example"),
        theo=user("theo@hillside.example"),
        cam=client(riverside, "Cam"),
        casey=client(riverside, "Casey"),
        jordan=client(riverside, "Jordan (in session only)"),
        robin=client(riverside, "Robin"),
        cleo=client(hillside, "Cleo"),
    )


# Later capabilities append "accord.<app>.demo.seed_<thing>" here; each takes the DemoPeople.
SEED_STEPS: list[str] = []
SEED_STEPS.append("accord.goals.demo.seed_goals")
SEED_STEPS.append("accord.progress.demo.seed_checkins_story")
SEED_STEPS.append("accord.checkins.demo.seed_reminder_example")
SEED_STEPS.append("accord.dialogue.demo.seed_dialogue")
SEED_STEPS.append("accord.assessments.demo.seed_assessments")
SEED_STEPS.append("accord.appointments.demo.seed_sessions")


def _steps() -> list[Callable[[DemoPeople], None]]:
    return [import_string(path) for path in SEED_STEPS]


@transaction.atomic
def seed_demo() -> DemoPeople:
    """Create whatever part of the demo is missing; running it again changes nothing."""
    seed_people()
    people = load_people()
    for step in _steps():
        step(people)
    return people


def demo_sign_ins() -> list[tuple[str, str, str]]:
    """(email, who, practice) for every demo person who can sign in."""
    rows = [(s.email, f"{s.full_name} — {Role(s.role).label.lower()}", s.practice) for s in STAFF]
    rows += [(c.email, f"{c.display_name} — client{_in_language(c)}", c.practice) for c in CLIENTS if c.email]
    return rows


def _in_language(client: DemoClient) -> str:
    return (
        "" if client.language == "en" else f", reads Accord in {get_language_info(client.language)['name']}"
    )


def demo_banner(address: str) -> str:
    """What `accord demo` prints before serving: where to go and how to sign in."""
    width = max(len(email) for email, _who, _practice in demo_sign_ins())
    lines = [
        "",
        "Accord demo",
        f"  Open {address} in your browser.",
        "",
        "  Sign in as any of these people, all with the password:",
        f"      {DEMO_PASSWORD}",
        "",
    ]
    for practice in PRACTICES:
        lines.append(f"  {practice}")
        lines += [
            f"    {email.ljust(width)}  {who}" for email, who, where in demo_sign_ins() if where == practice
        ]
        lines.append("")
    return "\n".join(lines)
