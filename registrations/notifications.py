"""E-mails to the units and to the Department: the decision on a submission, the reminders
before each deadline and the daily list of late units.

Every e-mail is sent at most once to each recipient: its row in ``SentNotification`` is
written first, in the same transaction as the sending, so a retried task, a second run on the
same day or two workers at once find it and skip. E-mails are rendered in Vietnamese, the
units' language, whatever the language of the request that caused them.
"""

import logging
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns.models import Campaign, CampaignStatus

from .deadline_selectors import (
    REGISTRATION,
    Owed,
    department_recipients,
    everything_owed,
    late_owed,
    unit_recipients,
)
from .models import (
    NotificationKind,
    RegistrationEvent,
    ReviewComment,
    SentNotification,
)
from .workflow import Status

logger = logging.getLogger(__name__)

# Errors worth a retry: the mail server refused, or could not be reached (socket errors).
TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, OSError)

_decision_emails_on: ContextVar[bool] = ContextVar("decision_emails_on", default=True)


@contextmanager
def decision_emails_paused() -> Iterator[None]:
    """No decision e-mail for the transitions made inside (the demo loader's made-up history)."""
    token = _decision_emails_on.set(False)
    try:
        yield
    finally:
        _decision_emails_on.reset(token)


def decision_emails_enabled() -> bool:
    return _decision_emails_on.get()


@dataclass
class Email:
    """One message to one or more recipients, identified by ``key`` within its kind."""

    key: str
    recipients: list[str]
    subject: str
    text: str
    html: str
    campaign_id: int | None = None
    unit_id: int | None = None


def absolute_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _render(template: str, context: dict) -> tuple[str, str, str]:
    """Subject, plain text and HTML of ``emails/<template>``, rendered in Vietnamese."""
    with translation.override("vi"):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    return " ".join(subject.split())[:255], text, html


def deliver(kind: str, emails: list[Email]) -> int:
    """Send each e-mail to those of its recipients who have not had it yet; return how many
    messages went out. On a mail error the rows of the messages not sent are removed and the
    error is raised again, so that a retry sends exactly those."""
    for _attempt in range(2):
        try:
            return _deliver_once(kind, emails)
        except IntegrityError:
            # Another run wrote some of the same rows first: read again and send the rest.
            continue
    return 0


def _deliver_once(kind: str, emails: list[Email]) -> int:
    emails = [email for email in emails if email.recipients]
    if not emails:
        return 0
    done = set(
        SentNotification.objects.filter(kind=kind, key__in={e.key for e in emails}).values_list(
            "key", "recipient"
        )
    )
    pending = []
    for email in emails:
        to = [r for r in email.recipients if (email.key, r) not in done]
        if to:
            pending.append((email, to))
    if not pending:
        return 0

    failure, sent_keys = None, set()
    with transaction.atomic():
        rows = SentNotification.objects.bulk_create(
            SentNotification(
                kind=kind,
                key=email.key,
                recipient=recipient,
                campaign_id=email.campaign_id,
                unit_id=email.unit_id,
                subject=email.subject,
            )
            for email, to in pending
            for recipient in to
        )
        try:
            with get_connection() as connection:  # one connection for the whole batch
                for email, to in pending:
                    message = EmailMultiAlternatives(
                        email.subject, email.text, to=to, connection=connection
                    )
                    message.attach_alternative(email.html, "text/html")
                    message.send()
                    sent_keys.add(email.key)
        except TRANSIENT_MAIL_ERRORS as error:
            failure = error
            SentNotification.objects.filter(
                pk__in=[row.pk for row in rows if row.key not in sent_keys]
            ).delete()
    if failure is not None:
        logger.warning("%s e-mails: %d sent, then %r", kind, len(sent_keys), failure)
        raise failure
    return len(sent_keys)


# --- The decision on a submission


def _item_label(comment: ReviewComment) -> str:
    if comment.target_id:
        return _("Target %(position)s: %(description)s") % {
            "position": comment.target.position,
            "description": comment.target.description,
        }
    if comment.initiative_id:
        return _("Initiative: %(title)s") % {"title": comment.initiative.title}
    if comment.person_id:
        return comment.person.full_name
    return _("Titles of the collective")


def decision_email_send(event_id: int) -> int:
    """E-mail the unit's head and mailbox that the Department returned or approved a
    registration or results: what happened, the comments, what to do next and a link.
    Returns how many messages went out (0 when already sent or nobody has an address)."""
    event = (
        RegistrationEvent.objects.select_related(
            "registration__campaign", "registration__unit", "report", "actor"
        )
        .filter(pk=event_id, to_status__in=(Status.RETURNED, Status.APPROVED))
        .first()
    )
    if event is None:
        logger.info("No decision to e-mail for event %s", event_id)
        return 0
    registration, report = event.registration, event.report
    campaign, unit = registration.campaign, registration.unit
    today = timezone.localdate()
    with translation.override("vi"):
        comments = [
            {"item": _item_label(comment), "text": comment.text}
            for comment in ReviewComment.objects.filter(event=event).select_related(
                "target", "initiative", "person"
            )
        ]
    deadline = None
    if report is None and event.to_status == Status.RETURNED:
        from .services import registration_deadline_for  # services queue this e-mail

        deadline = registration_deadline_for(registration)
    elif report is not None:
        deadline = campaign.report_window(report.period)[1]
    context = {
        "event": event,
        "registration": registration,
        "report": report,
        "campaign": campaign,
        "unit": unit,
        "comments": comments,
        "deadline": deadline,
        "deadline_passed": deadline is not None and deadline < today,
        "is_amendment": report is None and registration.version > 1,
        "link": absolute_url((report or registration).get_absolute_url()),
    }
    subject, text, html = _render("decision", context)
    kind = (
        NotificationKind.RETURNED
        if event.to_status == Status.RETURNED
        else NotificationKind.APPROVED
    )
    recipients = unit_recipients([unit.pk]).get(unit.pk, [])
    if not recipients:
        logger.warning(
            "Unit %s has no e-mail address: nobody told of event %s", unit.code, event_id
        )
    email = Email(
        key=f"event:{event.pk}",
        recipients=recipients,
        subject=subject,
        text=text,
        html=html,
        campaign_id=campaign.pk,
        unit_id=unit.pk,
    )
    return deliver(kind, [email])


# --- Reminders and the list of late units


def _link_for(owed: Owed, *, department: bool = False) -> str:
    """Where to act on what is owed: the results or the registration; for a unit that has not
    started, its own page, or for the Department the extension form with the unit chosen."""
    if owed.report_id:
        return absolute_url(reverse("registrations:report", kwargs={"pk": owed.report_id}))
    if owed.registration_id:
        return absolute_url(reverse("registrations:detail", kwargs={"pk": owed.registration_id}))
    if department:
        return absolute_url(reverse("registrations:extensions")) + f"?unit={owed.unit.pk}"
    return absolute_url(reverse("units:my_unit"))


def _reminder_days() -> set[int]:
    return {int(days) for days in getattr(settings, "PORTAL_REMINDER_DAYS", (7, 3, 1))}


def _open_campaigns():
    return Campaign.objects.filter(status=CampaignStatus.LAUNCHED).order_by("year", "pk")


def deadline_reminders_send(today: date | None = None) -> int:
    """Remind each unit that has not sent its registration or results, the configured numbers
    of days (PORTAL_REMINDER_DAYS) before its deadline; returns how many messages went out.
    Safe to run again the same day: nothing is sent twice."""
    today = today or timezone.localdate()
    days_before = _reminder_days()
    sent = 0
    for campaign in _open_campaigns():
        due = [
            owed for owed in everything_owed(campaign) if (owed.due_on - today).days in days_before
        ]
        recipients = unit_recipients({owed.unit.pk for owed in due})
        emails = []
        for owed in due:
            days_left = (owed.due_on - today).days
            subject, text, html = _render(
                "reminder",
                {
                    "campaign": campaign,
                    "owed": owed,
                    "unit": owed.unit,
                    "is_registration": owed.what == REGISTRATION,
                    "days_left": days_left,
                    "link": _link_for(owed),
                },
            )
            emails.append(
                Email(
                    key=(
                        f"reminder:{campaign.pk}:{owed.deadline_field}:{owed.due_on.isoformat()}"
                        f":{days_left}:{owed.unit.pk}"
                    ),
                    recipients=recipients.get(owed.unit.pk, []),
                    subject=subject,
                    text=text,
                    html=html,
                    campaign_id=campaign.pk,
                    unit_id=owed.unit.pk,
                )
            )
        sent += deliver(NotificationKind.REMINDER, emails)
    return sent


def late_units_send(today: date | None = None) -> int:
    """Send the Department, once a day per campaign, the list of what is overdue: who, what,
    since when and how many days late. Nothing is sent when nothing is late."""
    today = today or timezone.localdate()
    recipients = department_recipients()
    sent = 0
    for campaign in _open_campaigns():
        late = late_owed(campaign, today)
        if not late or not recipients:
            continue
        rows = [
            {
                "owed": owed,
                "unit": owed.unit,
                "is_registration": owed.what == REGISTRATION,
                "days_late": owed.days_late(today),
                "link": _link_for(owed, department=True),
            }
            for owed in late
        ]
        subject, text, html = _render(
            "late_units",
            {
                "campaign": campaign,
                "today": today,
                "rows": rows,
                "n_units": len({owed.unit.pk for owed in late}),
                "queue_link": absolute_url(reverse("registrations:queue")) + "?late=true",
                "extensions_link": absolute_url(reverse("registrations:extensions")),
            },
        )
        email = Email(
            key=f"late:{campaign.pk}:{today.isoformat()}",
            recipients=recipients,
            subject=subject,
            text=text,
            html=html,
            campaign_id=campaign.pk,
        )
        sent += deliver(NotificationKind.LATE_UNITS, [email])
    return sent
