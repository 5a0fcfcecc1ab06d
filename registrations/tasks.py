"""Celery tasks: thin, idempotent wrappers around ``registrations.notifications``; they take
ids and ISO dates only. A mail error is not retried here: the unsent e-mails wait in the
outbox, and beat's ``send_pending_emails`` sends them once the mail server answers again (the
outbox never sends an e-mail twice)."""

import logging
from datetime import date, datetime

from celery import shared_task

from .notifications import (
    TRANSIENT_MAIL_ERRORS,
    deadline_reminders_send,
    decision_email_send,
    late_units_send,
    launch_emails_send,
    pending_emails_send,
)

logger = logging.getLogger(__name__)


def _leaving_unsent_to_beat(send, *args) -> int:
    try:
        return send(*args)
    except TRANSIENT_MAIL_ERRORS as error:
        logger.warning("Mail server error, the unsent e-mails wait in the outbox: %r", error)
        return 0


@shared_task(name="registrations.tasks.send_decision_email")
def send_decision_email(event_id: int) -> int:
    """E-mail the unit the Department's return or approval recorded as ``event_id``."""
    return _leaving_unsent_to_beat(decision_email_send, event_id)


@shared_task(name="registrations.tasks.send_deadline_reminders")
def send_deadline_reminders(today: str | None = None) -> int:
    """Daily (Celery beat): the reminders due today; ``today`` (ISO date) replays a day."""
    return _leaving_unsent_to_beat(
        deadline_reminders_send, date.fromisoformat(today) if today else None
    )


@shared_task(name="registrations.tasks.send_late_units_list")
def send_late_units_list(today: str | None = None) -> int:
    """Daily (Celery beat): the list of late units to the Department."""
    return _leaving_unsent_to_beat(late_units_send, date.fromisoformat(today) if today else None)


@shared_task(name="registrations.tasks.send_pending_emails")
def send_pending_emails(now: str | None = None) -> int:
    """Every few minutes (Celery beat): the outbox's e-mails still waiting whose next attempt
    is due (``now``, an ISO date and time, replays a moment)."""
    return pending_emails_send(datetime.fromisoformat(now) if now else None)


@shared_task(name="registrations.tasks.send_launch_emails")
def send_launch_emails(campaign_id: int) -> int:
    """E-mail the units a launched campaign addresses (the outbox's rows of its launch)."""
    return _leaving_unsent_to_beat(launch_emails_send, campaign_id)
