"""Every write to registrations and progress reports; every status change goes through here."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_portal.exceptions import ApplicationError

from .models import ProgressReport, Registration, RegistrationEvent
from .workflow import REPORT_TRANSITIONS, TRANSITIONS, Status


class InvalidTransition(ApplicationError):
    pass


_PERMISSION_FOR = {
    Status.SUBMITTED: "registrations.submit_registration",
    Status.RETURNED: "registrations.review_registration",
    Status.APPROVED: "registrations.review_registration",
    Status.AMENDING: "registrations.amend_registration",
}


def _transition(*, obj, to: str, actor, note: str = "", table):
    """The one choke point for status changes of a registration or a progress report.

    Locks the row, refuses illegal moves and forbidden actors, stamps the times and writes
    one RegistrationEvent. Moving to the state it is already in is refused too, so a double
    submit or two reviewers acting at once apply exactly once.
    """
    model = type(obj)
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if to not in table[locked.status]:
        raise InvalidTransition(
            _("This action is no longer possible: the status is now “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    if not actor.has_perm(_PERMISSION_FOR[to], locked):
        raise PermissionDenied
    if to == Status.RETURNED and not note.strip():
        raise ApplicationError(_("Write a comment saying what the unit must change."))

    now = timezone.now()
    from_status = locked.status
    locked.status = to
    update_fields = ["status", "updated_at"]
    if to == Status.SUBMITTED:
        locked.submitted_at = now
        update_fields.append("submitted_at")
    elif to in (Status.RETURNED, Status.APPROVED):
        locked.decided_at, locked.decided_by = now, actor
        update_fields += ["decided_at", "decided_by"]
    locked._change_reason = note[:100] if note else f"{from_status} → {to}"
    if isinstance(locked, Registration) and to == Status.APPROVED:
        locked.version += 1
        update_fields.append("version")
    locked.save(update_fields=update_fields)

    registration = locked if isinstance(locked, Registration) else locked.registration
    RegistrationEvent.objects.create(
        registration=registration,
        report=locked if isinstance(locked, ProgressReport) else None,
        from_status=from_status,
        to_status=to,
        actor=actor,
        note=note,
    )
    return locked


@transaction.atomic
def registration_transition(
    *, registration: Registration, to: str, actor, note: str = ""
) -> Registration:
    """Move a registration along the workflow (see ``workflow.TRANSITIONS``)."""
    return _transition(obj=registration, to=to, actor=actor, note=note, table=TRANSITIONS)


@transaction.atomic
def report_transition(*, report: ProgressReport, to: str, actor, note: str = "") -> ProgressReport:
    """Move a progress report along the workflow (approved reports are final)."""
    return _transition(obj=report, to=to, actor=actor, note=note, table=REPORT_TRANSITIONS)


def registration_get_or_create(*, campaign, unit) -> Registration:
    """The unit's one registration for the campaign, created as a draft on first use."""
    registration, _created = Registration.objects.get_or_create(campaign=campaign, unit=unit)
    return registration
