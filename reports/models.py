from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    SIX_MONTH = "six_month", _("Six-month review report")
    YEAR_END = "year_end", _("Year-end summary report")


class ReportVariant(models.TextChoices):
    """Who reports to whom: the emulation department to the head of the organisation (the
    department issues and its head signs), or the organisation to the State's emulation
    bodies (the organisation issues, a deputy head signs on the head's behalf)."""

    TO_HEAD = "to_head", _("The Department's report to the Minister")
    TO_STATE = "to_state", _("The Ministry's report to the Central Emulation Board")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


def report_upload_to(instance, filename):
    return f"reports/{instance.campaign.year}/{filename}"


class GeneratedReport(models.Model):
    """One version of a report to the Minister, with the snapshot of the figures it used."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    variant = models.CharField(
        _("issued as"), max_length=16, choices=ReportVariant.choices, default=ReportVariant.TO_HEAD
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=report_upload_to, blank=True, max_length=500)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    enqueued_at = models.DateTimeField(
        _("handed to the queue at"),
        null=True,
        blank=True,
        help_text=_("Empty while the queue's server could not be reached: beat tries again."),
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_("Written by the running job; a job silent too long lost its worker."),
    )
    attempts = models.PositiveSmallIntegerField(_("runs started"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    data_hash = models.CharField(_("data hash"), max_length=64, blank=True)
    snapshot = models.JSONField(_("figures used"), null=True, blank=True)
    narrative = models.JSONField(_("narrative parts"), default=dict, blank=True)
    # Set when the version is issued: it then prints its number and date and no draft mark.
    number = models.CharField(_("number"), max_length=20, blank=True)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("draft issued"),
    )

    class Meta:
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        ordering = ["campaign", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind", "variant", "version"],
                name="report_variant_version_unique",
                violation_error_message=_("This report version already exists."),
            ),
            models.UniqueConstraint(
                fields=["campaign", "kind", "variant"],
                condition=models.Q(issued_on__isnull=False),
                name="report_issued_once",
                violation_error_message=_("This report has already been issued."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.campaign.year} v{self.version}"

    @property
    def is_issued(self) -> bool:
        return self.issued_on is not None
