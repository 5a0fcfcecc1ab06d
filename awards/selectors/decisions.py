"""Reads of the Minister's decisions: who sees which, their lines and annexes."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from criteria.models import Title
from units.roles import actor_for

from ..models import Decision, DecisionItem
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


@dataclass
class AnnexSection:
    title: Title
    collective: bool
    lines: list[DecisionItem]


def annex_sections(lines: list[DecisionItem]) -> list[AnnexSection]:
    """The lines grouped by title for the annex: collectives first, then individuals, each by
    the title's rank (most senior first)."""
    sections: dict[tuple, AnnexSection] = {}
    for line in lines:
        key = (line.person_id is None, line.title_id)
        if key not in sections:
            sections[key] = AnnexSection(line.title, line.person_id is None, [])
        sections[key].lines.append(line)
    return sorted(
        sections.values(),
        key=lambda s: (not s.collective, s.title.kind != "title", -s.title.rank, s.title.name),
    )


# --- the award history ---------------------------------------------------------------------
