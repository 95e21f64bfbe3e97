"""The access guard (ARCHITECTURE.md §Security): every URL and every API operation, listed with who may
use it, tried by everyone who may not.

- A URL pattern or API operation that is not listed here fails ``test_every_*_is_listed``.
- Anonymous visitors are sent to sign-in (pages) or get 401 (API), except on the public ones.
- People of the other practice, another client of the same practice and the practice admin get 404 on a
  client's objects; clients get 404 on therapist-only and admin-only pages; therapists on admin pages.
- Each of those denials leaves an ``access.denied`` event in the audit trail.

The world is the demo practice (accord.demo), so the guard also sees every kind of object the demo holds.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace

import pytest
from django.test import Client as Browser
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accord.accounts.models import ApiToken, Client, User
from accord.api.api import api
from accord.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

# --- Who may use what ----------------------------------------------------------------------------------
PUBLIC = "public"  # anyone, signed in or not
SIGNED_IN = "signed in"  # any signed-in person, about themselves
OWN_TOKEN = "own token"  # the token's owner only
THERAPIST = "therapist"  # therapists' own pages (their caseload)
STAFF = "practice staff"  # therapists and the practice admin (adding a client)
CLIENT = "client"  # a client's own pages (/me/…)
ADMIN = "admin"  # practice admin pages
ADMIN_OF = "admin of the client's practice"  # admin pages about one client or member of the practice
CARE = "client and care team"  # the client and the therapists on their care team
CARE_TEAM = "care team only"  # therapist-only views of a client (formulation, review, alerts …)

PAGES = {
    "home": SIGNED_IN,
    "healthz": PUBLIC,
    "account_page": SIGNED_IN,
    "api_token_create": SIGNED_IN,
    "account_email_preferences": CLIENT,
    "account_language": SIGNED_IN,
    # Django's set_language: the signed-out pages' language switch (a cookie, CSRF-checked POST, no data).
    "set_language": PUBLIC,
    "api_token_revoke": OWN_TOKEN,
    # Answers {"authenticated": false} to a signed-out browser: the idle warning's poll, no data.
    "session_status": PUBLIC,
    "session_keep_alive": SIGNED_IN,
    # The safety exit's beacon: signs out whoever sends it (CSRF-checked); 204 for a signed-out browser.
    "leave_quickly": PUBLIC,
    "keep_draft": SIGNED_IN,
    "invitation_accept": PUBLIC,
    "therapist_home": THERAPIST,
    "client_add": STAFF,
    "client_page": CARE_TEAM,
    "client_invite": CARE_TEAM,
    "client_home": CLIENT,
    "records_my_data_export": CLIENT,
    "records_erase_client": ADMIN_OF,
    "records_outcomes": ADMIN,
    "records_outcomes_csv": ADMIN,
    "records_research_csv": ADMIN,
    "practice_home": ADMIN,
    "practice_therapists": ADMIN,
    "practice_invite_therapist": ADMIN,
    "practice_clients": ADMIN,
    "practice_care_team": ADMIN_OF,
    "practice_deactivate": ADMIN_OF,
    "practice_reactivate": ADMIN_OF,
    "practice_settings": ADMIN,
    "practice_measures": ADMIN,
    "audit_trail": ADMIN,
    "audit_export": ADMIN,
    # Goals
    "client_goals": CARE_TEAM,
    "client_goal_new": CARE_TEAM,
    "my_goals": CLIENT,
    "my_goal_new": CLIENT,
    "my_goals_explained": CLIENT,
    "goal_page": CARE,
    "goal_edit": CARE,
    "goal_coach": CARE,
    # Shaping a goal together live: its draft and who is here (JSON for coedit.js)
    "goal_live": CARE,
    "goal_live_presence": CARE,
    "goal_changes": CARE,
    "goal_accept": CARE,
    "goal_decline": CARE,
    "goal_park": CARE,
    "goal_resume": CARE,
    "goal_withdraw": CARE,
    "goal_close": CARE_TEAM,
    "goal_step_tick": CARE,
    "goal_gas_rate": CARE,
    "goal_ratings": CARE,
    "goal_readiness": CARE,
    "goal_in_session": CARE_TEAM,
    "goal_stage": CARE_TEAM,
    "goal_exploring": CARE,
    "goal_balance": CARE,
    "client_checkin_in_session": CARE_TEAM,
    # Assessment
    "intake": CLIENT,
    "intake_step": CLIENT,
    "intake_autosave": CLIENT,
    "intake_review": CLIENT,
    "my_measures": CLIENT,
    "take_measure": CLIENT,
    "my_measure_result": CLIENT,
    "client_assessment": CARE_TEAM,
    "client_formulation_save": CARE_TEAM,
    "client_measure_assign": CARE_TEAM,
    "client_measure_stop": CARE_TEAM,
    "client_measure_enter": CARE_TEAM,
    "client_measure_response": CARE_TEAM,
    "client_measure_mark_improvement": CARE_TEAM,
    "client_alert": CARE_TEAM,
    # Dialogue
    "dialogue_conversation": CARE,
    "dialogue_goal_thread": CARE,
    "dialogue_thread": CARE,
    "dialogue_message": CARE,
    "dialogue_agenda": CARE,
    "dialogue_agenda_discussed": CARE,
    "dialogue_ideas": CARE,
    "dialogue_idea_to_goal": CARE,
    "dialogue_my_agenda": CLIENT,
    "dialogue_my_messages": CLIENT,
    # Check-ins, progress, celebrations
    "checkin": CLIENT,
    "checkin_draft": CLIENT,
    "checkin_done": CLIENT,
    "my_wins": CLIENT,
    "my_rhythm": CLIENT,
    "my_calendar_create": CLIENT,
    "my_calendar_revoke": CLIENT,
    "calendar_feed": PUBLIC,
    "client_rhythm": CARE_TEAM,
    "client_wins": CARE_TEAM,
    "client_win_note": CARE_TEAM,
    "client_review": CARE_TEAM,
    "goal_review_record": CARE_TEAM,
    "goal_review_decide": CARE_TEAM,
    "goal_review_tick": CARE_TEAM,
    "goal_status_set": CARE_TEAM,
    "goal_progress": CARE,
    "goal_progress_chart": CARE,
    "client_progress": CARE_TEAM,
    "my_progress": CLIENT,
    "client_t_score_chart": CARE,
    "client_measure_chart": CARE,
    # Sessions, the brief and the daily digest
    "client_brief": CARE_TEAM,
    "appointment_add": CARE_TEAM,
    "appointment_state": CARE_TEAM,
    "appointment_split": CARE_TEAM,
    "digest_settings": THERAPIST,
    "sessions_calendar_create": THERAPIST,
    "sessions_calendar_revoke": THERAPIST,
    "sessions_calendar_feed": PUBLIC,
    # The API's own documents (no data in them).
    "openapi-json": PUBLIC,
    "openapi-view": PUBLIC,
    "api-root": PUBLIC,
    "api_unknown_endpoint": PUBLIC,  # a JSON 404 for any path the API does not have
}

# API operations by operationId (ninja names them after the view function).
API = {
    "me": SIGNED_IN,
    "list_clients": SIGNED_IN,
    "get_client": CARE,
    "list_goals": CARE,
    "propose_goal": CARE,
    "get_goal": CARE,
    "edit_goal": CARE,
    "accept_goal": CARE,
    "decline_goal": CARE,
    "park_goal": CARE,
    "resume_goal": CARE,
    "withdraw_goal": CARE,
    "complete_goal": CARE,
    "cancel_goal": CARE,
    "list_versions": CARE,
    "get_version": CARE,
    "diff_goal": CARE,
    "list_steps": CARE,
    "tick_step": CARE,
    "list_gas_ratings": CARE,
    "rate_gas": CARE,
    "rate_goal": CARE,
    "list_readiness": CARE,
    "rate_readiness": CARE,
    "record_in_session": CARE,
    "set_stage": CARE,
    "set_exploring": CARE,
    "get_balance": CARE,
    "put_balance": CARE,
    "goal_motivation": CARE_TEAM,
    "client_t_score": CARE,
    "list_themes": CARE,
    "add_theme": CARE,
    "smart_check": SIGNED_IN,
    "list_instruments": SIGNED_IN,
    "list_responses": CARE,
    "create_response": CARE,
    "get_response": CARE,
    "list_histories": CARE,
    "list_assignments": CARE,
    "create_assignment": CARE_TEAM,
    "stop_assignment": CARE_TEAM,
    "list_due": CARE,
    "get_intake": CARE,
    "patch_intake": CARE,
    "get_intake_questions": SIGNED_IN,
    "list_alerts": THERAPIST,
    "acknowledge_alert": CARE_TEAM,
    "mark_improvement": CARE_TEAM,
    "get_formulation": CARE_TEAM,
    "put_formulation": CARE_TEAM,
    "list_threads": CARE,
    "open_goal_thread": CARE,
    "list_messages": CARE,
    "post_message": CARE,
    "edit_message": CARE,
    "mark_read": CARE,
    "list_agenda": CARE,
    "add_agenda_item": CARE,
    "mark_discussed": CARE,
    "list_goal_ideas": CARE,
    "add_goal_idea": CARE,
    "turn_idea_into_goal": CARE,
    "get_rhythm": CARE,
    "change_rhythm": CARE,
    "list_checkins": CARE,
    "submit_checkin": CARE,
    "get_checkin": CARE,
    "list_celebrations": CARE,
    "note_celebration": CARE_TEAM,
    "goal_progress": CARE,
    "goal_status": CARE,
    "set_goal_status": CARE_TEAM,
    "t_scores": CARE,
    "client_divergence": CARE,
    "record_review": CARE_TEAM,
    "list_appointments": CARE_TEAM,
    "plan_appointment": CARE_TEAM,
    "set_appointment_state": CARE_TEAM,
    "split_appointment": CARE_TEAM,
    "caseload_list": THERAPIST,
    "client_brief": CARE_TEAM,
    "export_client_fhir": CARE,
    "export_client_pdf": CARE,
    "import_fhir": ADMIN,
}

OBJECT_AUDIENCES = {CARE, CARE_TEAM, ADMIN_OF, OWN_TOKEN}


# --- The URL map ---------------------------------------------------------------------------------------
def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def accord_pages() -> dict[str, list[str]]:
    """Our own named URL patterns (allauth's and the API's operations are covered elsewhere)."""
    found: dict[str, list[str]] = {}
    for route, pattern in _walk(get_resolver().url_patterns):
        if route.startswith("accounts/") or (route.startswith("api/v1/") and pattern.name not in PAGES):
            continue
        found[pattern.name] = list(pattern.pattern.converters)
    return found


@functools.cache
def openapi_schema() -> dict:
    return api.get_openapi_schema()  # slow to build: once per test process


def api_operations() -> dict[str, tuple[str, str, dict]]:
    schema = openapi_schema()
    operations = {}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            # ninja prefixes operation ids with the module ("accord_goals_api_"); the guard lists the views.
            short = re.sub(r"^accord_(api_accounts|\w+?_api)_", "", operation["operationId"])
            operations[short] = (path, method, operation)
    return operations


# --- The world: the demo practice, with the objects every URL points at ------------------------------
@dataclass
class World:
    people: dict[str, User]
    clients: dict[str, Client]
    token_of: dict[str, str] = field(default_factory=dict)
    browsers: dict[str, Browser] = field(default_factory=dict)

    def owner_for(self, audience: str, kwargs: list[str]) -> str:
        """Whose objects a URL is tried with: Cleo's for safety alerts (the demo's alert), else Cam's."""
        return "cleo" if "alert_id" in kwargs else "cam"

    def value(self, name: str, owner: str):
        client = self.clients[owner]
        finders = {
            "client_id": lambda: client.pk,
            "goal_id": lambda: _goal(client).pk,
            "step_id": lambda: _goal(client).steps.first().pk,
            "number": lambda: 1,
            "thread_id": lambda: client.threads.first().pk,
            "message_id": lambda: _message(client).pk,
            "item_id": lambda: client.agenda_items.first().pk,
            "idea_id": lambda: client.goal_ideas.first().pk,
            "response_id": lambda: client.measure_responses.first().pk,
            "assignment_id": lambda: client.measure_assignments.first().pk,
            "alert_id": lambda: client.safety_alerts.first().pk,
            "checkin_id": lambda: client.checkins.first().pk,
            "celebration_id": lambda: client.celebrations.first().pk,
            "session_id": lambda: client.sessions.first().pk,
            "instrument_key": lambda: "phq9",
            "key": lambda: "phq9",
            "step": lambda: 1,
            "item_key": lambda: "what_brings_you",
            "user_id": lambda: self.people["tess" if owner == "cam" else "theo"].pk,
            "token_id": lambda: ApiToken.objects.filter(user=self.people["tess"]).first().pk,
            "token": lambda: "not-a-real-token",
        }
        return finders[name]()


def _goal(client: Client):
    """The client's goal with the most going on (steps, versions)."""
    return client.goals.exclude(steps=None).order_by("pk").first() or client.goals.order_by("pk").first()


def _message(client: Client):
    from accord.dialogue.models import Message

    return Message.objects.filter(thread__client=client).order_by("pk").first()


@pytest.fixture(autouse=True)
def _quiet_404s(caplog):
    """Hundreds of expected 404s would otherwise each be logged and captured."""
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)
    yield
    logging.getLogger("django.request").setLevel(logging.NOTSET)


@pytest.fixture(scope="module")
def demo_world(demo_people, django_db_blocker) -> World:
    """The demo, seeded once for this module, with what every URL needs and an API token for everyone."""
    with django_db_blocker.unblock():
        return _build_world()


@pytest.fixture
def world(demo_world) -> World:
    """The module's world, with fresh browsers: sessions made by one test are rolled back after it."""
    return replace(demo_world, browsers={})


def _build_world() -> World:
    people = {
        email.split("@")[0]: User.objects.get(email=email)
        for email in (
            "ada@riverside.example",
            "tess@riverside.example",
            "theo@hillside.example",
            "cam@riverside.example",
            "casey@riverside.example",
            "cleo@hillside.example",
        )
    }
    clients = {name: people[name].client_profile for name in ("cam", "casey", "cleo")}
    _give_cam_what_the_demo_does_not(clients["cam"], people["cam"])
    world = World(people, clients)
    for name, user in people.items():
        world.token_of[name] = ApiToken.issue(user, "guard")[1]
    return world


def _give_cam_what_the_demo_does_not(cam: Client, user: User) -> None:
    """Every URL needs an object of Cam's to point at; the demo gives Casey the goal idea, so Cam gets one."""
    from accord.dialogue.models import GoalIdea

    if not cam.goal_ideas.exists():
        GoalIdea.objects.create(client=cam, text="Learn to swim", added_by=user, added_by_party="client")


def outsiders(audience: str, owner: str) -> list[str]:
    """Who must be turned away from a URL of this audience pointing at ``owner``'s objects."""
    same_practice = owner == "cam"
    others = {
        CARE: ["theo", "cleo", "casey", "ada"] if same_practice else ["tess", "cam", "casey", "ada"],
        CARE_TEAM: ["theo", "cleo", "casey", "ada", "cam"]
        if same_practice
        else ["tess", "cam", "ada", "cleo"],
        ADMIN_OF: ["theo", "cleo", "casey", "cam", "tess"],
        OWN_TOKEN: ["theo", "ada", "cam"],
        THERAPIST: ["cam", "ada"],
        STAFF: ["cam", "cleo"],
        CLIENT: ["tess", "ada", "theo"],
        ADMIN: ["tess", "cam", "theo"],
    }
    return others.get(audience, [])


def browser_for(world: World, name: str) -> Browser:
    if name not in world.browsers:
        world.browsers[name] = Browser()
        world.browsers[name].force_login(world.people[name])
    return world.browsers[name]


def try_url(browser: Browser, url: str):
    """GET, or POST where the URL takes only POST: one request per URL and person keeps the guard quick."""
    response = browser.get(url)
    return browser.post(url) if response.status_code == 405 else response


def page_url(world: World, name: str, kwargs: list[str], owner: str) -> str:
    return reverse(name, kwargs={kwarg: world.value(kwarg, owner) for kwarg in kwargs})


# --- Tests ---------------------------------------------------------------------------------------------
def test_every_page_is_listed():
    unlisted = sorted(set(accord_pages()) - set(PAGES))
    assert not unlisted, f"Add these URL names to the access guard with who may use them: {unlisted}"
    gone = sorted(set(PAGES) - set(accord_pages()))
    assert not gone, f"These listed URL names no longer exist: {gone}"


def test_every_api_operation_is_listed():
    unlisted = sorted(set(api_operations()) - set(API))
    assert not unlisted, f"Add these API operations to the access guard: {unlisted}"
    gone = sorted(set(API) - set(api_operations()))
    assert not gone, f"These listed API operations no longer exist: {gone}"


def test_anonymous_visitors_are_sent_to_sign_in(world):
    login = reverse("account_login")
    problems = []
    for name, kwargs in accord_pages().items():
        if PAGES[name] == PUBLIC:
            continue
        url = page_url(world, name, kwargs, world.owner_for(PAGES[name], kwargs))
        response = try_url(Browser(), url)
        redirected = response.status_code == 302 and response["Location"].startswith(login)
        if not (redirected or response.status_code == 401):
            problems.append(f"{url} → {response.status_code}")
    assert not problems, "Anonymous visitors got in:\n" + "\n".join(problems)


def test_public_pages_need_no_sign_in(world):
    for name in ("healthz", "api:openapi-json", "api:openapi-view"):
        assert Browser().get(reverse(name)).status_code == 200
    # Unknown invitation and calendar tokens say so without revealing anything.
    assert Browser().get(reverse("invitation_accept", args=["nope"])).status_code == 410
    assert Browser().get(reverse("calendar_feed", args=["nope"])).status_code == 404
    assert Browser().get(reverse("sessions_calendar_feed", args=["nope"])).status_code == 404


def _denials_of(user) -> int:
    return AuditEvent.objects.filter(actor=user, action="access.denied").count()


def test_people_outside_the_care_team_or_role_get_404_and_it_is_audited(world):
    problems = []
    for name, kwargs in accord_pages().items():
        audience = PAGES[name]
        owner = world.owner_for(audience, kwargs)
        if not outsiders(audience, owner):
            continue
        url = page_url(world, name, kwargs, owner)
        for outsider in outsiders(audience, owner):
            before = _denials_of(world.people[outsider])
            status = try_url(browser_for(world, outsider), url).status_code
            if status != 404:
                problems.append(f"{outsider}: {url} ({audience}) → {status}")
            elif _denials_of(world.people[outsider]) == before:
                problems.append(f"{outsider}: {url} → 404 not audited")
    assert not problems, "Access guard failures:\n" + "\n".join(problems)


# --- API ---------------------------------------------------------------------------------------------
def _api_path(world: World, path: str, owner: str) -> str:
    return re.sub(r"{(\w+)}", lambda m: str(world.value(m.group(1), owner)), path)


def _dummy(schema: dict, components: dict):
    """A minimal valid-looking body, so requests reach the access check instead of failing validation."""
    if "$ref" in schema:
        return _dummy(components[schema["$ref"].split("/")[-1]], components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return _dummy(schema[key][0], components)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {name: _dummy(schema["properties"][name], components) for name in schema.get("required", [])}
    if kind == "array":
        return [_dummy(schema["items"], components)] if schema.get("minItems") else []
    return {"string": "x", "integer": 1, "number": 1, "boolean": True}.get(kind)


def _api_owner(path: str) -> str:
    return "cleo" if "alert_id" in path else "cam"


def _api_call(world: World, who: str | None, operation_id: str, path: str = ""):
    """Call an operation on the owner's objects; ``path`` (with some parameters filled in) overrides."""
    listed_path, method, operation = api_operations()[operation_id]
    path = path or listed_path
    owner = _api_owner(path)
    components = openapi_schema()["components"]["schemas"]
    body = None
    if "requestBody" in operation:
        content = operation["requestBody"]["content"].get("application/json")
        if content:
            body = _dummy(content["schema"], components)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.token_of[who]}"} if who else {}
    browser = Browser()
    call = getattr(browser, method)
    url = _api_path(world, path, owner)
    required_query = [
        p["name"] for p in operation.get("parameters", []) if p["in"] == "query" and p.get("required")
    ]
    if required_query:
        url += "?" + "&".join(f"{name}=1" for name in required_query)
    if body is not None:
        return call(url, data=body, content_type="application/json", **headers)
    return call(url, **headers)


def test_the_api_answers_401_without_a_token(world):
    problems = []
    for operation_id in api_operations():
        response = _api_call(world, None, operation_id)
        if response.status_code != 401:
            problems.append(f"{operation_id} → {response.status_code}")
        elif "detail" not in response.json():
            problems.append(f"{operation_id}: 401 without a JSON detail")
    assert not problems, "\n".join(problems)


def test_api_objects_are_404_to_everyone_outside_the_care_team(world):
    problems = []
    for operation_id, audience in API.items():
        if audience not in (CARE, CARE_TEAM):
            continue
        path, method, _operation = api_operations()[operation_id]
        owner = _api_owner(path)
        for outsider in outsiders(audience, owner):
            status = _api_call(world, outsider, operation_id).status_code
            # The client may read her own record but not write therapist-only parts of it: 403 (ARCHITECTURE).
            own_write = outsider == owner and method != "get" and status == 403
            if status != 404 and not own_write:
                problems.append(f"{outsider}: {operation_id} ({audience}) → {status}")
    assert not problems, "API access guard failures:\n" + "\n".join(problems)


# --- Objects under a client: one audited lookup ----------------------------------------------------------
# Path parameters that name an object under a client (or under one of its goals or threads). Each is looked
# up with accord.accounts.access.get_under_client (or a helper on it), so a wrong id is an audited 404 even
# for someone who may see the client.
UNDER_CLIENT = {
    "goal_id": 10**9,
    "step_id": 10**9,
    "number": 10**6,
    "thread_id": 10**9,
    "message_id": 10**9,
    "item_id": 10**9,
    "idea_id": 10**9,
    "checkin_id": 10**9,
    "celebration_id": 10**9,
    "response_id": 10**9,
    "assignment_id": 10**9,
    "alert_id": 10**9,
    "session_id": 10**9,
}


def insider(audience: str, owner: str) -> str | None:
    """Someone who may open ``owner``'s record for a URL of this audience."""
    if audience in (CARE, CARE_TEAM):
        return "tess" if owner == "cam" else "theo"
    return {CLIENT: owner}.get(audience)


def test_a_wrong_object_id_under_a_visible_client_is_404_and_audited(world):
    """The care team (or the client herself) asking for an object that is not this client's: 404, and the
    denial is in the audit trail, like every other (dialogue, steps, versions, check-ins, measures …)."""
    problems, tried = [], 0
    for name, kwargs in accord_pages().items():
        audience = PAGES[name]
        owner = world.owner_for(audience, kwargs)
        who = insider(audience, owner)
        for wrong in (kwarg for kwarg in kwargs if kwarg in UNDER_CLIENT):
            if who is None:
                continue
            values = {kwarg: world.value(kwarg, owner) for kwarg in kwargs} | {wrong: UNDER_CLIENT[wrong]}
            url = reverse(name, kwargs=values)
            before = _denials_of(world.people[who])
            status = try_url(browser_for(world, who), url).status_code
            tried += 1
            if status != 404:
                problems.append(f"{who}: {url} ({wrong} wrong) → {status}")
            elif _denials_of(world.people[who]) == before:
                problems.append(f"{who}: {url} ({wrong} wrong) → 404 not audited")
    for operation_id, audience in API.items():
        path, _method, _operation = api_operations()[operation_id]
        owner = _api_owner(path)
        who = insider(audience, owner)
        for wrong in (kwarg for kwarg in re.findall(r"{(\w+)}", path) if kwarg in UNDER_CLIENT):
            if who is None:
                continue
            before = _denials_of(world.people[who])
            bogus = path.replace("{" + wrong + "}", str(UNDER_CLIENT[wrong]))
            status = _api_call(world, who, operation_id, bogus).status_code
            tried += 1
            if status != 404:
                problems.append(f"{who}: {operation_id} ({wrong} wrong) → {status}")
            elif _denials_of(world.people[who]) == before:
                problems.append(f"{who}: {operation_id} ({wrong} wrong) → 404 not audited")
    assert tried > 40
    assert not problems, "Unaudited or wrong answers:\n" + "\n".join(problems)


def test_the_care_team_cannot_check_in_or_review_with_another_clients_goal(world):
    """Goal ids in a body are looked up among the client's goals too: 404, audited."""
    tess, cam, casey = world.people["tess"], world.clients["cam"], world.clients["casey"]
    other_goal = casey.goals.order_by("pk").first() or _goal(casey)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.token_of['tess']}"}
    before = _denials_of(tess)
    response = Browser().post(
        f"/api/v1/clients/{cam.pk}/reviews",
        data={"goals": [{"goal_id": other_goal.pk, "therapist_progress": 5}]},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
    assert _denials_of(tess) == before + 1


# views.py, or the modules of a views/ package (accord/goals/views/); api.py, never the accord/api/ app.
ROUTE_MODULES = re.compile(r"(^|/)(views|api|urls|audit_trail)\.py$|/views/\w+\.py$")


def _accord_sources():
    import pathlib

    root = pathlib.Path(__file__).resolve().parent.parent / "accord"
    return [(path.relative_to(root.parent).as_posix(), path.read_text()) for path in root.rglob("*.py")]


def test_views_and_api_modules_fetch_through_the_access_modules():
    """No ad-hoc lookup can skip the audit: views and API modules never use ``get_object_or_404`` or raise a
    bare ``Http404``; they call an access helper (``not_found``, ``get_under_client``,
    ``nothing_to_show``)."""
    offenders = [
        path
        for path, text in _accord_sources()
        if ROUTE_MODULES.search(path) and re.search(r"\bget_object_or_404\b|\bHttp404\b", text)
    ]
    assert not offenders


def test_no_app_imports_another_apps_views():
    """Pages of other apps reach an app's read side through its ``sections.py``, never its ``views.py``."""
    offenders = []
    for path, text in _accord_sources():
        app = path.split("/")[1]
        for other in re.findall(r"accord\.(\w+)\.views\b|from accord\.(\w+) import [^\n]*\bviews\b", text):
            name = other[0] or other[1]
            if name != app:
                offenders.append(f"{path} imports accord.{name}.views")
    assert not offenders
