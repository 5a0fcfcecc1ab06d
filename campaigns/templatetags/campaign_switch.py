from django import template
from django.urls import reverse

from ..switch import CAMPAIGN_PARAM, campaign_query, campaigns_followed

register = template.Library()


@register.inclusion_tag("campaigns/_switch.html")
def campaign_switch(campaign):
    """The switch between the campaigns the Department follows (shown when there are two or
    more): a GET form naming the campaign, so the page's URL carries it."""
    campaigns = list(campaigns_followed().only("pk", "year", "name", "kind", "status"))
    return {
        "campaign": campaign,
        "campaigns": campaigns if len(campaigns) > 1 else [],
        "param": CAMPAIGN_PARAM,
    }


@register.simple_tag(takes_context=True)
def campaign_url(context, view_name, *args):
    """``{% campaign_url 'reports:campaign_workbook' %}``: the URL in the campaign the page's
    own URL names (``named_campaign``), if it names one."""
    url = reverse(view_name, args=args)
    named = context.get("named_campaign")
    return f"{url}?{campaign_query(named)}" if named else url


@register.inclusion_tag("campaigns/_switch_hidden.html", takes_context=True)
def campaign_hidden_input(context):
    """The hidden field that keeps a form in the campaign the page's URL names."""
    return {"named_campaign": context.get("named_campaign"), "param": CAMPAIGN_PARAM}
