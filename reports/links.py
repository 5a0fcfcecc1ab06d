"""Links from a figure to the list behind it: the review queue with its filters."""

from django.urls import reverse
from django.utils.http import urlencode


def queue_url(**filters) -> str:
    """The review queue filtered by ``filters`` (status, group, unit_type, late, period, q);
    None values are left out. With no filter at all it lists every unit (``status=``), not the
    queue's default of the reviewer's own submitted units."""
    params = {key: value for key, value in filters.items() if value is not None}
    if not params:
        params = {"status": ""}
    return f"{reverse('registrations:queue')}?{urlencode(params)}"
