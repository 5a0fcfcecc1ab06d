"""Data at ministry scale for the benchmark (``seed_scale``): on top of the demo, N times a
ministry's 93 units in blocs and clusters with 20,000 staff and their title histories, every
unit registered for the 2021 campaign (targets, the collective's and the staff's titles,
initiatives), half of them with six-month results and evidence, the groups' scoring tables
published and the registered units' proposals.

Written with bulk inserts, without simple-history rows: the seeded rows stand for data that
existed before the portal (as the demo's staff do), and the pages read no history of them.
The demo's own units keep their journeys; the scale units are flagged ``is_demo`` and have
codes starting with ``SCALE_PREFIX``. One scale per database: a second run at the same
scale changes nothing, at another scale it is refused.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from awards.models import Proposal, ProposalEvent, ProposalItem
from awards.workflow import ProposalStatus
from campaigns.models import Campaign
from criteria.models import Criterion, CriterionTarget, Title
from criteria.services import catalogue_sync
from demo import data
from demo.loader import (
    CAMPAIGN_YEAR,
    DEMO_PASSWORD,
    HISTORY_YEARS,
    SCORING_ITEMS,
    _demo_self_points,
    _person_name,
    _positions,
    load_accounts,
    load_campaign,
    load_demo,
    load_units,
)
from emulation_portal.exceptions import ApplicationError
from registrations.models import (
    CollectiveTitleAim,
    Evidence,
    IndividualTitleAim,
    Initiative,
    InitiativeResult,
    InitiativeStatus,
    Period,
    ProgressReport,
    Registration,
    RegistrationEvent,
    ReviewerAssignment,
    Target,
    TargetResult,
)
from registrations.selectors.registrations import registration_content_snapshot
from registrations.workflow import Status
from scoring.models import (
    Acclamation,
    ItemKind,
    ItemScore,
    ScoringItem,
    ScoringMethod,
    ScoringTable,
    UnitScore,
)
from scoring.workflow import ScoringStatus, UnitScoreStatus
from units.models import (
    EmulationGroup,
    Gender,
    GroupKind,
    GroupMembership,
    GroupRole,
    Person,
    PersonTitle,
    PersonYear,
    Rating,
    Role,
    Unit,
    UnitType,
    UserRole,
)

UNITS_PER_SCALE = 93  # a ministry: its units under the Ministry and provincial Departments
STAFF_PER_SCALE = 20_000
# The demo's share of units under the Ministry (36 of 99): the rest are provincial Departments.
MINISTRY_UNIT_SHARE = 36 / 99
GROUP_SIZE = 6
SCALE_PREFIX = "QM"  # quy mô
SCALE_HEAD_PREFIX = "scale_head_"
BATCH_SIZE = 2000
RETURN_NOTE = "Đề nghị bổ sung chỉ tiêu về cải cách hành chính và làm rõ sáng kiến đăng ký."


@dataclass(frozen=True)
class ScalePlan:
    scale: float
    units: int
    staff: int

    @classmethod
    def for_scale(cls, scale: float) -> "ScalePlan":
        if scale <= 0:
            raise ValueError("The scale must be positive.")
        units = max(4, round(UNITS_PER_SCALE * scale))
        return cls(scale=scale, units=units, staff=max(units * 5, round(STAFF_PER_SCALE * scale)))


def scale_units():
    return Unit.objects.filter(code__startswith=SCALE_PREFIX)


def scale_head_username(unit_code: str) -> str:
    return SCALE_HEAD_PREFIX + unit_code.lower()


def _bulk(model, rows) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _base_without_demo() -> dict[str, object]:
    """What the scale data needs of the demo and no more: the titles, the 2021 campaign, the
    demo's units and the accounts of the Department, the Minister and the administrator (for
    the fast tests: the demo's staff and registrations take most of its time)."""
    catalogue_sync()
    load_campaign()
    load_units()
    return load_accounts(unit_heads=False)


def seed_scale(scale: float, *, with_demo: bool = True) -> ScalePlan:
    """Seed ``scale`` times a ministry on top of the demo (loaded first if missing; with
    ``with_demo=False`` only the campaign, titles and accounts the scale data needs).

    Returns the plan; raises ApplicationError when the database already holds another scale.
    """
    plan = ScalePlan.for_scale(scale)
    users = load_demo() if with_demo else _base_without_demo()
    existing = scale_units().count()
    if existing == plan.units:
        return plan
    if existing:
        raise ApplicationError(
            f"This database already holds {existing} scale units, not the {plan.units} of "
            f"scale {scale:g}: seed a fresh database."
        )
    campaign = Campaign.objects.get(year=CAMPAIGN_YEAR)
    with transaction.atomic():
        units = _seed_units(plan)
        groups = _seed_groups(units)
        staff = _seed_staff(plan, units)
        heads = _seed_head_accounts(units, staff)
        registrations = _seed_registrations(campaign, units, staff, heads, users)
        _seed_results(registrations, heads)
        _seed_assignments(campaign, units, users)
        _seed_scoring(groups, heads, users)
        _seed_proposals(campaign, registrations, heads, users)
    # A bulk load leaves the planner's statistics behind the data (PostgreSQL estimated a
    # tenth of the staff at N=10 and scanned whole tables); refresh them, as an operator
    # does after an import.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return plan


def _seed_units(plan: ScalePlan) -> list[Unit]:
    ministry_count = round(plan.units * MINISTRY_UNIT_SHARE)
    units = []
    for index in range(1, plan.units + 1):
        code = f"{SCALE_PREFIX}{index:05d}"
        if index <= ministry_count:
            model = data.MINISTRY_UNITS[(index - 1) % len(data.MINISTRY_UNITS)]
            unit = Unit(
                code=code,
                name=f"{model.name} (mô phỏng {index:05d})",
                short_name=f"{model.short_name} {index:05d}",
                head_title=model.head_title,
                unit_type=UnitType.MINISTRY_UNIT,
            )
        else:
            model = data.PROVINCES[(index - ministry_count - 1) % len(data.PROVINCES)]
            unit = Unit(
                code=code,
                name=f"{model.department_name} (mô phỏng {index:05d})",
                short_name=f"Sở TN&MT {model.name} {index:05d}",
                province=model.name,
                head_title=data.PROVINCIAL_DEPARTMENT_HEAD_TITLE,
                unit_type=UnitType.PROVINCIAL_DEPARTMENT,
            )
        unit.email = f"{code.lower()}@example.gov.vn"
        unit.is_demo = True
        units.append(unit)
    return _bulk(Unit, units)


def _seed_groups(units: list[Unit]) -> dict[int, tuple[EmulationGroup, list[Unit]]]:
    """Blocs of units under the Ministry and clusters of Departments, about six each; the
    first member heads the group in 2021, the second is its deputy."""
    by_kind = {
        GroupKind.BLOC: [u for u in units if u.unit_type == UnitType.MINISTRY_UNIT],
        GroupKind.CLUSTER: [u for u in units if u.unit_type == UnitType.PROVINCIAL_DEPARTMENT],
    }
    groups, members = [], []
    for kind, kind_units in by_kind.items():
        label = "Khối" if kind == GroupKind.BLOC else "Cụm"
        for number, start in enumerate(range(0, len(kind_units), GROUP_SIZE), start=1):
            group = EmulationGroup(
                code=f"{SCALE_PREFIX}-{kind.upper()}-{number:04d}",
                kind=kind,
                name=f"{label} thi đua mô phỏng số {number}",
                is_demo=True,
            )
            groups.append(group)
            members.append(kind_units[start : start + GROUP_SIZE])
    _bulk(EmulationGroup, groups)
    roles = (GroupRole.HEAD, GroupRole.DEPUTY)
    _bulk(
        GroupMembership,
        [
            GroupMembership(
                group=group,
                unit=unit,
                year=CAMPAIGN_YEAR,
                role=roles[position] if position < len(roles) else GroupRole.MEMBER,
            )
            for group, group_units in zip(groups, members, strict=True)
            for position, unit in enumerate(group_units)
        ],
    )
    return {
        group.pk: (group, group_units) for group, group_units in zip(groups, members, strict=True)
    }


def _seed_staff(plan: ScalePlan, units: list[Unit]) -> dict[int, list[Person]]:
    """The staff of each unit (its head first), with three years of ratings and titles and
    the campaign year's rating, as the demo's staff have."""
    titles = {t.code: t for t in Title.objects.filter(code__in=["LDTT", "CSTDCS"])}
    per_unit, extra = divmod(plan.staff, len(units))
    staff: dict[int, list[Person]] = {}
    people = []
    for index, unit in enumerate(units):
        rng = random.Random(f"scale-staff-{unit.code}")
        positions = _positions(unit)
        count = per_unit + (1 if index < extra else 0)
        unit_people = []
        for number in range(count):
            gender = rng.choice([Gender.MALE, Gender.FEMALE])
            recruited = date(rng.randint(1990, 2019), rng.randint(1, 12), 1)
            if number and rng.random() < 0.04:
                recruited = date(CAMPAIGN_YEAR, rng.randint(4, 9), 1)  # too recent for LĐTT
            unit_people.append(
                Person(
                    unit=unit,
                    full_name=_person_name(rng, gender),
                    gender=gender,
                    birth_date=date(
                        rng.randint(1962, 1998), rng.randint(1, 12), rng.randint(1, 28)
                    ),
                    position=unit.head_title if number == 0 else positions[number % len(positions)],
                    recruited_on=recruited,
                    is_unit_head=number == 0,
                )
            )
        staff[unit.pk] = unit_people
        people += unit_people
    _bulk(Person, people)

    years, held = [], []
    for unit in units:
        rng = random.Random(f"scale-history-{unit.code}")
        for person in staff[unit.pk]:
            streak = rng.random() < 0.15  # a run of CSTĐCS years
            for year in HISTORY_YEARS:
                if person.recruited_on.year >= year:
                    continue
                rating = rng.choices(
                    [Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETED], weights=[3, 6, 1]
                )[0]
                years.append(PersonYear(person=person, year=year, rating=rating))
                if rating == Rating.COMPLETED:
                    continue
                decision = {
                    "year": year,
                    "decision_number": f"{rng.randint(10, 999)}/QĐ-{unit.code}",
                    "decision_date": date(year, 12, rng.randint(15, 30)),
                    "decided_by": unit.head_title,
                }
                held.append(PersonTitle(person=person, title=titles["LDTT"], **decision))
                if streak and rating == Rating.EXCELLENT:
                    held.append(PersonTitle(person=person, title=titles["CSTDCS"], **decision))
            disciplined = rng.random() < 0.02
            rating = rng.choices([Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETED], [3, 6, 1])[0]
            if disciplined or person.recruited_on.year >= CAMPAIGN_YEAR:
                rating = Rating.COMPLETED
            years.append(
                PersonYear(
                    person=person,
                    year=CAMPAIGN_YEAR,
                    rating=rating,
                    discipline="reprimand" if disciplined else "",
                )
            )
            person.campaign_year_ok = not disciplined and person.recruited_on.year < CAMPAIGN_YEAR
    _bulk(PersonYear, years)
    _bulk(PersonTitle, held)
    return staff


def _seed_head_accounts(units: list[Unit], staff: dict[int, list[Person]]) -> dict[int, object]:
    """A unit head's account per unit (password DEMO_PASSWORD, hashed once)."""
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)
    accounts = []
    for unit in units:
        last, first = staff[unit.pk][0].full_name.rsplit(" ", 1)
        accounts.append(
            User(
                username=scale_head_username(unit.code),
                first_name=first,
                last_name=last,
                email=f"{scale_head_username(unit.code)}@example.gov.vn",
                password=password,
            )
        )
    _bulk(User, accounts)
    _bulk(
        UserRole,
        [
            UserRole(user=user, role=Role.UNIT_HEAD, unit=unit)
            for user, unit in zip(accounts, units, strict=True)
        ],
    )
    return {unit.pk: user for unit, user in zip(units, accounts, strict=True)}


def _status_of(index: int) -> str:
    """Half approved (these report results), a quarter submitted, the rest returned or draft."""
    return (
        Status.APPROVED,
        Status.SUBMITTED,
        Status.APPROVED,
        Status.DRAFT if index % 8 == 3 else Status.RETURNED,
    )[index % 4]


def _seed_registrations(campaign, units, staff, heads, users) -> list[Registration]:
    titles = {t.code: t for t in Title.objects.all()}
    criteria = list(
        Criterion.objects.filter(campaign=campaign, target=CriterionTarget.COLLECTIVE).order_by(
            "position"
        )
    )
    fields = dict((f.code, f.name) for f in data.INITIATIVE_FIELDS)
    reviewer = users["reviewer"]
    now = timezone.now()
    submitted_at, decided_at = now - timedelta(days=20), now - timedelta(days=12)
    registrations = []
    for index, unit in enumerate(units):
        status = _status_of(index)
        registration = Registration(campaign=campaign, unit=unit, status=status)
        if status != Status.DRAFT:
            registration.submitted_at = submitted_at
        if status in (Status.APPROVED, Status.RETURNED):
            registration.decided_at, registration.decided_by = decided_at, reviewer
        if status == Status.APPROVED:
            registration.version = 1
        registrations.append(registration)
    _bulk(Registration, registrations)

    year = campaign.year
    targets, collective, individual, initiatives, authors = [], [], [], [], []
    for registration in registrations:
        unit = registration.unit
        rng = random.Random(f"scale-registration-{unit.code}")
        targets += [
            Target(
                registration=registration,
                criterion=criterion,
                position=position,
                description=example.description,
                planned_value=Decimal(example.planned_value),
                measure=example.measure,
                due_date=date(year, 12, 15),
            )
            for position, (criterion, example) in enumerate(
                zip(criteria, data.TARGET_EXAMPLES, strict=False), start=1
            )
        ]
        aim = "TTLDXS" if rng.random() < 0.6 else "TTLDTT"
        collective.append(CollectiveTitleAim(registration=registration, title=titles[aim]))
        eligible = [
            p
            for p in staff[unit.pk]
            if p.campaign_year_ok and (aim == "TTLDXS" or not p.is_unit_head)
        ]
        fighters = rng.sample(eligible, k=max(1, len(eligible) // 10)) if eligible else []
        individual += [
            IndividualTitleAim(registration=registration, person=p, title=titles["LDTT"])
            for p in eligible
        ]
        individual += [
            IndividualTitleAim(registration=registration, person=p, title=titles["CSTDCS"])
            for p in fighters
        ]
        for fighter in fighters:
            example = rng.choice(data.INITIATIVE_TITLES)
            initiatives.append(
                Initiative(
                    registration=registration,
                    title=example.title,
                    field=fields[example.field],
                    description=f"{example.title}: mô tả giải pháp, cách làm mới và phạm vi "
                    "áp dụng tại đơn vị.",
                    expected_benefit="Rút ngắn thời gian xử lý hồ sơ, giảm chi phí và nâng cao "
                    "chất lượng công việc.",
                )
            )
            authors.append(fighter)
    _bulk(Target, targets)
    _bulk(CollectiveTitleAim, collective)
    _bulk(IndividualTitleAim, individual)
    _bulk(Initiative, initiatives)
    through = Initiative.authors.through
    _bulk(
        through,
        [
            through(initiative_id=initiative.pk, person_id=person.pk)
            for initiative, person in zip(initiatives, authors, strict=True)
        ],
    )

    # The workflow's events, with what was sent, as the review page compares submissions.
    events, approved = [], []
    for registration in registrations:
        if registration.status == Status.DRAFT:
            continue
        snapshot = registration_content_snapshot(registration)
        head = heads[registration.unit_id]
        events.append(
            RegistrationEvent(
                registration=registration,
                from_status=Status.DRAFT,
                to_status=Status.SUBMITTED,
                actor=head,
                snapshot=snapshot,
            )
        )
        if registration.status in (Status.APPROVED, Status.RETURNED):
            events.append(
                RegistrationEvent(
                    registration=registration,
                    from_status=Status.SUBMITTED,
                    to_status=registration.status,
                    actor=reviewer,
                    note=RETURN_NOTE if registration.status == Status.RETURNED else "",
                )
            )
        if registration.status == Status.APPROVED:
            registration.approved_snapshot = snapshot
            approved.append(registration)
    _bulk(RegistrationEvent, events)
    Registration.objects.bulk_update(approved, ["approved_snapshot"], batch_size=BATCH_SIZE)
    return registrations


def _seed_results(registrations: list[Registration], heads: dict) -> None:
    """Six-month results of the approved half: every target's value and assessment, each
    initiative's progress and two evidence files (their metadata: no file is written)."""
    approved = [r for r in registrations if r.status == Status.APPROVED]
    now = timezone.now()
    reports = [
        ProgressReport(
            registration=registration,
            period=Period.SIX_MONTH,
            status=Status.SUBMITTED if index % 2 else Status.DRAFT,
            summary="Đơn vị triển khai đồng bộ các chỉ tiêu đã đăng ký; kết quả sáu tháng đầu "
            "năm đạt và vượt kế hoạch ở phần lớn chỉ tiêu.",
            submitted_at=now - timedelta(days=2) if index % 2 else None,
        )
        for index, registration in enumerate(approved)
    ]
    _bulk(ProgressReport, reports)
    by_registration = {report.registration_id: report for report in reports}
    results = []
    for target in Target.objects.filter(registration__in=approved).order_by("pk"):
        rng = random.Random(f"scale-result-{target.pk}")
        actual = None
        if target.planned_value is not None:
            actual = (target.planned_value * Decimal(rng.randint(40, 110)) / 100).quantize(
                Decimal("0.01")
            )
        results.append(
            TargetResult(
                report=by_registration[target.registration_id],
                target=target,
                actual_value=actual,
                assessment="Đang triển khai theo kế hoạch.",
            )
        )
    _bulk(TargetResult, results)
    _bulk(
        InitiativeResult,
        [
            InitiativeResult(
                report=by_registration[initiative.registration_id],
                initiative=initiative,
                status=InitiativeStatus.IN_PROGRESS,
                note="Đã xây dựng đề cương và thử nghiệm tại một phòng.",
            )
            for initiative in Initiative.objects.filter(registration__in=approved)
        ],
    )
    evidence = []
    for report in reports:
        for number, (name, content_type, size) in enumerate(
            (
                ("bao-cao-ket-qua-6-thang.pdf", "application/pdf", 412_345),
                ("anh-hoi-nghi-so-ket.jpg", "image/jpeg", 1_234_567),
            ),
            start=1,
        ):
            evidence.append(
                Evidence(
                    report=report,
                    file=f"evidence/{report.registration_id}/{report.pk}/{number}-{name}",
                    original_name=name,
                    size=size,
                    content_type=content_type,
                    description="Minh chứng kết quả sáu tháng",
                    uploaded_by=heads[report.registration.unit_id],
                )
            )
    _bulk(Evidence, evidence)
    _bulk(
        RegistrationEvent,
        [
            RegistrationEvent(
                registration_id=report.registration_id,
                report=report,
                from_status=Status.DRAFT,
                to_status=Status.SUBMITTED,
                actor=heads[report.registration.unit_id],
            )
            for report in reports
            if report.status == Status.SUBMITTED
        ],
    )


def _seed_assignments(campaign, units, users) -> None:
    reviewers = (users["reviewer"], users["reviewer2"])
    _bulk(
        ReviewerAssignment,
        [
            ReviewerAssignment(
                campaign=campaign,
                unit=unit,
                reviewer=reviewers[index % 2],
                assigned_by=users["reviewer"],
            )
            for index, unit in enumerate(units)
        ],
    )


def _seed_scoring(groups: dict, heads: dict, users: dict) -> None:
    """Every group's 2021 table published: each member's self-score checked by the group's
    head (the head's own by the Department) and the leader acclaimed."""
    reviewer = users["reviewer"]
    opened = timezone.now() - timedelta(days=30)
    checked, published = opened + timedelta(days=10), opened + timedelta(days=20)
    tables = _bulk(
        ScoringTable,
        [
            ScoringTable(
                group=group,
                year=CAMPAIGN_YEAR,
                status=ScoringStatus.PUBLISHED,
                method=ScoringMethod.BALLOT
                if group.kind == GroupKind.BLOC
                else ScoringMethod.RANKING,
                created_by=reviewer,
                opened_at=opened,
                published_at=published,
            )
            for group, _units in groups.values()
        ],
    )
    items = _bulk(
        ScoringItem,
        [
            ScoringItem(
                table=table,
                position=position,
                kind=kind,
                text=text,
                max_points=Decimal(maximum),
                guidance=guidance,
            )
            for table in tables
            for position, (kind, text, maximum, guidance) in enumerate(SCORING_ITEMS, start=1)
        ],
    )
    items_of: dict[int, list[ScoringItem]] = {}
    for item in items:
        items_of.setdefault(item.table_id, []).append(item)
    scores, points, acclamations = [], [], []
    for table, (_group, members) in zip(tables, groups.values(), strict=True):
        head_user = heads[members[0].pk]
        totals = {}
        for unit in members:
            score = UnitScore(
                table=table,
                unit=unit,
                status=UnitScoreStatus.CHECKED,
                submitted_at=opened + timedelta(days=5),
                submitted_by=heads[unit.pk],
                checked_at=checked,
                checked_by=reviewer if unit == members[0] else head_user,
            )
            scores.append(score)
            rng = random.Random(f"scale-scoring-{unit.code}")
            rows = []
            for item in items_of[table.pk]:
                value = _demo_self_points(item.kind, int(item.max_points), rng)
                rows.append(
                    ItemScore(
                        unit_score=score,
                        item=item,
                        self_points=value,
                        evidence="Báo cáo tổng kết công tác năm 2021 của đơn vị."
                        if item.kind == ItemKind.BASE
                        else "",
                    )
                )
                totals[unit.pk] = totals.get(unit.pk, 0) + (
                    -value if item.kind == ItemKind.DEDUCTION else value
                )
            points.append(rows)
        leader = max(members, key=lambda u: (totals[u.pk], -u.pk))
        ballot = table.method == ScoringMethod.BALLOT
        acclamations.append(
            Acclamation(
                table=table,
                leader=leader,
                method=table.method,
                threshold=table.threshold if ballot else None,
                ballots_for=len(members) if ballot else None,
                ballots_total=len(members) if ballot else None,
                held_on=published.date(),
                place="Hội trường Bộ Tài nguyên và Môi trường",
                chair=head_user.get_full_name() or head_user.username,
                secretary="Thư ký Khối, Cụm",
                attendees="Đại diện lãnh đạo các đơn vị thành viên",
                recorded_by=reviewer,
                recorded_at=published,
            )
        )
    _bulk(UnitScore, scores)
    for score, rows in zip(scores, points, strict=True):
        for row in rows:
            row.unit_score = score
    _bulk(ItemScore, [row for rows in points for row in rows])
    _bulk(Acclamation, acclamations)


def _seed_proposals(campaign, registrations, heads, users) -> None:
    """The approved units' proposals for what they registered, half submitted and half
    forwarded to the council, their initiatives recognised."""
    approved = [r for r in registrations if r.status == Status.APPROVED]
    now = timezone.now()
    Initiative.objects.filter(registration__in=approved).update(
        status=InitiativeStatus.RECOGNISED,
        recognition_number="01/QĐ-CS",
        recognition_date=date(campaign.year, 11, 20),
    )
    proposals = [
        Proposal(
            campaign=campaign,
            unit_id=registration.unit_id,
            registration=registration,
            registration_version=1,
            status=ProposalStatus.FORWARDED if index % 2 else ProposalStatus.SUBMITTED,
            summary="Đơn vị hoàn thành toàn diện kế hoạch năm; nhiều sáng kiến được công nhận.",
            submitted_at=now - timedelta(days=1),
            decided_at=now if index % 2 else None,
            decided_by=users["reviewer"] if index % 2 else None,
        )
        for index, registration in enumerate(approved)
    ]
    _bulk(Proposal, proposals)
    by_registration = {p.registration_id: p for p in proposals}
    items = [
        ProposalItem(proposal=by_registration[aim.registration_id], title_id=aim.title_id)
        for aim in CollectiveTitleAim.objects.filter(registration__in=approved)
    ]
    items += [
        ProposalItem(
            proposal=by_registration[aim.registration_id],
            person_id=aim.person_id,
            title_id=aim.title_id,
        )
        for aim in IndividualTitleAim.objects.filter(registration__in=approved).order_by("pk")
    ]
    _bulk(ProposalItem, items)
    events = []
    for proposal in proposals:
        events.append(
            ProposalEvent(
                proposal=proposal,
                from_status=ProposalStatus.DRAFT,
                to_status=ProposalStatus.SUBMITTED,
                actor=heads[proposal.unit_id],
            )
        )
        if proposal.status == ProposalStatus.FORWARDED:
            events.append(
                ProposalEvent(
                    proposal=proposal,
                    from_status=ProposalStatus.SUBMITTED,
                    to_status=ProposalStatus.FORWARDED,
                    actor=users["reviewer"],
                )
            )
    _bulk(ProposalEvent, events)
