"""The unit head's corrections of how a layout's columns are read (``ColumnMapping``)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from units.permissions import may

from ..models import ColumnMapping, Registration


def column_placing_for(unit):
    """``placing_for`` for ``staff_layouts.read_staff_layout``: the unit's correction of a
    layout, or None."""

    def placing_for(layout: str):
        mapping = ColumnMapping.objects.filter(unit=unit, layout=layout).first()
        return mapping.placing if mapping else None

    return placing_for


@transaction.atomic
def column_mapping_save(
    *, registration: Registration, actor, layout: str, headers: list[str], placing: dict
) -> ColumnMapping:
    """Keep how the unit head reads this layout, for the unit; the history keeps who changed
    it and when."""
    if not may(actor, "registrations.change_registration", registration):
        raise PermissionDenied
    mapping = (
        ColumnMapping.objects.select_for_update()
        .filter(unit=registration.unit, layout=layout)
        .first()
    ) or ColumnMapping(unit=registration.unit, layout=layout)
    mapping.headers = headers
    mapping.placing = {str(index): value for index, value in placing.items()}
    mapping.saved_by, mapping.saved_at = actor, timezone.now()
    mapping.save()
    return mapping
