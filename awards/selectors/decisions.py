"""Reads of the Minister's decisions and of the award history (tra cứu khen thưởng)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from criteria.models import Title
from units.models import PersonTitle, UnitTitle
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

PERSON = "person"
UNIT = "unit"


def _words_match(field: str, text: str) -> Q:
    """Every word of ``text`` in ``field``, whatever the case of its first letter (SQLite folds
    the case of ASCII letters only, so "đức" finds "Đức" this way)."""
    query = Q()
    for word in text.split():
        variants = {word, word.lower(), word.capitalize(), word.upper()}
        match = Q()
        for variant in variants:
            match |= Q(**{f"{field}__icontains": variant})
        query &= match
    return query


def award_history(
    *,
    user,
    kind: str = PERSON,
    text: str = "",
    year: int | None = None,
    title_id: int | None = None,
    person_id: int | None = None,
    unit_id: int | None = None,
) -> QuerySet:
    """Titles and forms held, newest year first, with the decision behind each (its page when
    the decision was recorded here): people's (``kind`` person) or units' (``kind`` unit).
    A unit head sees the unit's own only. One query per page."""
    actor = actor_for(user)
    if kind == UNIT:
        rows = UnitTitle.objects.select_related("unit", "title")
        unit_field, name_field = "unit_id", "unit__name"
        if text:
            rows = rows.filter(
                _words_match("unit__name", text)
                | Q(unit__code__iexact=text.strip())
                | _words_match("unit__short_name", text)
            )
    else:
        rows = PersonTitle.objects.select_related("person__unit", "title")
        unit_field, name_field = "person__unit_id", "person__full_name"
        if text:
            rows = rows.filter(_words_match("person__full_name", text))
        if person_id:
            rows = rows.filter(person_id=person_id)
    if actor.is_unit_head:
        rows = rows.filter(**{unit_field: actor.unit_id})
    elif not actor.is_reader:
        rows = rows.none()
    if unit_id:
        rows = rows.filter(**{unit_field: unit_id})
    if year:
        rows = rows.filter(year=year)
    if title_id:
        rows = rows.filter(title_id=title_id)
    decisions = Decision.objects.filter(number=OuterRef("decision_number"))
    return rows.annotate(decision_pk=Subquery(decisions.values("pk")[:1])).order_by(
        "-year", name_field, "-title__rank", "pk"
    )


def award_history_years() -> list[int]:
    """The years that hold any title, newest first (for the year filter)."""
    years = set(PersonTitle.objects.values_list("year", flat=True).distinct())
    years |= set(UnitTitle.objects.values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)
