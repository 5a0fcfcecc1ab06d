from django import template

from units.roles import display_name as _display_name

register = template.Library()


@register.filter
def display_name(user):
    """A user's name in the Vietnamese order (family name first), else the username."""
    return _display_name(user)
