"""Reads about deadlines: what each unit still owes the Department and by when, who is late,
who gets the e-mails, and the extensions granted. Every function takes a fixed number of
queries whatever the number of units."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import DateField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from campaigns.models import Campaign
from units.models import Role, Unit, UserRole
from units.roles import display_name

from ..models import WAS_APPROVED, DeadlineExtension, Period, ProgressReport, Registration
from ..workflow import Status

NOT_STARTED = "not_started"
# Not yet sent to the Department (the same reading as the Department's review queue): once
# past its deadline, such a unit is late.
UNSENT = (NOT_STARTED, Status.DRAFT)

REGISTRATION = "registration"
# What a unit owes, and the campaign's field that holds its due date.
DEADLINE_FIELDS = {
    REGISTRATION: "registration_deadline",
    Period.SIX_MONTH: "midyear_report_date",
    Period.YEAR_END: "year_end_report_date",
}


@dataclass(frozen=True)
class Owed:
    """One submission a unit has not sent yet: its registration or the results of a period."""

    unit: Unit
    what: str  # REGISTRATION or a Period value
    due_on: date
    status: str  # NOT_STARTED or the registration's / report's status
    registration_id: int | None
    report_id: int | None = None
    extended: bool = False

    @property
    def deadline_field(self) -> str:
        return DEADLINE_FIELDS[self.what]

    @property
    def period_label(self) -> str:
        return "" if self.what == REGISTRATION else Period(self.what).label

    def days_late(self, today: date) -> int:
        return (today - self.due_on).days


def registering_units():
    """The units that register for a campaign: every active unit but the Department itself."""
    return Unit.objects.filter(is_active=True, is_emulation_department=False)


def unit_deadline_expression(campaign: Campaign, unit=None):
    """SQL for a unit's own registration deadline: the campaign's, or its extension if later
    (the rule the submission check applies). ``unit`` refers to the unit's id in the outer
    queryset: its ``pk`` (a queryset of units) by default."""
    unit = unit if unit is not None else OuterRef("pk")
    deadline = Value(campaign.registration_deadline, output_field=DateField())
    extension = DeadlineExtension.objects.filter(campaign=campaign, unit=unit)
    return Greatest(deadline, Coalesce(Subquery(extension.values("until")[:1]), deadline))


def registrations_owed(campaign: Campaign) -> list[Owed]:
    """The units that have not sent their registration, each with its own deadline."""
    registration = Registration.objects.filter(campaign=campaign, unit=OuterRef("pk"))
    extension = DeadlineExtension.objects.filter(campaign=campaign, unit=OuterRef("pk"))
    units = (
        registering_units()
        .annotate(
            registration_id=Subquery(registration.values("pk")[:1]),
            registration_status=Coalesce(
                Subquery(registration.values("status")[:1]), Value(NOT_STARTED)
            ),
            extended_until=Subquery(extension.values("until")[:1]),
            deadline=unit_deadline_expression(campaign),
        )
        .filter(registration_status__in=UNSENT)
        .order_by("unit_type", "name")
    )
    return [
        Owed(
            unit=unit,
            what=REGISTRATION,
            due_on=unit.deadline,
            status=unit.registration_status,
            registration_id=unit.registration_id,
            extended=unit.extended_until is not None
            and unit.extended_until > campaign.registration_deadline,
        )
        for unit in units
    ]


def reports_owed(campaign: Campaign, period: str) -> list[Owed]:
    """The units with an approved registration that have not sent the results of ``period``."""
    report = ProgressReport.objects.filter(registration=OuterRef("pk"), period=period)
    _opens_on, due_on = campaign.report_window(period)
    registrations = (
        Registration.objects.filter(WAS_APPROVED, campaign=campaign, unit__in=registering_units())
        .select_related("unit")
        .annotate(
            report_id=Subquery(report.values("pk")[:1]),
            report_status=Coalesce(Subquery(report.values("status")[:1]), Value(NOT_STARTED)),
        )
        .filter(report_status__in=UNSENT)
        .order_by("unit__unit_type", "unit__name")
    )
    return [
        Owed(
            unit=registration.unit,
            what=period,
            due_on=due_on,
            status=registration.report_status,
            registration_id=registration.pk,
            report_id=registration.report_id,
        )
        for registration in registrations
    ]


def everything_owed(campaign: Campaign) -> list[Owed]:
    """Registrations and both periods' results not sent yet (three queries)."""
    return [
        *registrations_owed(campaign),
        *reports_owed(campaign, Period.SIX_MONTH),
        *reports_owed(campaign, Period.YEAR_END),
    ]


def late_owed(campaign: Campaign, today: date) -> list[Owed]:
    """What is overdue on ``today``, the longest overdue first."""
    late = [owed for owed in everything_owed(campaign) if owed.due_on < today]
    return sorted(late, key=lambda owed: (owed.due_on, owed.unit.name, owed.what))


def unit_recipients(unit_ids) -> dict[int, list[str]]:
    """Each unit's addresses: its heads' own (active accounts) and then the unit's mailbox."""
    recipients: dict[int, list[str]] = defaultdict(list)
    heads = (
        UserRole.objects.filter(role=Role.UNIT_HEAD, unit_id__in=unit_ids, user__is_active=True)
        .exclude(user__email="")
        .order_by("user__username")
        .values_list("unit_id", "user__email")
    )
    for unit_id, email in heads:
        recipients[unit_id].append(email)
    for unit_id, email in (
        Unit.objects.filter(pk__in=unit_ids).exclude(email="").values_list("pk", "email")
    ):
        recipients[unit_id].append(email)
    return {unit_id: _unique(emails) for unit_id, emails in recipients.items()}


def department_recipients() -> list[str]:
    """The Department's reviewers with an address, and PORTAL_DEPARTMENT_EMAIL if set."""
    emails = list(
        get_user_model()
        .objects.filter(portal_role__role=Role.REVIEWER, is_active=True)
        .exclude(email="")
        .order_by("username")
        .values_list("email", flat=True)
    )
    if getattr(settings, "PORTAL_DEPARTMENT_EMAIL", ""):
        emails.append(settings.PORTAL_DEPARTMENT_EMAIL)
    return _unique(emails)


def _unique(emails) -> list[str]:
    seen, unique = set(), []
    for email in emails:
        if email.lower() not in seen:
            seen.add(email.lower())
            unique.append(email)
    return unique


@dataclass(frozen=True)
class ExtensionRow:
    extension: DeadlineExtension
    granted_by: str  # the granting user's name, family name first
    earlier: list  # (history row, granting user's name) before the current grant, newest first


def extensions_with_history(campaign: Campaign) -> list[ExtensionRow]:
    """The campaign's extensions with who granted them, and the earlier grants each replaced
    (two queries)."""
    extensions = list(
        DeadlineExtension.objects.filter(campaign=campaign)
        .select_related("unit", "granted_by")
        .order_by("-granted_at", "unit__name")
    )
    earlier = defaultdict(list)
    history = (
        DeadlineExtension.history.filter(campaign_id=campaign.pk)
        .select_related("granted_by")
        .order_by("-history_date", "-history_id")
    )
    for row in history:
        earlier[row.id].append((row, display_name(row.granted_by)))
    return [
        ExtensionRow(
            extension=extension,
            granted_by=display_name(extension.granted_by),
            earlier=earlier[extension.pk][1:],
        )
        for extension in extensions
    ]


def unit_choices_for_extension():
    """The units an extension can be granted to, in the order the Department reads them."""
    return registering_units().order_by("unit_type", "name")


def registration_deadline(registration: Registration) -> date:
    """The registration's deadline: the campaign's, or the unit's extension if later."""
    return unit_deadline(registration.campaign, registration.unit_id)


def unit_deadline(campaign: Campaign, unit) -> date:
    """The unit's own registration deadline: the campaign's, or its extension if later."""
    extension = DeadlineExtension.objects.filter(campaign=campaign, unit=unit).first()
    deadline = campaign.registration_deadline
    return max(deadline, extension.until) if extension else deadline
