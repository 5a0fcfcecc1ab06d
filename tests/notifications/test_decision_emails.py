"""The unit hears of the Department's return or approval by e-mail, after the commit, once."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from registrations.models import (
    EmailStatus,
    NotificationKind,
    Period,
    Registration,
    RegistrationEvent,
    SentNotification,
)
from registrations.notifications import decision_emails_paused
from registrations.services.registrations import registration_transition
from registrations.services.results import report_start, report_transition
from registrations.tasks import send_decision_email
from registrations.workflow import Status

NOTE = "Đề nghị bổ sung chỉ tiêu về cải cách hành chính."
TARGET_COMMENT = "Chỉ tiêu này cần có số lượng cụ thể."
BASE = "https://thidua.example.gov.vn"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = BASE


def _submitted(demo) -> Registration:
    """unit_head2's draft registration, sent to the Department."""
    head = demo["unit_head2"]
    registration = Registration.objects.get(unit=head.portal_role.unit)
    return registration_transition(registration=registration, to=Status.SUBMITTED, actor=head)


def _return(demo, registration):
    target = registration.targets.order_by("position").first()
    return registration_transition(
        registration=registration,
        to=Status.RETURNED,
        actor=demo["reviewer"],
        note=NOTE,
        item_comments=[{"text": TARGET_COMMENT, "target": target}],
    )


def test_a_return_emails_the_unit_head_and_the_units_mailbox_in_vietnamese(
    demo, django_capture_on_commit_callbacks
):
    registration = _submitted(demo)
    unit = registration.unit

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        _return(demo, registration)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [demo["unit_head2"].email, unit.email]
    assert "Trả lại để chỉnh sửa" in message.subject  # the status, in the unit's language
    assert unit.display_name in message.subject
    link = f"{BASE}{reverse('registrations:detail', args=[registration.pk])}"
    assert NOTE in message.body
    assert TARGET_COMMENT in message.body
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert TARGET_COMMENT in html
    event = RegistrationEvent.objects.get(registration=registration, to_status=Status.RETURNED)
    assert sorted(
        SentNotification.objects.filter(key=f"event:{event.pk}").values_list("kind", "recipient")
    ) == sorted([(NotificationKind.RETURNED, demo["unit_head2"].email), ("returned", unit.email)])


def test_nothing_is_sent_before_the_commit(demo, django_capture_on_commit_callbacks):
    registration = _submitted(demo)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _return(demo, registration)

    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_a_rolled_back_decision_emails_nobody(demo, django_capture_on_commit_callbacks):
    registration = _submitted(demo)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _return(demo, registration)
        raise RuntimeError("the request failed after the return")

    assert callbacks == []
    assert mail.outbox == []
    assert Registration.objects.get(pk=registration.pk).status == Status.SUBMITTED


def test_an_approval_says_what_to_do_next_with_the_reporting_window(
    demo, django_capture_on_commit_callbacks
):
    registration = _submitted(demo)
    campaign = registration.campaign

    with django_capture_on_commit_callbacks(execute=True):
        registration_transition(
            registration=registration, to=Status.APPROVED, actor=demo["reviewer"]
        )

    [message] = mail.outbox
    assert "Đã phê duyệt" in message.subject
    assert campaign.midyear_opens_on.strftime("%d/%m/%Y") in message.body
    assert campaign.midyear_report_date.strftime("%d/%m/%Y") in message.body
    assert f"{BASE}{reverse('registrations:detail', args=[registration.pk])}" in message.body
    assert SentNotification.objects.filter(kind=NotificationKind.APPROVED).count() == 2


def test_returned_results_link_to_the_results(demo, django_capture_on_commit_callbacks):
    head, reviewer = demo["unit_head2"], demo["reviewer"]
    registration = _submitted(demo)
    registration_transition(registration=registration, to=Status.APPROVED, actor=reviewer)
    registration.refresh_from_db()
    report = report_start(registration=registration, period=Period.SIX_MONTH, actor=head)
    report_transition(report=report, to=Status.SUBMITTED, actor=head)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        report_transition(report=report, to=Status.RETURNED, actor=reviewer, note=NOTE)

    [message] = mail.outbox
    assert f"{BASE}{reverse('registrations:report', args=[report.pk])}" in message.body
    assert "Kết quả 6 tháng" in message.subject
    assert NOTE in message.body


def test_a_retried_task_never_sends_twice(demo, django_capture_on_commit_callbacks):
    registration = _submitted(demo)
    with django_capture_on_commit_callbacks(execute=True):
        _return(demo, registration)
    event = RegistrationEvent.objects.get(registration=registration, to_status=Status.RETURNED)
    rows = SentNotification.objects.count()

    send_decision_email.delay(event.pk)
    send_decision_email.apply(args=[event.pk])

    assert len(mail.outbox) == 1
    assert SentNotification.objects.count() == rows


def test_after_a_mail_server_error_the_retry_sends_the_mail_once(
    demo, django_capture_on_commit_callbacks, flaky_mail
):
    registration = _submitted(demo)
    flaky_mail(1)

    with django_capture_on_commit_callbacks(execute=True):
        _return(demo, registration)  # the server refuses: the e-mail waits in the outbox

    assert mail.outbox == []
    assert not SentNotification.objects.filter(status=EmailStatus.SENT).exists()
    event = RegistrationEvent.objects.get(registration=registration, to_status=Status.RETURNED)
    send_decision_email.apply(args=[event.pk])  # the retry
    send_decision_email.apply(args=[event.pk])  # and a duplicate delivery of it
    assert len(mail.outbox) == 1
    sent = SentNotification.objects.filter(kind=NotificationKind.RETURNED, status=EmailStatus.SENT)
    assert sent.count() == 2


def test_submissions_and_paused_decisions_send_nothing(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as on_submit:
        registration = _submitted(demo)
    with decision_emails_paused(), django_capture_on_commit_callbacks(execute=True) as paused:
        _return(demo, registration)

    assert (on_submit, paused) == ([], [])
    assert mail.outbox == []


def test_a_unit_without_any_address_gets_no_mail(demo, django_capture_on_commit_callbacks):
    registration = _submitted(demo)
    registration.unit.__class__.objects.filter(pk=registration.unit_id).update(email="")
    demo["unit_head2"].__class__.objects.filter(pk=demo["unit_head2"].pk).update(email="")

    with django_capture_on_commit_callbacks(execute=True):
        _return(demo, registration)

    assert mail.outbox == []
    assert not SentNotification.objects.exists()
