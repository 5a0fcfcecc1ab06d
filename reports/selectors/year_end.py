"""The figures only the year-end report carries, counted in the database in a fixed number of
queries whatever the number of units, targets, groups, titles and proposals (seven).

- *Results against targets per unit*: every unit with an approved registration for the
  campaign, its approved targets, how many have a reported result (the year-end result if one
  was sent, else the six-month one: actual value in a report sent to the Department) and the
  average completion of those results (actual / planned in percent, planned > 0).
- *Bloc and cluster results*: each published scoring table of the year with the leader its
  acclamation in force names (``scoring.selectors``).
- *Titles achieved*: ``PersonTitle`` / ``UnitTitle`` rows of the campaign's year, by title.
- *Proposed for higher awards*: items of the campaign's proposals sent to the Department (not
  drafts) for the Ministry's and the State's titles and forms (``HIGHER_AWARD_CODES`` and every
  ``BK_TTG_*``), counted by title and listed by name.
"""

from dataclasses import asdict, dataclass

from django.db.models import Avg, Count, F, FloatField, OuterRef, Q, Subquery
from django.db.models.functions import Cast

from awards.models import ProposalItem
from awards.workflow import ProposalStatus
from emulation_portal.collation import group_name_key, person_name_key, vietnamese_key
from registrations.models import Registration, Target, TargetResult
from registrations.workflow import Status
from scoring.models import Acclamation, ScoringTable
from scoring.workflow import ScoringStatus
from units.models import PersonTitle, UnitTitle

from .dashboard import SENT_REPORT_STATUSES

HIGHER_AWARD_CODES = ("CSTD_BO", "CSTD_TQ", "CO_BO", "CO_CP")
HIGHER_AWARD_PREFIX = "BK_TTG"


@dataclass
class UnitTargetResults:
    unit_id: int
    unit_name: str
    targets: int = 0
    reported: int = 0
    average_completion: float | None = None


@dataclass
class GroupResult:
    group_id: int
    group_name: str
    kind: str
    leader_name: str


@dataclass
class TitleCount:
    code: str
    name: str
    units: int = 0
    people: int = 0
    rank: int = 0

    @property
    def total(self) -> int:
        return self.units + self.people


@dataclass
class ProposedAward:
    title_code: str
    title_name: str
    name: str  # the person, or the unit for a collective title
    unit_name: str


@dataclass
class YearEndFigures:
    unit_results: list[UnitTargetResults]
    group_results: list[GroupResult]
    titles_achieved: list[TitleCount]
    proposed_counts: list[TitleCount]
    proposed: list[ProposedAward]

    def as_dict(self) -> dict:
        return {
            "unit_results": [asdict(row) for row in self.unit_results],
            "group_results": [asdict(row) for row in self.group_results],
            "titles_achieved": [asdict(row) for row in self.titles_achieved],
            "proposed_counts": [asdict(row) for row in self.proposed_counts],
            "proposed": [asdict(row) for row in self.proposed],
        }


def _latest_actual():
    """A Target's result in force: the year-end one if sent, else the six-month one."""
    results = TargetResult.objects.filter(
        target=OuterRef("pk"),
        report__status__in=SENT_REPORT_STATUSES,
        actual_value__isnull=False,
    ).order_by("-report__period")  # "year_end" sorts after "six_month"
    return Subquery(results.values("actual_value")[:1])


def unit_target_results(campaign) -> list[UnitTargetResults]:
    """Per unit with an approved registration: targets, reported, average completion (two
    queries)."""
    rows = {
        unit_id: UnitTargetResults(unit_id=unit_id, unit_name=name)
        for unit_id, name in sorted(
            Registration.objects.filter(campaign=campaign, status=Status.APPROVED)
            .order_by()
            .values_list("unit_id", "unit__name"),
            key=lambda row: vietnamese_key(row[1]),
        )
    }
    completion = Cast("actual", FloatField()) * 100.0 / Cast("planned_value", FloatField())
    per_unit = (
        Target.objects.filter(registration__campaign=campaign, registration__status=Status.APPROVED)
        .annotate(actual=_latest_actual())
        .values(unit_id=F("registration__unit_id"))
        .annotate(
            targets=Count("pk"),
            reported=Count("pk", filter=Q(actual__isnull=False)),
            average=Avg(completion, filter=Q(actual__isnull=False, planned_value__gt=0)),
        )
        .order_by()
    )
    for values in per_unit:
        row = rows.get(values["unit_id"])
        if row is None:
            continue
        row.targets, row.reported = values["targets"], values["reported"]
        if values["average"] is not None:
            row.average_completion = round(values["average"], 1)
    return list(rows.values())


def group_results(year: int) -> list[GroupResult]:
    """Each published table of the year with its acclaimed leader (one query)."""
    leader = Acclamation.objects.filter(table=OuterRef("pk"), corrections__isnull=True)
    tables = (
        ScoringTable.objects.filter(year=year, status=ScoringStatus.PUBLISHED)
        .annotate(leader_name=Subquery(leader.values("leader__name")[:1]))
        .values_list("group_id", "group__name", "group__kind", "leader_name")
        .order_by()
    )
    rows = [
        GroupResult(group_id=pk, group_name=name, kind=kind, leader_name=leader_name or "")
        for pk, name, kind, leader_name in tables
    ]
    return sorted(rows, key=lambda row: (row.kind, group_name_key(row.group_name)))


def titles_achieved(year: int) -> list[TitleCount]:
    """Titles awarded for ``year``, units and people counted apart, by title (two queries)."""
    counts: dict[str, TitleCount] = {}
    for model, attr in ((UnitTitle, "units"), (PersonTitle, "people")):
        for code, name, rank, n in (
            model.objects.filter(year=year)
            .values_list("title__code", "title__name", "title__rank")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            row = counts.setdefault(code, TitleCount(code=code, name=name))
            row.rank = rank
            setattr(row, attr, n)
    return sorted(counts.values(), key=lambda row: (-row.rank, vietnamese_key(row.name)))


def _higher_awards(campaign):
    return (
        ProposalItem.objects.filter(proposal__campaign=campaign)
        .exclude(proposal__status=ProposalStatus.DRAFT)
        .filter(
            Q(title__code__in=HIGHER_AWARD_CODES) | Q(title__code__startswith=HIGHER_AWARD_PREFIX)
        )
    )


def proposed_for_higher_awards(campaign) -> tuple[list[TitleCount], list[ProposedAward]]:
    """The count per title (units and people apart) and the list, by title then name (two
    queries)."""
    counts = sorted(
        (
            TitleCount(code=code, name=name, units=units, people=people, rank=rank)
            for code, name, rank, units, people in _higher_awards(campaign)
            .values_list("title__code", "title__name", "title__rank")
            .annotate(
                units=Count("pk", filter=Q(person__isnull=True)),
                people=Count("pk", filter=Q(person__isnull=False)),
            )
            .order_by()
        ),
        key=lambda row: (-row.rank, vietnamese_key(row.name)),
    )
    items = sorted(
        _higher_awards(campaign)
        .values_list(
            "title__rank", "title__code", "title__name", "person__full_name", "proposal__unit__name"
        )
        .order_by(),
        key=lambda row: (
            -row[0],
            vietnamese_key(row[2]),
            vietnamese_key(row[4]),
            person_name_key(row[3]),
        ),
    )
    proposed = [
        ProposedAward(
            title_code=code,
            title_name=title,
            name=person or unit,
            unit_name=unit,
        )
        for _rank, code, title, person, unit in items
    ]
    return counts, proposed


def year_end_figures(campaign) -> YearEndFigures:
    counts, proposed = proposed_for_higher_awards(campaign)
    return YearEndFigures(
        unit_results=unit_target_results(campaign),
        group_results=group_results(campaign.year),
        titles_achieved=titles_achieved(campaign.year),
        proposed_counts=counts,
        proposed=proposed,
    )
