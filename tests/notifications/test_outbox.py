"""Every e-mail is written to the outbox in the same transaction as the act that causes it, sent
by a task after the commit, and resent by Celery beat while it is still unsent: nothing is lost
when the mail server or the broker is down."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from registrations.models import (
    EmailStatus,
    NotificationKind,
    Registration,
    RegistrationEvent,
    SentNotification,
)
from registrations.notifications import pending_emails_send
from registrations.services.registrations import registration_transition
from registrations.tasks import send_pending_emails
from registrations.workflow import Status


def _submitted(users) -> Registration:
    """unit_head2's registration, sent (``users``: the demo's accounts, or small_portal's)."""
    head = users["unit_head2"]
    registration = Registration.objects.get(unit=head.portal_role.unit)
    return registration_transition(registration=registration, to=Status.SUBMITTED, actor=head)


def _approve(demo, registration):
    return registration_transition(
        registration=registration, to=Status.APPROVED, actor=demo["reviewer"]
    )


def _approval_rows(registration):
    event = RegistrationEvent.objects.get(registration=registration, to_status=Status.APPROVED)
    return SentNotification.objects.filter(key=f"event:{event.pk}").order_by("pk")


def test_the_email_is_in_the_outbox_with_the_approval_before_anything_is_sent(
    demo, django_capture_on_commit_callbacks
):
    registration = _submitted(demo)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _approve(demo, registration)

    rows = list(_approval_rows(registration))
    assert [row.recipient for row in rows] == [demo["unit_head2"].email, registration.unit.email]
    assert {row.status for row in rows} == {EmailStatus.PENDING}
    assert all(row.sent_at is None and row.attempts == 0 for row in rows)
    assert all("Đã phê duyệt" in row.subject and row.text and row.html for row in rows)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_a_rolled_back_approval_leaves_no_outbox_row(demo, django_capture_on_commit_callbacks):
    registration = _submitted(demo)
    before = SentNotification.objects.count()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _approve(demo, registration)
        raise RuntimeError("the request failed after the approval")

    assert SentNotification.objects.count() == before
    assert callbacks == []
    assert mail.outbox == []


def test_the_task_sends_the_outbox_rows_as_one_message_and_marks_them_sent(
    demo, django_capture_on_commit_callbacks
):
    registration = _submitted(demo)

    with django_capture_on_commit_callbacks(execute=True):
        _approve(demo, registration)

    [message] = mail.outbox
    assert message.to == [demo["unit_head2"].email, registration.unit.email]
    rows = list(_approval_rows(registration))
    assert {row.status for row in rows} == {EmailStatus.SENT}
    assert all(row.sent_at is not None and row.attempts == 1 for row in rows)
    assert message.subject == rows[0].subject
    assert pending_emails_send(timezone.now() + timedelta(days=1)) == 0  # nothing left
    assert len(mail.outbox) == 1


def test_after_a_mail_server_error_beat_resends_the_pending_email_once(
    demo, django_capture_on_commit_callbacks, flaky_mail
):
    registration = _submitted(demo)
    flaky_mail(1)

    with django_capture_on_commit_callbacks(execute=True):
        _approve(demo, registration)  # the server refuses the first message

    rows = list(_approval_rows(registration))
    assert mail.outbox == []
    assert {row.status for row in rows} == {EmailStatus.PENDING}
    assert all(row.attempts == 1 and "went away" in row.last_error for row in rows)
    retry_at = rows[0].next_attempt_at
    assert retry_at > timezone.now()
    assert send_pending_emails.apply().get() == 0  # not due yet: beat waits a while

    assert pending_emails_send(retry_at + timedelta(seconds=1)) == 1
    assert pending_emails_send(retry_at + timedelta(days=1)) == 0
    [message] = mail.outbox
    assert message.to == [demo["unit_head2"].email, registration.unit.email]
    assert {row.status for row in _approval_rows(registration)} == {EmailStatus.SENT}


def test_an_email_refused_too_often_is_marked_failed_and_not_tried_again(
    demo, django_capture_on_commit_callbacks, flaky_mail, settings
):
    settings.PORTAL_EMAIL_MAX_ATTEMPTS = 2
    registration = _submitted(demo)
    flaky_mail(1, 2)
    with django_capture_on_commit_callbacks(execute=True):
        _approve(demo, registration)

    later = timezone.now() + timedelta(days=1)
    assert pending_emails_send(later) == 0
    assert pending_emails_send(later + timedelta(days=1)) == 0

    rows = list(_approval_rows(registration))
    assert {(row.status, row.attempts) for row in rows} == {(EmailStatus.FAILED, 2)}
    assert mail.outbox == []


def test_beat_resends_the_outbox_every_few_minutes_from_the_database_schedule(db, settings):
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    from emulation_portal.celery import app

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["emails-resend"]
    DatabaseScheduler.Entry.from_entry("emails-resend", app=app, **entry)

    task = PeriodicTask.objects.get(name="emails-resend")
    assert task.task == "registrations.tasks.send_pending_emails" in app.tasks
    assert task.crontab.minute == "*/5"


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_an_approval_succeeds_and_its_email_waits_in_the_outbox(
    small_portal, client, broker_down
):
    users = small_portal
    registration = _submitted(users)
    client.force_login(users["reviewer"])
    url = reverse("registrations:review", args=[registration.pk])

    started = time.monotonic()
    response = client.post(url, {"action": "approve", "note": ""}, follow=True)
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert elapsed < 5
    registration.refresh_from_db()
    assert registration.status == Status.APPROVED
    rows = _approval_rows(registration)
    assert rows.count() == 2
    assert set(rows.values_list("status", "attempts")) == {(EmailStatus.PENDING, 0)}
    assert mail.outbox == []

    broker_down()  # the broker is back; beat's next run sends what waited
    assert send_pending_emails.delay(timezone.now().isoformat()).get() == 0  # not due yet
    due = rows.first().next_attempt_at + timedelta(seconds=1)
    assert send_pending_emails.delay(due.isoformat()).get() == 1
    [message] = mail.outbox
    assert message.to == [users["unit_head2"].email, registration.unit.email]
    assert rows.filter(status=EmailStatus.SENT).count() == 2
    assert rows.first().kind == NotificationKind.APPROVED


@pytest.mark.django_db
def test_a_message_that_can_never_go_is_failed_and_the_rest_still_go():
    # A header-injecting address makes Django's mail refuse the message (BadHeaderError, not a
    # mail server error): that one is given up at once, and it holds back none of the others.
    from registrations.notifications import Email, outbox_add, outbox_send

    kind = NotificationKind.values[0]
    emails = [
        Email(key="bad", recipients=["x\n@example.gov.vn"], subject="S", text="T", html=""),
        Email(key="good", recipients=["ok@example.gov.vn"], subject="S", text="T", html=""),
    ]
    mail.outbox.clear()
    outbox_add(kind, emails)
    run = outbox_send(SentNotification.objects.filter(kind=kind, key__in=["bad", "good"]))

    assert run.sent == 1 and run.error is None
    assert [m.to for m in mail.outbox] == [["ok@example.gov.vn"]]
    statuses = dict(
        SentNotification.objects.filter(kind=kind, key__in=["bad", "good"]).values_list(
            "key", "status"
        )
    )
    assert statuses == {"bad": EmailStatus.FAILED, "good": EmailStatus.SENT}


@pytest.mark.django_db
def test_the_operator_resends_the_emails_the_outbox_gave_up_on():
    from io import StringIO

    from django.core.management import call_command

    from registrations.notifications import Email, outbox_add

    kind = NotificationKind.values[0]
    outbox_add(
        kind,
        [Email(key="gave-up", recipients=["ok@example.gov.vn"], subject="S", text="T", html="")],
    )
    SentNotification.objects.filter(key="gave-up").update(
        status=EmailStatus.FAILED, attempts=10, last_error="SMTPServerDisconnected: down"
    )
    mail.outbox.clear()
    out = StringIO()

    call_command("resend_failed_emails", stdout=out)

    row = SentNotification.objects.get(key="gave-up")
    assert (row.status, row.attempts, row.last_error) == (
        EmailStatus.SENT,
        11,
        "SMTPServerDisconnected: down",
    )
    assert [m.to for m in mail.outbox] == [["ok@example.gov.vn"]]
    assert "E-mails waiting again: 1" in out.getvalue()
