"""Writes to the units' own data that the portal's users make: a unit's sub-units."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from emulation_portal.exceptions import ApplicationError

from .models import SubUnit, SubUnitKind, Unit
from .permissions import may


def _check_name(unit: Unit, name: str, *, exclude_pk=None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError(_("Give the sub-unit a name."))
    clash = SubUnit.objects.filter(unit=unit, name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ApplicationError(
            _("The unit already has a sub-unit named “%(name)s”.") % {"name": name}
        )
    return name


@transaction.atomic
def sub_unit_create(
    *, unit: Unit, actor, name: str, kind: str = SubUnitKind.OFFICE, position: int | None = None
) -> SubUnit:
    """A new active sub-unit of ``unit``, recorded as made by ``actor`` (its head).
    PermissionDenied for anyone else; ApplicationError for a blank or taken name."""
    if not may(actor, "units.manage_sub_units", unit):
        raise PermissionDenied
    name = _check_name(unit, name)
    if position is None:
        last = SubUnit.objects.filter(unit=unit).aggregate(last=Max("position"))["last"]
        position = (last or 0) + 1
    sub_unit = SubUnit(unit=unit, name=name, kind=kind, position=position)
    sub_unit._history_user = actor
    sub_unit.save()
    return sub_unit


@transaction.atomic
def sub_unit_update(
    *, sub_unit: SubUnit, actor, name: str, kind: str, position: int, is_active: bool
) -> SubUnit:
    """Rename, reorder, reclassify, deactivate or reactivate a sub-unit (never delete it: the
    aims that name it keep it). Writes a history row only when something changed.
    PermissionDenied for anyone but the unit's head; ApplicationError for a taken name."""
    locked = SubUnit.objects.select_for_update().select_related("unit").get(pk=sub_unit.pk)
    if not may(actor, "units.manage_sub_units", locked.unit):
        raise PermissionDenied
    values = {
        "name": _check_name(locked.unit, name, exclude_pk=locked.pk),
        "kind": kind,
        "position": position,
        "is_active": is_active,
    }
    if all(getattr(locked, field) == value for field, value in values.items()):
        return locked
    for field, value in values.items():
        setattr(locked, field, value)
    locked._history_user = actor
    locked.save()
    return locked


@transaction.atomic
def person_years_mark_review(*, records, pending: bool, actor) -> int:
    """Open or close the review of these yearly records (discipline being considered, an
    inspection under way, a complaint being verified: Decree 152/2025, Art. 4); each change in
    the record's history with ``actor``. Returns how many records changed."""
    changed = 0
    for record in records:
        if record.pending_review == pending:
            continue
        record.pending_review = pending
        record._history_user = actor
        record.save(update_fields=["pending_review"])
        changed += 1
    return changed
