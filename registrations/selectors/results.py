"""Reads of progress reports (six-month and year-end results), scoped to what the user may see."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from registrations.selectors.registrations import registrations_visible_to

from ..models import (
    Evidence,
    Initiative,
    InitiativeStatus,
    ProgressReport,
    Registration,
    RegistrationEvent,
    ReviewComment,
    Target,
)
from ..workflow import Status


def completion_percent(actual: Decimal | None, planned: Decimal | None) -> Decimal | None:
    """Actual against planned, in percent to one decimal; None when either is missing or 0."""
    if actual is None or not planned:
        return None
    return (actual / planned * Decimal(100)).quantize(Decimal("0.1"))


def _decimal_or_none(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def approved_target_ids(registration: Registration) -> list[int]:
    """The targets of the approved version, in position order, that still exist (one query)."""
    snapshot = registration.approved_snapshot or {}
    ordered = [
        item["id"]
        for item in sorted(snapshot.get("targets", []), key=lambda item: item.get("position", 0))
    ]
    existing = set(
        Target.objects.filter(registration=registration, pk__in=ordered)
        .order_by()
        .values_list("pk", flat=True)
    )
    return [pk for pk in ordered if pk in existing]


def approved_initiative_ids(registration: Registration) -> list[int]:
    """The initiatives of the approved version, in their order, that still exist (one query)."""
    snapshot = registration.approved_snapshot or {}
    ordered = [item["id"] for item in snapshot.get("initiatives", [])]
    existing = set(
        Initiative.objects.filter(registration=registration, pk__in=ordered)
        .order_by()
        .values_list("pk", flat=True)
    )
    return [pk for pk in ordered if pk in existing]


def reports_visible_to(*, user) -> QuerySet[ProgressReport]:
    """Progress reports of the registrations the user may see."""
    return ProgressReport.objects.select_related(
        "registration__campaign", "registration__unit"
    ).filter(registration__in=registrations_visible_to(user=user).values("pk"))


def report_get_for_user(*, user, pk: int) -> ProgressReport:
    """The report with its results, evidence and history; 404 for missing and not-yours alike."""
    report = (
        reports_visible_to(user=user)
        .prefetch_related(
            "results",
            "initiative_results",
            Prefetch("evidence", queryset=Evidence.objects.select_related("uploaded_by")),
            Prefetch("events", queryset=RegistrationEvent.objects.select_related("actor")),
        )
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def evidence_get_for_user(*, user, pk: int) -> Evidence:
    """An evidence file of a report the user may see; 404 otherwise."""
    evidence = (
        Evidence.objects.select_related(
            "report__registration__campaign", "report__registration__unit"
        )
        .filter(report__registration__in=registrations_visible_to(user=user).values("pk"))
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


@dataclass
class TargetRow:
    """One approved target with the unit's result against it."""

    id: int
    position: int
    description: str
    criterion: str
    planned_value: Decimal | None
    measure: str
    actual_value: Decimal | None = None
    assessment: str = ""
    comments: list = field(default_factory=list)

    @property
    def completion(self) -> Decimal | None:
        return completion_percent(self.actual_value, self.planned_value)


@dataclass
class InitiativeRow:
    """One approved initiative with its progress in this report."""

    id: int
    title: str
    authors: list[str]
    field: str
    status: str
    note: str = ""
    comments: list = field(default_factory=list)

    @property
    def status_display(self) -> str:
        return InitiativeStatus(self.status).label if self.status else ""


@dataclass
class ReportContent:
    targets: list[TargetRow]
    initiatives: list[InitiativeRow]
    latest_return: RegistrationEvent | None
    general_comments: list


def report_content(report: ProgressReport) -> ReportContent:
    """Rows of the results page from the approved version, in a constant number of queries.

    ``report`` comes from ``report_get_for_user`` (results and events prefetched). Planned
    values are those the Department approved, even while an amendment is under way.
    """
    registration = report.registration
    snapshot = registration.approved_snapshot or {}
    target_ids = set(approved_target_ids(registration))
    initiatives = {
        initiative.pk: initiative
        for initiative in Initiative.objects.filter(
            registration=registration,
            pk__in=[item["id"] for item in snapshot.get("initiatives", [])],
        ).order_by()
    }
    results = {result.target_id: result for result in report.results.all()}
    progress = {result.initiative_id: result for result in report.initiative_results.all()}

    latest_return = None
    if report.status == Status.RETURNED:
        latest_return = next(
            (e for e in report.events.all() if e.to_status == Status.RETURNED), None
        )
    comments = list(ReviewComment.objects.filter(event=latest_return)) if latest_return else []

    targets = []
    for item in sorted(snapshot.get("targets", []), key=lambda item: item.get("position", 0)):
        if item["id"] not in target_ids:
            continue
        result = results.get(item["id"])
        targets.append(
            TargetRow(
                id=item["id"],
                position=item.get("position", 0),
                description=item.get("description", ""),
                criterion=item.get("criterion", ""),
                planned_value=_decimal_or_none(item.get("planned_value")),
                measure=item.get("measure", ""),
                actual_value=result.actual_value if result else None,
                assessment=result.assessment if result else "",
                comments=[c for c in comments if c.target_id == item["id"]],
            )
        )
    initiative_rows = []
    for item in snapshot.get("initiatives", []):
        initiative = initiatives.get(item["id"])
        if initiative is None:
            continue
        result = progress.get(initiative.pk)
        initiative_rows.append(
            InitiativeRow(
                id=initiative.pk,
                title=item.get("title", initiative.title),
                authors=item.get("authors", []),
                field=item.get("field", initiative.field),
                status=result.status if result else initiative.status,
                note=result.note if result else "",
                comments=[c for c in comments if c.initiative_id == initiative.pk],
            )
        )
    general = [c for c in comments if c.target_id is None and c.initiative_id is None]
    return ReportContent(targets, initiative_rows, latest_return, general)
