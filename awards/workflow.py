"""The states of a proposal for commendation and of a council session (data, no I/O).

A proposal (đề nghị khen thưởng, DOMAIN.md §7) is written by the unit from its approved
registration, checked by the Department, which returns it or forwards it to the council, and
closed by the Minister's decision. Every move goes through ``emulation_portal.workflow.transition``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from emulation_portal.workflow import Stamp, Workflow
from units.permissions import may


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    FORWARDED = "forwarded", _("Forwarded to the council")
    DECIDED = "decided", _("Decided")


_DECIDED = Stamp(at="decided_at", by="decided_by")

# {from: {to: the portal rule the actor must pass}}. The Minister's decision stamps the
# decision itself, not the proposal.
PROPOSAL_WORKFLOW = Workflow(
    moves={
        ProposalStatus.DRAFT: {ProposalStatus.SUBMITTED: "awards.submit_proposal"},
        ProposalStatus.SUBMITTED: {
            ProposalStatus.RETURNED: "awards.review_proposal",
            ProposalStatus.FORWARDED: "awards.review_proposal",
        },
        ProposalStatus.RETURNED: {ProposalStatus.SUBMITTED: "awards.submit_proposal"},
        ProposalStatus.FORWARDED: {ProposalStatus.DECIDED: "awards.decide_proposal"},
        ProposalStatus.DECIDED: {},
    },
    may=may,
    stamps={
        ProposalStatus.SUBMITTED: Stamp(at="submitted_at"),
        ProposalStatus.RETURNED: _DECIDED,
        ProposalStatus.FORWARDED: _DECIDED,
    },
    comment_required=frozenset({ProposalStatus.RETURNED}),
)

PROPOSAL_EDITABLE = frozenset({ProposalStatus.DRAFT, ProposalStatus.RETURNED})


class SessionStatus(models.TextChoices):
    PREPARING = "preparing", _("Being prepared")
    CLOSED = "closed", _("Results published")


class DecisionAction(models.TextChoices):
    AWARD = "award", _("Awarded")
    REVOKE = "revoke", _("Revoked")
