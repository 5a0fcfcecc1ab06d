"""Writes to deadlines: the extensions the Department grants a unit."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_portal.exceptions import ApplicationError
from units.permissions import may

from ..models import (
    DeadlineExtension,
)


# --- Deadline extensions
@transaction.atomic
def deadline_extension_grant(*, campaign, unit, until, reason: str, actor) -> DeadlineExtension:
    """Let ``unit`` send its registration until ``until``, a date after the campaign's deadline,
    for a stated reason. Granting again replaces the unit's one extension; its history keeps
    every grant with who and when. Raises PermissionDenied for anyone but the Department and
    ApplicationError for a missing reason, an early date or a unit that does not register."""
    if not may(actor, "registrations.grant_extension"):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason for the extension."))
    if until <= campaign.registration_deadline:
        raise ApplicationError(
            _("An extension must end after the registration deadline, %(date)s.")
            % {"date": campaign.registration_deadline.strftime("%d/%m/%Y")}
        )
    if unit.is_emulation_department or not unit.is_active:
        raise ApplicationError(_("This unit does not register for the campaign."))
    extension = (
        DeadlineExtension.objects.select_for_update().filter(campaign=campaign, unit=unit).first()
    ) or DeadlineExtension(campaign=campaign, unit=unit)
    extension.until, extension.reason, extension.granted_by = until, reason, actor
    extension.granted_at = timezone.now()
    extension._history_user = actor
    extension._change_reason = reason[:100]
    extension.save()
    return extension
