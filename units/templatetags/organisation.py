from django import template

from ..selectors import organisation_brand as brand

register = template.Library()


@register.simple_tag
def organisation_brand() -> dict[str, str]:
    """``{% organisation_brand as brand %}``: the organisation's names, for the e-mails, which
    are drawn outside a request (pages get ``brand`` from the context processor)."""
    return brand()
