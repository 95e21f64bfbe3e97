"""The append-only audit trail: who did what to which client's data, when and from where.

Rows are written only through ``accord.audit.record``. The model and its queryset refuse updates and
deletes, so no code path can edit or remove an event (a database role without UPDATE/DELETE rights on this
table is the deployment-level guard; see docs/deployment.md).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditImmutableError(RuntimeError):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs):
        raise AuditImmutableError("Audit events cannot be changed.")

    def delete(self):
        raise AuditImmutableError("Audit events cannot be deleted.")

    def bulk_update(self, *args, **kwargs):
        raise AuditImmutableError("Audit events cannot be changed.")


class Action(models.TextChoices):
    SIGN_IN = "auth.sign_in", _("Signed in")
    SIGN_IN_FAILED = "auth.sign_in_failed", _("Sign-in failed")
    SIGN_OUT = "auth.sign_out", _("Signed out")
    LOCKED_OUT = "auth.locked_out", _("Account locked after failed sign-ins")
    PASSWORD_CHANGED = "auth.password_changed", _("Password changed")
    PASSWORD_RESET = "auth.password_reset", _("Password reset")
    MFA_CHANGED = "auth.mfa_changed", _("Two-factor settings changed")
    SESSION_EXPIRED = "auth.session_expired", _("Signed out after inactivity")
    INVITATION_SENT = "invitation.sent", _("Invitation sent")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation accepted")
    INVITATION_REVOKED = "invitation.revoked", _("Invitation revoked")
    USER_DEACTIVATED = "user.deactivated", _("User deactivated")
    USER_REACTIVATED = "user.reactivated", _("User reactivated")
    ROLE_CHANGED = "user.role_changed", _("Role changed")
    CLIENT_CREATED = "client.created", _("Client created")
    CLIENT_VIEWED = "client.viewed", _("Client record viewed")
    CLIENT_UPDATED = "client.updated", _("Client record changed")
    CLIENT_REASSIGNED = "client.reassigned", _("Care team changed")
    ACCESS_DENIED = "access.denied", _("Access denied")
    ACCESS_DENIED_OUTSIDE = "access.denied_outside", _("Someone outside this practice was refused")
    SETTINGS_CHANGED = "practice.settings_changed", _("Practice settings changed")
    AUDIT_EXPORTED = "audit.exported", _("Audit trail exported")
    API_TOKEN_CREATED = "api_token.created", _("API token created")
    API_TOKEN_REVOKED = "api_token.revoked", _("API token revoked")
    DATA_READ = "data.read", _("Client data read")
    DATA_WRITTEN = "data.written", _("Client data written")
    DATA_WRITE_REFUSED = "data.write_refused", _("Change attempted, refused (nothing saved)")
    GOAL_PROPOSED = "goal.proposed", _("Goal proposed")
    GOAL_REVISED = "goal.revised", _("Goal changed (new version)")
    GOAL_ACCEPTED = "goal.accepted", _("Goal version accepted")
    GOAL_DECLINED = "goal.declined", _("Goal version declined")
    GOAL_PARKED = "goal.parked", _("Goal parked")
    GOAL_RESUMED = "goal.resumed", _("Goal taken up again")
    GOAL_WITHDRAWN = "goal.withdrawn", _("Goal proposal withdrawn")
    GOAL_COMPLETED = "goal.completed", _("Goal completed")
    GOAL_CANCELLED = "goal.cancelled", _("Goal retired")
    GOAL_STEP_TICKED = "goal.step_ticked", _("Milestone or action step ticked")
    GOAL_GAS_RATED = "goal.gas_rated", _("GAS level recorded")
    GOAL_RATED = "goal.rated", _("Goal importance, difficulty or readiness rated")
    GOAL_ACCEPTED_IN_SESSION = "goal.accepted_in_session", _("Client's acceptance recorded in session")
    GOAL_DECLINED_IN_SESSION = "goal.declined_in_session", _("Client's decline recorded in session")
    GOAL_STAGE_SET = "goal.stage_set", _("Stage of change set")
    GOAL_EXPLORING_SET = "goal.exploring_set", _("Goal set to exploring, or ready to shape")
    GOAL_BALANCE_SAVED = "goal.balance_saved", _("Decisional balance saved")
    THEME_ADDED = "goal.theme_added", _("Need, strength or value added")
    # Assessments: intake, measures, the item-9 safety rule and the therapist's formulation.
    INTAKE_SAVED = "intake.saved", _("Intake answer saved")
    INTAKE_SUBMITTED = "intake.submitted", _("Intake sent to the care team")
    MEASURE_ASSIGNED = "measure.assigned", _("Measure assigned")
    MEASURE_UNASSIGNED = "measure.unassigned", _("Measure assignment stopped")
    MEASURE_COMPLETED = "measure.completed", _("Measure completed")
    SAFETY_ALERT_RAISED = "safety_alert.raised", _("Safety alert raised")
    SAFETY_ALERT_ACKNOWLEDGED = "safety_alert.acknowledged", _("Safety alert acknowledged")
    MEASURE_IMPROVEMENT_MARKED = "measure.improvement_marked", _("Reliable improvement marked for the client")
    FORMULATION_SAVED = "formulation.saved", _("Assessment summary saved")
    INSTRUMENTS_CHANGED = "practice.instruments_changed", _("Measures offered by the practice changed")
    # Dialogue: messages, the agenda for next session and goal ideas.
    MESSAGE_SENT = "dialogue.message_sent", _("Message sent")
    MESSAGE_EDITED = "dialogue.message_edited", _("Message edited (earlier words kept)")
    AGENDA_ITEM_ADDED = "dialogue.agenda_item_added", _("Added to the agenda")
    AGENDA_ITEM_DISCUSSED = "dialogue.agenda_item_discussed", _("Agenda item marked discussed")
    GOAL_IDEA_ADDED = "dialogue.goal_idea_added", _("Goal idea noted")
    GOAL_IDEA_USED = "dialogue.goal_idea_used", _("Goal idea turned into a goal")
    # Check-ins: the rhythm and its calendar link, check-ins, drafts and celebrations.
    RHYTHM_CHANGED = "checkin.rhythm_changed", _("Check-in rhythm changed")
    CALENDAR_LINK_CREATED = "checkin.calendar_link_created", _("Private calendar link created")
    CALENDAR_LINK_REVOKED = "checkin.calendar_link_revoked", _("Private calendar link revoked")
    CHECKIN_DRAFT_SAVED = "checkin.draft_saved", _("Check-in draft saved")
    CHECKIN_SUBMITTED = "checkin.submitted", _("Check-in submitted")
    CHECKIN_REMINDER_SENT = "checkin.reminder_sent", _("Check-in reminder sent")
    CELEBRATION_NOTED = "celebration.noted", _("Note of recognition added to a win")
    # Reviews and progress: the therapist's ratings in session and the status set by hand.
    GOAL_PROGRESS_RATED = "goal.progress_rated", _("Progress rated 0–10")
    GOAL_STATUS_SET = "goal.status_set", _("Goal status set by hand")
    GOAL_STATUS_CLEARED = "goal.status_cleared", _("Goal status handed back to Accord")
    # Sessions as records, and the brief's time split.
    SESSION_PLANNED = "session.planned", _("Session planned")
    SESSION_STATE_CHANGED = "session.state_changed", _("Session marked held, cancelled or missed")
    SESSION_SPLIT_CHANGED = "session.split_changed", _("Session time split adjusted")
    DIGEST_CHANGED = "digest.changed", _("Daily digest turned on or off")
    DIGEST_SENT = "digest.sent", _("Daily digest sent")
    # Records: FHIR export and import, the client's own download, backups.
    RECORDS_EXPORTED = "records.exported", _("Records exported (FHIR, PDF or the client's download)")
    RECORDS_IMPORTED = "records.imported", _("Records imported from a FHIR Bundle")
    RECORDS_IMPORT_REFUSED = "records.import_refused", _("FHIR import refused (nothing saved)")
    BACKUP_MADE = "records.backup_made", _("Backup made")
    BACKUP_RESTORED = "records.backup_restored", _("Backup restored")
    CLIENT_ERASED = "client.erased", _("Client erased (GDPR Art. 17); only this stub remains")
    SESSION_CALENDAR_CREATED = "session.calendar_link_created", _("Private sessions calendar link created")
    SESSION_CALENDAR_REVOKED = "session.calendar_link_revoked", _("Private sessions calendar link revoked")


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Kept as text too so the trail still reads after a user is erased.
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # The kind of record read or written (goal, formulation, messages …): see accord/audit/vocabulary.py.
    record_kind = models.CharField(max_length=40, blank=True, db_index=True)
    client = models.ForeignKey(
        "accounts.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    practice = models.ForeignKey(
        "accounts.Practice", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # Structured facts about the event (field names, counts, the path) — never clinical content.
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["practice", "-at"]),
            models.Index(fields=["practice", "client", "-at"]),
            models.Index(fields=["practice", "actor", "-at"]),
            models.Index(fields=["practice", "action", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutableError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("Audit events cannot be deleted.")

    @property
    def record_kind_label(self) -> str:
        from accord.audit.vocabulary import RECORD_KINDS

        return str(RECORD_KINDS.get(self.record_kind, self.record_kind))

    @property
    def target_label(self) -> str:
        """What the event was about, for the audit page: the record, or what a denial named."""
        if self.object_type:
            return f"{self.object_type} #{self.object_id}"
        what = (self.detail or {}).get("what")
        if what:
            object_id = (self.detail or {}).get("id", "")
            return f"{what} #{object_id}" if object_id not in ("", "-") else str(what)
        return ""

    @property
    def action_label(self) -> str:
        try:
            return str(Action(self.action).label)
        except ValueError:
            return self.action
