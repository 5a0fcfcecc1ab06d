"""The workflows of registrations and progress reports (data, no I/O): moves go through
``emulation_portal.workflow.transition``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from emulation_portal.workflow import Stamp, Workflow
from units.permissions import may


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    AMENDING = "amending", _("Being amended")


_SUBMITTED = Stamp(at="submitted_at")
_DECIDED = Stamp(at="decided_at", by="decided_by")

# {from: {to: the portal rule the actor must pass}}.
REGISTRATION_WORKFLOW = Workflow(
    moves={
        Status.DRAFT: {Status.SUBMITTED: "registrations.submit_registration"},
        Status.SUBMITTED: {
            Status.RETURNED: "registrations.review_registration",
            Status.APPROVED: "registrations.review_registration",
        },
        Status.RETURNED: {Status.SUBMITTED: "registrations.submit_registration"},
        Status.APPROVED: {Status.AMENDING: "registrations.amend_registration"},
        Status.AMENDING: {Status.SUBMITTED: "registrations.submit_registration"},
    },
    may=may,
    stamps={Status.SUBMITTED: _SUBMITTED, Status.RETURNED: _DECIDED, Status.APPROVED: _DECIDED},
    comment_required=frozenset({Status.RETURNED}),
)

# Progress reports cannot be amended once approved.
REPORT_WORKFLOW = Workflow(
    moves={
        Status.DRAFT: {Status.SUBMITTED: "registrations.submit_report"},
        Status.SUBMITTED: {
            Status.RETURNED: "registrations.review_report",
            Status.APPROVED: "registrations.review_report",
        },
        Status.RETURNED: {Status.SUBMITTED: "registrations.submit_report"},
        Status.APPROVED: {},
    },
    may=may,
    stamps=REGISTRATION_WORKFLOW.stamps,
    comment_required=REGISTRATION_WORKFLOW.comment_required,
)

EDITABLE = frozenset({Status.DRAFT, Status.RETURNED, Status.AMENDING})
