"""The award history (tra cứu khen thưởng): the titles and forms held by people and units,
each with the decision behind it."""

from django.db.models import OuterRef, Q, QuerySet, Subquery

from units.models import PersonTitle, UnitTitle
from units.roles import actor_for

from ..models import Decision

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
