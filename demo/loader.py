"""Demo data: the 2021 campaign word for word, MONRE's units and Departments in blocs and
clusters, their staff with title histories, registrations in every status and the demo
accounts. Idempotent: a second run finds everything in place and changes nothing.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from campaigns.letter_source import seed_letter_2021
from campaigns.models import Campaign, CampaignStatus
from campaigns.services import (
    campaign_approve,
    campaign_copy,
    campaign_launch,
    campaign_submit,
    campaign_upsert_from_letter,
)
from criteria.models import Criterion, CriterionTarget, Title
from criteria.services import catalogue_sync
from demo import data
from demo.awards import load_awards
from demo.heads import unit_head_account
from registrations.models import (
    CollectiveTitleAim,
    IndividualTitleAim,
    Initiative,
    Registration,
    ReviewerAssignment,
    Scope,
    Target,
)
from registrations.notifications import decision_emails_paused, launch_emails_paused
from registrations.services.registrations import registration_get_or_create, registration_transition
from registrations.workflow import Status
from scoring.models import ItemKind, ItemScore, ScoringItem, ScoringMethod, ScoringTable, UnitScore
from scoring.workflow import ScoringStatus, UnitScoreStatus
from units.models import (
    EmulationGroup,
    Gender,
    GroupKind,
    GroupMembership,
    GroupRole,
    Organisation,
    Person,
    PersonTitle,
    PersonYear,
    Rating,
    Role,
    Signer,
    SignerAuthority,
    SignerBody,
    Unit,
    UnitType,
    UserRole,
)
from units.selectors import organisation

DEMO_PASSWORD = "demo12345"
CAMPAIGN_YEAR = 2021
# The organisation the demo serves: MONRE as it was in 2021, with the signers of its letters
# (the Minister, a Deputy Minister "KT.") and of the Department's reports ("TL.").
# The decree on MONRE's functions in force for the demo's decisions (2022 onward).
MONRE_FUNCTIONS_DECREE = (
    "Nghị định số 68/2022/NĐ-CP ngày 22 tháng 9 năm 2022 của Chính phủ quy định chức năng, "
    "nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Tài nguyên và Môi trường"
)
ORGANISATION = {
    "name": "Bộ Tài nguyên và Môi trường",
    "parent_body": "",
    "abbreviation": "BTNMT",
    "head_title": "Bộ trưởng",
    "department_name": "Vụ Thi đua, Khen thưởng và Tuyên truyền",
    "department_code": "TĐKT&TT",
    "place": "Hà Nội",
    "addressees": [
        "Thủ trưởng các đơn vị trực thuộc Bộ",
        "Giám đốc Sở Tài nguyên và Môi trường các tỉnh, thành phố trực thuộc Trung ương",
        "Khối trưởng, Cụm trưởng các Khối, Cụm thi đua",
    ],
    "distribution_list": [
        "Như trên",
        "Các Thứ trưởng",
        "Hội đồng Thi đua - Khen thưởng Bộ",
        "Lưu: VT, TĐKT&TT",
    ],
    "superior_addressees": [
        "Hội đồng Thi đua - Khen thưởng Trung ương",
        "Ban Thi đua - Khen thưởng Trung ương (Bộ Nội vụ)",
    ],
    "functions_decree": MONRE_FUNCTIONS_DECREE,
}
# (position, title, name, authority, body): the department's head signs its own reports.
SIGNERS = (
    (1, "Bộ trưởng", "Trần Hồng Hà", SignerAuthority.OWN, SignerBody.ORGANISATION),
    (
        2,
        "Vụ trưởng Vụ Thi đua, Khen thưởng và Tuyên truyền",
        "",
        SignerAuthority.BY_ORDER,
        SignerBody.ORGANISATION,
    ),
    (3, "Thứ trưởng", "Lê Công Thành", SignerAuthority.ON_BEHALF, SignerBody.ORGANISATION),
    (4, "Vụ trưởng", "Nguyễn Văn Thuận", SignerAuthority.OWN, SignerBody.DEPARTMENT),
)
UNIT_HEAD_UNIT = "CVTQG"  # Cục Viễn thám quốc gia
UNIT_HEAD2_UNIT = "HNI"  # Sở Tài nguyên và Môi trường thành phố Hà Nội
HISTORY_YEARS = (2018, 2019, 2020)

# Demo accounts: (username, first name, last name, role, unit code or None, superuser)
ACCOUNTS = (
    ("unit_head", None, None, Role.UNIT_HEAD, UNIT_HEAD_UNIT, False),
    ("unit_head2", None, None, Role.UNIT_HEAD, UNIT_HEAD2_UNIT, False),
    ("reviewer", "Lan", "Nguyễn Thị", Role.REVIEWER, "VTDKT", False),
    ("reviewer2", "Minh", "Trần Văn", Role.REVIEWER, "VTDKT", False),
    ("minister", "Hà", "Trần Hồng", Role.MINISTER, None, False),
    ("admin", "Quản trị", "", Role.ADMINISTRATOR, None, True),
)

# Share of the other units in each registration status (the rest have not started).
STATUS_PLAN = (
    (Status.APPROVED, 0.30),
    (Status.SUBMITTED, 0.20),
    (Status.DRAFT, 0.15),
    (Status.RETURNED, 0.10),
    (Status.AMENDING, 0.05),
)


def demo_key_dates(today: date) -> dict[str, date]:
    """Dates that keep every journey open when the demo is first loaded."""
    return {
        "registration_deadline": today + timedelta(days=45),
        "midyear_opens_on": today - timedelta(days=7),
        "midyear_report_date": today + timedelta(days=75),
        "year_end_opens_on": today + timedelta(days=90),
        "year_end_report_date": today + timedelta(days=130),
    }


def _save_changed(obj, values: dict) -> None:
    """Set ``values`` on ``obj`` and save it only if one changed (a second run records nothing)."""
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    for field in changed:
        setattr(obj, field, values[field])
    if changed or obj._state.adding:
        obj.save()


def load_organisation() -> Organisation:
    """The demo's organisation and signers, in the row the migrations created."""
    org = Organisation.objects.filter(pk=1).first() or Organisation(id=1)
    _save_changed(org, ORGANISATION)
    for position, title, name, authority, body in SIGNERS:
        signer = Signer.objects.filter(organisation=org, position=position).first()
        signer = signer or Signer(organisation=org, position=position)
        _save_changed(signer, {"title": title, "name": name, "authority": authority, "body": body})
    return org


def load_campaign() -> Campaign:
    campaign = campaign_upsert_from_letter(
        year=CAMPAIGN_YEAR,
        name="Phong trào thi đua năm 2021",
        issuing_body=organisation().header_name,
        parts=seed_letter_2021(),
        key_dates=demo_key_dates(timezone.localdate()),
    )
    for criterion in campaign.criteria.filter(target=CriterionTarget.COLLECTIVE, short_label=""):
        criterion.short_label = _label(criterion.text)
        criterion.save(update_fields=["short_label"])
    return campaign


def launch_campaign(campaign: Campaign, users) -> Campaign:
    """The 2021 letter's life through the services: the Department ("reviewer") sends it, the
    Minister approves it, the Department launches it. The letter is reproduced as published,
    so its number and date stay blank (``register=False``)."""
    reviewer, minister = users["reviewer"], users["minister"]
    if campaign.status == CampaignStatus.DRAFT:
        campaign = campaign_submit(campaign=campaign, actor=reviewer)
    if campaign.status == CampaignStatus.SUBMITTED:
        campaign = campaign_approve(
            campaign=campaign,
            actor=minister,
            signer_title=campaign.signer_title,
            signer_name=campaign.signer_name,
            signer_authority=campaign.signer_authority,
            register=False,
        )
    if campaign.status == CampaignStatus.APPROVED:
        # The demo's units are told in the portal; nobody is e-mailed.
        with launch_emails_paused():
            campaign = campaign_launch(campaign=campaign, actor=reviewer)
    return campaign


def _label(text: str) -> str:
    """A short label for a criterion: its first clause."""
    first = text.split(";")[0].split(":")[0]
    return first if len(first) <= 110 else first[:107].rsplit(" ", 1)[0] + "…"


def load_units() -> None:
    for u in data.MINISTRY_UNITS:
        Unit.objects.get_or_create(
            code=u.code,
            defaults={
                "name": u.name,
                "short_name": u.short_name,
                "head_title": u.head_title,
                "unit_type": UnitType.MINISTRY_UNIT,
                "is_emulation_department": u.code == "VTDKT",
                "email": f"{u.code.lower()}@monre.gov.vn",
            },
        )
    for p in data.PROVINCES:
        Unit.objects.get_or_create(
            code=p.code,
            defaults={
                "name": p.department_name,
                "short_name": f"Sở TN&MT {p.name}",
                "province": p.name,
                "head_title": data.PROVINCIAL_DEPARTMENT_HEAD_TITLE,
                "unit_type": UnitType.PROVINCIAL_DEPARTMENT,
                "email": f"stnmt.{p.code.lower()}@example.gov.vn",
                "is_demo": True,
            },
        )
    groups = [(b, GroupKind.BLOC) for b in data.BLOCS] + [
        (c, GroupKind.CLUSTER) for c in data.CLUSTERS
    ]
    for group, kind in groups:
        EmulationGroup.objects.get_or_create(
            code=group.code, defaults={"name": group.name, "kind": kind, "is_demo": group.is_demo}
        )
    heads = {h.group_code: h for h in data.GROUP_HEADS_2021}
    group_ids = dict(EmulationGroup.objects.values_list("code", "id"))
    unit_ids = dict(Unit.objects.values_list("code", "id"))
    members = [(u.code, u.bloc) for u in data.MINISTRY_UNITS] + [
        (p.code, p.cluster) for p in data.PROVINCES
    ]
    for unit_code, group_code in members:
        role = GroupRole.MEMBER
        if heads[group_code].head == unit_code:
            role = GroupRole.HEAD
        elif heads[group_code].deputy == unit_code:
            role = GroupRole.DEPUTY
        GroupMembership.objects.get_or_create(
            unit_id=unit_ids[unit_code],
            year=CAMPAIGN_YEAR,
            defaults={"group_id": group_ids[group_code], "role": role},
        )


def _weighted_family_name(rng: random.Random) -> str:
    names, weights = zip(*data.FAMILY_NAMES, strict=True)
    return rng.choices(names, weights=weights)[0]


def _person_name(rng: random.Random, gender: str) -> str:
    if gender == Gender.MALE:
        middle, given = data.MIDDLE_NAMES_MALE, data.GIVEN_NAMES_MALE
    else:
        middle, given = data.MIDDLE_NAMES_FEMALE, data.GIVEN_NAMES_FEMALE
    return f"{_weighted_family_name(rng)} {rng.choice(middle)} {rng.choice(given)}"


def _positions(unit: Unit) -> list[str]:
    if unit.unit_type == UnitType.PROVINCIAL_DEPARTMENT:
        table = data.POSITIONS_PROVINCIAL_DEPARTMENT
    else:
        table = data.positions_for_ministry_unit(unit.head_title)
    return [title for title, count in table for _ in range(count)]


def load_staff() -> None:
    """About thirty staff per unit with three years of ratings and titles, created once."""
    titles = {t.code: t for t in Title.objects.all()}
    units_without_staff = Unit.objects.exclude(staff__isnull=False)
    for unit in units_without_staff:
        rng = random.Random(f"staff-{unit.code}")
        people = []
        for index, position in enumerate([unit.head_title, *_positions(unit)]):
            gender = rng.choice([Gender.MALE, Gender.FEMALE])
            recruited = date(rng.randint(1995, 2019), rng.randint(1, 12), 1)
            if index and rng.random() < 0.04:
                recruited = date(CAMPAIGN_YEAR, rng.randint(4, 9), 1)  # too recent for LĐTT
            people.append(
                Person(
                    unit=unit,
                    full_name=_person_name(rng, gender),
                    gender=gender,
                    birth_date=date(
                        rng.randint(1965, 1996), rng.randint(1, 12), rng.randint(1, 28)
                    ),
                    position=position,
                    recruited_on=recruited,
                    is_unit_head=index == 0,
                )
            )
        Person.objects.bulk_create(people)
        years, held = [], []
        for person in people:
            streak = rng.random() < 0.15  # a run of CSTĐCS years, heading for CSTĐ cấp Bộ
            for year in HISTORY_YEARS:
                if person.recruited_on.year >= year:
                    continue
                rating = rng.choices(
                    [Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETED], weights=[3, 6, 1]
                )[0]
                years.append(PersonYear(person=person, year=year, rating=rating))
                if rating in (Rating.EXCELLENT, Rating.GOOD):
                    held.append(
                        PersonTitle(
                            person=person,
                            title=titles["LDTT"],
                            year=year,
                            decision_number=f"{rng.randint(10, 999)}/QĐ-{unit.code}",
                            decision_date=date(year, 12, rng.randint(15, 30)),
                            decided_by=unit.head_title,
                        )
                    )
                    if streak and rating == Rating.EXCELLENT:
                        held.append(
                            PersonTitle(
                                person=person,
                                title=titles["CSTDCS"],
                                year=year,
                                decision_number=f"{rng.randint(10, 999)}/QĐ-{unit.code}",
                                decision_date=date(year, 12, rng.randint(15, 30)),
                                decided_by=unit.head_title,
                            )
                        )
            if rng.random() < 0.02:
                years.append(PersonYear(person=person, year=CAMPAIGN_YEAR, discipline="reprimand"))
        PersonYear.objects.bulk_create(years)
        PersonTitle.objects.bulk_create(held)


def load_accounts(*, unit_heads: bool = True) -> dict[str, object]:
    """The demo accounts; without ``unit_heads`` (whose names come from the units' staff)
    only the Department's, the Minister's and the administrator's."""
    User = get_user_model()
    users = {}
    for username, first, last, role, unit_code, superuser in ACCOUNTS:
        if role == Role.UNIT_HEAD and not unit_heads:
            continue
        unit = Unit.objects.get(code=unit_code) if unit_code else None
        if role == Role.UNIT_HEAD:
            head = unit.staff.get(is_unit_head=True)
            last, first = head.full_name.rsplit(" ", 1)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "is_staff": superuser,
                "is_superuser": superuser,
                "email": f"{username}@example.gov.vn",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        UserRole.objects.get_or_create(user=user, defaults={"role": role, "unit": unit})
        users[username] = user
    return users


def _fill_registration(registration: Registration, rng: random.Random) -> None:
    """Targets for every collective criterion, titles for the collective and its staff,
    and one to three initiatives by its own staff."""
    if registration.targets.exists():
        return
    titles = {t.code: t for t in Title.objects.all()}
    criteria = Criterion.objects.filter(
        campaign=registration.campaign, target=CriterionTarget.COLLECTIVE
    ).order_by("position")
    year = registration.campaign.year
    bulk_create_with_history(
        [
            Target(
                registration=registration,
                criterion=criterion,
                position=index,
                description=example.description,
                planned_value=Decimal(example.planned_value),
                measure=example.measure,
                due_date=date(year, 12, 15),
            )
            for index, (criterion, example) in enumerate(
                zip(criteria, data.TARGET_EXAMPLES, strict=True), start=1
            )
        ],
        Target,
    )
    aim = "TTLDXS" if rng.random() < 0.6 else "TTLDTT"
    bulk_create_with_history(
        [CollectiveTitleAim(registration=registration, title=titles[aim])], CollectiveTitleAim
    )
    staff = list(registration.unit.staff.all())
    disciplined = set(
        PersonYear.objects.filter(person__unit=registration.unit, year=year)
        .exclude(discipline="")
        .values_list("person_id", flat=True)
    )
    # A consistent demo: nobody the rules exclude, and the head only with an exemplary unit.
    eligible = [
        p
        for p in staff
        if p.recruited_on
        and p.recruited_on.year < year
        and p.pk not in disciplined
        and (aim == "TTLDXS" or not p.is_unit_head)
    ]
    fighters = rng.sample(eligible, k=max(1, len(eligible) // 10))
    # Fighters with the two previous years' CSTĐCS complete three years with this one: they
    # aim for CSTĐ cấp Bộ too, with an initiative of Ministry-wide scope (Decree 91/2017, Art. 9).
    streaks = (
        PersonTitle.objects.filter(
            person__in=fighters, title__code="CSTDCS", year__in=(year - 1, year - 2)
        )
        .values("person_id")
        .annotate(years=Count("year", distinct=True))
        .filter(years=2)
        .values_list("person_id", flat=True)
    )
    ministry_fighters = set(streaks)
    initiatives = []
    for fighter in fighters:
        example = rng.choice(data.INITIATIVE_TITLES)
        field = dict((f.code, f.name) for f in data.INITIATIVE_FIELDS)[example.field]
        initiative = Initiative.objects.create(
            registration=registration,
            title=example.title,
            field=field,
            description=f"{example.title}: mô tả giải pháp, cách làm mới và phạm vi áp dụng tại đơn vị.",
            expected_benefit="Rút ngắn thời gian xử lý hồ sơ, giảm chi phí và nâng cao chất lượng công việc.",
            scope=Scope.MINISTRY if fighter.pk in ministry_fighters else Scope.GRASSROOTS,
        )
        initiative.authors.add(fighter)
        initiatives.append(initiative)
    aims = [
        IndividualTitleAim(registration=registration, person=p, title=titles["LDTT"])
        for p in eligible
    ]
    aims += [
        IndividualTitleAim(registration=registration, person=p, title=titles["CSTDCS"])
        for p in fighters
    ]
    aims += [
        IndividualTitleAim(registration=registration, person=p, title=titles["CSTD_BO"])
        for p in fighters
        if p.pk in ministry_fighters
    ]
    bulk_create_with_history(aims, IndividualTitleAim)


def load_registrations(campaign: Campaign, users: dict) -> None:
    """Registrations in every status, reached through the workflow service."""
    reviewer = users["reviewer"]
    units = list(Unit.objects.exclude(code__in=[UNIT_HEAD_UNIT, "VTDKT"]).order_by("code"))
    rng = random.Random("registrations-2021")
    rng.shuffle(units)
    plan, start = {}, 0
    for status, share in STATUS_PLAN:
        count = round(len(units) * share)
        plan.update({unit.pk: status for unit in units[start : start + count]})
        start += count
    plan[Unit.objects.get(code=UNIT_HEAD2_UNIT).pk] = Status.DRAFT
    paths = {
        Status.DRAFT: [],
        Status.SUBMITTED: [Status.SUBMITTED],
        Status.RETURNED: [Status.SUBMITTED, Status.RETURNED],
        Status.APPROVED: [Status.SUBMITTED, Status.APPROVED],
        Status.AMENDING: [Status.SUBMITTED, Status.APPROVED, Status.AMENDING],
    }
    for unit in units:
        status = plan.get(unit.pk)
        if status is None or Registration.objects.filter(campaign=campaign, unit=unit).exists():
            continue
        registration = registration_get_or_create(campaign=campaign, unit=unit)
        _fill_registration(registration, random.Random(f"registration-{unit.code}"))
        head = unit_head_account(unit) if paths[status] else None
        for step in paths[status]:
            by_reviewer = step in (Status.RETURNED, Status.APPROVED)
            registration = registration_transition(
                registration=registration,
                to=step,
                actor=reviewer if by_reviewer else head,
                note="Đề nghị bổ sung chỉ tiêu về cải cách hành chính và làm rõ sáng kiến đăng ký."
                if step == Status.RETURNED
                else "",
            )


def load_assignments(campaign: Campaign, users: dict) -> None:
    """The Department shares the units between its two specialists: Ministry units and the
    first half of the provinces to ``reviewer``, the rest to ``reviewer2``."""
    if ReviewerAssignment.objects.filter(campaign=campaign).exists():
        return
    units = list(Unit.objects.filter(is_emulation_department=False).order_by("unit_type", "code"))
    half = len(units) * 2 // 3
    ReviewerAssignment.objects.bulk_create(
        ReviewerAssignment(
            campaign=campaign,
            unit=unit,
            reviewer=users["reviewer"] if index < half else users["reviewer2"],
            assigned_by=users["reviewer"],
        )
        for index, unit in enumerate(units)
    )


def load_addresses() -> None:
    """Every demo unit and account gets an e-mail address (the notifications need them)."""
    for unit in Unit.objects.filter(email=""):
        unit.email = f"{unit.code.lower()}@example.gov.vn"
        unit.save(update_fields=["email"])
    User = get_user_model()
    for user in User.objects.filter(username__in=[a[0] for a in ACCOUNTS], email=""):
        user.email = f"{user.username}@example.gov.vn"
        user.save(update_fields=["email"])


def load_group_rotation() -> None:
    """The same blocs and clusters in the two years before the campaign, with the head and
    deputy rotating: each year's deputy becomes the next year's head (made-up, like the
    groups flagged as demo data, except Cụm IV's 2020 head, Quảng Bình, which is reported)."""
    years = (CAMPAIGN_YEAR - 2, CAMPAIGN_YEAR - 1)
    if GroupMembership.objects.filter(year__in=years).exists():
        return
    known_heads = {("CUM-IV", CAMPAIGN_YEAR - 1): "QBH"}
    current = list(
        GroupMembership.objects.filter(year=CAMPAIGN_YEAR).select_related("unit", "group")
    )
    by_group: dict[int, list[GroupMembership]] = {}
    for membership in current:
        by_group.setdefault(membership.group_id, []).append(membership)
    rows = []
    for memberships in by_group.values():
        group = memberships[0].group
        unit_ids = {m.unit.code: m.unit_id for m in memberships}
        leaders = {m.role: m.unit.code for m in memberships if m.role != GroupRole.MEMBER}
        candidates = sorted(code for code in unit_ids if code not in leaders.values())
        head = leaders.get(GroupRole.HEAD)
        for year in sorted(years, reverse=True):
            # This year's deputy heads the group the year after.
            deputy = head
            head = known_heads.get((group.code, year)) or (candidates[0] if candidates else None)
            candidates = [code for code in candidates if code != head]
            roles = {head: GroupRole.HEAD, deputy: GroupRole.DEPUTY}
            rows += [
                GroupMembership(
                    group=group, unit_id=unit_id, year=year, role=roles.get(code, GroupRole.MEMBER)
                )
                for code, unit_id in unit_ids.items()
            ]
    GroupMembership.objects.bulk_create(rows)


# --- Scoring in blocs and clusters (scoring/services/) ---------------------------------------
# A made-up 100-point table in the shape DOMAIN.md §4.4 reports (the Ministry's real scoring
# criteria are not public): (kind, text, maximum, guidance).
SCORING_ITEMS = (
    (
        ItemKind.BASE,
        "Hoàn thành chức năng, nhiệm vụ chuyên môn và các chỉ tiêu kế hoạch năm được giao",
        35,
        "Căn cứ kết quả thực hiện kế hoạch năm; trừ điểm theo tỷ lệ nhiệm vụ chưa hoàn thành.",
    ),
    (
        ItemKind.BASE,
        "Cải cách hành chính, thủ tục hành chính",
        10,
        "Kế hoạch cải cách hành chính, tỷ lệ hồ sơ giải quyết đúng hạn.",
    ),
    (
        ItemKind.BASE,
        "Chuyển đổi số, ứng dụng công nghệ thông tin và xây dựng cơ sở dữ liệu",
        10,
        "Dịch vụ công trực tuyến, cơ sở dữ liệu được cập nhật, hồ sơ công việc điện tử.",
    ),
    (
        ItemKind.BASE,
        "Tổ chức phong trào thi đua, thực hiện giao ước thi đua của Khối, Cụm",
        10,
        "Kế hoạch phát động, sơ kết, tổng kết; tham gia đầy đủ hoạt động của Khối, Cụm.",
    ),
    (
        ItemKind.BASE,
        "Công tác khen thưởng; phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến",
        10,
        "",
    ),
    (
        ItemKind.BASE,
        "Chấp hành kỷ luật, kỷ cương hành chính; thực hành tiết kiệm, chống lãng phí",
        10,
        "",
    ),
    (ItemKind.BASE, "Công tác xây dựng Đảng và các đoàn thể", 5, ""),
    (
        ItemKind.BASE,
        "Chế độ thông tin, báo cáo đầy đủ, đúng hạn",
        10,
        "Báo cáo sáu tháng, năm và hồ sơ thi đua gửi đúng thời hạn.",
    ),
    (
        ItemKind.BONUS,
        "Có sáng kiến, đề tài được công nhận và áp dụng hiệu quả trong Bộ, ngành",
        5,
        "",
    ),
    (
        ItemKind.BONUS,
        "Được khen thưởng đột xuất hoặc đạt giải thưởng cấp quốc gia trong năm",
        5,
        "",
    ),
    (
        ItemKind.DEDUCTION,
        "Để xảy ra vi phạm kỷ luật, bị cấp có thẩm quyền phê bình, nhắc nhở",
        10,
        "",
    ),
    (ItemKind.DEDUCTION, "Gửi báo cáo, hồ sơ thi đua chậm so với thời hạn", 5, ""),
)
SCORED_GROUP = "KHOI-IV"  # the bloc UNIT_HEAD_UNIT heads in 2021
SCORING_ADJUSTMENT = (
    "Chưa có minh chứng hoàn thành toàn bộ chỉ tiêu kế hoạch năm; "
    "Khối trưởng điều chỉnh theo báo cáo tổng kết của đơn vị."
)


def _demo_self_points(kind: str, maximum: int, rng: random.Random) -> Decimal:
    if kind == ItemKind.BASE:
        return max(Decimal(0), maximum - Decimal(rng.choice((0, 0, 0, 5, 10, 15, 20))) / 10)
    if kind == ItemKind.BONUS:
        return Decimal(rng.choice((0, 0, 1, 2, 3)))
    return Decimal(rng.choice((0, 0, 0, 0, 1)))


def load_scoring(users: dict) -> None:
    """A scoring table for 2021, open, in every bloc (acclaimed by ballot) and cluster (by
    ranking); in Khối IV every member but its head, Cục Viễn thám quốc gia, has sent a
    self-score, and the head has checked three of them (one adjusted with a reason). The head
    unit's own self-score is left to be done in the browser."""
    if ScoringTable.objects.filter(year=CAMPAIGN_YEAR).exists():
        return
    reviewer, head_user = users["reviewer"], users["unit_head"]
    opened = timezone.now() - timedelta(days=10)
    groups = EmulationGroup.objects.filter(memberships__year=CAMPAIGN_YEAR).distinct()
    bulk_create_with_history(
        [
            ScoringTable(
                group=group,
                year=CAMPAIGN_YEAR,
                status=ScoringStatus.OPEN,
                method=ScoringMethod.BALLOT
                if group.kind == GroupKind.BLOC
                else ScoringMethod.RANKING,
                created_by=reviewer,
                opened_at=opened,
            )
            for group in groups
        ],
        ScoringTable,
        default_user=reviewer,
        default_date=opened,
    )
    tables = list(ScoringTable.objects.filter(year=CAMPAIGN_YEAR).select_related("group"))
    bulk_create_with_history(
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
        ScoringItem,
        default_user=reviewer,
        default_date=opened,
    )
    table = next(t for t in tables if t.group.code == SCORED_GROUP)
    members = list(
        GroupMembership.objects.filter(group=table.group, year=CAMPAIGN_YEAR)
        .exclude(role=GroupRole.HEAD)
        .select_related("unit")
        .order_by("unit__code")
    )
    sent, checked = timezone.now() - timedelta(days=3), timezone.now() - timedelta(days=1)
    scores = [
        UnitScore(
            table=table,
            unit=member.unit,
            status=UnitScoreStatus.CHECKED if index < 3 else UnitScoreStatus.SUBMITTED,
            submitted_at=sent,
            checked_at=checked if index < 3 else None,
            checked_by=head_user if index < 3 else None,
        )
        for index, member in enumerate(members)
    ]
    bulk_create_with_history(scores, UnitScore, default_date=sent)
    scores = list(UnitScore.objects.filter(table=table).select_related("unit"))
    items = list(table.items.order_by("position"))
    # The head lowers the first item of one member it checked.
    adjusted = min(
        (s for s in scores if s.status == UnitScoreStatus.CHECKED), key=lambda s: s.unit.code
    )
    rows = []
    for score in scores:
        rng = random.Random(f"scoring-{score.unit.code}")
        for item in items:
            points = _demo_self_points(item.kind, int(item.max_points), rng)
            row = ItemScore(
                unit_score=score,
                item=item,
                self_points=points,
                evidence=f"Báo cáo tổng kết công tác năm 2021 của đơn vị, mục {item.position}."
                if item.kind == ItemKind.BASE
                else "",
            )
            if score == adjusted and item.position == 1:
                row.adjusted_points = points - 2
                row.adjustment_reason = SCORING_ADJUSTMENT
                row.adjusted_by, row.adjusted_at = head_user, checked
            rows.append(row)
    bulk_create_with_history(rows, ItemScore, default_date=sent)


@transaction.atomic
def load_next_year_draft(campaign: Campaign, users) -> Campaign:
    """Next year's campaign, copied from this one by the Department and sent to the Minister:
    the letter waiting for approval on the leadership's campaign list."""
    draft = Campaign.objects.filter(year=campaign.year + 1, kind=campaign.kind).first()
    if draft is None:
        draft = campaign_copy(source=campaign, year=campaign.year + 1, actor=users["reviewer"])
    if draft.status == CampaignStatus.DRAFT:
        draft = campaign_submit(campaign=draft, actor=users["reviewer"])
    return draft


def load_demo() -> dict[str, object]:
    catalogue_sync()
    load_organisation()
    campaign = load_campaign()
    load_units()
    load_group_rotation()
    load_staff()
    users = load_accounts()
    campaign = launch_campaign(campaign, users)
    load_next_year_draft(campaign, users)
    load_addresses()
    load_assignments(campaign, users)
    # The demo's made-up history of returns and approvals e-mails nobody.
    with decision_emails_paused():
        load_registrations(campaign, users)
    load_scoring(users)
    load_awards(campaign, users)
    return users
