"""Every figure of every table of the reports to the Minister, read back from the PDF's tables
(pdfplumber), equals the figure counted here straight from the rows, in Python, apart from the
report's own queries."""

from datetime import date

import pdfplumber
import pytest
from django.utils import timezone, translation

from awards.models import ProposalItem
from awards.workflow import ProposalStatus
from criteria.models import Recipient, Title, TitleKind
from registrations.models import (
    CollectiveTitleAim,
    DeadlineExtension,
    IndividualTitleAim,
    Initiative,
    InitiativeStatus,
    Period,
    ProgressReport,
    Registration,
    Scope,
    Target,
    TargetResult,
)
from registrations.workflow import Status
from reports.models import ReportKind
from reports.services.reports import report_create, report_generate
from scoring.models import Acclamation, ScoringMethod, ScoringTable
from scoring.workflow import ScoringStatus
from units.models import GroupMembership, PersonTitle, Unit, UnitTitle

from .helpers import report_results
from .test_generated_reports import approved_with_targets

pytestmark = pytest.mark.django_db

NOT_STARTED = "Chưa bắt đầu"
SENT = (Status.SUBMITTED, Status.APPROVED)


def clean(cell) -> str:
    return " ".join((cell or "").split())


def pdf_tables(report) -> dict[tuple[str, ...], list[list[str]]]:
    """The PDF's tables keyed by their header row; a table continued on the next page (its
    header repeated) is one table."""
    tables: dict[tuple[str, ...], list[list[str]]] = {}
    with report.file.open("rb") as handle, pdfplumber.open(handle) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                header = tuple(clean(cell) for cell in table[0])
                if not header[0]:  # the charts read as stray cells, not tables
                    continue
                rows = tables.setdefault(header, [])
                rows.extend([clean(cell) for cell in row] for row in table[1:])
    return tables


def table(tables, first_header: str, *more: str) -> list[list[str]]:
    matches = [
        rows
        for header, rows in tables.items()
        if header[0] == first_header and all(h in header for h in more)
    ]
    assert len(matches) == 1, f"{len(matches)} tables headed {first_header!r} {more}"
    return matches[0]


def header_of(tables, first_header: str, *more: str) -> tuple[str, ...]:
    return next(h for h in tables if h[0] == first_header and all(x in h for x in more))


def same_numbered_rows(rows: list[list[str]], expected: list[list[str]]) -> bool:
    """Rows numbered 1..n holding the expected rows; the order is the database's collation's
    (PostgreSQL sorts Vietnamese names apart from Python), so it is not compared."""
    numbered = [row[0] for row in rows] == [str(n) for n in range(1, len(rows) + 1)]
    return numbered and sorted(row[1:] for row in rows) == sorted(row[1:] for row in expected)


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}".replace(".", ",")


# --- The figures, counted row by row ------------------------------------------------------


def unit_states(campaign, today):
    """Each registering unit: (unit, status key or NOT_STARTED, late)."""
    registrations = {r.unit_id: r.status for r in Registration.objects.filter(campaign=campaign)}
    extensions = {e.unit_id: e.until for e in DeadlineExtension.objects.filter(campaign=campaign)}
    states = []
    for unit in Unit.objects.filter(is_active=True, is_emulation_department=False):
        status = registrations.get(unit.pk, NOT_STARTED)
        deadline = max(campaign.registration_deadline, extensions.get(unit.pk, date.min))
        late = status in (NOT_STARTED, Status.DRAFT) and deadline < today
        states.append((unit, status, late))
    return states


def status_columns() -> list[str]:
    return [NOT_STARTED, *Status.values]


def expected_status_table(campaign, today) -> dict[str, list[str]]:
    rows: dict[str, list[int]] = {}
    columns = status_columns()
    for unit, status, late in unit_states(campaign, today):
        for label in (unit.get_unit_type_display(), "Tổng số"):
            row = rows.setdefault(str(label), [0] * (len(columns) + 2))
            row[columns.index(status)] += 1
            row[-2] += 1
            row[-1] += late
    return {label: [str(n) for n in row] for label, row in rows.items()}


def expected_groups_table(campaign, today) -> dict[str, list[str]]:
    group_of = {
        m.unit_id: m.group.name
        for m in GroupMembership.objects.filter(year=campaign.year).select_related("group")
    }
    rows: dict[str, list[int]] = {}
    for unit, status, late in unit_states(campaign, today):
        name = group_of.get(unit.pk)
        if name is None:
            continue
        row = rows.setdefault(name, [0, 0, 0, 0, 0])
        row[0] += 1
        # Registered: approved, or amending an approved registration; then never sent.
        row[1] += status in (Status.APPROVED, Status.AMENDING)
        row[2] += status == Status.SUBMITTED
        row[3] += status in (NOT_STARTED, Status.DRAFT)
        row[4] += late
    return {name: [str(n) for n in row] for name, row in rows.items()}


def expected_titles_table(campaign, kind) -> dict[tuple[str, str], list[str]]:
    """Emulation titles and forms of commendation are two tables (a Bằng khen is no title)."""
    rows = {}
    for title in Title.objects.filter(is_registrable=True, kind=kind):
        who = "Tập thể" if title.recipient == Recipient.COLLECTIVE else "Cá nhân"
        rows[title.pk] = [title.name, who, 0, 0]
    for model in (CollectiveTitleAim, IndividualTitleAim):
        for aim in model.objects.filter(registration__campaign=campaign).select_related(
            "registration"
        ):
            if aim.title_id not in rows:
                continue
            if aim.registration.status == Status.APPROVED:
                rows[aim.title_id][2] += 1
            elif aim.registration.status == Status.SUBMITTED:
                rows[aim.title_id][3] += 1
    return {(name, who): [str(a), str(b)] for name, who, a, b in rows.values()}


def expected_initiatives_table(campaign) -> dict[str, list[str]]:
    counts = {(status, scope): 0 for status in InitiativeStatus.values for scope in Scope.values}
    for initiative in Initiative.objects.filter(
        registration__campaign=campaign, registration__status=Status.APPROVED
    ):
        counts[initiative.status, initiative.scope] += 1
    rows = {}
    for status, label in InitiativeStatus.choices:
        cells = [counts[status, scope] for scope in Scope.values]
        rows[str(label)] = [str(n) for n in (*cells, sum(cells))]
    return rows


def expected_periods_table(campaign) -> dict[str, list[str]]:
    rows = {}
    for period, label in Period.choices:
        reports = ProgressReport.objects.filter(registration__campaign=campaign, period=period)
        results = TargetResult.objects.filter(
            report__in=reports.filter(status__in=SENT), actual_value__isnull=False
        ).select_related("target")
        ratios = [
            float(r.actual_value) * 100 / float(r.target.planned_value)
            for r in results
            if r.target.planned_value and r.target.planned_value > 0
        ]
        rows[str(label)] = [
            str(sum(1 for r in reports if r.status == Status.APPROVED)),
            str(sum(1 for r in reports if r.status == Status.SUBMITTED)),
            str(len(results)),
            percent(round(sum(ratios) / len(ratios), 1) if ratios else None),
        ]
    return rows


def expected_role_model_people(campaign) -> list[list[str]]:
    people = []
    for aim in IndividualTitleAim.objects.filter(
        registration__campaign=campaign,
        registration__status=Status.APPROVED,
        title__code__in=("CSTD_BO", "CSTD_TQ"),
    ).select_related("person", "title", "registration__unit"):
        recognised = aim.person.initiatives.filter(
            registration__campaign=campaign,
            registration__status=Status.APPROVED,
            status=InitiativeStatus.RECOGNISED,
        ).count()
        people.append(
            (
                -aim.title.rank,
                aim.registration.unit.name,
                aim.person.full_name,
                [aim.person.position, aim.title.name, str(recognised)],
            )
        )
    people.sort(key=lambda row: row[:3])
    return [
        [str(n), name, position, unit, title, recognised]
        for n, (_rank, unit, name, (position, title, recognised)) in enumerate(people, start=1)
    ]


def expected_unit_results_annex(campaign) -> list[list[str]]:
    in_force = {}
    for result in TargetResult.objects.filter(
        report__registration__campaign=campaign, report__status__in=SENT, actual_value__isnull=False
    ).select_related("report"):
        if result.target_id not in in_force or result.report.period == Period.YEAR_END:
            in_force[result.target_id] = result
    rows = []
    for registration in Registration.objects.filter(
        campaign=campaign, status=Status.APPROVED
    ).select_related("unit"):
        targets = list(Target.objects.filter(registration=registration))
        reported = [(t, in_force[t.pk]) for t in targets if t.pk in in_force]
        ratios = [
            float(r.actual_value) * 100 / float(t.planned_value)
            for t, r in reported
            if t.planned_value and t.planned_value > 0
        ]
        average = round(sum(ratios) / len(ratios), 1) if ratios else None
        rows.append(
            [registration.unit.name, str(len(targets)), str(len(reported)), percent(average)]
        )
    rows.sort(key=lambda row: row[0])
    return [[str(n), *row] for n, row in enumerate(rows, start=1)]


def expected_titles_achieved(year) -> dict[str, list[str]]:
    counts: dict[str, list[int]] = {}
    for model, column in ((UnitTitle, 0), (PersonTitle, 1)):
        for held in model.objects.filter(year=year).select_related("title"):
            counts.setdefault(held.title.name, [0, 0])[column] += 1
    return {name: [str(u), str(p), str(u + p)] for name, (u, p) in counts.items()}


def higher_award_items(campaign):
    return [
        item
        for item in ProposalItem.objects.filter(proposal__campaign=campaign).select_related(
            "title", "person", "proposal__unit"
        )
        if item.proposal.status != ProposalStatus.DRAFT
        and (
            item.title.code in ("CSTD_BO", "CSTD_TQ", "CO_BO", "CO_CP")
            or item.title.code.startswith("BK_TTG")
        )
    ]


def expected_proposed_counts(campaign) -> dict[str, list[str]]:
    counts: dict[str, list[int]] = {}
    for item in higher_award_items(campaign):
        counts.setdefault(item.title.name, [0, 0])[item.person_id is not None] += 1
    return {name: [str(u), str(p), str(u + p)] for name, (u, p) in counts.items()}


# --- The data the report is generated on ----------------------------------------------------


@pytest.fixture
def year_end_data(demo, campaign):
    """The demo, with results sent in both periods, titles decided for the year and a bloc's
    published acclamation, so that no table of the year-end report is empty."""
    type(campaign).objects.filter(pk=campaign.pk).update(year_end_opens_on=timezone.localdate())
    first, second, third = approved_with_targets(campaign, 3)
    report_results(first, [0.5, 1.0], approve_by=demo["reviewer"])
    report_results(first, [0.8, 1.25, 1.1], period="year_end")
    report_results(second, [0.6, 0.9, 1.3])
    report_results(third, [1.0])
    people = list(first.unit.staff.order_by("pk")[:3])
    lao_dong, chien_si = Title.objects.get(code="LDTT"), Title.objects.get(code="CSTDCS")
    PersonTitle.objects.bulk_create(
        [PersonTitle(person=p, title=lao_dong, year=campaign.year) for p in people]
        + [PersonTitle(person=people[0], title=chien_si, year=campaign.year)]
    )
    UnitTitle.objects.create(
        unit=first.unit, title=Title.objects.get(code="TTLDXS"), year=campaign.year
    )
    table = ScoringTable.objects.filter(year=campaign.year).select_related("group").first()
    leader = GroupMembership.objects.filter(group=table.group, year=campaign.year).first().unit
    ScoringTable.objects.filter(pk=table.pk).update(status=ScoringStatus.PUBLISHED)
    Acclamation.objects.create(
        table=table,
        leader=leader,
        method=ScoringMethod.RANKING,
        held_on=date(campaign.year, 12, 10),
        place="Hà Nội",
        chair="Nguyễn Văn A",
        secretary="Trần Thị B",
        attendees="Đại diện các đơn vị thành viên",
        recorded_by=demo["reviewer"],
    )
    return {"group": table.group.name, "leader": leader.name}


def expected_group_results(year) -> list[list[str]]:
    """Published tables of the year, by kind then name, with the leader of the acclamation
    in force (the one no later acclamation corrects)."""
    rows = []
    for scoring in ScoringTable.objects.filter(
        year=year, status=ScoringStatus.PUBLISHED
    ).select_related("group"):
        acts = list(scoring.acclamations.select_related("leader"))
        corrected = {act.corrects_id for act in acts}
        in_force = [act for act in acts if act.pk not in corrected]
        leader = in_force[0].leader.name if in_force else "-"
        rows.append((scoring.group.kind, scoring.group.name, leader))
    rows.sort()
    return [[str(n), name, leader] for n, (_kind, name, leader) in enumerate(rows, start=1)]


def check_tables(report, campaign) -> dict:
    """Every table of ``report``'s PDF against the figures counted here; the tables read."""
    today = report.finished_at.astimezone(timezone.get_current_timezone()).date()
    tables = pdf_tables(report)

    with translation.override("vi"):
        labels = [NOT_STARTED] + [str(label) for label in Status.labels]
        expected = expected_status_table(campaign, today)
        titles = expected_titles_table(campaign, TitleKind.EMULATION_TITLE)
        forms = expected_titles_table(campaign, TitleKind.COMMENDATION_FORM)
        initiatives = expected_initiatives_table(campaign)
        periods = expected_periods_table(campaign)

    assert header_of(tables, "Loại đơn vị") == ("Loại đơn vị", *labels, "Tổng số", "Chậm")
    assert {row[0]: row[1:] for row in table(tables, "Loại đơn vị")} == expected

    groups = {row[0]: row[1:] for row in table(tables, "Khối, cụm thi đua")}
    assert groups == expected_groups_table(campaign, today)

    assert {
        (row[0], row[1]): row[2:] for row in table(tables, "Danh hiệu thi đua", "Đối tượng")
    } == titles
    assert sum(int(row[0]) for row in titles.values()) > 0
    assert forms, "the demo registers forms of commendation too"
    assert {
        (row[0], row[1]): row[2:] for row in table(tables, "Hình thức khen thưởng", "Đối tượng")
    } == forms

    assert {row[0]: row[1:] for row in table(tables, "Tình trạng")} == initiatives
    assert {row[0]: row[1:] for row in table(tables, "Kỳ báo cáo")} == periods

    people = expected_role_model_people(campaign)
    assert people, "the demo puts staff forward for CSTĐ cấp Bộ"
    assert same_numbered_rows(table(tables, "TT", "Họ và tên"), people)

    year_end_tables = {
        "Đơn vị được suy tôn dẫn đầu",
        "Số chỉ tiêu",
        "Danh hiệu, hình thức khen thưởng",
    }
    if report.kind == ReportKind.SIX_MONTH:
        assert not any(set(header) & year_end_tables for header in tables)
        return tables

    annex = table(tables, "TT", "Số chỉ tiêu")
    assert same_numbered_rows(annex, expected_unit_results_annex(campaign))
    group_results = expected_group_results(campaign.year)
    if group_results:
        assert same_numbered_rows(table(tables, "TT", "Đơn vị được suy tôn dẫn đầu"), group_results)
    achieved = expected_titles_achieved(campaign.year)
    if achieved:
        rows = table(tables, "Danh hiệu, hình thức khen thưởng")
        assert {row[0]: row[1:] for row in rows} == achieved
    proposed_counts = expected_proposed_counts(campaign)
    if proposed_counts:
        rows = table(tables, "Danh hiệu, hình thức đề nghị")
        assert {row[0]: row[1:] for row in rows} == proposed_counts
        annex = table(tables, "TT", "Tập thể, cá nhân")
        assert len(annex) == len(higher_award_items(campaign))
        assert [row[0] for row in annex] == [str(n) for n in range(1, len(annex) + 1)]
    return tables


@pytest.mark.parametrize("kind", [ReportKind.SIX_MONTH, ReportKind.YEAR_END])
def test_every_table_figure_equals_the_database(demo, campaign, year_end_data, kind):
    report = report_generate(report_create(campaign, kind).pk)

    tables = check_tables(report, campaign)

    periods = {row[0]: row[1:] for row in table(tables, "Kỳ báo cáo")}
    assert any(row[-1] != "-" for row in periods.values())
    if kind == ReportKind.YEAR_END:
        assert table(tables, "TT", "Đơn vị được suy tôn dẫn đầu") == [
            ["1", year_end_data["group"], year_end_data["leader"]]
        ]
        achieved = {row[0]: row[1:] for row in table(tables, "Danh hiệu, hình thức khen thưởng")}
        assert achieved["Lao động tiên tiến"] == ["0", "3", "3"]


def test_the_role_models_count_recognised_initiatives_of_wide_scope(demo, campaign):
    aim = IndividualTitleAim.objects.filter(
        registration__campaign=campaign,
        registration__status=Status.APPROVED,
        title__code="CSTD_BO",
    ).first()
    initiative = aim.person.initiatives.get(registration=aim.registration)
    Initiative.objects.filter(pk=initiative.pk).update(
        status=InitiativeStatus.RECOGNISED, scope=Scope.NATIONAL, recognition_number="12/QĐ-BTNMT"
    )

    report = report_generate(report_create(campaign, ReportKind.SIX_MONTH).pk)
    tables = pdf_tables(report)

    row = next(r for r in table(tables, "TT", "Họ và tên") if r[1] == aim.person.full_name)
    assert row[-1] == "1"
    initiatives = table(tables, "TT", "Sáng kiến", "Phạm vi")
    assert [r[1:] for r in initiatives] == [
        [initiative.title, aim.person.full_name, aim.registration.unit.name, "Toàn quốc"]
    ]
    assert report.snapshot["role_models"]["initiatives"][0]["scope"] == Scope.NATIONAL
