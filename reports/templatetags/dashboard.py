from django import template

from reports.links import queue_url as build_queue_url

register = template.Library()


@register.simple_tag
def queue_url(**filters) -> str:
    """``{% queue_url status="draft" group=row.group_id %}``: the list behind a number."""
    return build_queue_url(**{key: value for key, value in filters.items() if value != ""})
