import rules

from units.roles import actor_for
from units.rules import is_department, is_minister, is_reader

from .models import Campaign, CampaignStatus
from .selectors import campaign_addresses
from .workflow import AMENDMENT_EDITABLE, EDITABLE, ISSUED, PUBLISHED


@rules.predicate
def is_published(user, campaign):
    """Launched or closed: every signed-in user reads its letter."""
    return campaign is not None and campaign.status in PUBLISHED


@rules.predicate
def addresses_users_unit(user, campaign):
    """A unit head reads only a campaign that addresses the unit; other roles are not scoped."""
    actor = actor_for(user)
    if not actor.is_unit_head:
        return True
    return campaign is not None and campaign_addresses(campaign, actor.unit_id)


@rules.predicate
def is_editable(user, campaign):
    return campaign is not None and campaign.status in EDITABLE


@rules.predicate
def in_open_campaign(user, obj):
    """Not in a closed campaign: ``obj`` is a campaign or anything with a ``campaign``. Once
    the Department closes a campaign its registrations, results and proposals are read-only
    and its figures final; the apps above compose their write rules with this predicate."""
    campaign = obj if isinstance(obj, Campaign) else getattr(obj, "campaign", None)
    return campaign is None or campaign.status != CampaignStatus.CLOSED


rules.add_perm("campaigns.view_overview", is_reader)
rules.add_perm("campaigns.change_key_dates", is_department)
# A draft, or a campaign waiting for approval or launch, is the Department's and the
# leadership's business: anyone else gets a 404.
# A unit head reads only the campaigns that address the unit (404 for any other).
rules.add_perm("campaigns.view_campaign", (is_published & addresses_users_unit) | is_reader)
rules.add_perm("campaigns.create_campaign", is_department)
rules.add_perm("campaigns.write_letter", is_department)
rules.add_perm("campaigns.edit_campaign", is_department & is_editable)
rules.add_perm("campaigns.submit_campaign", is_department)
rules.add_perm("campaigns.decide_campaign", is_minister)
rules.add_perm("campaigns.launch_campaign", is_department)
rules.add_perm("campaigns.close_campaign", is_department)


# --- After approval: the signed scan and the amending letters ---------------------------------


@rules.predicate
def is_issued(user, campaign):
    """Approved, launched or closed: the letter is signed and numbered."""
    return campaign is not None and campaign.status in ISSUED


@rules.predicate
def is_amendment_published(user, amendment):
    """An approved amending letter of a launched or closed campaign: every signed-in user."""
    return (
        amendment is not None
        and amendment.status == "approved"
        and amendment.campaign.status in PUBLISHED
    )


@rules.predicate
def is_amendment_editable(user, amendment):
    return amendment is not None and amendment.status in AMENDMENT_EDITABLE


# The scan is read by whoever reads the campaign (``campaigns.view_campaign``).
rules.add_perm("campaigns.attach_signed_scan", is_department & is_issued)
rules.add_perm("campaigns.draft_amendment", is_department & is_issued)
rules.add_perm("campaigns.view_amendment", is_amendment_published | is_reader)
rules.add_perm("campaigns.edit_amendment", is_department & is_amendment_editable)
rules.add_perm("campaigns.submit_amendment", is_department)
rules.add_perm("campaigns.decide_amendment", is_minister)
