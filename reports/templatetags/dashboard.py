from django import template

from reports.links import queue_url as build_queue_url

register = template.Library()


@register.simple_tag(takes_context=True)
def queue_url(context, **filters) -> str:
    """``{% queue_url status="draft" group=row.group_id %}``: the list behind a number, in
    the campaign the page's URL names (``named_campaign``), if it names one."""
    return build_queue_url(
        context.get("named_campaign"),
        **{key: value for key, value in filters.items() if value != ""},
    )
