"""Role predicates (django-rules), shared by every app's permissions."""

import rules

from .models import Unit
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
    return actor_for(user).is_administrator or bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_head_of_unit(user, unit):
    """The user heads this very unit: ``unit`` is a Unit, or an object with a ``unit_id``."""
    if unit is None:
        return False
    unit_id = unit.pk if isinstance(unit, Unit) else unit.unit_id
    actor = actor_for(user)
    return actor.is_unit_head and actor.unit_id == unit_id


is_department = is_reviewer | is_administrator
is_reader = is_department | is_minister

rules.add_perm("units.view_directory", is_reader)
# The blocs' and clusters' pages: the whole list for readers; one group's page also for the
# head of a member unit (scoped in units.group_selectors).
rules.add_perm("units.view_groups", is_reader)
