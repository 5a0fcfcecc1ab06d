"""Scoring in blocs and clusters (DOMAIN.md §4.3-4.4): a group's scoring table of the year and
its items, each member unit's score and its items' points, corrections after publication, and
the acclamation of the leading unit. Writes in scoring/services/, reads in scoring/selectors.py.

The models left ``units`` keeping their tables (``db_table``, the history's ``table_name``):
scoring/migrations/0001_initial.py."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation_portal.models import TimeStampedModel
from units.models import EmulationGroup, Unit

from .workflow import ScoringStatus, UnitScoreStatus


class ScoringMethod(models.TextChoices):
    RANKING = "ranking", _("Ranking by score")
    BALLOT = "ballot", _("Ballot with a threshold")


class ScoringTable(TimeStampedModel):
    """A group's scoring table for one year. Items change only while it is being prepared (or
    open with no score yet); later changes make a new version. Published results are final."""

    group = models.ForeignKey(
        EmulationGroup, on_delete=models.PROTECT, related_name="scoring_tables"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=ScoringStatus.choices, default=ScoringStatus.DRAFT
    )
    method = models.CharField(
        _("acclamation method"),
        max_length=8,
        choices=ScoringMethod.choices,
        default=ScoringMethod.RANKING,
    )
    threshold = models.DecimalField(
        _("ballot threshold (%)"),
        max_digits=5,
        decimal_places=2,
        default=50,
        help_text=_("With a ballot, the leader needs more than this share of the ballots cast."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    history = HistoricalRecords(table_name="units_historicalscoringtable")

    class Meta:
        db_table = "units_scoringtable"
        verbose_name = _("scoring table")
        verbose_name_plural = _("scoring tables")
        ordering = ["group", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "year", "version"],
                name="scoring_table_version_once",
                violation_error_message=_("This version of the table already exists."),
            ),
            # One table in force (open or published) and at most one next version in
            # preparation; superseded versions stay for the record.
            models.UniqueConstraint(
                fields=["group", "year"],
                condition=models.Q(status__in=["open", "published"]),
                name="one_live_scoring_table",
                violation_error_message=_("The group already has a scoring table for this year."),
            ),
            models.UniqueConstraint(
                fields=["group", "year"],
                condition=models.Q(status="draft"),
                name="one_draft_scoring_table",
                violation_error_message=_(
                    "A version of this table is already being prepared for this year."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ScoringStatus.values),
                name="scoring_table_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(threshold__gte=0, threshold__lte=100),
                name="scoring_table_threshold_percent",
            ),
        ]

    def __str__(self):
        return f"{self.group} {self.year} (v{self.version})"


class ItemKind(models.TextChoices):
    BASE = "base", _("Base")
    BONUS = "bonus", _("Bonus")
    DEDUCTION = "deduction", _("Deduction")


class ScoringItem(models.Model):
    """One line of a scoring table with its maximum. A deduction is entered as a positive
    number of points and subtracted from the total.

    Real tables have groups (I, 1, 1.1...): an item with children is a group, whose maximum
    is the sum of its children's maxima (``scoring.services.tables.item_problems``); only the
    leaves are scored. ``parent`` follows from the ``number`` labels in position order
    (``scoring.numbering``); a flat table has every item at the top level."""

    table = models.ForeignKey(ScoringTable, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("group"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    number = models.CharField(
        _("number"), max_length=20, blank=True, help_text=_("As in the table: I, 1, 1.1, a.")
    )
    text = models.CharField(_("item"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    guidance = models.TextField(_("guidance"), blank=True)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("same item in the previous version"),
    )
    history = HistoricalRecords(table_name="units_historicalscoringitem")

    class Meta:
        db_table = "units_scoringitem"
        verbose_name = _("scoring item")
        verbose_name_plural = _("scoring items")
        ordering = ["table", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "position"],
                name="scoring_item_position_once",
                violation_error_message=_("Two items of the table have the same position."),
            ),
            models.CheckConstraint(
                condition=models.Q(max_points__gt=0), name="scoring_item_max_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ItemKind.values), name="scoring_item_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.number or self.position}. {self.text}"

    @property
    def label(self) -> str:
        return self.number or str(self.position)


class UnitScore(TimeStampedModel):
    """A member unit's scoring against a table: its self-score, sent to the group's head, and
    the check (by the head, or by the Department for the head's own unit)."""

    table = models.ForeignKey(ScoringTable, on_delete=models.CASCADE, related_name="unit_scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="scores")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=UnitScoreStatus.choices,
        default=UnitScoreStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    history = HistoricalRecords(table_name="units_historicalunitscore")

    class Meta:
        db_table = "units_unitscore"
        verbose_name = _("unit's score")
        verbose_name_plural = _("units' scores")
        ordering = ["table", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "unit"],
                name="one_score_per_unit_and_table",
                violation_error_message=_("This unit already has a score for this table."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=UnitScoreStatus.values),
                name="unit_score_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.table}"


class ItemScore(models.Model):
    """The points of one item: the unit's own with its evidence, and the checker's adjustment
    with its reason beside it (the effective points are the adjusted ones when present)."""

    unit_score = models.ForeignKey(UnitScore, on_delete=models.CASCADE, related_name="item_scores")
    item = models.ForeignKey(ScoringItem, on_delete=models.CASCADE, related_name="scores")
    self_points = models.DecimalField(
        _("self-score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    evidence = models.TextField(_("evidence"), blank=True)
    adjusted_points = models.DecimalField(
        _("adjusted points"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    adjustment_reason = models.TextField(_("reason for the adjustment"), blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adjusted by"),
    )
    adjusted_at = models.DateTimeField(_("adjusted at"), null=True, blank=True)
    history = HistoricalRecords(table_name="units_historicalitemscore")

    class Meta:
        db_table = "units_itemscore"
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["unit_score", "item__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_score", "item"],
                name="one_score_per_item",
                violation_error_message=_("This item is already scored."),
            ),
            models.CheckConstraint(
                condition=models.Q(self_points__isnull=True) | models.Q(self_points__gte=0),
                name="item_self_points_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(adjusted_points__isnull=True)
                | (models.Q(adjusted_points__gte=0) & ~models.Q(adjustment_reason="")),
                name="item_adjustment_has_reason",
                violation_error_message=_("An adjustment needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.unit_score} – {self.item}"


class ScoreCorrection(models.Model):
    """After publication points are never edited: a correction is a new act, with its reason,
    who and when; the latest correction of an item is the item's effective points."""

    item_score = models.ForeignKey(ItemScore, on_delete=models.PROTECT, related_name="corrections")
    points = models.DecimalField(_("corrected points"), max_digits=6, decimal_places=2)
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        db_table = "units_scorecorrection"
        verbose_name = _("score correction")
        verbose_name_plural = _("score corrections")
        ordering = ["item_score", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points__gte=0) & ~models.Q(reason=""),
                name="score_correction_valid",
            )
        ]

    def __str__(self):
        return f"{self.item_score}: {self.points}"


class Acclamation(models.Model):
    """The group's acclamation of its leading unit, with the meeting's minutes. Recording it
    publishes the table; it is never edited: a correction is a new acclamation that names the
    one it corrects and why. The latest one of a table is in force."""

    table = models.ForeignKey(ScoringTable, on_delete=models.PROTECT, related_name="acclamations")
    leader = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="acclamations", verbose_name=_("leading unit")
    )
    method = models.CharField(_("method"), max_length=8, choices=ScoringMethod.choices)
    threshold = models.DecimalField(
        _("ballot threshold (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    ballots_for = models.PositiveSmallIntegerField(_("ballots for"), null=True, blank=True)
    ballots_total = models.PositiveSmallIntegerField(_("ballots cast"), null=True, blank=True)
    held_on = models.DateField(_("meeting date"))
    place = models.CharField(_("place"), max_length=255)
    city = models.CharField(
        _("place name on the date line"),
        max_length=100,
        default="Hà Nội",
        help_text=_("The province or city where the minutes are made, e.g. Hà Nội."),
    )
    chair = models.CharField(_("chair"), max_length=150)
    chair_position = models.CharField(_("chair's position"), max_length=255, blank=True)
    secretary = models.CharField(_("secretary"), max_length=150)
    secretary_position = models.CharField(_("secretary's position"), max_length=255, blank=True)
    attendees = models.TextField(_("attendees"))
    members_present = models.JSONField(
        _("members present"),
        default=list,
        blank=True,
        help_text=_("Each person present as the minutes name them: full name, position, unit."),
    )
    certificate_units = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="+",
        verbose_name=_("units proposed for the Minister's certificate"),
        help_text=_(
            "Proposed to the Ministry with the leading unit, which is proposed for the "
            "Ministry's emulation flag."
        ),
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        db_table = "units_acclamation"
        verbose_name = _("acclamation of the leading unit")
        verbose_name_plural = _("acclamations of the leading unit")
        ordering = ["table", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(method__in=ScoringMethod.values),
                name="acclamation_method_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(method="ranking")
                | (
                    models.Q(ballots_total__gt=0)
                    & models.Q(ballots_for__lte=models.F("ballots_total"))
                    & models.Q(threshold__isnull=False)
                ),
                name="acclamation_ballot_counts",
            ),
            models.CheckConstraint(
                condition=models.Q(corrects__isnull=True) | ~models.Q(correction_reason=""),
                name="acclamation_correction_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.leader} – {self.table}"
