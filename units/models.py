from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
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


class SubUnitKind(models.TextChoices):
    OFFICE = "office", _("office")
    CENTRE = "centre", _("centre")
    SUB_DEPARTMENT = "sub_department", _("sub-department")
    FACULTY = "faculty", _("faculty")
    OTHER = "other", _("other")


class SubUnit(TimeStampedModel):
    """A collective inside a unit (phòng, trung tâm, chi cục, khoa): collective titles,
    registrations, proposals and decisions may name it. Deactivated, never deleted, once an
    aim names it (the aims protect it)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="sub_units")
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(
        _("kind"), max_length=16, choices=SubUnitKind.choices, default=SubUnitKind.OFFICE
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sub-unit")
        verbose_name_plural = _("sub-units")
        ordering = ["unit", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="sub_unit_name_unique_in_unit",
                violation_error_message=_("The unit already has a sub-unit of this name."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=SubUnitKind.values), name="sub_unit_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name


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
    sub_unit = models.ForeignKey(
        SubUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("sub-unit"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Who added, moved or renamed a member of staff, and when (the admin, an import).
    history = HistoricalRecords()

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

    def clean(self):
        super().clean()
        if self.sub_unit_id and self.unit_id and self.sub_unit.unit_id != self.unit_id:
            raise ValidationError({"sub_unit": _("Choose a sub-unit of the person's own unit.")})


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
    """The year-scoped facts about a person: annual rating, discipline and whether a review
    (discipline, inspection, complaint) is pending."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("annual rating"), max_length=16, choices=Rating.choices, blank=True)
    discipline = models.CharField(
        _("discipline"), max_length=16, choices=Discipline.choices, blank=True
    )
    pending_review = models.BooleanField(
        _("under review"),
        default=False,
        help_text=_(
            "Discipline being considered, an inspection or investigation under way, or a "
            "complaint or denunciation being verified: no award or proposal meanwhile "
            "(Decree 152/2025/NĐ-CP, Article 4)."
        ),
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


def _upper(text: str) -> str:
    return " ".join(text.split()).upper()


class SignerAuthority(models.TextChoices):
    OWN = "own", _("In their own right")
    ON_BEHALF = "kt", _("KT. (a deputy, on behalf of the head)")
    BY_ORDER = "tl", _("TL. (by order of the head)")


AUTHORITY_PREFIX = {SignerAuthority.ON_BEHALF: "KT.", SignerAuthority.BY_ORDER: "TL."}


class SignerBody(models.TextChoices):
    """Whose documents a signer signs: the organisation's, or its emulation department's own
    (the department's reports to the head, issued under the department's name)."""

    ORGANISATION = "organisation", _("The organisation's documents")
    DEPARTMENT = "department", _("The emulation department's own documents")


def default_superior_addressees() -> list[str]:
    """The State's emulation bodies every ministry and province reports to."""
    return [
        "Hội đồng Thi đua - Khen thưởng Trung ương",
        "Ban Thi đua - Khen thưởng Trung ương (Bộ Nội vụ)",
    ]


class Organisation(TimeStampedModel):
    """The one ministry (or provincial Department) the portal serves: what its documents print
    as the issuing body, its document symbols, its place and its signers. A single row, edited
    by the administrator; a letter already written keeps the issuer it was written under."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    name = models.CharField(
        _("issuing body"),
        max_length=255,
        help_text=_(
            "As written in a sentence, e.g. Bộ Tài nguyên và Môi trường; documents print it "
            "in capitals in their header."
        ),
    )
    parent_body = models.CharField(
        _("parent body"),
        max_length=255,
        blank=True,
        help_text=_(
            "Blank for a ministry; e.g. Ủy ban nhân dân tỉnh … for a provincial department."
        ),
    )
    abbreviation = models.CharField(
        _("abbreviation in document symbols"),
        max_length=30,
        help_text=_("E.g. BTNMT, as in …/BC-BTNMT."),
    )
    head_title = models.CharField(
        _("title of the head"), max_length=100, help_text=_("E.g. Bộ trưởng.")
    )
    department_name = models.CharField(
        _("name of the emulation department"),
        max_length=255,
        help_text=_("E.g. Vụ Thi đua, Khen thưởng và Tuyên truyền."),
    )
    department_code = models.CharField(
        _("short code of the emulation department"),
        max_length=30,
        help_text=_("E.g. TĐKT&TT; in document symbols it is written without punctuation."),
    )
    department_head_title = models.CharField(
        _("title of the department's head"),
        max_length=100,
        default="Vụ trưởng",
        help_text=_("E.g. Vụ trưởng; a deputy signs “KT. VỤ TRƯỞNG” above their own title."),
    )
    place = models.CharField(
        _("place"), max_length=100, help_text=_("The place on the date line, e.g. Hà Nội.")
    )
    addressees = models.JSONField(
        _("default addressees"),
        default=list,
        blank=True,
        help_text=_("A new campaign's letter starts with these addressees."),
    )
    distribution_list = models.JSONField(
        _("default distribution list"),
        default=list,
        blank=True,
        help_text=_("The “Nơi nhận” of the reports and of a new campaign's letter."),
    )
    superior_addressees = models.JSONField(
        _("addressees of the reports to the State"),
        default=default_superior_addressees,
        blank=True,
        help_text=_(
            "The “Kính gửi” of the organisation's own reports on emulation and commendation, "
            "e.g. Ban Thi đua - Khen thưởng Trung ương; Bộ Nội vụ."
        ),
    )
    functions_decree = models.CharField(
        _("decree on the functions of the organisation"),
        max_length=500,
        blank=True,
        help_text=_(
            "The Government decree on the organisation's functions, tasks, powers and "
            "organisation in force, cited first among the legal bases of its decisions, e.g. "
            "Nghị định số 68/2022/NĐ-CP ngày 22 tháng 9 năm 2022 của Chính phủ quy định chức "
            "năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Tài nguyên và Môi trường."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1),
                name="one_organisation",
                violation_error_message=_("The portal serves one organisation only."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def header_name(self) -> str:
        """The issuing body as the header prints it: BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG."""
        return _upper(self.name)

    @property
    def header_parent(self) -> str:
        return _upper(self.parent_body)

    @property
    def head_of_body(self) -> str:
        """The head with the body's name: Bộ trưởng Bộ Tài nguyên và Môi trường."""
        return f"{self.head_title} {self.name}"

    @property
    def department_symbol(self) -> str:
        """The department's code as document symbols write it: TĐKT&TT becomes TĐKTTT."""
        return "".join(ch for ch in self.department_code if ch.isalnum())

    @property
    def letter_symbol(self) -> str:
        """The symbol of the Department's letters (công văn): BTNMT-TĐKTTT."""
        return f"{self.abbreviation}-{self.department_symbol}"

    @property
    def report_symbol(self) -> str:
        """The symbol of a report (báo cáo): BC-BTNMT."""
        return f"BC-{self.abbreviation}"

    @property
    def department_header_name(self) -> str:
        """The department as the header of its own documents prints it."""
        return _upper(self.department_name)

    @property
    def department_report_symbol(self) -> str:
        """The symbol of the department's own reports: BC-TĐKTTT."""
        return f"BC-{self.department_symbol}"

    def authority_line(self, authority: str, body: str = "organisation") -> str:
        """The line above a signer's title: "KT. BỘ TRƯỞNG", "TL. BỘ TRƯỞNG", "KT. VỤ TRƯỞNG"
        (a deputy of the department's head) or nothing."""
        prefix = AUTHORITY_PREFIX.get(authority)
        head = self.department_head_title if body == SignerBody.DEPARTMENT else self.head_title
        return f"{prefix} {_upper(head)}" if prefix else ""

    def active_signers(self):
        return self.signers.filter(is_active=True).order_by("position", "pk")


class Signer(models.Model):
    """Someone who signs the organisation's documents. A new letter starts with the first active
    signer in their own right (else the first "KT."); the department's reports to the head are
    signed by the first active "TL." (else the first "KT.")."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="signers")
    name = models.CharField(
        _("name"),
        max_length=150,
        blank=True,
        help_text=_("Blank leaves the name to be written under the signature by hand."),
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        help_text=_(
            "As printed above the signature, e.g. Bộ trưởng, Thứ trưởng, "
            "Vụ trưởng Vụ Thi đua, Khen thưởng và Tuyên truyền."
        ),
    )
    authority = models.CharField(
        _("signs"), max_length=4, choices=SignerAuthority.choices, default=SignerAuthority.OWN
    )
    body = models.CharField(
        _("signs for"),
        max_length=16,
        choices=SignerBody.choices,
        default=SignerBody.ORGANISATION,
        help_text=_(
            "The department's head (Vụ trưởng) and deputies sign the department's own reports "
            "to the head of the organisation."
        ),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Clear instead of deleting someone who left.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signer")
        verbose_name_plural = _("signers")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.title} {self.name}".strip()

    @property
    def authority_line(self) -> str:
        return self.organisation.authority_line(self.authority, self.body)

    @property
    def title_line(self) -> str:
        return _upper(self.title)
