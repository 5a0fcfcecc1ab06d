from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation_portal.models import TimeStampedModel
from emulation_portal.official_dates import place_date_line


class CampaignKind(models.TextChoices):
    REGULAR = "regular", _("Regular")
    THEMATIC = "thematic", _("Thematic")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent for approval")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    LAUNCHED = "launched", _("Launched")
    CLOSED = "closed", _("Closed")


class Campaign(TimeStampedModel):
    """A yearly (or thematic) emulation campaign and the official letter that launches it."""

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(
        _("kind"), max_length=16, choices=CampaignKind.choices, default=CampaignKind.REGULAR
    )
    name = models.CharField(_("name"), max_length=255)
    theme = models.CharField(_("theme"), max_length=500)
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )

    # The launch letter (Decree 30/2020 components).
    issuing_body_parent = models.CharField(
        _("parent issuing body"),
        max_length=255,
        blank=True,
        help_text=_("Only when the issuing body has a parent body; a ministry has none."),
    )
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    number = models.CharField(
        _("number"),
        max_length=20,
        blank=True,
        help_text=_("Left blank until the registry issues the letter."),
    )
    symbol = models.CharField(_("symbol"), max_length=100)
    subject = models.CharField(_("subject line"), max_length=500)
    place = models.CharField(_("place"), max_length=100)
    issued_on = models.DateField(
        _("date of issue"),
        null=True,
        blank=True,
        help_text=_("Left blank until the registry issues the letter."),
    )
    addressees = models.JSONField(_("addressees"), default=list, blank=True)
    opening_paragraphs = models.JSONField(_("opening paragraphs"), default=list, blank=True)
    contents_heading = models.CharField(_("heading of section I"), max_length=255)
    tasks_heading = models.CharField(_("heading of section II"), max_length=255)
    criteria_heading = models.CharField(_("heading of section III"), max_length=255)
    collective_criteria_heading = models.CharField(
        _("heading of the collective criteria"), max_length=255
    )
    individual_criteria_heading = models.CharField(
        _("heading of the individual criteria"), max_length=255
    )
    implementation_heading = models.CharField(_("heading of section IV"), max_length=255)
    closing_call = models.TextField(_("closing call"), blank=True)
    distribution_list = models.JSONField(_("distribution list"), default=list, blank=True)
    signer_authority = models.CharField(
        _("signing authority"),
        max_length=100,
        blank=True,
        help_text=_('Prefix such as "KT." or "TL."; blank when the head signs directly.'),
    )
    signer_title = models.CharField(_("signer's title"), max_length=255)
    signer_name = models.CharField(_("signer's name"), max_length=255)

    # Whom the campaign addresses: every unit (the yearly campaign always does), or the units
    # and the blocs and clusters it names (a group stands for its members in the campaign's year).
    addresses_all_units = models.BooleanField(
        _("addresses every unit"),
        default=True,
        help_text=_("A thematic campaign may address only the units, blocs and clusters named."),
    )
    addressed_units = models.ManyToManyField(
        "units.Unit",
        verbose_name=_("units addressed"),
        blank=True,
        related_name="addressing_campaigns",
    )
    addressed_groups = models.ManyToManyField(
        "units.EmulationGroup",
        verbose_name=_("blocs and clusters addressed"),
        blank=True,
        related_name="addressing_campaigns",
        help_text=_("A bloc or cluster means its members in the campaign's year."),
    )

    # A thematic campaign's own window, inside its year.
    starts_on = models.DateField(
        _("window opens on"),
        null=True,
        blank=True,
        help_text=_("A thematic campaign only: the first day of its window, inside its year."),
    )
    ends_on = models.DateField(
        _("window closes on"),
        null=True,
        blank=True,
        help_text=_("A thematic campaign only: the last day of its window, inside its year."),
    )

    # Key dates of the campaign.
    registration_deadline = models.DateField(_("registration deadline"))
    midyear_opens_on = models.DateField(_("six-month reporting opens"))
    midyear_report_date = models.DateField(_("six-month report due"))
    year_end_opens_on = models.DateField(_("year-end reporting opens"))
    year_end_report_date = models.DateField(_("year-end report due"))

    # Approval by the leadership, and the draft's version for concurrent editors.
    submitted_at = models.DateTimeField(_("sent for approval at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised by every save of the draft, so that a stale editor is refused."),
    )

    # Rules.
    rule_set_code = models.CharField(
        _("rule set"),
        max_length=20,
        blank=True,
        help_text=_("Leave blank to use the rule set of the achievement year."),
    )
    unit_head_needs_leading_unit = models.BooleanField(
        _("unit head's title needs the unit to lead its group"),
        default=False,
        help_text=_(
            "When set, the unit head's own title also needs the unit to be the acclaimed "
            "leader of its bloc or cluster, not only an exemplary collective."
        ),
    )
    # Who changed the key dates, the addressees (or anything else) and when.
    history = HistoricalRecords(m2m_fields=[addressed_units, addressed_groups])

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(kind="regular"),
                name="one_regular_campaign_per_year",
                violation_error_message=_("There is already a regular campaign for this year."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CampaignStatus.values),
                name="campaign_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="regular") | models.Q(addresses_all_units=True),
                name="regular_campaign_addresses_all_units",
                violation_error_message=_("The yearly campaign addresses every unit."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaigns:detail", kwargs={"pk": self.pk})

    @property
    def reference(self):
        """The letter's "Số: .../SYMBOL" line, keeping a blank number blank."""
        return f"{self.number}/{self.symbol}"

    def report_window(self, period: str):
        """(opens on, due on) of the six-month ("six_month") or year-end ("year_end") results."""
        if period == "six_month":
            return self.midyear_opens_on, self.midyear_report_date
        if period == "year_end":
            return self.year_end_opens_on, self.year_end_report_date
        raise ValueError(f"unknown period: {period!r}")

    @property
    def awaits_approval(self) -> bool:
        """Not approved yet: its PDF is a draft and says so on every page."""
        return self.status in (
            CampaignStatus.DRAFT,
            CampaignStatus.SUBMITTED,
            CampaignStatus.RETURNED,
        )

    @property
    def date_line(self):
        """Place and date as Decree 30/2020 writes them; blank day and month stay blank."""
        if not self.issued_on:
            return f"{self.place}, ngày tháng năm {self.year}"
        return place_date_line(self.place, self.issued_on)


class CampaignEvent(models.Model):
    """One move of a campaign's workflow, with who, when and the comment (append-only)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=16, choices=CampaignStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=CampaignStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("campaign event")
        verbose_name_plural = _("campaign events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.campaign}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A campaign event is never changed.")
        super().save(*args, **kwargs)


class LetterRegister(models.Model):
    """The yearly register of numbers of one document symbol: the last number it gave."""

    symbol = models.CharField(_("symbol"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("letter register")
        verbose_name_plural = _("letter registers")
        constraints = [
            models.UniqueConstraint(fields=["symbol", "year"], name="letter_register_unique")
        ]

    def __str__(self):
        return f"{self.symbol} {self.year}: {self.last_number}"


class LetterItem(models.Model):
    """A numbered paragraph of one section of the launch letter."""

    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("text"))

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self):
        return f"{self.position}. {self.text[:80]}"


class CampaignContent(LetterItem):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="contents")

    class Meta(LetterItem.Meta):
        verbose_name = _("campaign content (section I)")
        verbose_name_plural = _("campaign contents (section I)")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "position"],
                name="campaign_content_position_unique",
                violation_error_message=_("This position is already used in section I."),
            )
        ]


class CampaignTask(LetterItem):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks")

    class Meta(LetterItem.Meta):
        verbose_name = _("main task and solution (section II)")
        verbose_name_plural = _("main tasks and solutions (section II)")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "position"],
                name="campaign_task_position_unique",
                violation_error_message=_("This position is already used in section II."),
            )
        ]


class ImplementationDuty(LetterItem):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="duties")

    class Meta(LetterItem.Meta):
        verbose_name = _("implementation duty (section IV)")
        verbose_name_plural = _("implementation duties (section IV)")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "position"],
                name="implementation_duty_position_unique",
                violation_error_message=_("This position is already used in section IV."),
            )
        ]


# --- After approval: the signed scan of the letter and the amending letters -------------------


def signed_scan_upload_to(instance, filename):
    return f"campaigns/signed/{instance.campaign.year}/{instance.campaign_id}/{filename}"


class SignedScan(models.Model):
    """The signed scan of an approved letter (a PDF). Attaching another one adds a row: the
    newest is in force, the earlier ones stay, with who attached them and when; no row and no
    file is ever changed or removed."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="signed_scans")
    file = models.FileField(_("file"), upload_to=signed_scan_upload_to, max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attached by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("attached at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signed scan")
        verbose_name_plural = _("signed scans")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.original_name

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A signed scan is never changed; attach a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A signed scan is never deleted.")


class AmendmentKind(models.TextChoices):
    SUPPLEMENT = "supplement", _("Supplementing letter")
    ADJUSTMENT = "adjustment", _("Adjusting letter")


class AmendmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent for approval")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


class CampaignAmendment(TimeStampedModel):
    """An amending letter (công văn bổ sung / điều chỉnh) kept beside an approved campaign
    letter, which itself is never edited. It has its own number from the same yearly register
    and its own approval by the leadership; once approved it is never edited either."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="amendments")
    kind = models.CharField(
        _("kind"), max_length=16, choices=AmendmentKind.choices, default=AmendmentKind.ADJUSTMENT
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AmendmentStatus.choices, default=AmendmentStatus.DRAFT
    )

    # The letter (Decree 30/2020 components); the issuer is copied from the campaign's letter.
    issuing_body_parent = models.CharField(_("parent issuing body"), max_length=255, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    number = models.CharField(
        _("number"),
        max_length=20,
        blank=True,
        help_text=_("Left blank until the registry issues the letter."),
    )
    symbol = models.CharField(_("symbol"), max_length=100)
    subject = models.CharField(_("subject line"), max_length=500)
    place = models.CharField(_("place"), max_length=100)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    addressees = models.JSONField(_("addressees"), default=list, blank=True)
    reference_paragraph = models.TextField(
        _("reference to the original letter"),
        help_text=_("The opening sentence: “Tiếp theo Công văn số … ngày … của … về việc …”."),
    )
    paragraphs = models.JSONField(_("paragraphs"), default=list, blank=True)
    distribution_list = models.JSONField(_("distribution list"), default=list, blank=True)
    signer_authority = models.CharField(
        _("signing authority"),
        max_length=100,
        blank=True,
        help_text=_('Prefix such as "KT. BỘ TRƯỞNG"; blank when the head signs directly.'),
    )
    signer_title = models.CharField(_("signer's title"), max_length=255)
    signer_name = models.CharField(_("signer's name"), max_length=255)

    submitted_at = models.DateTimeField(_("sent for approval at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised by every save of the draft, so that a stale editor is refused."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("amending letter")
        verbose_name_plural = _("amending letters")
        ordering = ["campaign", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=AmendmentStatus.values),
                name="campaign_amendment_status_valid",
            ),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("campaigns:amendment_detail", kwargs={"pk": self.pk})

    @property
    def reference(self):
        """The letter's "Số: .../SYMBOL" line, keeping a blank number blank."""
        return f"{self.number}/{self.symbol}"

    @property
    def year(self):
        """The year its date line prints: of its issue, else of its drafting."""
        if self.issued_on:
            return self.issued_on.year
        return timezone.localtime(self.created_at or timezone.now()).year

    @property
    def awaits_approval(self) -> bool:
        """Not approved yet: its PDF is a draft and says so on every page."""
        return self.status in (
            AmendmentStatus.DRAFT,
            AmendmentStatus.SUBMITTED,
            AmendmentStatus.RETURNED,
        )

    @property
    def date_line(self):
        if not self.issued_on:
            return f"{self.place}, ngày tháng năm {self.year}"
        return place_date_line(self.place, self.issued_on)


class AmendmentEvent(models.Model):
    """One move of an amending letter's workflow, with who, when and the comment (append-only)."""

    amendment = models.ForeignKey(
        CampaignAmendment, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=16, choices=AmendmentStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=AmendmentStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("amending letter event")
        verbose_name_plural = _("amending letter events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.amendment}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("An amending letter's event is never changed.")
        super().save(*args, **kwargs)
