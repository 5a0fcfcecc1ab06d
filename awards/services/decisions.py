"""Writes of the Minister's decisions: issuing one makes its titles facts in the title history
(``units.PersonTitle`` / ``UnitTitle``, which next year's rule checks read); a decision is never
edited: a correction is a new decision that names the one it corrects and revokes lines of it."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from emulation_portal.exceptions import ApplicationError
from units.models import PersonTitle, UnitTitle
from units.permissions import may
from units.selectors import organisation

from ..models import CouncilSession, Decision, DecisionItem, Proposal, ProposalItem
from ..selectors.proposals import council_rule, item_outcomes, proposals_ready_for_decision
from ..workflow import DecisionAction, ProposalStatus, SessionStatus
from .proposals import proposal_transition

# Default "Căn cứ" lines of a rule set's instruments, each with its subject, editable on each
# decision before it is recorded. They follow the competence basis (the organisation's decree
# on its functions, ``Organisation.functions_decree``) and precede the proposals. Instruments,
# dates and subjects are those of DOMAIN.md §1.1; where it does not give a subject word for word
# the wording below is ours and marked UNVERIFIED.
LEGAL_BASES = {
    "A_2017": [
        "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung "
        "một số điều của Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng "
        "11 năm 2013;",
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi "
        "tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
        # DOMAIN.md §1.1: "Details Decree 91".
        "Căn cứ Thông tư số 12/2019/TT-BNV ngày 04 tháng 11 năm 2019 của Bộ trưởng Bộ Nội vụ "
        "quy định chi tiết thi hành một số điều của Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 "
        "năm 2017 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen "
        "thưởng;",
        # UNVERIFIED wording: DOMAIN.md §1.1 says only "sector rules".
        "Căn cứ Thông tư số 21/2018/TT-BTNMT ngày 14 tháng 11 năm 2018 của Bộ trưởng Bộ Tài "
        "nguyên và Môi trường quy định về công tác thi đua, khen thưởng ngành tài nguyên và "
        "môi trường;",
    ],
    "B_2024": [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi "
        "tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
        # UNVERIFIED wording: DOMAIN.md §1.1 says "implementation".
        "Căn cứ Thông tư số 01/2024/TT-BNV ngày 24 tháng 02 năm 2024 của Bộ trưởng Bộ Nội vụ "
        "quy định chi tiết thi hành Luật Thi đua, khen thưởng;",
        # DOMAIN.md §1.1: details articles of the 2022 Law for the sector; wording UNVERIFIED.
        "Căn cứ Thông tư số 18/2023/TT-BTNMT ngày 15 tháng 11 năm 2023 của Bộ trưởng Bộ Tài "
        "nguyên và Môi trường quy định chi tiết một số điều của Luật Thi đua, khen thưởng "
        "trong ngành tài nguyên và môi trường;",
    ],
    # Decree 152/2025 repealed 98/2023 from 01/07/2025 (DOMAIN.md §1.1); its signing date and
    # exact title are not in DOMAIN.md (UNVERIFIED): the Department completes the line.
    "C_2025": [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của "
        "Luật Thi đua, khen thưởng;",
        "Căn cứ Thông tư số 18/2023/TT-BTNMT ngày 15 tháng 11 năm 2023 của Bộ trưởng Bộ Tài "
        "nguyên và Môi trường quy định chi tiết một số điều của Luật Thi đua, khen thưởng "
        "trong ngành tài nguyên và môi trường;",
    ],
}
PROPOSED_BY = (
    "Xét đề nghị của Hội đồng Thi đua - Khen thưởng Bộ và theo đề nghị của "
    "{department_head} {department}."
)


def legal_bases(campaign) -> list[str]:
    """The decision's "Căn cứ" in their order: the organisation's decree on its functions (the
    competence to decide), the law, decrees and circulars of the campaign's rule set, then the
    council's and the Department's proposals."""
    rule = council_rule(campaign)
    bases = LEGAL_BASES.get(rule.rule_set_code, LEGAL_BASES["C_2025"])  # a later set: the latest
    org = organisation()
    competence = org.functions_decree.strip().removeprefix("Căn cứ ").rstrip(" ;.")
    return [
        *([f"Căn cứ {competence};"] if competence else []),
        *bases,
        PROPOSED_BY.format(
            department_head=org.department_head_title, department=org.department_name
        ),
    ]


def decision_defaults(campaign) -> dict:
    """What a new decision of the campaign starts with; the Department may change any of it."""
    org = organisation()
    return {
        "issuing_body": campaign.issuing_body or org.header_name,
        "place": campaign.place or org.place,
        "subject": (
            f"Về việc công nhận danh hiệu thi đua và tặng hình thức khen thưởng năm {campaign.year}"
        ),
        "decided_by": org.head_of_body,
        "legal_bases": legal_bases(campaign),
        "signer_authority": campaign.signer_authority,
        "signer_title": campaign.signer_title or org.head_title.upper(),
        "signer_name": campaign.signer_name,
        "distribution_list": [
            "Như Điều 3;",
            "Các Thứ trưởng;",
            f"Lưu: VT, {org.department_symbol}.",
        ],
    }


def _title_row(line: DecisionItem):
    """The history model and the recipient of a decision line."""
    if line.person_id is None:
        return UnitTitle, {"unit_id": line.unit_id}
    return PersonTitle, {"person_id": line.person_id}


def _record(decision: Decision, actor) -> Decision:
    decision.recorded_by = actor
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as exc:
        raise ApplicationError(
            _("A decision numbered %(number)s is already recorded.") % {"number": decision.number}
        ) from exc
    return decision


@transaction.atomic
def decision_issue(*, campaign, proposals, actor, **fields) -> Decision:
    """Record the Minister's decision on forwarded proposals and make its titles facts.

    Every title of the Ministry's level in each proposal goes in, except those the council
    voted down: those of unit level are the unit head's to decide, those of state level the
    Ministry proposes to the State (DOMAIN.md §3.1, §7); each becomes a PersonTitle or UnitTitle row
    with the decision's number, date and ``decided_by``; each proposal becomes decided.
    Raises PermissionDenied, or ApplicationError (a proposal not ready, no title to award, a
    number already used, a title already held for the year).
    """
    if not may(actor, "awards.issue_decision"):
        raise PermissionDenied
    ids = [proposal.pk for proposal in proposals]
    ready = {p.pk for p in proposals_ready_for_decision(campaign).filter(pk__in=ids)}
    locked = list(
        Proposal.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("unit")
    )
    if not locked or len(locked) != len(set(ids)):
        raise ApplicationError(_("Choose at least one proposal ready for the decision."))
    for proposal in locked:
        if proposal.pk not in ready or proposal.campaign_id != campaign.pk:
            raise ApplicationError(
                _("The proposal of %(unit)s is not ready for a decision.") % {"unit": proposal.unit}
            )
    rule = council_rule(campaign)
    items = list(
        ProposalItem.objects.filter(proposal__in=locked)
        .select_related("title", "person", "proposal")
        .order_by("proposal__unit__name", "person__full_name", "title__rank")
    )
    outcomes = [o for o in item_outcomes(items, rule.vote_titles) if o.decidable]
    if not outcomes:
        raise ApplicationError(_("None of the proposed titles can be awarded by this decision."))
    session = (
        CouncilSession.objects.filter(agenda__proposal__in=locked, status=SessionStatus.CLOSED)
        .order_by("-held_on", "-pk")
        .first()
    )
    decision = _record(Decision(campaign=campaign, council_session=session, **fields), actor)
    lines = []
    for position, outcome in enumerate(outcomes, start=1):
        item = outcome.item
        lines.append(
            DecisionItem(
                decision=decision,
                proposal_item=item,
                action=DecisionAction.AWARD,
                title=item.title,
                year=campaign.year,
                unit_id=item.proposal.unit_id,
                person=item.person,
                position=position,
            )
        )
    DecisionItem.objects.bulk_create(lines)
    _award(decision, lines)
    for proposal in locked:
        proposal_transition(
            proposal=proposal,
            to=ProposalStatus.DECIDED,
            actor=actor,
            note=_("Decision %(number)s") % {"number": decision.number},
        )
    return decision


def _award(decision: Decision, lines: list[DecisionItem]) -> None:
    """The decision's titles as facts of the title history; refuses a title already held."""
    held = []
    for line in lines:
        model, subject = _title_row(line)
        if model.objects.filter(title_id=line.title_id, year=line.year, **subject).exists():
            held.append(line)
            continue
        model.objects.create(
            title_id=line.title_id,
            year=line.year,
            decision_number=decision.number,
            decision_date=decision.signed_on,
            decided_by=decision.decided_by,
            **subject,
        )
    if held:
        line = held[0]
        raise ApplicationError(
            _("%(who)s already holds %(title)s for %(year)s.")
            % {"who": line.person or line.unit, "title": line.title, "year": line.year}
        )


@transaction.atomic
def decision_correct(*, decision: Decision, revoke, reason: str, actor, **fields) -> Decision:
    """A new decision correcting ``decision``: it revokes the given lines of it (their titles
    leave the title history) and keeps the earlier decision and its lines untouched.

    ``revoke`` is a list of DecisionItem of ``decision`` still in force. Raises
    PermissionDenied, or ApplicationError (no reason, nothing to revoke, a line of another
    decision or already revoked, a number already used).
    """
    if not may(actor, "awards.issue_decision"):
        raise PermissionDenied
    if not reason.strip():
        raise ApplicationError(_("Say why the decision is corrected."))
    decision = Decision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
    ids = {line.pk for line in revoke}
    lines = list(
        DecisionItem.objects.filter(
            pk__in=ids, decision=decision, action=DecisionAction.AWARD
        ).select_related("title", "person", "unit")
    )
    if not lines or len(lines) != len(ids):
        raise ApplicationError(_("Choose the lines of this decision to revoke."))
    already = DecisionItem.objects.filter(
        proposal_item_id__in=[line.proposal_item_id for line in lines],
        action=DecisionAction.REVOKE,
    )
    if already.exists():
        raise ApplicationError(_("One of these lines has already been revoked."))
    correction = _record(
        Decision(
            campaign=decision.campaign,
            corrects=decision,
            correction_reason=reason.strip(),
            council_session=decision.council_session,
            **fields,
        ),
        actor,
    )
    DecisionItem.objects.bulk_create(
        DecisionItem(
            decision=correction,
            proposal_item_id=line.proposal_item_id,
            action=DecisionAction.REVOKE,
            title=line.title,
            year=line.year,
            unit=line.unit,
            person=line.person,
            position=position,
        )
        for position, line in enumerate(lines, start=1)
    )
    for line in lines:
        model, subject = _title_row(line)
        model.objects.filter(
            title_id=line.title_id, year=line.year, decision_number=decision.number, **subject
        ).delete()
    return correction
