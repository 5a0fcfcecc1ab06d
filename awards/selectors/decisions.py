"""Reads of the Minister's decisions: who sees which, their lines and annexes."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from criteria.models import Title, TitleKind, TitleLevel
from units.roles import actor_for

from ..models import Decision, DecisionItem, ProposalItem
from ..workflow import DecisionAction


def decisions_visible_to(*, user) -> QuerySet[Decision]:
    """Every decision for readers; for a unit head, those with a line about the unit."""
    actor = actor_for(user)
    decisions = Decision.objects.select_related("campaign", "corrects", "council_session")
    if actor.is_reader:
        return decisions
    if actor.is_unit_head:
        return decisions.filter(
            Exists(DecisionItem.objects.filter(decision=OuterRef("pk"), unit_id=actor.unit_id))
        )
    return decisions.none()


def decision_get_for_user(*, user, pk: int) -> Decision:
    decision = decisions_visible_to(user=user).filter(pk=pk).first()
    if decision is None:
        raise Http404
    return decision


def decision_list(*, user, campaign) -> QuerySet[Decision]:
    """The campaign's decisions with their counts and corrections (one query)."""
    return (
        decisions_visible_to(user=user)
        .filter(campaign=campaign)
        .annotate(
            n_awarded=Count("items", filter=Q(items__action=DecisionAction.AWARD), distinct=True),
            n_revoked=Count("items", filter=Q(items__action=DecisionAction.REVOKE), distinct=True),
            n_corrections=Count("corrections", distinct=True),
        )
        .order_by("-signed_on", "-pk")
    )


def decision_lines(decision: Decision) -> list[DecisionItem]:
    """The decision's lines in order, each with ``revoked_in`` (the number of the decision that
    later revoked it, else None), in one query."""
    revoking = DecisionItem.objects.filter(
        proposal_item_id=OuterRef("proposal_item_id"), action=DecisionAction.REVOKE
    ).exclude(decision_id=decision.pk)
    return list(
        DecisionItem.objects.filter(decision=decision)
        .select_related("title", "person", "unit")
        .annotate(revoked_in=Subquery(revoking.values("decision__number")[:1]))
        .order_by("position")
    )


# The verb of a decision's clause: titles are recognised ("công nhận"), forms of commendation
# are awarded ("tặng"). The emulation flag is a title in law (DOMAIN.md §2, §3.1: a collective
# title) and stays with the titles, but a flag is handed over: decisions "tặng Cờ thi đua".
RECOGNISE, FLAG, AWARD = "recognise", "flag", "award"
ARTICLE_ORDER = (RECOGNISE, FLAG, AWARD)


def article_kind(title: Title) -> str:
    if title.kind != TitleKind.EMULATION_TITLE:
        return AWARD
    return FLAG if title.code.startswith("CO_") else RECOGNISE


@dataclass
class AnnexSection:
    title: Title
    collective: bool
    lines: list[DecisionItem]


def annex_sections(lines: list[DecisionItem]) -> list[AnnexSection]:
    """The lines grouped by title for the annex in the order of the decision's clauses (titles
    recognised, flags, forms awarded); in each, collectives first, then individuals, each by
    the title's rank (most senior first)."""
    sections: dict[tuple, AnnexSection] = {}
    for line in lines:
        key = (line.person_id is None, line.title_id)
        if key not in sections:
            sections[key] = AnnexSection(line.title, line.person_id is None, [])
        sections[key].lines.append(line)
    return sorted(
        sections.values(),
        key=lambda s: (
            ARTICLE_ORDER.index(article_kind(s.title)),
            not s.collective,
            -s.title.rank,
            s.title.name,
        ),
    )


@dataclass
class LeftOut:
    """The titles of a decision's proposals that the Minister's decision does not carry: those
    the unit's head decides and those the Ministry proposes to the State."""

    unit_level: list[ProposalItem]
    state_level: list[ProposalItem]


def decision_left_out(decision: Decision) -> LeftOut:
    """What the decided proposals asked for beyond the Minister's competence (one query)."""
    if decision.corrects_id is not None:
        return LeftOut([], [])
    items = list(
        ProposalItem.objects.filter(
            proposal__in=DecisionItem.objects.filter(decision=decision).values(
                "proposal_item__proposal_id"
            ),
            title__level__in=[TitleLevel.UNIT, TitleLevel.STATE],
        )
        .select_related("title", "person", "proposal__unit")
        .order_by("-title__rank", "title__name", "proposal__unit__name", "person__full_name")
    )
    return LeftOut(
        [item for item in items if item.title.level == TitleLevel.UNIT],
        [item for item in items if item.title.level == TitleLevel.STATE],
    )


# --- the award history ---------------------------------------------------------------------
