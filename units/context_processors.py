from django.utils.functional import SimpleLazyObject

from .roles import actor_for
from .selectors import organisation_brand


def portal_role(request):
    # An error raised before AuthenticationMiddleware (a disallowed host) has no request.user.
    return {"actor": actor_for(getattr(request, "user", None))}


def portal_brand(request):
    """The organisation's names for the header and footer of every page (cached)."""
    return {"brand": SimpleLazyObject(organisation_brand)}
