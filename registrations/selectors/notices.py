"""Reads of the notices in the portal. The count of a user's unread notices (the top
navigation's badge) is kept in the cache for a minute, and forgotten whenever notices are
given or read, so that the badge costs no query on most pages."""

from django.core.cache import cache
from django.db.models import F

from ..models import Notice

UNREAD_COUNT_SECONDS = 60


def notices_for_user(user, limit: int = 10) -> list[Notice]:
    """The user's latest notices, unread first, newest first within each (one query)."""
    return list(
        Notice.objects.filter(recipient=user)
        .select_related("campaign")
        .order_by(F("read_at").asc(nulls_first=True), "-created_at", "-pk")[:limit]
    )


def _unread_key(user_id) -> str:
    return f"registrations:unread-notices:{user_id}"


def unread_notice_count(user, *, fresh: bool = False) -> int:
    """How many of the user's notices are unread: from the cache unless ``fresh`` (or not
    there), else one query, then kept for UNREAD_COUNT_SECONDS."""
    key = _unread_key(user.pk)
    if not fresh:
        cached = cache.get(key)
        if cached is not None:
            return cached
    count = Notice.objects.filter(recipient=user, read_at__isnull=True).count()
    cache.set(key, count, UNREAD_COUNT_SECONDS)
    return count


def unread_notice_counts_forget(user_ids) -> None:
    """Forget the cached counts of these users (notices were given or read)."""
    cache.delete_many([_unread_key(user_id) for user_id in user_ids])
