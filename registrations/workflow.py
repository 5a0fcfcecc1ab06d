"""The one state machine shared by registrations and progress reports (data, no I/O)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    AMENDING = "amending", _("Being amended")


TRANSITIONS = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.RETURNED, Status.APPROVED},
    Status.RETURNED: {Status.SUBMITTED},
    Status.APPROVED: {Status.AMENDING},
    Status.AMENDING: {Status.SUBMITTED},
}

# Progress reports cannot be amended once approved.
REPORT_TRANSITIONS = {**TRANSITIONS, Status.APPROVED: set()}

EDITABLE = frozenset({Status.DRAFT, Status.RETURNED, Status.AMENDING})


def can_move(current: str, target: str, *, table=TRANSITIONS) -> bool:
    return target in table.get(current, set())
