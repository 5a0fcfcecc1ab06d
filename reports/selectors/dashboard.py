"""The figures of the Department's dashboard, counted in the database in a fixed number of
queries whatever the number of units, registrations and people.

Definitions (the same as the review queue's, whose lists are behind every number):

- A unit *registers* when it is active and is not the Department of Emulation itself.
- Its *status* is its registration's status for the campaign, or "not started" without one.
- A unit is *late* when the deadline (the campaign's, or the unit's extension) has passed and
  it has sent nothing: not started or still a draft (``registrations.queue.units_for_review``).
  A returned registration has been sent once and is with the unit for changes, so it is not
  counted late; a unit being amended has an approved version.
- Titles, initiatives and targets are *registered* when the Department approved the
  registration holding them; those in registrations awaiting review (submitted) are counted
  apart. Drafts, returned registrations and amendments under way are not counted.
- A result is *reported* when it has an actual value in a six-month or year-end report sent to
  the Department (submitted or approved); completion is actual / planned (planned > 0).
"""

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date

from django.db.models import Avg, Count, F, FloatField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.models import Recipient, Title, TitleKind
from emulation_portal.collation import group_name_key, vietnamese_key
from registrations.models import (
    CollectiveTitleAim,
    IndividualTitleAim,
    Initiative,
    InitiativeStatus,
    Period,
    ProgressReport,
    Scope,
    Target,
    TargetResult,
)
from registrations.selectors.queue import NOT_STARTED, units_for_review
from registrations.workflow import Status
from units.models import EmulationGroup, GroupKind, UnitType

# Columns of the status tables, in the order a registration moves.
STATUS_KEYS = (NOT_STARTED, *Status.values)
REGISTERED = Status.APPROVED
AWAITING = Status.SUBMITTED
SENT_REPORT_STATUSES = (Status.SUBMITTED, Status.APPROVED)
# Completion buckets: (key, lower bound included, upper bound excluded), in percent.
COMPLETION_BUCKETS = (
    ("lt50", None, 50),
    ("50to80", 50, 80),
    ("80to100", 80, 100),
    ("gte100", 100, None),
)


def status_label(key: str) -> str:
    return _("Not started") if key == NOT_STARTED else str(Status(key).label)


def completion_bucket_label(key: str) -> str:
    return {
        "lt50": _("under 50%"),
        "50to80": _("50–80%"),
        "80to100": _("80–100%"),
        "gte100": _("at least 100%"),
    }[key]


@dataclass
class StatusRow:
    """Units by status for one slice: everyone, a bloc or cluster, or a type of unit."""

    key: str  # "all", a group's pk as text, or a unit type
    label: str
    counts: dict[str, int]
    late: int = 0
    kind: str = ""  # bloc, cluster, unit_type or all
    group_id: int | None = None
    unit_type: str | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def short_label(self) -> str:
        """ "Khối I - Các Vụ ..." → "Khối I": the part before the first " - "."""
        return self.label.split(" - ", 1)[0]

    @property
    def detail_label(self) -> str:
        """ "Khối I - Các Vụ ..." → "Các Vụ ...": the part after the first " - ", if any."""
        return self.label.split(" - ", 1)[1] if " - " in self.label else ""

    @property
    def cells(self) -> list[tuple[str, int]]:
        return [(key, self.counts.get(key, 0)) for key in STATUS_KEYS]

    @property
    def registered(self) -> int:
        """Units whose registration the Department approved, those amending an approved
        registration included (their approved version stands meanwhile)."""
        return self.counts.get(REGISTERED, 0) + self.counts.get(Status.AMENDING, 0)

    @property
    def amending(self) -> int:
        return self.counts.get(Status.AMENDING, 0)

    @property
    def awaiting(self) -> int:
        """Units whose registration awaits the Department's review."""
        return self.counts.get(AWAITING, 0)

    @property
    def not_registered(self) -> int:
        """Units without an approved registration nor one awaiting review."""
        return self.total - self.registered - self.awaiting

    @property
    def not_sent(self) -> int:
        """Units that have never sent their registration."""
        return self.total - self.sent

    @property
    def sent(self) -> int:
        """Units that sent their registration at least once."""
        return self.total - self.counts.get(NOT_STARTED, 0) - self.counts.get(Status.DRAFT, 0)


@dataclass
class TitleRow:
    code: str
    name: str
    abbreviation: str
    recipient: str
    approved: int = 0
    awaiting: int = 0
    kind: str = TitleKind.EMULATION_TITLE

    @property
    def short(self) -> str:
        return self.abbreviation or self.name


@dataclass
class InitiativeFigures:
    """Initiatives of approved registrations by status (rows) and scope (columns)."""

    table: dict[str, dict[str, int]]  # status → scope → n
    awaiting: int = 0

    @property
    def by_status(self) -> list[tuple[str, str, int]]:
        return [
            (key, str(label), sum(self.table.get(key, {}).values()))
            for key, label in InitiativeStatus.choices
        ]

    @property
    def by_scope(self) -> list[tuple[str, str, int]]:
        return [
            (key, str(label), sum(row.get(key, 0) for row in self.table.values()))
            for key, label in Scope.choices
        ]

    @property
    def rows(self) -> list[tuple[str, str, list[int], int]]:
        return [
            (key, str(label), [self.table.get(key, {}).get(s, 0) for s in Scope.values], n)
            for (key, label, n) in [
                (key, label, sum(self.table.get(key, {}).values()))
                for key, label in InitiativeStatus.choices
            ]
        ]

    @property
    def total(self) -> int:
        return sum(sum(row.values()) for row in self.table.values())


@dataclass
class PeriodResults:
    period: str
    label: str
    reports_approved: int = 0
    reports_awaiting: int = 0
    results_reported: int = 0
    average_completion: float | None = None
    buckets: dict[str, int] = field(default_factory=dict)

    @property
    def bucket_cells(self) -> list[tuple[str, str, int]]:
        return [
            (key, completion_bucket_label(key), self.buckets.get(key, 0))
            for key, _low, _high in COMPLETION_BUCKETS
        ]


@dataclass
class LateUnit:
    unit_id: int
    code: str
    name: str
    status: str
    registration_id: int | None
    deadline: date
    days_late: int
    group_name: str | None = None
    short_name: str = ""

    @property
    def status_label(self) -> str:
        return status_label(self.status)


@dataclass
class DashboardFigures:
    campaign_id: int
    year: int
    today: date
    registration_deadline: date
    overall: StatusRow
    groups: list[StatusRow]
    unit_types: list[StatusRow]
    collective_titles: list[TitleRow]
    individual_titles: list[TitleRow]
    initiatives: InitiativeFigures
    targets_registered: int
    targets_awaiting: int
    periods: list[PeriodResults]
    late_units: list[LateUnit]

    @property
    def statuses(self) -> list[tuple[str, str]]:
        return [(key, status_label(key)) for key in STATUS_KEYS]

    @property
    def titles(self) -> list[TitleRow]:
        """The emulation titles registered (danh hiệu thi đua)."""
        rows = self.collective_titles + self.individual_titles
        return [row for row in rows if row.kind == TitleKind.EMULATION_TITLE]

    @property
    def forms(self) -> list[TitleRow]:
        """The forms of commendation registered (hình thức khen thưởng: Bằng khen, Giấy
        khen), which are not titles."""
        rows = self.collective_titles + self.individual_titles
        return [row for row in rows if row.kind == TitleKind.COMMENDATION_FORM]

    @property
    def blocs(self) -> list[StatusRow]:
        return [row for row in self.groups if row.kind == GroupKind.BLOC]

    @property
    def clusters(self) -> list[StatusRow]:
        return [row for row in self.groups if row.kind == GroupKind.CLUSTER]

    @property
    def has_results(self) -> bool:
        return any(period.results_reported for period in self.periods)

    def as_dict(self) -> dict:
        """Plain data (JSON-ready), e.g. for the snapshot of a generated report."""
        data = asdict(self)
        for key in ("today", "registration_deadline"):
            data[key] = data[key].isoformat()
        for unit in data["late_units"]:
            unit["deadline"] = unit["deadline"].isoformat()
        return data


def _status_row(units: list[dict], **kwargs) -> StatusRow:
    """Counts by registration status (and late) of the given units' rows."""
    counts = dict.fromkeys(STATUS_KEYS, 0)
    for unit in units:
        counts[unit["registration_status"]] += 1
    return StatusRow(counts=counts, late=sum(1 for u in units if u["is_late"]), **kwargs)


def _unit_type_order(unit_type: str) -> tuple[int, str]:
    """The types of unit in the order the portal declares them (UnitType)."""
    values = list(UnitType.values)
    return (values.index(unit_type) if unit_type in values else len(values), unit_type or "")


def _completion():
    """Actual against planned in percent, as a float (the database does the division)."""
    return Cast("actual_value", FloatField()) * 100.0 / Cast("target__planned_value", FloatField())


def _bucket_filter(low, high) -> Q:
    q = Q(target__planned_value__gt=0)
    if low is not None:
        q &= Q(completion__gte=low)
    if high is not None:
        q &= Q(completion__lt=high)
    return q


def _unit_statuses(campaign, today: date) -> list[dict]:
    """Every registering unit with its registration's status and lateness (one query): a
    few hundred rows per ministry, counted in Python, for three grouped queries over the same
    annotated units cost more to build than this."""
    units = list(
        units_for_review(campaign, today=today)
        .order_by()
        .values(
            "pk",
            "code",
            "name",
            "short_name",
            "unit_type",
            "group_id",
            "group_name",
            "registration_status",
            "registration_id",
            "deadline",
            "is_late",
        )
    )
    # Vietnamese order in Python: the same on every database (emulation_portal.collation).
    units.sort(key=lambda unit: (unit["deadline"], vietnamese_key(unit["name"])))
    return units


def _late_units(units: list[dict], today: date) -> list[LateUnit]:
    """The late ones of ``units``, the longest late first, then in Vietnamese order."""
    return [
        LateUnit(
            unit_id=unit["pk"],
            code=unit["code"],
            name=unit["name"],
            status=unit["registration_status"],
            registration_id=unit["registration_id"],
            deadline=unit["deadline"],
            days_late=(today - unit["deadline"]).days,
            group_name=unit["group_name"],
            short_name=unit["short_name"],
        )
        for unit in units
        if unit["is_late"]
    ]


def registration_overview(campaign, today: date | None = None) -> tuple[StatusRow, list[LateUnit]]:
    """The units' registration statuses in all and the late units (one query): what the
    drafts of a report's narrative say, without the dashboard's other counts."""
    today = today or timezone.localdate()
    units = _unit_statuses(campaign, today)
    return _status_row(units, key="all", label=_("All units"), kind="all"), _late_units(
        units, today
    )


def dashboard_figures(campaign, today: date | None = None) -> DashboardFigures:
    """Every figure of the dashboard for ``campaign``, in a fixed number of queries (9)."""
    today = today or timezone.localdate()
    units = _unit_statuses(campaign, today)

    # 1. Units by type (the overall row is their sum).
    unit_type_labels = dict(UnitType.choices)
    by_type = defaultdict(list)
    for unit in units:
        by_type[unit["unit_type"]].append(unit)
    unit_types = [
        _status_row(
            by_type[unit_type],
            key=unit_type,
            label=str(unit_type_labels.get(unit_type, unit_type)),
            kind="unit_type",
            unit_type=unit_type,
        )
        for unit_type in sorted(by_type, key=_unit_type_order)
    ]
    overall = _status_row(units, key="all", label=_("All units"), kind="all")

    # 2-3. Units by bloc and cluster (membership of the campaign's year).
    by_group = defaultdict(list)
    for unit in units:
        by_group[unit["group_id"]].append(unit)
    groups = [
        _status_row(
            by_group.get(group.pk, []),
            key=str(group.pk),
            label=group.name,
            kind=group.kind,
            group_id=group.pk,
        )
        for group in sorted(
            EmulationGroup.objects.all(), key=lambda group: (group.kind, group_name_key(group.name))
        )
    ]
    if None in by_group:
        groups.append(
            _status_row(by_group[None], key="none", label=_("No bloc or cluster"), kind="")
        )

    # 4. Late units, the longest late first, then in Vietnamese order.
    late_units = _late_units(units, today)

    # 5-7. Titles aimed for, by title, approved or awaiting review.
    in_campaign = Q(registration__campaign=campaign)
    status_counts = {
        "approved": Count("pk", filter=Q(registration__status=REGISTERED)),
        "awaiting": Count("pk", filter=Q(registration__status=AWAITING)),
    }
    title_rows = {
        title.pk: TitleRow(
            title.code, title.name, title.abbreviation, title.recipient, kind=title.kind
        )
        for title in Title.objects.filter(is_registrable=True).order_by("recipient", "rank")
    }
    for model in (CollectiveTitleAim, IndividualTitleAim):
        for values in (
            model.objects.filter(in_campaign)
            .values("title_id")
            .annotate(**status_counts)
            .order_by()
        ):
            row = title_rows.get(values["title_id"])
            if row is not None:
                row.approved += values["approved"]
                row.awaiting += values["awaiting"]
    collective_titles = [r for r in title_rows.values() if r.recipient == Recipient.COLLECTIVE]
    individual_titles = [r for r in title_rows.values() if r.recipient == Recipient.INDIVIDUAL]

    # 8. Initiatives by status and scope.
    table: dict[str, dict[str, int]] = {}
    awaiting_initiatives = 0
    for values in (
        Initiative.objects.filter(in_campaign, registration__status__in=(REGISTERED, AWAITING))
        .values("status", "scope", "registration__status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if values["registration__status"] == AWAITING:
            awaiting_initiatives += values["n"]
        else:
            by_scope = table.setdefault(values["status"], {})
            by_scope[values["scope"]] = by_scope.get(values["scope"], 0) + values["n"]

    # 9. Targets registered.
    targets = Target.objects.filter(in_campaign).aggregate(**status_counts)

    # 10. Reports sent, by period.
    periods = {period: PeriodResults(period, str(label)) for period, label in Period.choices}
    for values in (
        ProgressReport.objects.filter(in_campaign)
        .values("period")
        .annotate(
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
            awaiting=Count("pk", filter=Q(status=Status.SUBMITTED)),
        )
        .order_by()
    ):
        periods[values["period"]].reports_approved = values["approved"]
        periods[values["period"]].reports_awaiting = values["awaiting"]

    # 11. Results reported and their completion, by period.
    buckets = {
        key: Count("pk", filter=_bucket_filter(low, high)) for key, low, high in COMPLETION_BUCKETS
    }
    for values in (
        TargetResult.objects.filter(
            report__registration__campaign=campaign,
            report__status__in=SENT_REPORT_STATUSES,
            actual_value__isnull=False,
        )
        .alias(completion=_completion())
        .values(period=F("report__period"))
        .annotate(
            reported=Count("pk"),
            average=Avg("completion", filter=Q(target__planned_value__gt=0)),
            **buckets,
        )
        .order_by()
    ):
        result = periods[values["period"]]
        result.results_reported = values["reported"]
        result.average_completion = (
            round(values["average"], 1) if values["average"] is not None else None
        )
        result.buckets = {key: values[key] for key, _low, _high in COMPLETION_BUCKETS}

    return DashboardFigures(
        campaign_id=campaign.pk,
        year=campaign.year,
        today=today,
        registration_deadline=campaign.registration_deadline,
        overall=overall,
        groups=groups,
        unit_types=unit_types,
        collective_titles=collective_titles,
        individual_titles=individual_titles,
        initiatives=InitiativeFigures(table=table, awaiting=awaiting_initiatives),
        targets_registered=targets["approved"],
        targets_awaiting=targets["awaiting"],
        periods=list(periods.values()),
        late_units=late_units,
    )
