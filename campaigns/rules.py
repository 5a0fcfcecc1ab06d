import rules

from units.rules import is_department, is_head_of_unit, is_reader, is_unit_head

from .award_workflow import PROPOSAL_EDITABLE, ProposalStatus

rules.add_perm("campaigns.view_overview", is_reader)
rules.add_perm("campaigns.change_key_dates", is_department)


# --- Commendation: proposals, the council, decisions (campaigns/proposals.py, council.py,
# decisions.py). A proposal object has ``status`` and ``unit_id``.


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
rules.add_perm("campaigns.view_proposals", is_reader | is_unit_head)
rules.add_perm("campaigns.view_proposal", is_head_of_unit | is_reader)
rules.add_perm("campaigns.change_proposal", is_head_of_unit & is_proposal_editable)
rules.add_perm("campaigns.submit_proposal", is_head_of_unit & is_proposal_editable)
rules.add_perm("campaigns.review_proposal", is_department & is_proposal_submitted)
rules.add_perm("campaigns.decide_proposal", is_department & is_proposal_forwarded)
rules.add_perm("campaigns.view_council", is_reader)
rules.add_perm("campaigns.manage_council", is_department)
rules.add_perm("campaigns.issue_decision", is_department)
# Decisions and the award history: readers see all, a unit head what concerns the unit.
rules.add_perm("campaigns.view_decisions", is_reader | is_unit_head)
rules.add_perm("campaigns.view_award_history", is_reader | is_unit_head)
