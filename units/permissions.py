"""The one question every view, template and service asks: may this user do this?

It goes to the portal's own rules (the apps' ``rules.py``), never through ``User.has_perm``:
Django answers yes there to an active superuser before any rule is read, and its ModelBackend
would also answer yes to anyone given the admin site's model permission of the same name
(``registrations.change_registration``). The superuser administers accounts, roles, units,
staff and reference data in the admin site; in the workflow a user acts only through a
portal role (``units.roles``), and the administrator's role reads, it does not act.
"""

import rules
from django.core.exceptions import ImproperlyConfigured


def may(user, perm: str, obj=None) -> bool:
    """Whether ``user`` may ``perm`` (a rule name such as ``"registrations.submit_registration"``)
    on ``obj``. An inactive or anonymous user may nothing; an unknown name is a programming
    error, not a quiet no."""
    if not rules.perm_exists(perm):
        raise ImproperlyConfigured(f"No portal rule is named {perm!r}.")
    if user is None or not user.is_active:
        return False
    return rules.has_perm(perm, user, obj)
