"""Celery tasks: thin, idempotent wrappers around ``registrations.notifications``; they take
ids and ISO dates only and retry on mail errors (the notifications never send an e-mail twice,
so a retry sends only what failed)."""

from datetime import date

from celery import shared_task

from .notifications import (
    TRANSIENT_MAIL_ERRORS,
    deadline_reminders_send,
    decision_email_send,
    late_units_send,
)

_RETRY = {
    "autoretry_for": TRANSIENT_MAIL_ERRORS,
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 6,
}


@shared_task(name="registrations.tasks.send_decision_email", **_RETRY)
def send_decision_email(event_id: int) -> int:
    """E-mail the unit the Department's return or approval recorded as ``event_id``."""
    return decision_email_send(event_id)


@shared_task(name="registrations.tasks.send_deadline_reminders", **_RETRY)
def send_deadline_reminders(today: str | None = None) -> int:
    """Daily (Celery beat): the reminders due today; ``today`` (ISO date) replays a day."""
    return deadline_reminders_send(date.fromisoformat(today) if today else None)


@shared_task(name="registrations.tasks.send_late_units_list", **_RETRY)
def send_late_units_list(today: str | None = None) -> int:
    """Daily (Celery beat): the list of late units to the Department."""
    return late_units_send(date.fromisoformat(today) if today else None)
