"""Role predicates (django-rules), shared by every app's permissions."""

import rules

from .models import (
    SENT_SCORE_STATUSES,
    GroupMembership,
    GroupRole,
    ScoringStatus,
    Unit,
    UnitScoreStatus,
)
from .roles import actor_for


@rules.predicate
def is_unit_head(user):
    return actor_for(user).is_unit_head


@rules.predicate
def is_reviewer(user):
    return actor_for(user).is_reviewer


@rules.predicate
def is_minister(user):
    return actor_for(user).is_minister


@rules.predicate
def is_administrator(user):
    """The administrator's portal role (never ``is_superuser``): it reads, it does not act."""
    return actor_for(user).is_administrator


@rules.predicate
def is_head_of_unit(user, unit):
    """The user heads this very unit: ``unit`` is a Unit, or an object with a ``unit_id``."""
    if unit is None:
        return False
    return actor_for(user).heads(unit.pk if isinstance(unit, Unit) else unit.unit_id)


# The Department's specialists do the Department's acts (review, return, approve, assign,
# extend, the council's records, decisions, checking scores). The administrator manages
# accounts, roles, units, staff and reference data in the admin site: it reads everything,
# like the Minister, and acts for no one.
is_department = is_reviewer
is_reader = is_department | is_minister | is_administrator

rules.add_perm("units.view_directory", is_reader)
# The blocs' and clusters' pages: the whole list for readers; one group's page also for the
# head of a member unit (scoped in units.group_selectors).
rules.add_perm("units.view_groups", is_reader)


# --- Scoring in blocs and clusters (units/scoring.py) ----------------------------------------
# Objects: a ScoringTable, or a UnitScore (saved or not) whose ``table`` is set.


def _table_of(obj):
    return getattr(obj, "table", obj)


def _group_role(user, obj) -> str | None:
    """The role, in the table's group and year, of the unit the user heads (cached on the
    table for the request)."""
    table = _table_of(obj)
    actor = actor_for(user)
    if table is None or not actor.is_unit_head:
        return None
    cache = table.__dict__.setdefault("_group_roles", {})
    if actor.unit_id not in cache:
        cache[actor.unit_id] = (
            GroupMembership.objects.filter(
                group_id=table.group_id, year=table.year, unit_id=actor.unit_id
            )
            .values_list("role", flat=True)
            .first()
        )
    return cache[actor.unit_id]


@rules.predicate
def is_group_member(user, obj):
    """The user heads a unit of the table's group in the table's year (the head included)."""
    return _group_role(user, obj) is not None


@rules.predicate
def is_group_head(user, obj):
    """The user heads the unit that heads the table's group in the table's year."""
    return _group_role(user, obj) == GroupRole.HEAD


@rules.predicate
def is_table_draft(user, obj):
    table = _table_of(obj)
    return table is not None and table.status == ScoringStatus.DRAFT


@rules.predicate
def is_table_open(user, obj):
    table = _table_of(obj)
    return table is not None and table.status == ScoringStatus.OPEN


@rules.predicate
def is_table_published(user, obj):
    table = _table_of(obj)
    return table is not None and table.status == ScoringStatus.PUBLISHED


@rules.predicate
def is_score_draft(user, unit_score):
    return unit_score is not None and unit_score.status == UnitScoreStatus.DRAFT


@rules.predicate
def is_score_sent(user, unit_score):
    return unit_score is not None and unit_score.status in SENT_SCORE_STATUSES


# The table: members read it; the group's head and the Department prepare it.
rules.add_perm("units.view_scoring_table", is_reader | is_group_member)
rules.add_perm(
    "units.change_scoring_table",
    (is_department | is_group_head) & (is_table_draft | is_table_open),
)
# Everyone's totals and ranks: the head and readers always, members once published.
rules.add_perm(
    "units.view_scoring_results", is_reader | is_group_head | (is_group_member & is_table_published)
)
# One unit's scores: the unit itself, the group's head and readers.
rules.add_perm("units.view_unit_score", is_reader | is_head_of_unit | is_group_head)
# Self-scoring: the unit's own head, while the table is open and the score not yet sent.
rules.add_perm("units.self_score", is_head_of_unit & is_table_open & is_score_draft)
# Checking: the group's head for the other members, the Department for any (the head's own).
_checker = (is_group_head & ~is_head_of_unit) | is_department
rules.add_perm("units.check_unit_score", _checker & is_table_open & is_score_sent)
rules.add_perm("units.correct_unit_score", _checker & is_table_published & is_score_sent)
# The acclamation: recorded by the head or the Department; after publication only corrected.
rules.add_perm("units.record_acclamation", (is_group_head | is_department) & is_table_open)
rules.add_perm("units.correct_acclamation", (is_group_head | is_department) & is_table_published)
