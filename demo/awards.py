"""Demo data for commendation after the year: the Ministry's council (made-up names), the
staff's 2021 ratings, recognised initiatives and proposals in several states. Idempotent."""

import random
from datetime import date

from awards.models import CouncilMember, CouncilRole, Proposal, ProposalItem
from awards.selectors.proposals import proposal_findings
from awards.services.proposals import proposal_start, proposal_transition
from awards.workflow import ProposalStatus
from campaigns.models import Campaign
from demo.heads import unit_head_account
from emulation_portal.exceptions import ApplicationError
from registrations.models import Initiative, InitiativeStatus, Registration
from registrations.workflow import Status
from units.models import Person, PersonYear, Rating

# The council of the Ministry (HĐTĐKT), chaired by a Deputy Minister. The names are made up
# for the demonstration (flagged is_demo); the positions follow DOMAIN.md §3.6 loosely.
COUNCIL = (
    ("Phạm Quang Vinh", "Thứ trưởng", CouncilRole.CHAIR),
    (
        "Nguyễn Thị Minh Hằng",
        "Vụ trưởng Vụ Thi đua, Khen thưởng và Tuyên truyền",
        CouncilRole.VICE_CHAIR,
    ),
    ("Trần Đức Thắng", "Chủ tịch Công đoàn Bộ", CouncilRole.VICE_CHAIR),
    ("Lê Văn Hòa", "Chánh Văn phòng Bộ", CouncilRole.MEMBER),
    ("Hoàng Thị Lan Anh", "Vụ trưởng Vụ Tổ chức cán bộ", CouncilRole.MEMBER),
    ("Vũ Mạnh Cường", "Vụ trưởng Vụ Kế hoạch - Tài chính", CouncilRole.MEMBER),
    ("Bùi Thị Ngọc Mai", "Chánh Thanh tra Bộ", CouncilRole.MEMBER),
    ("Đặng Văn Khoa", "Bí thư Đoàn Thanh niên Bộ", CouncilRole.MEMBER),
    (
        "Ngô Thanh Tùng",
        "Phó Vụ trưởng Vụ Thi đua, Khen thưởng và Tuyên truyền",
        CouncilRole.SECRETARY,
    ),
)

# Proposals made for the first approved registrations (by unit code), in these states.
PROPOSAL_PLAN = (
    ProposalStatus.DRAFT,
    ProposalStatus.SUBMITTED,
    ProposalStatus.RETURNED,
    ProposalStatus.FORWARDED,
    ProposalStatus.FORWARDED,
)
RETURN_NOTE = "Đề nghị bổ sung báo cáo thành tích của tập thể và biên bản họp xét của đơn vị."


def load_council() -> None:
    """The nine members of the council, created once."""
    if CouncilMember.objects.exists():
        return
    CouncilMember.objects.bulk_create(
        CouncilMember(full_name=name, position=position, role=role, order=order, is_demo=True)
        for order, (name, position, role) in enumerate(COUNCIL, start=1)
    )


def load_year_ratings(year: int) -> None:
    """Every active member of staff rated for ``year`` (the year-end facts the proposals are
    checked against); a disciplined person completes their tasks at best. Created once."""
    if PersonYear.objects.filter(year=year).exclude(rating="").exists():
        return
    existing = {row.person_id: row for row in PersonYear.objects.filter(year=year)}
    rng = random.Random(f"ratings-{year}")
    new, changed = [], []
    for person_id, recruited_on in (
        Person.objects.filter(is_active=True)
        .order_by("unit__code", "full_name", "pk")
        .values_list("pk", "recruited_on")
    ):
        rating = rng.choices([Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETED], [3, 6, 1])[0]
        if recruited_on and recruited_on.year >= year:
            rating = Rating.COMPLETED
        row = existing.get(person_id)
        if row is None:
            new.append(PersonYear(person_id=person_id, year=year, rating=rating))
        else:
            row.rating = Rating.COMPLETED if row.discipline else rating
            changed.append(row)
    PersonYear.objects.bulk_create(new)
    PersonYear.objects.bulk_update(changed, ["rating"])


def _recognise_initiatives(registration: Registration, year: int) -> None:
    for index, initiative in enumerate(
        Initiative.objects.filter(registration=registration).order_by("pk"), start=1
    ):
        initiative.status = InitiativeStatus.RECOGNISED
        initiative.recognition_number = f"{index:02d}/QĐ-{registration.unit.code}"
        initiative.recognition_date = date(year, 11, 20)
        initiative.save(update_fields=["status", "recognition_number", "recognition_date"])


def _drop_failing_items(proposal: Proposal) -> None:
    """What a unit does after reading the checks: take out the titles that break a rule."""
    for _attempt in range(4):
        errors = [f for f in proposal_findings(proposal) if f.severity == "error"]
        if not errors:
            return
        for finding in errors:
            items = ProposalItem.objects.filter(proposal=proposal, person_id=finding.person_id)
            if finding.title_code:
                items = items.filter(title__code=finding.title_code)
            if finding.person_id is None and not items.exists():
                # A rule over the staff's titles (the CSTĐCS quota): drop that title.
                items = ProposalItem.objects.filter(
                    proposal=proposal, title__code=finding.title_code
                )
            items.delete()


def load_proposals(campaign: Campaign, users: dict) -> None:
    """Proposals of a few units with an approved registration, in the states of the plan."""
    if Proposal.objects.filter(campaign=campaign).exists():
        return
    reviewer = users["reviewer"]
    registrations = list(
        Registration.objects.filter(campaign=campaign, status=Status.APPROVED)
        .select_related("unit")
        .order_by("unit__code")[: len(PROPOSAL_PLAN)]
    )
    for registration, status in zip(registrations, PROPOSAL_PLAN, strict=False):
        _recognise_initiatives(registration, campaign.year)
        head = unit_head_account(registration.unit)
        proposal = proposal_start(campaign=campaign, unit=registration.unit, actor=head)
        proposal.summary = (
            "Đơn vị hoàn thành toàn diện kế hoạch năm; nhiều sáng kiến được công nhận và áp dụng."
        )
        proposal.save(update_fields=["summary", "updated_at"])
        if status == ProposalStatus.DRAFT:
            continue
        _drop_failing_items(proposal)
        try:
            proposal = proposal_transition(
                proposal=proposal, to=ProposalStatus.SUBMITTED, actor=head
            )
        except ApplicationError:  # still breaks a rule: it stays a draft
            continue
        if status == ProposalStatus.RETURNED:
            proposal_transition(
                proposal=proposal, to=ProposalStatus.RETURNED, actor=reviewer, note=RETURN_NOTE
            )
        elif status == ProposalStatus.FORWARDED:
            proposal_transition(proposal=proposal, to=ProposalStatus.FORWARDED, actor=reviewer)


def load_awards(campaign: Campaign, users: dict) -> None:
    load_council()
    load_year_ratings(campaign.year)
    load_proposals(campaign, users)
