"""The campaign a Department page works on, named by its URL, and the switch between them.

The Department's dashboard, queue, reports and exports work per campaign: the current yearly
one by default, any other launched or closed campaign when the URL names it
(``?phong_trao=<id>``). A link, a form or an export made on such a page carries the same
parameter, so the campaign never changes under the reader's feet.
"""

from django.http import Http404, QueryDict

from units.permissions import may

from .models import Campaign
from .selectors import campaign_current
from .workflow import PUBLISHED

CAMPAIGN_PARAM = "phong_trao"


def campaigns_followed():
    """The campaigns the Department follows: launched or closed, the newest year first, the
    yearly campaign of a year before its thematic ones."""
    return Campaign.objects.filter(status__in=PUBLISHED).order_by("-year", "kind", "name")


def campaign_from_request(request) -> Campaign | None:
    """The campaign the request names, else the current yearly one (None if there is none).

    A value that does not name a launched or closed campaign (a draft, another model's id,
    text), or names one the user may not read (a thematic campaign that does not address the
    unit head's unit), is a 404, like any other object the user may not see."""
    raw = request.GET.get(CAMPAIGN_PARAM) or request.POST.get(CAMPAIGN_PARAM)
    if not raw:
        return campaign_current()
    if not (raw.isascii() and raw.isdigit()):
        raise Http404
    campaign = campaigns_followed().filter(pk=int(raw)).first()
    if campaign is None or not may(request.user, "campaigns.view_campaign", campaign):
        raise Http404
    return campaign


def campaign_query(campaign: Campaign | None, **params) -> str:
    """``params`` and the campaign as a query string (``phong_trao=12&status=submitted``)."""
    query = QueryDict(mutable=True)
    if campaign is not None:
        query[CAMPAIGN_PARAM] = str(campaign.pk)
    for key, value in params.items():
        if value is not None:
            query[key] = value
    return query.urlencode()


def campaign_is_named(request) -> bool:
    """Whether the request's URL (or form) names the campaign: the links a page makes carry
    the campaign exactly when the page's own URL does."""
    return bool(request.GET.get(CAMPAIGN_PARAM) or request.POST.get(CAMPAIGN_PARAM))
