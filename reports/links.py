"""Links from a figure to the list behind it: the review queue with its filters."""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import urlencode

from campaigns.switch import CAMPAIGN_PARAM


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
