from django.db import models
from django.utils.translation import gettext_lazy as _


class CriterionTarget(models.TextChoices):
    COLLECTIVE = "collective", _("Collectives")
    INDIVIDUAL = "individual", _("Individuals")
    UNIT_HEAD = "unit_head", _("Unit heads")


class Criterion(models.Model):
    """One emulation criterion of a campaign's letter (section III)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="criteria"
    )
    target = models.CharField(_("applies to"), max_length=16, choices=CriterionTarget.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("text"))
    short_label = models.CharField(
        _("short label"),
        max_length=120,
        blank=True,
        help_text=_("Shown beside the unit's targets for this criterion."),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["campaign", "target", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "target", "position"],
                name="criterion_position_unique",
                violation_error_message=_("This position is already used for these criteria."),
            )
        ]

    def __str__(self):
        return self.short_label or self.text[:80]


class TitleKind(models.TextChoices):
    EMULATION_TITLE = "title", _("Emulation title")
    COMMENDATION_FORM = "form", _("Form of commendation")


class Recipient(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")


class TitleLevel(models.TextChoices):
    UNIT = "unit", _("Unit level")
    MINISTRY = "ministry", _("Ministry level")
    STATE = "state", _("State level")


class Title(models.Model):
    """An entry of the catalogue of emulation titles and forms of commendation (DOMAIN §3.1)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=TitleKind.choices)
    recipient = models.CharField(_("awarded to"), max_length=16, choices=Recipient.choices)
    level = models.CharField(_("level"), max_length=16, choices=TitleLevel.choices)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=0, help_text=_("Higher is more senior; orders the catalogue.")
    )
    decided_by = models.CharField(_("decided by"), max_length=255, blank=True)
    legal_source = models.CharField(_("legal source"), max_length=255, blank=True)
    is_registrable = models.BooleanField(
        _("can be registered"),
        default=True,
        help_text=_("Units may aim for it in their registration."),
    )

    class Meta:
        verbose_name = _("title or form of commendation")
        verbose_name_plural = _("titles and forms of commendation")
        ordering = ["recipient", "kind", "rank", "name"]

    def __str__(self):
        return self.name


class RuleSet(models.Model):
    """The numbers of the emulation law in force for a range of achievement years."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255)
    first_year = models.PositiveSmallIntegerField(_("first achievement year"))
    last_year = models.PositiveSmallIntegerField(_("last achievement year"), null=True, blank=True)
    params = models.JSONField(_("parameters"), default=dict)
    sources = models.JSONField(_("legal sources"), default=dict)

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["first_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__isnull=True)
                | models.Q(last_year__gte=models.F("first_year")),
                name="rule_set_years_ordered",
                violation_error_message=_("The last year cannot be before the first year."),
            )
        ]

    def __str__(self):
        return f"{self.code}: {self.name}"
