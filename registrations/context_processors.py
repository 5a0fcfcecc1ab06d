"""The top navigation's count of unread notices (a unit head's only, asked when shown)."""

from django.utils.functional import SimpleLazyObject

from units.roles import actor_for

from .selectors.notices import unread_notice_count


def unread_notices(request):
    user = getattr(request, "user", None)
    if not actor_for(user).is_unit_head:
        return {}
    # Lazy: one query, and only on a page that shows the navigation.
    return {"unread_notices": SimpleLazyObject(lambda: unread_notice_count(user))}
