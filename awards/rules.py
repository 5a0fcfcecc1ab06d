"""Commendation: proposals, the council, decisions (awards/services/). A proposal object has
``status`` and ``unit_id``."""

import rules

from campaigns.rules import in_open_campaign
from units.rules import is_department, is_head_of_unit, is_reader, is_unit_head

from .workflow import PROPOSAL_EDITABLE, ProposalStatus


@rules.predicate
def is_proposal_editable(user, proposal):
    return proposal is not None and proposal.status in PROPOSAL_EDITABLE


@rules.predicate
def is_proposal_submitted(user, proposal):
    return proposal is not None and proposal.status == ProposalStatus.SUBMITTED


@rules.predicate
def is_proposal_forwarded(user, proposal):
    return proposal is not None and proposal.status == ProposalStatus.FORWARDED


# The unit sees and writes its own; the Department and the Minister see all; the Department
# checks, returns or forwards, and records the council's work and the Minister's decisions.
rules.add_perm("awards.view_proposals", is_reader | is_unit_head)
rules.add_perm("awards.view_proposal", is_head_of_unit | is_reader)
rules.add_perm("awards.change_proposal", is_head_of_unit & is_proposal_editable & in_open_campaign)
rules.add_perm("awards.submit_proposal", is_head_of_unit & is_proposal_editable & in_open_campaign)
rules.add_perm("awards.review_proposal", is_department & is_proposal_submitted & in_open_campaign)
rules.add_perm("awards.decide_proposal", is_department & is_proposal_forwarded & in_open_campaign)
rules.add_perm("awards.view_council", is_reader)
rules.add_perm("awards.manage_council", is_department & in_open_campaign)
rules.add_perm("awards.issue_decision", is_department & in_open_campaign)
# Decisions and the award history: readers see all, a unit head what concerns the unit.
rules.add_perm("awards.view_decisions", is_reader | is_unit_head)
rules.add_perm("awards.view_award_history", is_reader | is_unit_head)
