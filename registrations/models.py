from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation_portal.models import TimeStampedModel

from .workflow import EDITABLE, Status


class Registration(TimeStampedModel):
    """A unit's registration for a campaign: targets, titles aimed for and initiatives."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="registrations"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveSmallIntegerField(
        _("approved version"), default=0, help_text=_("How many times it has been approved.")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    approved_snapshot = models.JSONField(
        _("approved version"),
        null=True,
        blank=True,
        help_text=_("What was approved last, kept visible while an amendment is under way."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["campaign", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"],
                name="one_registration_per_unit_and_campaign",
                violation_error_message=_("This unit has already registered for this campaign."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="registration_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.campaign}"

    def get_absolute_url(self):
        return reverse("registrations:detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self):
        return self.status in EDITABLE

    # Approved at least once: its approved version stands (results, year-end facts, the
    # proposal are built on it), even while it is being amended. ``WAS_APPROVED`` in queries.
    @property
    def was_approved(self) -> bool:
        return self.version >= 1


# ``Registration.was_approved`` in a query.
WAS_APPROVED = models.Q(version__gte=1)


class Target(models.Model):
    """An emulation target (chỉ tiêu) the unit sets itself, against a criterion or free."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="targets")
    criterion = models.ForeignKey(
        "criteria.Criterion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("criterion"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    description = models.CharField(_("target"), max_length=500)
    planned_value = models.DecimalField(
        _("planned value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    measure = models.CharField(_("measure"), max_length=50, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["registration", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "position"],
                name="target_position_unique",
                violation_error_message=_("This position is already used by another target."),
            )
        ]

    def __str__(self):
        return self.description


class CollectiveTitleAim(models.Model):
    """A title or form a collective aims for: the unit itself (no sub-unit) or one of its
    sub-units (a phòng, trung tâm, chi cục, khoa)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="collective_titles"
    )
    sub_unit = models.ForeignKey(
        "units.SubUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="title_aims",
        verbose_name=_("sub-unit"),
        help_text=_("Blank for the unit itself."),
    )
    title = models.ForeignKey("criteria.Title", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("collective title aimed for")
        verbose_name_plural = _("collective titles aimed for")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "title"],
                condition=models.Q(sub_unit__isnull=True),
                name="collective_title_once",
                violation_error_message=_("This title is already registered for the unit."),
            ),
            models.UniqueConstraint(
                fields=["registration", "sub_unit", "title"],
                condition=models.Q(sub_unit__isnull=False),
                name="sub_unit_title_once",
                violation_error_message=_("This title is already registered for the sub-unit."),
            ),
        ]

    def __str__(self):
        if self.sub_unit_id:
            return f"{self.sub_unit}: {self.title}"
        return str(self.title)


class IndividualTitleAim(models.Model):
    """A title or form a named member of staff aims for."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="individual_titles"
    )
    person = models.ForeignKey("units.Person", on_delete=models.PROTECT, related_name="title_aims")
    title = models.ForeignKey("criteria.Title", on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("individual title aimed for")
        verbose_name_plural = _("individual titles aimed for")
        ordering = ["person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "person", "title"],
                name="individual_title_once",
                violation_error_message=_("This person is already registered for this title."),
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.title}"


class Scope(models.TextChoices):
    GRASSROOTS = "grassroots", _("Grassroots")
    MINISTRY = "ministry", _("Ministry-wide")
    NATIONAL = "national", _("Nationwide")


class InitiativeStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_PROGRESS = "in_progress", _("Being developed")
    APPLIED = "applied", _("Applied")
    RECOGNISED = "recognised", _("Recognised")
    REJECTED = "rejected", _("Not recognised")


class Initiative(models.Model):
    """An initiative (sáng kiến) the unit registers, with its authors from the unit's staff."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="initiatives"
    )
    title = models.CharField(_("title"), max_length=500)
    authors = models.ManyToManyField(
        "units.Person", related_name="initiatives", verbose_name=_("authors")
    )
    field = models.CharField(_("field"), max_length=150)
    description = models.TextField(_("description"))
    expected_benefit = models.TextField(_("expected benefit"), blank=True)
    scope = models.CharField(
        _("scope"), max_length=16, choices=Scope.choices, default=Scope.GRASSROOTS
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.REGISTERED,
    )
    recognition_number = models.CharField(
        _("recognition decision number"), max_length=50, blank=True
    )
    recognition_date = models.DateField(_("recognition date"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[authors])

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["registration", "id"]

    def __str__(self):
        return self.title


class Period(models.TextChoices):
    SIX_MONTH = "six_month", _("Six-month results")
    YEAR_END = "year_end", _("Year-end results")


class ProgressReport(TimeStampedModel):
    """The unit's six-month or year-end results against its approved targets."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="progress_reports"
    )
    period = models.CharField(_("period"), max_length=16, choices=Period.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["registration", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "period"],
                name="one_report_per_registration_and_period",
                violation_error_message=_("Results for this period already exist."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="progress_report_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.registration} – {self.get_period_display()}"

    def get_absolute_url(self):
        return reverse("registrations:report", kwargs={"pk": self.pk})

    @property
    def unit_id(self):
        """The unit the results belong to, for the permission predicates."""
        return self.registration.unit_id

    @property
    def is_editable(self):
        return self.status in EDITABLE

    @property
    def window(self):
        """(opens on, due on) of this period, from the campaign's key dates."""
        return self.registration.campaign.report_window(self.period)


class TargetResult(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="results")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="results")
    actual_value = models.DecimalField(
        _("actual value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    assessment = models.CharField(_("assessment"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target result")
        verbose_name_plural = _("target results")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "target"],
                name="one_result_per_target_and_report",
                violation_error_message=_("This target already has a result in this report."),
            )
        ]

    def __str__(self):
        return f"{self.target}: {self.actual_value}"

    @property
    def completion_percent(self):
        """Actual against planned, in percent; None when either is missing or planned is 0."""
        planned = self.target.planned_value
        if self.actual_value is None or not planned:
            return None
        return (self.actual_value / planned * Decimal(100)).quantize(Decimal("0.1"))


class InitiativeResult(models.Model):
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="initiative_results"
    )
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="results")
    status = models.CharField(_("status"), max_length=16, choices=InitiativeStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("initiative progress")
        verbose_name_plural = _("initiative progress")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "initiative"],
                name="one_result_per_initiative_and_report",
                violation_error_message=_("This initiative already has a result in this report."),
            )
        ]

    def __str__(self):
        return f"{self.initiative}: {self.get_status_display()}"


def evidence_upload_to(instance, filename):
    return f"evidence/{instance.report.registration_id}/{instance.report_id}/{filename}"


class Evidence(models.Model):
    """A file attached to a progress report; served only to those allowed to see the report."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=100)
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["report", "uploaded_at"]

    def __str__(self):
        return self.original_name


class RegistrationEvent(models.Model):
    """One workflow transition of a registration or of one of its progress reports."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="events")
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("comment"), blank=True)
    findings = models.JSONField(
        _("rule findings"),
        default=list,
        blank=True,
        help_text=_(
            "The rule checks' warnings as they stood at this step (code, message, source)."
        ),
    )
    snapshot = models.JSONField(
        _("content sent"),
        default=dict,
        blank=True,
        help_text=_("What the unit sent at a submission, to compare it with the next one."),
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.registration}: {self.from_status} → {self.to_status}"


class ReviewComment(models.Model):
    """A reviewer's comment on one item of a returned submission, shown to the unit beside it.

    Exactly one of ``target``, ``initiative``, ``person`` is set, or none for a comment on the
    collective titles as a whole.
    """

    event = models.ForeignKey(RegistrationEvent, on_delete=models.CASCADE, related_name="comments")
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    person = models.ForeignKey(
        "units.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["event", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(target__isnull=True, initiative__isnull=True)
                    | models.Q(target__isnull=True, person__isnull=True)
                    | models.Q(initiative__isnull=True, person__isnull=True)
                ),
                name="review_comment_on_one_item",
            )
        ]

    def __str__(self):
        return self.text[:50]


class DeadlineExtension(models.Model):
    """The Department lets one unit submit after the campaign's registration deadline."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="extensions"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="extensions")
    until = models.DateField(_("extended until"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"],
                name="one_extension_per_unit_and_campaign",
                violation_error_message=_("This unit already has an extension; change it instead."),
            )
        ]

    def __str__(self):
        return f"{self.unit}: {self.until}"


class ReviewerAssignment(models.Model):
    """Which specialist of the Department reviews a unit's submissions for a campaign."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="reviewer_assignments"
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="reviewer_assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("reviewer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"],
                name="one_reviewer_per_unit_and_campaign",
                violation_error_message=_("This unit already has a reviewer for this campaign."),
            )
        ]

    def __str__(self):
        return f"{self.unit}: {self.reviewer}"


class NotificationKind(models.TextChoices):
    RETURNED = "returned", _("Returned to the unit")
    APPROVED = "approved", _("Approved")
    REMINDER = "reminder", _("Deadline reminder")
    LATE_UNITS = "late_units", _("Daily list of late units")
    LAUNCHED = "launched", _("Campaign launched")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class SentNotification(models.Model):
    """The outbox: one e-mail to one recipient, written in the same transaction as the act
    that causes it, then sent by a task and, while unsent, by Celery beat. The row stays once
    sent, so that a retried or repeated job never sends it twice."""

    kind = models.CharField(_("kind"), max_length=16, choices=NotificationKind.choices)
    key = models.CharField(
        _("key"),
        max_length=200,
        help_text=_("What the e-mail is about, e.g. the event, or the deadline and days before."),
    )
    recipient = models.EmailField(_("recipient"))
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(
        _("next attempt at"),
        default=timezone.now,
        help_text=_("Celery beat sends a waiting e-mail once this time has passed."),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "recipient"], name="notification_sent_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="outbox_pending_due",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"


def launch_notice_text(campaign) -> str:
    return gettext(
        "The campaign “%(name)s” was launched. Your unit is invited to register by %(deadline)s."
    ) % {"name": campaign.name, "deadline": campaign.registration_deadline.strftime("%d/%m/%Y")}


class NoticeKind(models.TextChoices):
    CAMPAIGN_LAUNCHED = "campaign_launched", _("Campaign launched")


class Notice(models.Model):
    """A notice in the portal to one unit head (the e-mails go through the outbox). Kept for
    the record: only its reading is ever marked, it is never deleted."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="portal_notices",
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NoticeKind.choices)
    text = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A launch tells each head of each unit once, however often it is replayed.
            models.UniqueConstraint(
                fields=["campaign", "unit", "kind", "recipient"], name="notice_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notice_unread"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"

    @property
    def message(self) -> str:
        """The notice in the reader's language, with the campaign's current deadline; the
        stored ``text`` is the record of what was said at the time (in Vietnamese)."""
        if self.kind == NoticeKind.CAMPAIGN_LAUNCHED:
            return launch_notice_text(self.campaign)
        return self.text

    def delete(self, *args, **kwargs):
        raise ValueError("A notice is never deleted.")


class ColumnMapping(models.Model):
    """How a unit's own layout of a list is read, as the unit head corrected it on an import's
    preview: the next file in the same layout (the same headers in the same order) is read
    the same way. ``placing`` maps a column's 0-based index to ``field`` or ``grid:CODE``
    (x marks for a title), "" for a column not to use."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    layout = models.CharField(_("layout"), max_length=32)
    headers = models.JSONField(_("headers"), default=list)
    placing = models.JSONField(_("columns"), default=dict)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(fields=["unit", "layout"], name="column_mapping_once")
        ]

    def __str__(self):
        return f"{self.unit} · {self.layout[:8]}"
