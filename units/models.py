from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation_portal.models import TimeStampedModel


class UnitType(models.TextChoices):
    MINISTRY_UNIT = "ministry_unit", _("Unit under the Ministry")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Provincial Department")


class Unit(TimeStampedModel):
    """A unit under the Ministry or a provincial Department of Natural Resources and Environment."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255, unique=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    unit_type = models.CharField(_("type"), max_length=32, choices=UnitType.choices)
    province = models.CharField(_("province"), max_length=100, blank=True)
    head_title = models.CharField(_("title of the head"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_emulation_department = models.BooleanField(
        _("is the Department of Emulation"),
        default=False,
        help_text=_(
            "The Department of Emulation, Commendation and Propaganda reviews the campaign."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["unit_type", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_emulation_department"],
                condition=models.Q(is_emulation_department=True),
                name="one_emulation_department",
                violation_error_message=_("There is already a Department of Emulation."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class GroupKind(models.TextChoices):
    BLOC = "bloc", _("Emulation bloc")
    CLUSTER = "cluster", _("Emulation cluster")


class EmulationGroup(TimeStampedModel):
    """An emulation bloc (Khối, similar functions) or cluster (Cụm, same region)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Composition filled in for the demonstration, not from a Ministry decision."),
    )

    class Meta:
        verbose_name = _("emulation bloc or cluster")
        verbose_name_plural = _("emulation blocs and clusters")
        ordering = ["kind", "code"]

    def __str__(self):
        return self.name


class GroupRole(models.TextChoices):
    HEAD = "head", _("Head")
    DEPUTY = "deputy", _("Deputy")
    MEMBER = "member", _("Member")


class GroupMembership(models.Model):
    """A unit's place in a bloc or cluster for one year; head and deputy rotate yearly."""

    group = models.ForeignKey(EmulationGroup, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="group_memberships")
    year = models.PositiveSmallIntegerField(_("year"))
    role = models.CharField(
        _("role"), max_length=8, choices=GroupRole.choices, default=GroupRole.MEMBER
    )

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["group", "year", "role", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="one_group_per_unit_and_year",
                violation_error_message=_("This unit already belongs to a group for this year."),
            ),
            models.UniqueConstraint(
                fields=["group", "year", "role"],
                condition=models.Q(role__in=["head", "deputy"]),
                name="one_head_and_deputy_per_group_year",
                violation_error_message=_("This group already has a head or deputy for this year."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.group} ({self.year})"


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Person(TimeStampedModel):
    """A member of staff of a unit."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="staff")
    full_name = models.CharField(_("full name"), max_length=150)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    recruited_on = models.DateField(_("recruitment date"), null=True, blank=True)
    is_unit_head = models.BooleanField(_("head of the unit"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["unit", "-is_unit_head", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=models.Q(is_unit_head=True),
                name="one_head_person_per_unit",
                violation_error_message=_("This unit already has a head."),
            )
        ]

    def __str__(self):
        return self.full_name


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Completed tasks excellently")
    GOOD = "good", _("Completed tasks well")
    COMPLETED = "completed", _("Completed tasks")
    NOT_COMPLETED = "not_completed", _("Did not complete tasks")


class Discipline(models.TextChoices):
    """Disciplinary levels, mildest first (the order matters to the rule checks)."""

    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", _("Warning")
    SEVERE = "severe", _("Higher than warning")


class PersonYear(models.Model):
    """The year-scoped facts about a person: annual rating and discipline."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("annual rating"), max_length=16, choices=Rating.choices, blank=True)
    discipline = models.CharField(
        _("discipline"), max_length=16, choices=Discipline.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly record")
        verbose_name_plural = _("yearly records")
        ordering = ["person", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                name="one_record_per_person_and_year",
                violation_error_message=_("This person already has a record for this year."),
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.year})"


class AwardedTitle(models.Model):
    """A title or form actually awarded, with the decision behind it (a fact, not a wish)."""

    title = models.ForeignKey("criteria.Title", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("achievement year"))
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=255, blank=True)

    class Meta:
        abstract = True
        ordering = ["-year"]


class PersonTitle(AwardedTitle):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="titles")
    history = HistoricalRecords()

    class Meta(AwardedTitle.Meta):
        verbose_name = _("title held by a person")
        verbose_name_plural = _("titles held by people")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "title", "year"],
                name="person_title_once_per_year",
                violation_error_message=_("This person already holds this title for this year."),
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.title} {self.year}"


class UnitTitle(AwardedTitle):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="titles")
    history = HistoricalRecords()

    class Meta(AwardedTitle.Meta):
        verbose_name = _("title held by a unit")
        verbose_name_plural = _("titles held by units")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "title", "year"],
                name="unit_title_once_per_year",
                violation_error_message=_("This unit already holds this title for this year."),
            )
        ]

    def __str__(self):
        return f"{self.unit}: {self.title} {self.year}"


class Role(models.TextChoices):
    UNIT_HEAD = "unit_head", _("Unit head")
    REVIEWER = "reviewer", _("Reviewer (Department of Emulation)")
    MINISTER = "minister", _("Minister")
    ADMINISTRATOR = "administrator", _("Administrator")


class UserRole(models.Model):
    """The one role a user acts in, and for a unit head the unit they head."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_role"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="user_roles"
    )

    class Meta:
        verbose_name = _("user role")
        verbose_name_plural = _("user roles")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="unit_head") | models.Q(unit__isnull=False),
                name="unit_head_has_unit",
                violation_error_message=_("A unit head must be linked to a unit."),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"


# --- Scoring in blocs and clusters (DOMAIN.md §4.3-4.4) --------------------------------------
# Services in units/scoring.py, reads in units/scoring_selectors.py.


class ScoringMethod(models.TextChoices):
    RANKING = "ranking", _("Ranking by score")
    BALLOT = "ballot", _("Ballot with a threshold")


class ScoringStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Scoring open")
    PUBLISHED = "published", _("Results published")
    SUPERSEDED = "superseded", _("Replaced by a newer version")


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
    history = HistoricalRecords()

    class Meta:
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
    number of points and subtracted from the total."""

    table = models.ForeignKey(ScoringTable, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
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
    history = HistoricalRecords()

    class Meta:
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
        return f"{self.position}. {self.text}"


class UnitScoreStatus(models.TextChoices):
    DRAFT = "draft", _("Self-scoring")
    SUBMITTED = "submitted", _("Sent for checking")
    CHECKED = "checked", _("Checked")


# A score the unit has sent: the group's head checks it, and it counts in the ranking.
SENT_SCORE_STATUSES = (UnitScoreStatus.SUBMITTED, UnitScoreStatus.CHECKED)


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
    history = HistoricalRecords()

    class Meta:
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
    history = HistoricalRecords()

    class Meta:
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
