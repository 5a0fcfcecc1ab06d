"""Links from a figure to the list behind it (the review queue with its filters), and to
the page of each report."""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import urlencode

from campaigns.switch import CAMPAIGN_PARAM, campaign_query

from .models import ReportKind, ReportVariant


@lru_cache(maxsize=16)
def _queue_path(script_prefix: str, urlconf) -> str:
    # The dashboard links ~500 numbers to the queue: reverse it once per prefix and URLconf.
    return reverse("registrations:queue", urlconf=urlconf)


def queue_url(campaign=None, **filters) -> str:
    """The review queue of ``campaign`` (the current one when None) filtered by ``filters``
    (status, group, unit_type, late, period, q); None values are left out. With no filter at
    all it lists every unit (``status=``), not the queue's default of the reviewer's own
    submitted units."""
    params = {key: value for key, value in filters.items() if value is not None}
    if not params:
        params = {"status": ""}
    if campaign is not None:
        params = {CAMPAIGN_PARAM: campaign.pk, **params}
    return f"{_queue_path(get_script_prefix(), get_urlconf())}?{urlencode(params)}"


KIND_SLUGS = {ReportKind.SIX_MONTH: "so-ket-6-thang", ReportKind.YEAR_END: "tong-ket-nam"}
VARIANT_SLUGS = {ReportVariant.TO_HEAD: "gui-bo-truong", ReportVariant.TO_STATE: "gui-trung-uong"}


def compose_url(kind: str, variant: str, named_campaign=None) -> str:
    """The page of one report of the campaign (its narrative, drafts and issue)."""
    query = f"?{campaign_query(named_campaign)}" if named_campaign else ""
    url = reverse(
        "reports:report_compose",
        kwargs={"kind": KIND_SLUGS[kind], "variant": VARIANT_SLUGS[variant]},
    )
    return f"{url}{query}"


def compose_links(named_campaign=None) -> list[tuple[str, str, str]]:
    """(report, to whom, URL) for every report of a campaign."""
    return [
        (str(kind.label), str(variant.label), compose_url(kind, variant, named_campaign))
        for kind in ReportKind
        for variant in ReportVariant
    ]
