"""Writes to the notices in the portal: their recipient marks them read (nothing else changes,
and a notice is never deleted)."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from units.permissions import may

from ..models import Notice
from ..selectors.notices import unread_notice_counts_forget


def notice_mark_read(*, notice: Notice, actor) -> Notice:
    """The recipient marks the notice read (once: marking it again keeps the first time).
    Anyone else is refused (PermissionDenied)."""
    if not may(actor, "registrations.read_notice", notice):
        raise PermissionDenied
    Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
    unread_notice_counts_forget([notice.recipient_id])
    notice.refresh_from_db(fields=["read_at"])
    return notice
