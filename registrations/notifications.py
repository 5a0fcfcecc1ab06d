"""E-mails to the units and to the Department: the decision on a submission, the reminders
before each deadline and the daily list of late units.

Every e-mail goes through the outbox (``SentNotification``): it is written there first, in
the same transaction as the act that causes it (the decision, the daily run), then sent by a
task, and resent by Celery beat while the mail server or the broker is down. Each row is
locked while it is sent and stays once sent, so a retried task, a second run on the same day
or two workers at once send it at most once to each recipient. E-mails are rendered in
Vietnamese, the units' language, whatever the language of the request that caused them.
"""

import logging
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns.models import Campaign, CampaignStatus
from campaigns.selectors import addressed_units
from emulation_portal.broker import publish
from registrations.selectors.deadlines import (
    REGISTRATION,
    Owed,
    department_recipients,
    everything_owed,
    late_owed,
    registration_deadline,
    unit_recipients,
)
from registrations.selectors.notices import unread_notice_counts_forget
from units.models import Role, UserRole

from .models import (
    EmailStatus,
    Notice,
    NoticeKind,
    NotificationKind,
    RegistrationEvent,
    ReviewComment,
    SentNotification,
    launch_notice_text,
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


_launch_emails_on: ContextVar[bool] = ContextVar("launch_emails_on", default=True)


@contextmanager
def launch_emails_paused() -> Iterator[None]:
    """No e-mail for the launches made inside (the demo's campaign, launched as it was in its
    year); the notices in the portal are still given."""
    token = _launch_emails_on.set(False)
    try:
        yield
    finally:
        _launch_emails_on.reset(token)


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


def outbox_add(kind: str, emails: list[Email]) -> None:
    """Write each e-mail to the outbox, one row per recipient, in the caller's transaction;
    a row already there (the same e-mail to the same recipient) is kept as it is."""
    now = timezone.now()
    SentNotification.objects.bulk_create(
        [
            SentNotification(
                kind=kind,
                key=email.key,
                recipient=recipient,
                campaign_id=email.campaign_id,
                unit_id=email.unit_id,
                subject=email.subject,
                text=email.text,
                html=email.html,
                created_at=now,
                # The task sent after the commit goes first; beat only if it could not.
                next_attempt_at=now + _retry_delay(0),
            )
            for email in emails
            for recipient in email.recipients
        ],
        ignore_conflicts=True,
    )


def _retry_delay(attempts: int) -> timedelta:
    minutes = settings.PORTAL_EMAIL_RETRY_MINUTES * 2 ** max(attempts - 1, 0)
    return timedelta(minutes=min(minutes, 120))


@dataclass
class OutboxRun:
    sent: int  # messages that went out
    error: Exception | None = None  # the mail error that stopped the run


def outbox_send(rows) -> OutboxRun:
    """Send the waiting e-mails among ``rows`` (a queryset of the outbox), one message per
    e-mail to all its recipients, and mark them sent.

    The rows are locked while they are sent, so that two runs at once (the task and beat, two
    workers) send each e-mail once. A transient mail error (the server unreachable) stops the
    run: that e-mail waits with the error until its next attempt (or is failed after
    PORTAL_EMAIL_MAX_ATTEMPTS attempts), the others until the next run. A message that can
    never go as it is (a malformed address) is failed at once and the run goes on, so it never
    holds back the rest. The "sent" marks commit with the batch: a worker killed midway sends
    that batch again on the next run (at least once, never dropped)."""
    with transaction.atomic():
        locked = rows.filter(status=EmailStatus.PENDING).select_for_update().order_by("pk")
        messages: dict[tuple[str, str], list[SentNotification]] = {}
        for row in locked:
            messages.setdefault((row.kind, row.key), []).append(row)
        queue = list(messages.values())
        sent: list[SentNotification] = []
        run = OutboxRun(sent=0)
        if queue:
            with get_connection() as connection:  # one connection for the whole batch
                for recipients_rows in queue:
                    try:
                        _send(recipients_rows, connection)
                    except TRANSIENT_MAIL_ERRORS as error:
                        run.error = error
                        _attempt_failed(recipients_rows, error)
                        break
                    except Exception as error:  # this message can never go as it is
                        logger.exception(
                            "E-mail %s refused by the mail backend", recipients_rows[0].key
                        )
                        _attempt_failed(recipients_rows, error, give_up=True)
                        continue
                    sent += recipients_rows
                    run.sent += 1
        SentNotification.objects.filter(pk__in=[row.pk for row in sent]).update(
            status=EmailStatus.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
        )
    if run.error is not None:
        logger.warning(
            "E-mails: %d sent, then %r; the rest wait in the outbox", run.sent, run.error
        )
    return run


def _send(rows: list[SentNotification], connection) -> None:
    first = rows[0]
    message = EmailMultiAlternatives(
        first.subject, first.text, to=[row.recipient for row in rows], connection=connection
    )
    if first.html:
        message.attach_alternative(first.html, "text/html")
    message.send()


def _attempt_failed(
    rows: list[SentNotification], error: Exception, *, give_up: bool = False
) -> None:
    attempts = rows[0].attempts + 1
    gave_up = give_up or attempts >= settings.PORTAL_EMAIL_MAX_ATTEMPTS
    SentNotification.objects.filter(pk__in=[row.pk for row in rows]).update(
        attempts=attempts,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        next_attempt_at=timezone.now() + _retry_delay(attempts),
        status=EmailStatus.FAILED if gave_up else EmailStatus.PENDING,
    )


def deliver(kind: str, emails: list[Email]) -> int:
    """Put the e-mails in the outbox and send those not sent yet; return how many messages
    went out. Safe to repeat: an e-mail already sent to a recipient is never sent again. A mail
    error is raised once the outbox holds what is left to send."""
    emails = [email for email in emails if email.recipients]
    if not emails:
        return 0
    outbox_add(kind, emails)
    run = outbox_send(
        SentNotification.objects.filter(kind=kind, key__in={email.key for email in emails})
    )
    if run.error is not None:
        raise run.error
    return run.sent


def pending_emails_send(now: datetime | None = None) -> int:
    """Celery beat's resend: every waiting e-mail whose next attempt is due; returns how many
    messages went out (a mail error leaves the rest for the next run)."""
    due = SentNotification.objects.filter(next_attempt_at__lte=now or timezone.now())
    return outbox_send(due).sent


def failed_emails_requeue() -> int:
    """Give the e-mails the outbox gave up on another run (once the operator fixed the mail
    server or the address): they wait again, their attempts and last error kept for the
    record. Returns how many rows wait again."""
    return SentNotification.objects.filter(status=EmailStatus.FAILED).update(
        status=EmailStatus.PENDING, next_attempt_at=timezone.now()
    )


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


def decision_email_queue(event_id: int) -> bool:
    """Put in the outbox, in the transaction of the decision, the e-mail telling the unit's
    head and mailbox that the Department returned or approved its registration or results;
    False when there is nothing to send (no decision, or nobody has an address)."""
    built = _decision_email(event_id)
    if built is None or not built[1].recipients:
        return False
    kind, email = built
    outbox_add(kind, [email])
    return True


def decision_email_send(event_id: int) -> int:
    """Send the decision's e-mail from the outbox (written there first if it is not, as for a
    decision recorded before the outbox); returns how many messages went out, 0 when already
    sent or nobody has an address. A mail error is raised; the e-mail waits for beat."""
    key = f"event:{event_id}"
    rows = SentNotification.objects.filter(key=key)
    if rows.exists():
        run = outbox_send(rows)
        if run.error is not None:
            raise run.error
        return run.sent
    built = _decision_email(event_id)
    if built is None:
        return 0
    kind, email = built
    return deliver(kind, [email])


def _decision_email(event_id: int) -> tuple[str, Email] | None:
    """The kind and the e-mail of the decision recorded as ``event_id``: what happened, the
    comments, what to do next and a link."""
    event = (
        RegistrationEvent.objects.select_related(
            "registration__campaign", "registration__unit", "report", "actor"
        )
        .filter(pk=event_id, to_status__in=(Status.RETURNED, Status.APPROVED))
        .first()
    )
    if event is None:
        logger.info("No decision to e-mail for event %s", event_id)
        return None
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
        deadline = registration_deadline(registration)
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
    return kind, email


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


# --- The launch of a campaign


def campaign_launch_notify(campaign_id: int, *, emails: bool = True) -> int:
    """Tell every unit the launched campaign addresses: one e-mail per unit to its heads and its
    mailbox, written to the outbox (sent after the commit; beat resends it while the broker or
    the mail server is down), and a notice in the portal for each of its heads. Safe to
    repeat: nothing is given twice. Returns how many notices were created."""
    with transaction.atomic():
        campaign = Campaign.objects.get(pk=campaign_id)
        if campaign.status not in (CampaignStatus.LAUNCHED, CampaignStatus.CLOSED):
            return 0
        units = list(addressed_units(campaign).order_by("unit_type", "name"))
        link = campaign.get_absolute_url()
        context = {
            "campaign": campaign,
            "link": absolute_url(link),
            "registration_deadline": campaign.registration_deadline,
        }
        with translation.override("vi"):
            text = launch_notice_text(campaign)
        heads = list(
            UserRole.objects.filter(
                role=Role.UNIT_HEAD, unit__in=units, user__is_active=True
            ).values_list("user_id", "unit_id")
        )
        now = timezone.now()
        given = Notice.objects.filter(campaign=campaign, kind=NoticeKind.CAMPAIGN_LAUNCHED)
        before = given.count()
        Notice.objects.bulk_create(
            [
                Notice(
                    recipient_id=user_id,
                    unit_id=unit_id,
                    campaign=campaign,
                    kind=NoticeKind.CAMPAIGN_LAUNCHED,
                    text=text,
                    link=link,
                    created_at=now,
                )
                for user_id, unit_id in heads
            ],
            ignore_conflicts=True,
        )
        created = given.count() - before  # ignore_conflicts does not say which were new
        head_ids = [user_id for user_id, _unit_id in heads]
        transaction.on_commit(lambda: unread_notice_counts_forget(head_ids))
        if not emails:
            return created
        recipients = unit_recipients([unit.pk for unit in units])
        mails = []
        for unit in units:
            subject, body, html = _render("launched", {**context, "unit": unit})
            mails.append(
                Email(
                    key=f"launched:{campaign.pk}:{unit.pk}",
                    recipients=recipients.get(unit.pk, []),
                    subject=subject,
                    text=body,
                    html=html,
                    campaign_id=campaign.pk,
                    unit_id=unit.pk,
                )
            )
        outbox_add(NotificationKind.LAUNCHED, [mail for mail in mails if mail.recipients])
        transaction.on_commit(
            lambda: publish("registrations.tasks.send_launch_emails", campaign_id), robust=True
        )
    return created


def launch_emails_send(campaign_id: int) -> int:
    """Send the launch e-mails of the campaign still waiting in the outbox; returns how many
    messages went out. A mail error is raised; the rest waits for beat."""
    run = outbox_send(
        SentNotification.objects.filter(kind=NotificationKind.LAUNCHED, campaign_id=campaign_id)
    )
    if run.error is not None:
        raise run.error
    return run.sent


def on_campaign_launched(sender, campaign, actor=None, **kwargs) -> None:
    """Receiver of ``campaigns.signals.campaign_launched`` (connected in the app's ready())."""
    campaign_launch_notify(campaign.pk, emails=_launch_emails_on.get())
