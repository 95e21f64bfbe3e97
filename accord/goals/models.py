"""Goals written together: a stable ``Goal`` with immutable ``GoalVersion``s, agreement per version,
milestones, action steps, GAS ratings and readiness over time.

Statuses use FHIR's value sets (CLINICAL.md) so export is lossless. Agreement is kept as the version number
each party last accepted; a goal is *agreed* when both numbers equal the current version's number.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from accord.accounts.models import Client
from accord.goals import gas


class Party(models.TextChoices):
    CLIENT = "client", _("Client")
    THERAPIST = "therapist", _("Therapist")


class LifecycleStatus(models.TextChoices):
    """FHIR Goal.lifecycleStatus (R4)."""

    PROPOSED = "proposed", _("Proposed")
    PLANNED = "planned", _("Planned")
    ACCEPTED = "accepted", _("Accepted")
    ACTIVE = "active", _("Active")
    ON_HOLD = "on-hold", _("Parked")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Withdrawn")
    ENTERED_IN_ERROR = "entered-in-error", _("Entered in error")
    REJECTED = "rejected", _("Declined")


# Where a goal stands, the one definition every page, action and API uses. Each status is in exactly one
# of the three groups (tests/goals/test_lifecycle_groups.py).
# Open: being shaped, worked on or parked.
OPEN_LIFECYCLE = (LifecycleStatus.PROPOSED, LifecycleStatus.ACTIVE, LifecycleStatus.ON_HOLD)
# Closed: completed, withdrawn or retired, or entered in error. Nothing about it changes any more.
CLOSED_LIFECYCLE = (LifecycleStatus.COMPLETED, LifecycleStatus.CANCELLED, LifecycleStatus.ENTERED_IN_ERROR)
# Neither: declined before it was agreed (kept to talk over; it can still be changed, parked or withdrawn,
# and a new version makes it proposed again), and two FHIR statuses Accord never sets.
SET_ASIDE_LIFECYCLE = (LifecycleStatus.REJECTED, LifecycleStatus.PLANNED, LifecycleStatus.ACCEPTED)
# Open and not parked: a version can be accepted, and someone may be waited for — unless the goal is
# *exploring* (``Goal.exploring``, an Accord flag on a proposed or declined goal, exported as FHIR
# "proposed"): ``Goal.is_in_play`` and ``GoalQuerySet.in_play`` combine the two, and everything asks them.
IN_PLAY_LIFECYCLE = (LifecycleStatus.PROPOSED, LifecycleStatus.ACTIVE)
# Agreed and worked on at some point: what progress, GAS scores and statuses are about.
TRACKED_LIFECYCLE = (LifecycleStatus.ACTIVE, LifecycleStatus.ON_HOLD, LifecycleStatus.COMPLETED)


class StageOfChange(models.TextChoices):
    """Where the client stands towards this change (Prochaska & DiClemente): a label the therapist chooses,
    not a score (CLINICAL.md). Optional; blank is "not chosen"."""

    PRECONTEMPLATION = "precontemplation", _("Not yet considering it")
    CONTEMPLATION = "contemplation", _("Thinking about it")
    PREPARATION = "preparation", _("Getting ready")
    ACTION = "action", _("Doing it")
    MAINTENANCE = "maintenance", _("Keeping it up")


class AchievementStatus(models.TextChoices):
    """FHIR Goal.achievementStatus."""

    IN_PROGRESS = "in-progress", _("In progress")
    IMPROVING = "improving", _("Improving")
    WORSENING = "worsening", _("Worsening")
    NO_CHANGE = "no-change", _("No change")
    ACHIEVED = "achieved", _("Achieved")
    SUSTAINING = "sustaining", _("Sustaining")
    NOT_ACHIEVED = "not-achieved", _("Not achieved")
    NO_PROGRESS = "no-progress", _("No progress")
    NOT_ATTAINABLE = "not-attainable", _("Not attainable")


class LifeArea(models.TextChoices):
    MOOD = "mood", _("Mood and feelings")
    RELATIONSHIPS = "relationships", _("Relationships and family")
    WORK = "work", _("Work, study or training")
    HEALTH = "health", _("Body, sleep and health")
    DAILY_LIFE = "daily_life", _("Daily life and routines")
    LEISURE = "leisure", _("Leisure and creativity")
    COMMUNITY = "community", _("Friends and community")
    SUBSTANCES = "substances", _("Alcohol, drugs or habits")
    OTHER = "other", _("Something else")


class MeasureKind(models.TextChoices):
    """How progress on a goal is tracked. Names match ``accord.goals.smart`` measure kinds."""

    RATING = "rating_0_10", _("A 0–10 rating")
    COUNT_DAY = "count_per_day", _("How many times a day")
    COUNT_WEEK = "count_per_week", _("How many times a week")
    COUNT_MONTH = "count_per_month", _("How many times a month")
    MINUTES = "minutes", _("Minutes")
    YES_NO_DAY = "yes_no_per_day", _("Yes or no, each day (days per week)")
    STANDARD = "standard_score", _("A standard measure's score")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class ThemeKind(models.TextChoices):
    NEED = "need", _("Need")
    STRENGTH = "strength", _("Strength")
    VALUE = "value", _("What matters")


ZERO_TO_THREE = [MinValueValidator(0), MaxValueValidator(3)]
ZERO_TO_TEN = [MinValueValidator(0), MaxValueValidator(10)]
GAS_RANGE = [MinValueValidator(-2), MaxValueValidator(2)]


class ClientTheme(models.Model):
    """A need, strength or value of the client's that goals link to ("Relevant").

    Either party can add one; the intake fills them later (``source``)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="themes")
    kind = models.CharField(max_length=10, choices=ThemeKind.choices)
    text = models.CharField(max_length=200)
    source = models.CharField(max_length=20, default="manual")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "text"]
        constraints = [
            models.UniqueConstraint(fields=["client", "kind", "text"], name="theme_unique_per_client")
        ]

    def __str__(self) -> str:
        return self.text


class GoalQuerySet(models.QuerySet["Goal"]):
    def visible_to(self, user) -> GoalQuerySet:
        return self.filter(client__in=Client.objects.visible_to(user))

    def open(self) -> GoalQuerySet:
        return self.filter(lifecycle_status__in=OPEN_LIFECYCLE)

    def with_current(self) -> GoalQuerySet:
        return self.select_related("current_version", "client")

    def in_play(self) -> GoalQuerySet:
        """Open, not parked and not being explored: a version can be accepted (``Goal.is_in_play``)."""
        return self.filter(lifecycle_status__in=IN_PLAY_LIFECYCLE, exploring=False)

    def awaiting(self, party: str) -> GoalQuerySet:
        """Open, not parked, not exploring goals whose current version ``party`` has not accepted yet."""
        field = "client_accepted_number" if party == Party.CLIENT else "therapist_accepted_number"
        return self.in_play().exclude(**{field: F("current_version__number")}).exclude(last_declined_by=party)


class Goal(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="goals")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_by_party = models.CharField(max_length=10, choices=Party.choices)
    # The client's own words: written by the client, never overwritten by the therapist's edits.
    client_words = models.TextField(_("in your own words"), blank=True, max_length=1000)
    current_version = models.ForeignKey(
        "GoalVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    client_accepted_number = models.PositiveIntegerField(null=True, blank=True)
    therapist_accepted_number = models.PositiveIntegerField(null=True, blank=True)
    agreed_version = models.ForeignKey(
        "GoalVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_declined_by = models.CharField(max_length=10, choices=Party.choices, blank=True)
    lifecycle_status = models.CharField(
        max_length=20, choices=LifecycleStatus.choices, default=LifecycleStatus.PROPOSED
    )
    # Where a parked goal returns to when it is taken up again.
    status_before_parking = models.CharField(max_length=20, choices=LifecycleStatus.choices, blank=True)
    achievement_status = models.CharField(max_length=20, choices=AchievementStatus.choices, blank=True)
    achievement_set_by_hand = models.BooleanField(default=False)
    # Exploring: a goal not yet ready to be made SMART or agreed; nobody is asked to accept it, it is never
    # checked in on. Only a goal never agreed (proposed or declined) explores; see ``is_in_play``.
    exploring = models.BooleanField(default=False)
    # The stage of change the therapist chose for this goal (optional, a label not a score).
    stage_of_change = models.CharField(max_length=20, choices=StageOfChange.choices, blank=True)
    # Each party's own ratings, kept apart and never averaged (GAS weight = client importance × difficulty).
    client_importance = models.PositiveSmallIntegerField(null=True, blank=True, validators=ZERO_TO_THREE)
    therapist_importance = models.PositiveSmallIntegerField(null=True, blank=True, validators=ZERO_TO_THREE)
    therapist_difficulty = models.PositiveSmallIntegerField(null=True, blank=True, validators=ZERO_TO_THREE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The proposal form's one-time key: the same form sent twice (a double tap) proposes one goal.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["client", "lifecycle_status"])]
        constraints = [
            models.UniqueConstraint(fields=["proposed_by", "submission_key"], name="goals_goal_proposed_once")
        ]

    def __str__(self) -> str:
        return self.current_version.statement if self.current_version else self.client_words[:60]

    # --- agreement ---------------------------------------------------------------------------------
    @property
    def version_now(self) -> GoalVersion:
        """The current version. ``current_version`` is empty only inside ``actions.propose_goal``, between
        creating the goal and its first version; every goal read after that has one."""
        if self.current_version is None:
            raise GoalVersion.DoesNotExist(f"Goal {self.pk} has no version yet.")
        return self.current_version

    @property
    def version_agreed(self) -> GoalVersion:
        """The agreed version, for code that has kept only agreed goals (``agreed_version`` is set)."""
        if self.agreed_version is None:
            raise GoalVersion.DoesNotExist(f"Goal {self.pk} is not agreed.")
        return self.agreed_version

    @property
    def current_number(self) -> int | None:
        return self.current_version.number if self.current_version else None

    def accepted_by(self, party: str) -> bool:
        number = self.client_accepted_number if party == Party.CLIENT else self.therapist_accepted_number
        return number is not None and number == self.current_number

    @property
    def is_agreed(self) -> bool:
        return not self.exploring and self.accepted_by(Party.CLIENT) and self.accepted_by(Party.THERAPIST)

    @property
    def is_in_play(self) -> bool:
        """A version can be accepted, someone may be waited for: ``IN_PLAY_LIFECYCLE``, not exploring."""
        return self.lifecycle_status in IN_PLAY_LIFECYCLE and not self.exploring

    def waiting_for(self) -> list[str]:
        """Who still needs to accept the current version (none when agreed, closed or exploring)."""
        if not self.is_in_play:
            return []
        return [party for party in (Party.CLIENT, Party.THERAPIST) if not self.accepted_by(party)]

    @property
    def is_open(self) -> bool:
        return self.lifecycle_status in OPEN_LIFECYCLE

    @property
    def is_closed(self) -> bool:
        return self.lifecycle_status in CLOSED_LIFECYCLE

    @property
    def gas_weight(self) -> int:
        return gas.gas_weight(self.client_importance, self.therapist_difficulty)


# The notes Accord itself writes on a goal's first version and agreement record. They are stored in the
# language of whoever acted, so ``in_reader_language`` gives them back in the reader's.
FIRST_PROPOSED = _("First proposed")
PROPOSED_THIS_GOAL = _("Proposed this goal")
MADE_THIS_VERSION = _("Made this version")
ACCORDS_NOTES = (FIRST_PROPOSED, PROPOSED_THIS_GOAL, MADE_THIS_VERSION)
# Put before the note of a level the therapist records for the client in session (accord.progress.actions).
SAID_IN_SESSION = gettext_noop("Said in session; recorded by %(name)s.")


def in_reader_language(note: str) -> str:
    """``note`` in the active language when it is one of Accord's own notes in any language; else as is."""
    for own in ACCORDS_NOTES:
        if any(note == _in(code, own) for code, _name in settings.LANGUAGES):
            return str(own)  # in the active language, outside the override
    return note


def _in(language: str, message: object) -> str:
    with translation.override(language):
        return str(message)


class GoalVersion(models.Model):
    """One immutable state of a goal's content. Corrections are new versions, never edits."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_party = models.CharField(max_length=10, choices=Party.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("why it changed"), max_length=300, blank=True)

    statement = models.TextField(_("goal"), max_length=1000)
    life_area = models.CharField(_("life area"), max_length=20, choices=LifeArea.choices, blank=True)
    theme_ids = models.JSONField(default=list, blank=True)
    measure_kind = models.CharField(
        _("how we'll track it"), max_length=20, choices=MeasureKind.choices, blank=True
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.FloatField(_("where it is now"), null=True, blank=True)
    target = models.FloatField(_("target"), null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, blank=True)
    scale_min = models.FloatField(null=True, blank=True)
    scale_max = models.FloatField(null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    review_every_weeks = models.PositiveSmallIntegerField(
        _("review every (weeks)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
    )
    milestones = models.JSONField(default=list, blank=True)
    action_steps = models.JSONField(default=list, blank=True)
    gas_minus_2 = models.TextField(_("much less than expected (−2)"), blank=True, max_length=500)
    gas_minus_1 = models.TextField(_("somewhat less than expected (−1)"), blank=True, max_length=500)
    gas_0 = models.TextField(_("the expected outcome (0)"), blank=True, max_length=500)
    gas_plus_1 = models.TextField(_("somewhat more than expected (+1)"), blank=True, max_length=500)
    gas_plus_2 = models.TextField(_("much more than expected (+2)"), blank=True, max_length=500)
    gas_baseline_level = models.SmallIntegerField(_("starting level"), default=-1, validators=GAS_RANGE)

    class Meta:
        ordering = ["goal", "number"]
        constraints = [models.UniqueConstraint(fields=["goal", "number"], name="goal_version_unique_number")]

    def __str__(self) -> str:
        return f"v{self.number}: {self.statement[:60]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Goal versions are immutable; create a new version instead.")
        super().save(*args, **kwargs)

    @property
    def reason_shown(self) -> str:
        """``reason`` in the reader's language when Accord wrote it ("First proposed"); a person's as is."""
        return in_reader_language(self.reason)

    def gas_descriptions(self) -> dict[int, str]:
        return {
            -2: self.gas_minus_2,
            -1: self.gas_minus_1,
            0: self.gas_0,
            1: self.gas_plus_1,
            2: self.gas_plus_2,
        }


class AgreementDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    PARKED = "parked", _("Parked")
    RESUMED = "resumed", _("Taken up again")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Retired")
    EXPLORING = "exploring", _("Set to exploring")
    SHAPING = "shaping", _("Ready to shape")


class AgreementEvent(models.Model):
    """Each party's decision on a version, with an optional comment: the goal's agreement record."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="agreement_events")
    version = models.ForeignKey(GoalVersion, on_delete=models.PROTECT, related_name="agreement_events")
    party = models.CharField(max_length=10, choices=Party.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.CharField(max_length=12, choices=AgreementDecision.choices)
    comment = models.TextField(blank=True, max_length=1000)
    # The client's decision, recorded by the therapist in session ("agreed in the room"): ``party`` is the
    # client, ``user`` the therapist who recorded it.
    in_session = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.party} {self.decision} v{self.version.number}"

    @property
    def comment_shown(self) -> str:
        """``comment`` in the reader's language when Accord wrote it; a person's as is."""
        return in_reader_language(self.comment)


class GoalStep(models.Model):
    """A milestone (ordered sub-step towards the goal) or an action step between sessions."""

    class Kind(models.TextChoices):
        MILESTONE = "milestone", _("Milestone")
        ACTION = "action", _("Action step")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    is_current = models.BooleanField(default=True, help_text="False once a later version dropped it.")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "position", "id"]
        indexes = [models.Index(fields=["goal", "kind", "is_current"])]

    def __str__(self) -> str:
        return self.text


class GasRating(models.Model):
    """The GAS level a goal has reached, as one party rated it at one time. Both parties' are kept."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="gas_ratings")
    version = models.ForeignKey(GoalVersion, on_delete=models.PROTECT, related_name="+")
    party = models.CharField(max_length=10, choices=Party.choices)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.SmallIntegerField(validators=GAS_RANGE)
    note = models.CharField(max_length=500, blank=True)
    # The client's rating, recorded by the therapist together in session (``party`` client, ``rated_by``
    # the therapist).
    in_session = models.BooleanField(default=False)
    rated_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["rated_at", "id"]
        indexes = [models.Index(fields=["goal", "party", "-rated_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=-2) & Q(level__lte=2), name="gas_level_range")
        ]

    def __str__(self) -> str:
        return f"{self.party} GAS {self.level:+d}"

    @property
    def note_shown(self) -> str:
        """The note without the "Said in session; recorded by …" Accord puts before a level recorded in
        session, in the recorder's language: the line the note is shown on already says so in the reader's."""
        if not self.in_session:
            return self.note
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                said = translation.gettext(SAID_IN_SESSION)
            pattern = re.escape(said).replace(re.escape("%(name)s"), ".+?") + r"\s*"
            if found := re.match(pattern, self.note):
                return self.note[found.end() :]
        return self.note


class ReadinessRating(models.Model):
    """The client's readiness ruler for one goal (importance and confidence), over time."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="readiness")
    importance = models.PositiveSmallIntegerField(validators=ZERO_TO_TEN)
    confidence = models.PositiveSmallIntegerField(validators=ZERO_TO_TEN)
    scale_min = models.PositiveSmallIntegerField(default=0)
    scale_max = models.PositiveSmallIntegerField(default=10)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["rated_at", "id"]

    def __str__(self) -> str:
        return f"importance {self.importance}/10, confidence {self.confidence}/10"


class DecisionalBalance(models.Model):
    """The client's decisional balance for one goal (motivational interviewing): what is good and not so
    good about changing, and about staying the same. One per goal, filled in and changed by the client (or
    with them in session); each save is audited."""

    goal = models.OneToOneField(Goal, on_delete=models.CASCADE, related_name="decisional_balance")
    change_pros = models.TextField(_("good things about changing"), blank=True, max_length=1000)
    change_cons = models.TextField(_("not so good things about changing"), blank=True, max_length=1000)
    stay_pros = models.TextField(_("good things about staying the same"), blank=True, max_length=1000)
    stay_cons = models.TextField(_("not so good things about staying the same"), blank=True, max_length=1000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    FIELDS = ("change_pros", "change_cons", "stay_pros", "stay_cons")

    def __str__(self) -> str:
        return f"Decisional balance for goal #{self.goal_id}"

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name).strip() for name in self.FIELDS)


class GoalDraft(models.Model):
    """What the goal's builders have typed but not saved yet, shared live between the people shaping it
    together (issue 15): one row per goal, dropped back to empty when a version is saved.

    ``revision`` goes up with every change anyone makes here (a field, someone arriving, leaving or moving
    to another field): it is what a poll compares, in one indexed read, to answer "nothing new". Each field
    changed live keeps the revision it was last changed at, so an edit started before someone else's
    change to the same field is caught instead of silently replacing it. Never a version: saving in the
    builder still makes the version, and agreement is about versions only."""

    goal = models.OneToOneField(Goal, on_delete=models.CASCADE, primary_key=True, related_name="live_draft")
    based_on = models.PositiveIntegerField(help_text="The version number the typing started from.")
    revision = models.PositiveBigIntegerField(default=0)
    # field name → the value as typed (a string, or a list of strings for steps and themes)
    values = models.JSONField(default=dict, blank=True)
    # field name → {"rev": revision of its last change, "by": user id, "party": client|therapist}
    changes = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    def __str__(self) -> str:
        return f"Live draft of goal #{self.goal_id} at revision {self.revision}"


class DraftPresence(models.Model):
    """Someone with the goal's builder open, and the field they are in: "Cam is editing the target"."""

    draft = models.ForeignKey(GoalDraft, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    party = models.CharField(max_length=10, choices=Party.choices)
    field = models.CharField(max_length=40, blank=True)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["seen_at", "id"]
        constraints = [models.UniqueConstraint(fields=["draft", "user"], name="draft_presence_once")]

    def __str__(self) -> str:
        return f"{self.party} on goal #{self.draft_id}"
