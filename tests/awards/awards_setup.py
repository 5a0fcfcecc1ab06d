"""Shared arrangements for the commendation tests: an approved registration of ``unit_head``'s
unit (Cục Viễn thám quốc gia) with the year's facts, and the steps from proposal to decision,
each taken through the services."""

from dataclasses import dataclass
from datetime import date

from awards.models import CouncilSession, Decision, Proposal, ProposalItem
from awards.services.council import (
    council_agenda_add,
    council_ballots_record,
    council_session_close,
    council_session_create,
)
from awards.services.decisions import decision_defaults, decision_issue
from awards.services.proposals import proposal_start, proposal_transition
from awards.workflow import ProposalStatus
from campaigns.models import Campaign
from criteria.models import Title
from registrations.models import (
    CollectiveTitleAim,
    IndividualTitleAim,
    Initiative,
    InitiativeStatus,
    Registration,
)
from registrations.services.registrations import registration_start, registration_transition
from registrations.workflow import Status
from units.models import Person, PersonTitle, PersonYear, Unit

YEAR = 2021


@dataclass
class Arranged:
    campaign: Campaign
    unit: Unit
    registration: Registration
    staff: list  # eligible members of staff registered for LĐTT
    fighters: list  # registered for CSTĐCS, each with a recognised initiative
    candidate: Person | None  # registered for CSTĐ cấp Bộ (or None)


def titles() -> dict[str, Title]:
    return {title.code: title for title in Title.objects.all()}


def _eligible_staff(unit) -> list[Person]:
    disciplined = PersonYear.objects.filter(person__unit=unit, year=YEAR).exclude(discipline="")
    return list(
        Person.objects.filter(
            unit=unit, is_active=True, is_unit_head=False, recruited_on__year__lt=YEAR - 1
        )
        .exclude(pk__in=disciplined.values("person_id"))
        .order_by("full_name", "pk")
    )


def approved_registration(
    demo, *, cstd_bo: bool = False, bang_khen: bool = False, username="unit_head"
) -> Arranged:
    """The unit's registration approved: TTLĐXS for the collective, LĐTT for every eligible
    member of staff (rated "good" for the year), CSTĐCS for two of them (rated "excellent",
    each with an initiative recognised by decision) and, with ``cstd_bo``, CSTĐ cấp Bộ for
    the first of these, who holds CSTĐCS for the two years before and whose initiative has a
    ministry-wide scope. With ``bang_khen``, also the Minister's Bằng khen for the collective
    and every member of staff, and the Prime Minister's for the second fighter."""
    head = demo[username]
    unit = head.portal_role.unit
    campaign = Campaign.objects.get(year=YEAR)
    catalogue = titles()
    registration = registration_start(campaign=campaign, unit=unit, actor=head)
    staff = _eligible_staff(unit)
    fighters = staff[:2]
    candidate = fighters[0] if cstd_bo else None
    CollectiveTitleAim.objects.get_or_create(registration=registration, title=catalogue["TTLDXS"])
    aims = [
        IndividualTitleAim(registration=registration, person=p, title=catalogue["LDTT"])
        for p in staff
    ]
    aims += [
        IndividualTitleAim(registration=registration, person=p, title=catalogue["CSTDCS"])
        for p in fighters
    ]
    for person in staff:
        PersonYear.objects.update_or_create(
            person=person,
            year=YEAR,
            defaults={"rating": "excellent" if person in fighters else "good", "discipline": ""},
        )
    for index, person in enumerate(fighters, start=1):
        initiative = Initiative.objects.create(
            registration=registration,
            title=f"Sáng kiến số {index}",
            field="Viễn thám",
            description="Giải pháp mới",
            scope="ministry" if person == candidate else "grassroots",
        )
        initiative.authors.add(person)
    if candidate is not None:
        aims.append(
            IndividualTitleAim(
                registration=registration, person=candidate, title=catalogue["CSTD_BO"]
            )
        )
        PersonTitle.objects.filter(
            person=candidate, title__code__in=["CSTD_BO", "CSTD_TQ"]
        ).delete()
        for year in (YEAR - 2, YEAR - 1):
            PersonTitle.objects.get_or_create(
                person=candidate,
                title=catalogue["CSTDCS"],
                year=year,
                defaults={"decision_number": f"{year}/QĐ-CVTQG", "decided_by": "Cục trưởng"},
            )
    if bang_khen:
        CollectiveTitleAim.objects.get_or_create(
            registration=registration, title=catalogue["BK_BT_TT"]
        )
        aims += [
            IndividualTitleAim(registration=registration, person=p, title=catalogue["BK_BT_CN"])
            for p in staff
        ]
        aims.append(
            IndividualTitleAim(
                registration=registration, person=fighters[1], title=catalogue["BK_TTG_CN"]
            )
        )
    IndividualTitleAim.objects.bulk_create(aims, ignore_conflicts=True)  # a draft may hold some
    registration_transition(registration=registration, to=Status.SUBMITTED, actor=head)
    registration = registration_transition(
        registration=registration, to=Status.APPROVED, actor=demo["reviewer"]
    )
    Initiative.objects.filter(registration=registration).update(
        status=InitiativeStatus.RECOGNISED,
        recognition_number="15/QĐ-CVTQG",
        recognition_date=date(YEAR, 11, 20),
    )
    return Arranged(campaign, unit, registration, staff, fighters, candidate)


def started_proposal(demo, arranged: Arranged, username="unit_head") -> Proposal:
    return proposal_start(campaign=arranged.campaign, unit=arranged.unit, actor=demo[username])


def forwarded_proposal(demo, arranged: Arranged, username="unit_head") -> Proposal:
    proposal = started_proposal(demo, arranged, username)
    proposal = proposal_transition(
        proposal=proposal, to=ProposalStatus.SUBMITTED, actor=demo[username]
    )
    return proposal_transition(
        proposal=proposal, to=ProposalStatus.FORWARDED, actor=demo["reviewer"]
    )


def session_with(demo, proposals, *, held_on=date(YEAR + 1, 1, 10)) -> CouncilSession:
    session = council_session_create(
        campaign=proposals[0].campaign,
        held_on=held_on,
        place="Phòng họp số 1",
        actor=demo["reviewer"],
    )
    council_agenda_add(session=session, proposals=proposals, actor=demo["reviewer"])
    return session


def vote_item(proposal: Proposal, code: str = "CSTD_BO") -> ProposalItem:
    return ProposalItem.objects.get(proposal=proposal, title__code=code)


def voted_and_closed(demo, session: CouncilSession, approvals: dict) -> CouncilSession:
    council_ballots_record(session=session, approvals=approvals, actor=demo["reviewer"])
    return council_session_close(session=session, actor=demo["reviewer"])


def issue(demo, proposals, number="123/QĐ-BTNMT", signed_on=date(YEAR + 1, 1, 15)) -> Decision:
    campaign = proposals[0].campaign
    defaults = decision_defaults(campaign)
    return decision_issue(
        campaign=campaign,
        proposals=proposals,
        actor=demo["reviewer"],
        **{
            **defaults,
            "number": number,
            "signed_on": signed_on,
            "signer_name": "Trần Hồng Hà",
        },
    )


def decided(
    demo, *, approvals: int | None = None, bang_khen: bool = False
) -> tuple[Arranged, Proposal, Decision]:
    """The whole way: approved registration with a CSTĐ cấp Bộ candidate, proposal forwarded,
    a council session voting ``approvals`` (all members when None), the decision issued."""
    arranged = approved_registration(demo, cstd_bo=True, bang_khen=bang_khen)
    proposal = forwarded_proposal(demo, arranged)
    session = session_with(demo, [proposal])
    members = session.members.count()
    voted_and_closed(
        demo, session, {vote_item(proposal).pk: members if approvals is None else approvals}
    )
    decision = issue(demo, [proposal])
    proposal.refresh_from_db()
    return arranged, proposal, decision
