"""Who may do what to a registration: role predicates composed with its state."""

import rules

from campaigns.rules import in_open_campaign
from units.rules import is_department, is_head_of_unit, is_reader

from .workflow import EDITABLE, Status


@rules.predicate
def is_editable(user, registration):
    return registration is not None and registration.status in EDITABLE


@rules.predicate
def is_submitted(user, registration):
    return registration is not None and registration.status == Status.SUBMITTED


@rules.predicate
def is_approved(user, registration):
    return registration is not None and registration.status == Status.APPROVED


rules.add_perm("registrations.view_registration", is_head_of_unit | is_reader)
rules.add_perm(
    "registrations.change_registration", (is_head_of_unit & is_editable) & in_open_campaign
)
rules.add_perm(
    "registrations.submit_registration", (is_head_of_unit & is_editable) & in_open_campaign
)
rules.add_perm(
    "registrations.amend_registration", (is_head_of_unit & is_approved) & in_open_campaign
)
rules.add_perm("registrations.review_registration", is_department & is_submitted & in_open_campaign)


# Progress reports (six-month and year-end results) share the predicates: each takes an object
# with ``status`` and ``unit_id``.
rules.add_perm("registrations.view_report", is_head_of_unit | is_reader)
rules.add_perm("registrations.change_report", (is_head_of_unit & is_editable) & in_open_campaign)
rules.add_perm("registrations.submit_report", (is_head_of_unit & is_editable) & in_open_campaign)
rules.add_perm("registrations.review_report", is_department & is_submitted & in_open_campaign)

# The Department's queue: the Minister may look; only the Department assigns.
rules.add_perm("registrations.view_queue", is_reader)
rules.add_perm("registrations.assign_reviewer", is_department)

# Deadline extensions: granted by the Department only.
rules.add_perm("registrations.grant_extension", is_department)


@rules.predicate
def was_approved(user, registration):
    return registration is not None and registration.was_approved


# Year-end facts: the unit head of an approved registration enters them; readers look.
rules.add_perm(
    "registrations.change_year_end_facts", (is_head_of_unit & was_approved) & in_open_campaign
)


@rules.predicate
def is_recipient(user, notice):
    """The notice was given to this very user (an object with ``recipient_id``)."""
    return notice is not None and user.pk is not None and notice.recipient_id == user.pk


# A notice in the portal: only its recipient reads it and marks it read.
rules.add_perm("registrations.read_notice", is_recipient)
