"""The states of a proposal for commendation and of a council session (data, no I/O).

A proposal (đề nghị khen thưởng, DOMAIN.md §7) is written by the unit from its approved
registration, checked by the Department, which returns it or forwards it to the council, and
closed by the Minister's decision. Every move goes through ``campaigns.proposals._transition``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    FORWARDED = "forwarded", _("Forwarded to the council")
    DECIDED = "decided", _("Decided")


PROPOSAL_TRANSITIONS = {
    ProposalStatus.DRAFT: {ProposalStatus.SUBMITTED},
    ProposalStatus.SUBMITTED: {ProposalStatus.RETURNED, ProposalStatus.FORWARDED},
    ProposalStatus.RETURNED: {ProposalStatus.SUBMITTED},
    ProposalStatus.FORWARDED: {ProposalStatus.DECIDED},
    ProposalStatus.DECIDED: set(),
}

PROPOSAL_EDITABLE = frozenset({ProposalStatus.DRAFT, ProposalStatus.RETURNED})


class SessionStatus(models.TextChoices):
    PREPARING = "preparing", _("Being prepared")
    CLOSED = "closed", _("Results published")


class DecisionAction(models.TextChoices):
    AWARD = "award", _("Awarded")
    REVOKE = "revoke", _("Revoked")
