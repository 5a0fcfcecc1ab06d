"""Writes of the council's work: sessions, their members and agenda, the secret ballots and the
publication of the results. Recorded by the Department (the council's secretariat, DOMAIN.md
§3.6); published results are never edited, a correction is a new ballot with its reason."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_portal.exceptions import ApplicationError
from units.permissions import may

from ..models import (
    AgendaItem,
    Ballot,
    CouncilMember,
    CouncilSession,
    DecisionItem,
    Proposal,
    ProposalItem,
    SessionMember,
)
from ..selectors.proposals import council_rule
from ..workflow import DecisionAction, ProposalStatus, SessionStatus


def ballot_percent(approvals: int, members: int) -> Decimal:
    """Approvals as a percentage of ALL the members, two decimals (for display and record)."""
    return (Decimal(approvals) * 100 / Decimal(members)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def ballot_passes(approvals: int, members: int, threshold_percent) -> bool:
    """At or above the threshold, compared exactly (9 of 10 at 90% passes, 8 of 9 fails)."""
    return Decimal(approvals) * 100 >= Decimal(str(threshold_percent)) * members


def _require(actor, session=None):
    if not may(actor, "awards.manage_council", session):
        raise PermissionDenied


def _locked(session: CouncilSession) -> CouncilSession:
    return CouncilSession.objects.select_for_update(of=("self",)).get(pk=session.pk)


def _require_preparing(session: CouncilSession) -> None:
    if session.status != SessionStatus.PREPARING:
        raise ApplicationError(
            _("The session's results are published; it can no longer be changed.")
        )


@transaction.atomic
def council_session_create(*, campaign, held_on, place: str, actor) -> CouncilSession:
    """A session of the council with every active member listed (name and position as they
    stand today) and the ballot threshold of the campaign's rule set."""
    _require(actor)
    members = list(CouncilMember.objects.filter(is_active=True).order_by("order", "full_name"))
    if not members:
        raise ApplicationError(_("The council has no active member."))
    rule = council_rule(campaign)
    session = CouncilSession(
        campaign=campaign,
        held_on=held_on,
        place=place,
        rule_set_code=rule.rule_set_code,
        threshold_percent=rule.threshold_percent,
        created_by=actor,
    )
    session._history_user = actor
    session.save()
    SessionMember.objects.bulk_create(
        SessionMember(
            session=session,
            member=member,
            full_name=member.full_name,
            position=member.position,
            role=member.role,
            order=member.order,
        )
        for member in members
    )
    return session


@transaction.atomic
def council_attendance_set(
    *,
    session: CouncilSession,
    present_ids,
    actor,
    board_ids=None,
    ballots_returned: int | None = None,
    ballots_valid: int | None = None,
) -> CouncilSession:
    """Who attends in person; the others vote in writing and still count as members.

    With ``board_ids``, also the vote count of the secret ballot: the counting board (Ban kiểm
    phiếu) the council elects among the members present, and the ballots returned and valid
    out of the ballots issued (one to every member). Without it the board stays as it was,
    less any member no longer present."""
    _require(actor, session)
    session = _locked(session)
    _require_preparing(session)
    present = {int(pk) for pk in present_ids}
    members = list(SessionMember.objects.filter(session=session))
    if board_ids is None:
        board = {m.pk for m in members if m.on_counting_board and m.pk in present}
    else:
        board = {int(pk) for pk in board_ids}
        if not board <= present:
            raise ApplicationError(_("The counting board is elected among the members present."))
        issued = len(members)
        if ballots_returned is not None and ballots_returned > issued:
            raise ApplicationError(
                _("The ballots returned cannot exceed the %(count)d ballots issued.")
                % {"count": issued}
            )
        if ballots_valid is not None and (
            ballots_returned is None or ballots_valid > ballots_returned
        ):
            raise ApplicationError(_("The valid ballots cannot exceed the ballots returned."))
    for member in members:
        changed = (member.present, member.on_counting_board) != (
            member.pk in present,
            member.pk in board,
        )
        if changed:
            member.present = member.pk in present
            member.on_counting_board = member.pk in board
            member._history_user = actor
            member.save(update_fields=["present", "on_counting_board"])
    if board_ids is not None:
        session.ballots_returned = ballots_returned
        session.ballots_valid = ballots_valid
        session._history_user = actor
        session.save(update_fields=["ballots_returned", "ballots_valid", "updated_at"])
    return session


@transaction.atomic
def council_agenda_add(*, session: CouncilSession, proposals, actor) -> int:
    """Put forwarded proposals before the council; refuses one already on an agenda."""
    _require(actor, session)
    session = _locked(session)
    _require_preparing(session)
    added = 0
    for proposal in Proposal.objects.select_for_update(of=("self",)).filter(
        pk__in=[p.pk for p in proposals]
    ):
        if proposal.campaign_id != session.campaign_id or (
            proposal.status != ProposalStatus.FORWARDED
        ):
            raise ApplicationError(
                _("Only proposals forwarded by the Department can be put on the agenda.")
            )
        if AgendaItem.objects.filter(proposal=proposal).exists():
            raise ApplicationError(
                _("%(unit)s is already on a session's agenda.") % {"unit": proposal.unit}
            )
        entry = AgendaItem(session=session, proposal=proposal, added_by=actor)
        entry._history_user = actor
        entry.save()
        added += 1
    return added


@transaction.atomic
def council_agenda_remove(*, session: CouncilSession, proposal: Proposal, actor) -> None:
    """Take a proposal off the agenda while the session is prepared and nothing is voted."""
    _require(actor, session)
    session = _locked(session)
    _require_preparing(session)
    if Ballot.objects.filter(session=session, item__proposal=proposal).exists():
        raise ApplicationError(_("The council has voted on this proposal; it stays."))
    for entry in AgendaItem.objects.filter(session=session, proposal=proposal):
        entry._history_user = actor
        entry.delete()


def vote_items(session: CouncilSession) -> list[ProposalItem]:
    """The titles on the session's agenda that need the secret ballot (one query after the
    rule's)."""
    rule = council_rule(session.campaign)
    return list(
        ProposalItem.objects.filter(
            proposal__agenda_item__session=session, title__code__in=rule.vote_titles
        ).select_related("title", "person", "proposal__unit")
    )


@transaction.atomic
def council_ballots_record(
    *, session: CouncilSession, approvals: dict[int, int], actor, reason: str = ""
) -> int:
    """Record the secret ballot of titles on the agenda: approvals out of ALL the session's
    members, the percentage and whether it reaches the rule set's threshold.

    Before the results are published a ballot is re-counted in place (its history keeps who
    and when). Afterwards a different count is a correction: a new ballot naming the one it
    corrects, with a mandatory ``reason``; refused once the title has been decided.
    Returns how many ballots were written.
    """
    _require(actor, session)
    session = _locked(session)
    items = {item.pk: item for item in vote_items(session)}
    unknown = set(approvals) - set(items)
    if unknown:
        raise ApplicationError(_("A ballot refers to a title that is not on the agenda."))
    members = SessionMember.objects.filter(session=session).count()
    current = {
        ballot.item_id: ballot
        for ballot in Ballot.objects.select_for_update(of=("self",)).filter(
            session=session, item_id__in=list(approvals), correction__isnull=True
        )
    }
    decided = set(
        DecisionItem.objects.filter(
            proposal_item_id__in=list(approvals), action=DecisionAction.AWARD
        ).values_list("proposal_item_id", flat=True)
    )
    written = 0
    now = timezone.now()
    for item_id, count in approvals.items():
        count = int(count)
        if not 0 <= count <= members:
            raise ApplicationError(
                _("Approvals must be between 0 and the %(members)d members of the council.")
                % {"members": members}
            )
        values = {
            "members_count": members,
            "approvals": count,
            "percent": ballot_percent(count, members),
            "threshold_percent": session.threshold_percent,
            "passed": ballot_passes(count, members, session.threshold_percent),
        }
        ballot = current.get(item_id)
        if ballot is not None and all(getattr(ballot, k) == v for k, v in values.items()):
            continue
        if not session.is_closed and ballot is not None:
            for key, value in values.items():
                setattr(ballot, key, value)
            ballot.recorded_by, ballot.recorded_at = actor, now
            ballot._history_user = actor
            ballot.save()
        else:
            if session.is_closed and not reason.strip():
                raise ApplicationError(
                    _("The results are published: a correction needs the reason for it.")
                )
            if session.is_closed and item_id in decided:
                raise ApplicationError(
                    _(
                        "The Minister has decided on %(item)s: correct the decision instead "
                        "of the ballot."
                    )
                    % {"item": items[item_id]}
                )
            ballot = Ballot(
                session=session,
                item=items[item_id],
                corrects=ballot if session.is_closed else None,
                reason=reason.strip() if session.is_closed else "",
                recorded_by=actor,
                recorded_at=now,
                **values,
            )
            ballot._history_user = actor
            ballot.save()
        written += 1
    return written


@transaction.atomic
def council_session_close(*, session: CouncilSession, actor) -> CouncilSession:
    """Publish the session's results: every title needing the ballot on the agenda must have
    one. From then on the session, its members and its ballots are final."""
    _require(actor, session)
    session = _locked(session)
    _require_preparing(session)
    if not AgendaItem.objects.filter(session=session).exists():
        raise ApplicationError(_("Put at least one proposal on the agenda first."))
    voted = set(
        Ballot.objects.filter(session=session, correction__isnull=True).values_list(
            "item_id", flat=True
        )
    )
    missing = [item for item in vote_items(session) if item.pk not in voted]
    if missing:
        raise ApplicationError(
            _("Record the ballot of every title that needs one first (%(count)d left).")
            % {"count": len(missing)}
        )
    session.status = SessionStatus.CLOSED
    session.closed_at, session.closed_by = timezone.now(), actor
    session._history_user = actor
    session.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    return session
