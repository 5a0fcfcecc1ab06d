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
# A unit's sub-units (its phòng, trung tâm, chi cục, khoa): its head keeps the list; the
# Department, the Minister and the administrator read it (the administrator changes it in
# the admin site).
rules.add_perm("units.view_sub_units", is_head_of_unit | is_reader)
rules.add_perm("units.manage_sub_units", is_head_of_unit)
# The staff's past titles and yearly ratings loaded from a unit's list (issue 16): the head
# of the unit, or the Department loading the files units send.
rules.add_perm("units.import_history", is_head_of_unit | is_department)
