"""``{% may "app.rule" user obj as allowed %}``: the portal's rules in templates (see
units.permissions), in place of django-rules' ``has_perm`` tag, which asks ``User.has_perm``."""

from django import template

from units.permissions import may as _may

register = template.Library()


@register.simple_tag
def may(perm, user, obj=None):
    return _may(user, perm, obj)
