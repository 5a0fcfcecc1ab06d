"""The workflow of a campaign (data, no I/O): moves go through
``emulation_portal.workflow.transition``."""

from django.utils.translation import gettext_lazy as _

from emulation_portal.workflow import Stamp, Workflow
from units.permissions import may

from .models import AmendmentStatus, CampaignStatus

# {from: {to: the portal rule the actor must pass}}. A returned draft goes back to the
# Department, which edits it and sends it again.
CAMPAIGN_WORKFLOW = Workflow(
    moves={
        CampaignStatus.DRAFT: {CampaignStatus.SUBMITTED: "campaigns.submit_campaign"},
        CampaignStatus.RETURNED: {CampaignStatus.SUBMITTED: "campaigns.submit_campaign"},
        CampaignStatus.SUBMITTED: {
            CampaignStatus.APPROVED: "campaigns.decide_campaign",
            CampaignStatus.RETURNED: "campaigns.decide_campaign",
        },
        CampaignStatus.APPROVED: {CampaignStatus.LAUNCHED: "campaigns.launch_campaign"},
        CampaignStatus.LAUNCHED: {CampaignStatus.CLOSED: "campaigns.close_campaign"},
        CampaignStatus.CLOSED: {},
    },
    may=may,
    stamps={
        CampaignStatus.SUBMITTED: Stamp(at="submitted_at"),
        CampaignStatus.APPROVED: Stamp(at="approved_at", by="approved_by"),
        CampaignStatus.LAUNCHED: Stamp(at="launched_at"),
        CampaignStatus.CLOSED: Stamp(at="closed_at"),
    },
    comment_required=frozenset({CampaignStatus.RETURNED}),
)

# The letter may be edited only before the leadership approves it.
EDITABLE = frozenset({CampaignStatus.DRAFT, CampaignStatus.RETURNED})
# Before launch only the Department and the leadership see a campaign.
PUBLISHED = frozenset({CampaignStatus.LAUNCHED, CampaignStatus.CLOSED})
# The letter is signed and numbered: its scan can be attached, amending letters written.
ISSUED = frozenset({CampaignStatus.APPROVED, CampaignStatus.LAUNCHED, CampaignStatus.CLOSED})

# An amending letter's own approval: the Department drafts and sends it, the leadership
# approves it (number and date) or returns it with a comment. An approved one stays as it is.
AMENDMENT_WORKFLOW = Workflow(
    moves={
        AmendmentStatus.DRAFT: {AmendmentStatus.SUBMITTED: "campaigns.submit_amendment"},
        AmendmentStatus.RETURNED: {AmendmentStatus.SUBMITTED: "campaigns.submit_amendment"},
        AmendmentStatus.SUBMITTED: {
            AmendmentStatus.APPROVED: "campaigns.decide_amendment",
            AmendmentStatus.RETURNED: "campaigns.decide_amendment",
        },
        AmendmentStatus.APPROVED: {},
    },
    may=may,
    stamps={
        AmendmentStatus.SUBMITTED: Stamp(at="submitted_at"),
        AmendmentStatus.APPROVED: Stamp(at="approved_at", by="approved_by"),
    },
    comment_required=frozenset({AmendmentStatus.RETURNED}),
)
AMENDMENT_EDITABLE = frozenset({AmendmentStatus.DRAFT, AmendmentStatus.RETURNED})

CAMPAIGN_CLOSED_MESSAGE = _(
    "This campaign is closed: its registrations, results and proposals are read-only and its "
    "figures final."
)
