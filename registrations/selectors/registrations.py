"""Reads of registrations, always scoped to what the user may see."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from criteria.eligibility import (
    SCOPE_ORDER,
    Finding,
    PersonFacts,
    RegistrationFacts,
    check_registration,
)
from criteria.selectors import rule_set_for, rule_set_rules
from scoring.selectors import acclaimed_leader_unit_ids
from units.models import Person, PersonTitle, PersonYear, SubUnit
from units.roles import actor_for

from ..models import (
    CollectiveTitleAim,
    IndividualTitleAim,
    Initiative,
    Registration,
    RegistrationEvent,
    ReviewComment,
    Target,
)
from ..workflow import Status


def registrations_visible_to(*, user) -> QuerySet[Registration]:
    """Everything for the Department, the Minister and administrators; a unit head's own only."""
    actor = actor_for(user)
    registrations = Registration.objects.select_related("campaign", "unit")
    if actor.is_reader:
        return registrations
    if actor.is_unit_head:
        return registrations.filter(unit_id=actor.unit_id)
    return registrations.none()


def registration_get_for_user(*, user, pk: int, with_content: bool = True) -> Registration:
    """The registration if the user may see it; 404 for missing and for not-yours alike.

    ``with_content`` prefetches what the pages that show it read (targets, titles,
    initiatives, history); the editor reads them through its own forms instead."""
    registrations = registrations_visible_to(user=user)
    if with_content:
        registrations = registrations.prefetch_related(
            "targets__criterion",
            "collective_titles__title",
            "collective_titles__sub_unit",
            Prefetch(
                "individual_titles",
                queryset=IndividualTitleAim.objects.select_related("title", "person"),
            ),
            Prefetch("initiatives", queryset=Initiative.objects.prefetch_related("authors")),
            Prefetch("events", queryset=RegistrationEvent.objects.select_related("actor")),
        )
    registration = registrations.filter(pk=pk).first()
    if registration is None:
        raise Http404
    return registration


def unit_staff(unit) -> QuerySet[Person]:
    return Person.objects.filter(unit=unit, is_active=True).order_by("-is_unit_head", "full_name")


def registration_sub_units(registration: Registration) -> list[SubUnit]:
    """The sub-units the editor offers: the unit's active ones, and an inactive one that
    still holds an aim in this registration (so that its aim can be seen and removed)."""
    aimed = CollectiveTitleAim.objects.filter(
        registration=registration, sub_unit__isnull=False
    ).values("sub_unit_id")
    return list(
        SubUnit.objects.filter(unit_id=registration.unit_id)
        .filter(Q(is_active=True) | Q(pk__in=aimed))
        .order_by("position", "name")
    )


@dataclass(frozen=True)
class SubUnitAims:
    sub_unit: SubUnit
    titles: list


def unit_collective_aims(registration: Registration) -> list[CollectiveTitleAim]:
    """The unit's own collective aims (not its sub-units'), from the prefetched aims."""
    return [aim for aim in registration.collective_titles.all() if aim.sub_unit_id is None]


def sub_unit_aims(registration: Registration) -> list[SubUnitAims]:
    """Each sub-unit that aims for a title in the registration, with its titles, in the
    sub-units' order; read from the aims ``registration_get_for_user`` prefetched."""
    by_sub_unit: dict[int, SubUnitAims] = {}
    for aim in registration.collective_titles.all():
        if aim.sub_unit_id is None:
            continue
        entry = by_sub_unit.setdefault(aim.sub_unit_id, SubUnitAims(aim.sub_unit, []))
        entry.titles.append(aim.title)
    for entry in by_sub_unit.values():
        entry.titles.sort(key=lambda title: (title.rank, title.name))
    return sorted(
        by_sub_unit.values(), key=lambda entry: (entry.sub_unit.position, entry.sub_unit.name)
    )


def registration_content_snapshot(registration: Registration) -> dict:
    """What the registration holds, as plain JSON: kept as the approved version."""
    return {
        "version": registration.version,
        "targets": [
            {
                "id": target.pk,
                "position": target.position,
                "criterion": str(target.criterion) if target.criterion_id else "",
                "description": target.description,
                "planned_value": None
                if target.planned_value is None
                else str(target.planned_value),
                "measure": target.measure,
                "due_date": target.due_date.isoformat() if target.due_date else None,
            }
            for target in registration.targets.select_related("criterion").order_by("position")
        ],
        "collective_titles": [
            aim.title.name
            for aim in registration.collective_titles.filter(sub_unit=None).select_related("title")
        ],
        "sub_unit_titles": [
            {"sub_unit_id": aim.sub_unit_id, "sub_unit": aim.sub_unit.name, "title": aim.title.name}
            for aim in registration.collective_titles.exclude(sub_unit=None)
            .select_related("sub_unit", "title")
            .order_by("sub_unit__position", "sub_unit__name", "title__rank", "title__name")
        ],
        "individual_titles": [
            {"person_id": aim.person_id, "person": aim.person.full_name, "title": aim.title.name}
            for aim in registration.individual_titles.select_related("person", "title")
        ],
        "initiatives": [
            {
                "id": initiative.pk,
                "title": initiative.title,
                "authors": [author.full_name for author in initiative.authors.all()],
                "field": initiative.field,
                "scope": initiative.get_scope_display(),
            }
            for initiative in registration.initiatives.prefetch_related("authors")
        ],
    }


def _wider_scope(current: str, candidate: str) -> str:
    if not current:
        return candidate
    return max(current, candidate, key=SCOPE_ORDER.index)


def registration_facts(
    registration: Registration,
    *,
    collective_codes: Iterable[str] | None = None,
    individual_codes: Mapping[int, Iterable[str]] | None = None,
    initiatives: Iterable[tuple[Iterable[int], str]] | None = None,
) -> RegistrationFacts:
    """The facts the rule engine needs about a registration, in a fixed number of queries.

    By default they are read from what is saved; the editor's live check passes what the
    user is typing instead (title codes, and (author ids, scope) per initiative).
    """
    campaign = registration.campaign
    year = campaign.year
    staff = list(
        Person.objects.filter(unit_id=registration.unit_id, is_active=True).values_list(
            "pk", "full_name", "recruited_on", "is_unit_head"
        )
    )
    staff_ids = [row[0] for row in staff]
    discipline: dict[int, str] = {}
    pending_review: set[int] = set()
    for person_id, level, pending in (
        PersonYear.objects.filter(person__unit_id=registration.unit_id, year=year)
        .filter(~Q(discipline="") | Q(pending_review=True))
        .values_list("person_id", "discipline", "pending_review")
    ):
        if level:
            discipline[person_id] = level
        if pending:
            pending_review.add(person_id)
    history: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for person_id, title_year, code in PersonTitle.objects.filter(
        person__unit_id=registration.unit_id, year__lt=year
    ).values_list("person_id", "year", "title__code"):
        history[person_id][title_year].add(code)

    if collective_codes is None:
        # The rules on collective titles are the unit's own; its sub-units' aims are not.
        collective_codes = CollectiveTitleAim.objects.filter(
            registration=registration, sub_unit=None
        ).values_list("title__code", flat=True)
    if individual_codes is None:
        saved: dict[int, set[str]] = defaultdict(set)
        for person_id, code in IndividualTitleAim.objects.filter(
            registration=registration
        ).values_list("person_id", "title__code"):
            saved[person_id].add(code)
        individual_codes = saved
    if initiatives is None:
        by_initiative: dict[int, tuple[list[int], str]] = {}
        for initiative_id, scope, author_id in Initiative.objects.filter(
            registration=registration
        ).values_list("pk", "scope", "authors"):
            authors, _scope = by_initiative.setdefault(initiative_id, ([], scope))
            if author_id is not None:
                authors.append(author_id)
        initiatives = by_initiative.values()

    best_scope: dict[int, str] = {}
    for author_ids, scope in initiatives:
        for author_id in author_ids:
            best_scope[author_id] = _wider_scope(best_scope.get(author_id, ""), scope)

    people = {
        pk: PersonFacts(
            person_id=pk,
            name=name,
            recruited_on=recruited_on,
            discipline=discipline.get(pk, ""),
            rating="",
            titles_by_year={y: frozenset(codes) for y, codes in history[pk].items()},
            has_initiative=pk in best_scope,
            best_initiative_scope=best_scope.get(pk, ""),
            is_unit_head=is_unit_head,
            pending_review=pk in pending_review,
        )
        for pk, name, recruited_on, is_unit_head in staff
    }
    aims = {
        int(pk): frozenset(codes)
        for pk, codes in individual_codes.items()
        if codes and int(pk) in people
    }
    # Who leads a bloc or cluster is known only from its year-end acclamation.
    leaders = acclaimed_leader_unit_ids(year)
    return RegistrationFacts(
        year=year,
        staff_count=len(staff_ids),
        individual_aims=aims,
        people=people,
        collective_aims=frozenset(collective_codes),
        unit_head_needs_leading_unit=campaign.unit_head_needs_leading_unit,
        unit_is_group_leader=registration.unit_id in leaders,
        ministry_flag_standard_units=len(leaders),
    )


def saved_content_facts(registration: Registration) -> dict:
    """The saved aims and initiatives of a registration loaded by ``registration_get_for_user``
    (content prefetched), as ``registration_facts``' overrides: read without a query."""
    individual_codes: dict[int, set[str]] = defaultdict(set)
    for aim in registration.individual_titles.all():
        individual_codes[aim.person_id].add(aim.title.code)
    return {
        "collective_codes": [aim.title.code for aim in unit_collective_aims(registration)],
        "individual_codes": individual_codes,
        "initiatives": [
            ([author.pk for author in initiative.authors.all()], initiative.scope)
            for initiative in registration.initiatives.all()
        ],
    }


def registration_findings(registration: Registration, **overrides) -> list[Finding]:
    """What the rule set of the campaign's year says about the registration (or the draft)."""
    params, sources = rule_set_rules(rule_set_for(registration.campaign))
    facts = registration_facts(registration, **overrides)
    return check_registration(facts, params, sources)


@dataclass
class ReviewNotes:
    """The Department's last return of a registration: its comment and the per-item ones."""

    event: RegistrationEvent | None = None
    by_target: dict[int, list[str]] = field(default_factory=dict)
    by_initiative: dict[int, list[str]] = field(default_factory=dict)
    by_person: dict[int, list[str]] = field(default_factory=dict)
    person_names: dict[int, str] = field(default_factory=dict)
    on_collective: list[str] = field(default_factory=list)

    def __bool__(self):
        return self.event is not None


def registration_review_notes(registration: Registration) -> ReviewNotes:
    """The comments of the last return, while the unit is answering it (status returned)."""
    if registration.status != Status.RETURNED:
        return ReviewNotes()
    event = (
        RegistrationEvent.objects.filter(
            registration=registration, report__isnull=True, to_status=Status.RETURNED
        )
        .select_related("actor")
        .first()
    )
    notes = ReviewNotes(event=event)
    if event is None:
        return notes
    for comment in ReviewComment.objects.filter(event=event).select_related("person"):
        if comment.target_id:
            notes.by_target.setdefault(comment.target_id, []).append(comment.text)
        elif comment.initiative_id:
            notes.by_initiative.setdefault(comment.initiative_id, []).append(comment.text)
        elif comment.person_id:
            notes.by_person.setdefault(comment.person_id, []).append(comment.text)
            notes.person_names[comment.person_id] = comment.person.full_name
        else:
            notes.on_collective.append(comment.text)
    return notes


@dataclass(frozen=True)
class Change:
    at: object  # datetime
    user: object  # the user, or None for data loaded by the system
    kind: str  # "+" added, "~" changed, "-" removed (simple_history's history_type)
    what: str


def registration_change_log(registration: Registration, limit: int = 100) -> list[Change]:
    """The latest changes to the registration's content, newest first: who, when and what.

    Read from the history rows every save writes; five queries whatever the size.
    """

    def rows(model, *related):
        return (
            model.history.model.objects.filter(registration_id=registration.pk)
            .select_related("history_user", *related)
            .order_by("-history_date", "-history_id")[:limit]
        )

    changes = [
        Change(h.history_date, h.history_user, h.history_type, _target_text(h))
        for h in rows(Target)
    ]
    changes += [
        Change(
            h.history_date,
            h.history_user,
            h.history_type,
            _("Collective title: %(title)s") % {"title": h.title.name}
            if h.sub_unit_id is None
            else _("%(sub_unit)s: %(title)s")
            % {"sub_unit": h.sub_unit.name, "title": h.title.name},
        )
        for h in rows(CollectiveTitleAim, "title", "sub_unit")
    ]
    changes += [
        Change(
            h.history_date,
            h.history_user,
            h.history_type,
            _("%(person)s: %(title)s") % {"person": h.person.full_name, "title": h.title.name},
        )
        for h in rows(IndividualTitleAim, "person", "title")
    ]
    changes += [
        Change(
            h.history_date,
            h.history_user,
            h.history_type,
            _("Initiative: %(title)s") % {"title": h.title},
        )
        for h in rows(Initiative)
    ]
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:limit]


def _target_text(history) -> str:
    value = "" if history.planned_value is None else number_format(history.planned_value)
    return _("Target: %(description)s %(value)s %(measure)s") % {
        "description": history.description,
        "value": value,
        "measure": history.measure,
    }


def registration_submissions(events: Iterable[RegistrationEvent]) -> list[RegistrationEvent]:
    """The submissions among a registration's events (newest first, as the events are
    ordered), each with what was sent; pass the events ``registration_get_for_user``
    prefetched with their actors."""
    return [
        event for event in events if event.report_id is None and event.to_status == Status.SUBMITTED
    ]


@dataclass(frozen=True)
class ItemChange:
    kind: str  # "+" added, "-" removed, "~" changed
    before: str
    after: str


def _target_line(target: dict) -> str:
    value = target.get("planned_value")
    value = number_format(Decimal(value)) if value not in (None, "") else ""
    due = target.get("due_date") or ""
    if due:
        due = date.fromisoformat(due).strftime("%d/%m/%Y")
    return " · ".join(
        part
        for part in (target["description"], f"{value} {target['measure']}".strip(), due)
        if part
    )


def _initiative_line(initiative: dict) -> str:
    authors = ", ".join(initiative.get("authors", []))
    return f"{initiative['title']} ({authors}) · {initiative.get('field', '')} · {initiative.get('scope', '')}"


def _by_id_changes(old: list[dict], new: list[dict], line) -> list[ItemChange]:
    before = {item["id"]: item for item in old}
    after = {item["id"]: item for item in new}
    changes = []
    for item_id, item in after.items():
        if item_id not in before:
            changes.append(ItemChange("+", "", line(item)))
        elif line(before[item_id]) != line(item):
            changes.append(ItemChange("~", line(before[item_id]), line(item)))
    changes += [ItemChange("-", line(item), "") for i, item in before.items() if i not in after]
    return changes


def _set_changes(old: list[str], new: list[str]) -> list[ItemChange]:
    return [ItemChange("+", "", item) for item in sorted(set(new) - set(old))] + [
        ItemChange("-", item, "") for item in sorted(set(old) - set(new))
    ]


def content_changes(old: dict, new: dict) -> dict[str, list[ItemChange]]:
    """What changed between two snapshots of a registration's content, section by section."""

    def aims(snapshot):
        return [f"{aim['person']}: {aim['title']}" for aim in snapshot.get("individual_titles", [])]

    def sub_unit_aims(snapshot):
        return [f"{aim['sub_unit']}: {aim['title']}" for aim in snapshot.get("sub_unit_titles", [])]

    return {
        "targets": _by_id_changes(old.get("targets", []), new.get("targets", []), _target_line),
        "collective_titles": _set_changes(
            old.get("collective_titles", []), new.get("collective_titles", [])
        ),
        "sub_unit_titles": _set_changes(sub_unit_aims(old), sub_unit_aims(new)),
        "individual_titles": _set_changes(aims(old), aims(new)),
        "initiatives": _by_id_changes(
            old.get("initiatives", []), new.get("initiatives", []), _initiative_line
        ),
    }
