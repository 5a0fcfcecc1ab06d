"""Reads of the council's work: sessions, their members, agenda and ballots (readers only)."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from units.roles import actor_for

from ..models import (
    AgendaItem,
    Ballot,
    CouncilMember,
    CouncilSession,
    Proposal,
    ProposalItem,
    SessionMember,
)
from ..workflow import ProposalStatus
from .proposals import CouncilRule, council_rule


def council_sessions_visible_to(*, user) -> QuerySet[CouncilSession]:
    """Every session for the Department, the Minister and administrators; none otherwise."""
    actor = actor_for(user)
    if actor.is_reader:
        return CouncilSession.objects.select_related("campaign")
    return CouncilSession.objects.none()


def council_session_get_for_user(*, user, pk: int) -> CouncilSession:
    session = council_sessions_visible_to(user=user).filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def council_session_list(*, user, campaign) -> QuerySet[CouncilSession]:
    """The campaign's sessions with their counts (one query)."""
    return (
        council_sessions_visible_to(user=user)
        .filter(campaign=campaign)
        .annotate(
            n_members=Count("members", distinct=True),
            n_present=Count("members", filter=Q(members__present=True), distinct=True),
            n_agenda=Count("agenda", distinct=True),
            n_ballots=Count("ballots", filter=Q(ballots__correction__isnull=True), distinct=True),
            n_passed=Count(
                "ballots",
                filter=Q(ballots__correction__isnull=True, ballots__passed=True),
                distinct=True,
            ),
        )
        .order_by("-held_on", "-pk")
    )


def council_members() -> list[CouncilMember]:
    return list(CouncilMember.objects.filter(is_active=True).order_by("order", "full_name"))


def proposals_awaiting_agenda(campaign) -> QuerySet[Proposal]:
    """Forwarded proposals not yet on any session's agenda."""
    return (
        Proposal.objects.filter(
            campaign=campaign, status=ProposalStatus.FORWARDED, agenda_item__isnull=True
        )
        .select_related("unit")
        .order_by("unit__unit_type", "unit__name")
    )


@dataclass
class VoteLine:
    """A title on the agenda that needs the ballot, with the ballot in force and its
    corrections (oldest first)."""

    item: object  # ProposalItem
    ballot: Ballot | None
    corrected: list[Ballot]


@dataclass
class AgendaEntry:
    proposal: Proposal
    votes: list[VoteLine]
    other_titles: int  # titles that need no ballot
    others: list = field(default_factory=list)  # those ProposalItems


@dataclass
class SessionView:
    session: CouncilSession
    rule: CouncilRule
    members: list[SessionMember]
    agenda: list[AgendaEntry]

    @property
    def n_members(self) -> int:
        return len(self.members)

    @property
    def n_present(self) -> int:
        return sum(member.present for member in self.members)

    @property
    def chair(self) -> SessionMember | None:
        return next((m for m in self.members if m.role == "chair"), None)

    @property
    def secretary(self) -> SessionMember | None:
        return next((m for m in self.members if m.role == "secretary"), None)

    @property
    def votes(self) -> list[VoteLine]:
        return [vote for entry in self.agenda for vote in entry.votes]

    @property
    def n_missing(self) -> int:
        return sum(vote.ballot is None for vote in self.votes)


def session_view(session: CouncilSession) -> SessionView:
    """The session with its members, its agenda (each proposal's titles needing the ballot
    with the ballot in force) and the rule, in a fixed number of queries."""
    rule = council_rule(session.campaign)
    members = list(SessionMember.objects.filter(session=session).order_by("order", "full_name"))
    agenda_items = list(
        AgendaItem.objects.filter(session=session)
        .select_related("proposal__unit")
        .prefetch_related(
            Prefetch(
                "proposal__items",
                to_attr="all_items",
                queryset=ProposalItem.objects.select_related("title", "person").order_by(
                    "person__full_name", "title__rank"
                ),
            )
        )
        .annotate(n_items=Count("proposal__items"))
        .order_by("proposal__unit__unit_type", "proposal__unit__name")
    )
    ballots = list(
        Ballot.objects.filter(session=session)
        .select_related("recorded_by")
        .order_by("recorded_at", "pk")
    )
    corrected_ids = {ballot.corrects_id for ballot in ballots if ballot.corrects_id}
    in_force = {b.item_id: b for b in ballots if b.pk not in corrected_ids}
    corrected: dict[int, list[Ballot]] = {}
    for ballot in ballots:
        if ballot.item_id in in_force and ballot is not in_force[ballot.item_id]:
            corrected.setdefault(ballot.item_id, []).append(ballot)
    agenda = []
    for entry in agenda_items:
        items = entry.proposal.all_items
        votes = [
            VoteLine(item, in_force.get(item.pk), corrected.get(item.pk, []))
            for item in items
            if item.title.code in rule.vote_titles
        ]
        others = [item for item in items if item.title.code not in rule.vote_titles]
        agenda.append(AgendaEntry(entry.proposal, votes, len(others), others))
    return SessionView(session=session, rule=rule, members=members, agenda=agenda)
