"""Launching a campaign tells the units it addresses: one e-mail per unit to its heads and its
mailbox through the outbox (a dead broker loses nothing), and a notice in the portal for each
unit head, marked read by its recipient only. Nothing is given twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from campaigns.selectors import addressed_units
from registrations.models import (
    EmailStatus,
    Notice,
    NoticeKind,
    NotificationKind,
    SentNotification,
)
from registrations.notifications import campaign_launch_notify
from registrations.selectors.deadlines import unit_recipients
from registrations.tasks import send_pending_emails
from tests.thematic import thematic_launched
from units.models import Unit

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _launched(demo, capture, **addressees):
    with capture(execute=True):
        campaign = thematic_launched(demo, **addressees)
    return campaign


@pytest.fixture
def named(demo, django_capture_on_commit_callbacks):
    """A thematic campaign naming two units: the two demo unit heads' (Viễn thám, Hà Nội)."""
    mail.outbox.clear()
    units = list(Unit.objects.filter(code__in=["CVTQG", "HNI"]))
    return _launched(
        demo,
        django_capture_on_commit_callbacks,
        addresses_all_units=False,
        addressed_units=units,
    )


def test_the_launch_emails_each_addressed_unit_its_heads_and_mailbox(demo, named):
    rows = SentNotification.objects.filter(kind=NotificationKind.LAUNCHED, campaign=named)
    units = {row.unit.code for row in rows}
    assert units == {"CVTQG", "HNI"}
    assert len(mail.outbox) == 2
    expected = unit_recipients([u.pk for u in addressed_units(named)])
    by_subject = {tuple(message.to): message for message in mail.outbox}
    assert set(by_subject) == {tuple(emails) for emails in expected.values()}
    for message in mail.outbox:
        assert named.name in message.subject
        assert named.get_absolute_url() in message.body
    assert set(rows.values_list("status", flat=True)) == {EmailStatus.SENT}


def test_the_launch_gives_each_unit_head_a_notice(demo, named):
    notices = Notice.objects.filter(campaign=named)
    assert {(n.recipient.username, n.unit.code) for n in notices} == {
        ("unit_head", "CVTQG"),
        ("unit_head2", "HNI"),
    }
    notice = notices.get(recipient=demo["unit_head"])
    assert notice.kind == NoticeKind.CAMPAIGN_LAUNCHED and notice.read_at is None
    assert notice.link == named.get_absolute_url()
    assert named.name in notice.text and named.name in notice.message


def test_a_campaign_addressing_every_unit_emails_every_unit(
    demo, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    campaign = _launched(demo, django_capture_on_commit_callbacks)
    rows = SentNotification.objects.filter(kind=NotificationKind.LAUNCHED, campaign=campaign)
    with_address = set(unit_recipients([u.pk for u in addressed_units(campaign)]))
    assert set(rows.values_list("unit_id", flat=True)) == with_address
    assert len(mail.outbox) == len(with_address) > 2


def test_notifying_again_gives_nothing_twice(demo, named):
    rows = SentNotification.objects.filter(kind=NotificationKind.LAUNCHED, campaign=named)
    before = (rows.count(), Notice.objects.filter(campaign=named).count(), len(mail.outbox))
    assert campaign_launch_notify(named.pk) == 0
    after = (rows.count(), Notice.objects.filter(campaign=named).count(), len(mail.outbox))
    assert after == before
    notice = Notice.objects.filter(campaign=named).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(
            recipient=notice.recipient,
            unit=notice.unit,
            campaign=named,
            kind=notice.kind,
            text="again",
        )


def test_with_the_broker_down_the_launch_emails_wait_in_the_outbox(
    demo, django_capture_on_commit_callbacks, broker_down
):
    mail.outbox.clear()
    campaign = _launched(
        demo,
        django_capture_on_commit_callbacks,
        addresses_all_units=False,
        addressed_units=list(Unit.objects.filter(code="HNI")),
    )
    rows = SentNotification.objects.filter(kind=NotificationKind.LAUNCHED, campaign=campaign)
    hanoi = Unit.objects.get(code="HNI")
    assert rows.count() == len(unit_recipients([hanoi.pk])[hanoi.pk])
    assert rows.exists() and set(rows.values_list("status", flat=True)) == {EmailStatus.PENDING}
    assert mail.outbox == []
    assert Notice.objects.filter(campaign=campaign, recipient=demo["unit_head2"]).exists()
    broker_down()  # back: beat's next run sends what waited
    due = rows.first().next_attempt_at + timedelta(seconds=1)
    assert send_pending_emails.delay(due.isoformat()).get() == 1
    assert set(rows.values_list("status", flat=True)) == {EmailStatus.SENT}


def test_the_landing_page_shows_the_notices_unread_first_and_the_recipient_marks_one_read(
    demo, named
):
    head = _client(demo["unit_head"])
    notice = Notice.objects.get(campaign=named, recipient=demo["unit_head"])
    page = head.get(reverse("units:my_unit")).content.decode()
    assert f'data-testid="notice-{notice.pk}"' in page
    assert f'data-testid="notice-read-{notice.pk}"' in page
    assert 'data-testid="unread-notices"' in page
    notices = list(head.get(reverse("units:my_unit")).context["notices"])
    assert notices[0].read_at is None
    response = head.post(reverse("units:notice_read", args=[notice.pk]))
    assert response.status_code == 302
    notice.refresh_from_db()
    read_at = notice.read_at
    assert read_at is not None
    head.post(reverse("units:notice_read", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.read_at == read_at  # the first reading stays
    after = head.get(reverse("units:my_unit"))
    assert f'data-testid="notice-read-{notice.pk}"' not in after.content.decode()
    assert [n.read_at is None for n in after.context["notices"]] == sorted(
        [n.read_at is None for n in after.context["notices"]], reverse=True
    )


def test_no_one_but_the_recipient_marks_a_notice_read(demo, named):
    notice = Notice.objects.get(campaign=named, recipient=demo["unit_head"])
    for user in ("unit_head2", "reviewer", "minister", "admin"):
        response = _client(demo[user]).post(reverse("units:notice_read", args=[notice.pk]))
        assert response.status_code == 404, user
    assert (
        _client(demo["unit_head"]).get(reverse("units:notice_read", args=[notice.pk])).status_code
        == 405
    )
    notice.refresh_from_db()
    assert notice.read_at is None
    page = _client(demo["unit_head2"]).get(reverse("units:my_unit")).content.decode()
    assert f'data-testid="notice-{notice.pk}"' not in page


def test_a_notice_is_never_deleted(demo, named):
    notice = Notice.objects.filter(campaign=named).first()
    with pytest.raises(ValueError):
        notice.delete()


def test_the_demo_launch_told_the_unit_heads_in_the_portal_and_emailed_nobody(demo):
    from campaigns.models import Campaign

    campaign = Campaign.objects.get(year=2021, kind="regular")
    assert Notice.objects.filter(campaign=campaign, recipient=demo["unit_head"]).exists()
    assert not SentNotification.objects.filter(
        kind=NotificationKind.LAUNCHED, campaign=campaign
    ).exists()
