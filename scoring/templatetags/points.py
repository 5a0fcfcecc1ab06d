from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def points(value):
    """Points as few decimals as they need, localised: 96,5 and 35, not 96,50 and 35,00."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    exponent = value.normalize().as_tuple().exponent
    return number_format(value, decimal_pos=max(0, -exponent) if isinstance(exponent, int) else 0)
