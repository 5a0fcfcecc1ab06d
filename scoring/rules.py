"""Who may see and do what in the blocs' and clusters' scoring (scoring/services/). The role
predicates come from units.rules; the group ones read the units' memberships.

Objects: a ScoringTable, or a UnitScore (saved or not) whose ``table`` is set."""

import rules

from units.models import GroupMembership, GroupRole
from units.roles import actor_for
from units.rules import is_department, is_head_of_unit, is_reader

from .workflow import SENT_SCORE_STATUSES, ScoringStatus, UnitScoreStatus


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
rules.add_perm("scoring.view_scoring_table", is_reader | is_group_member)
rules.add_perm(
    "scoring.change_scoring_table",
    (is_department | is_group_head) & (is_table_draft | is_table_open),
)
# Everyone's totals and ranks: the head and readers always, members once published.
rules.add_perm(
    "scoring.view_scoring_results",
    is_reader | is_group_head | (is_group_member & is_table_published),
)
# One unit's scores: the unit itself, the group's head and readers.
rules.add_perm("scoring.view_unit_score", is_reader | is_head_of_unit | is_group_head)
# Self-scoring: the unit's own head, while the table is open and the score not yet sent.
rules.add_perm("scoring.self_score", is_head_of_unit & is_table_open & is_score_draft)
# Checking: the group's head for the other members, the Department for any (the head's own).
_checker = (is_group_head & ~is_head_of_unit) | is_department
rules.add_perm("scoring.check_unit_score", _checker & is_table_open & is_score_sent)
rules.add_perm("scoring.correct_unit_score", _checker & is_table_published & is_score_sent)
# The acclamation: recorded by the head or the Department; after publication only corrected.
rules.add_perm("scoring.record_acclamation", (is_group_head | is_department) & is_table_open)
rules.add_perm("scoring.correct_acclamation", (is_group_head | is_department) & is_table_published)
