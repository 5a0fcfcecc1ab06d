"""Reminders before each deadline to the units that have not sent, and the Department's daily
list of late units: the right units on the right days, each e-mail once."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.selectors import campaign_current
from registrations.models import (
    DeadlineExtension,
    EmailStatus,
    NotificationKind,
    Period,
    Registration,
    SentNotification,
)
from registrations.notifications import deadline_reminders_send, late_units_send
from registrations.services.registrations import registration_transition
from registrations.services.results import report_start, report_transition
from registrations.workflow import Status
from units.models import Unit

TODAY = timezone.localdate()


def days(n):
    return TODAY + timedelta(days=n)


@pytest.fixture
def campaign(demo, settings):
    """The 2021 campaign with no deadline on a reminder day (7, 3 or 1 days away)."""
    settings.PORTAL_REMINDER_DAYS = [7, 3, 1]
    settings.PORTAL_DEPARTMENT_EMAIL = ""
    campaign = campaign_current()
    campaign.registration_deadline = days(10)
    campaign.midyear_opens_on = days(-30)
    campaign.midyear_report_date = days(20)
    campaign.year_end_opens_on = days(40)
    campaign.year_end_report_date = days(60)
    campaign.save()
    return campaign


def _move(campaign, **dates):
    for field, value in dates.items():
        setattr(campaign, field, value)
    campaign.save()


def _unsent_units(campaign):
    """The units expected to register that have not sent: no registration, or a draft."""
    sent = Registration.objects.filter(campaign=campaign).exclude(status=Status.DRAFT)
    return set(
        Unit.objects.filter(is_active=True, is_emulation_department=False)
        .exclude(pk__in=sent.values("unit_id"))
        .values_list("code", flat=True)
    )


def _codes(messages):
    by_mailbox = dict(Unit.objects.values_list("email", "code"))
    return {by_mailbox[m.to[-1]] for m in messages}


def _extend(campaign, code, until, reviewer):
    return DeadlineExtension.objects.create(
        campaign=campaign,
        unit=Unit.objects.get(code=code),
        until=until,
        reason="Đơn vị đang kiện toàn bộ máy",
        granted_by=reviewer,
    )


@pytest.mark.parametrize("days_before", [7, 3, 1])
def test_units_that_have_not_sent_are_reminded_days_before_the_deadline(
    demo, campaign, days_before
):
    _move(campaign, registration_deadline=days(days_before))

    sent = deadline_reminders_send()

    assert sent == len(mail.outbox) > 0
    assert _codes(mail.outbox) == _unsent_units(campaign)
    head = demo["unit_head"]  # CVTQG has not started: head and mailbox, link to the unit page
    [message] = [m for m in mail.outbox if head.email in m.to]
    assert message.to == [head.email, head.portal_role.unit.email]
    assert reverse("units:my_unit") in message.body
    assert days(days_before).strftime("%d/%m/%Y") in message.subject
    draft = Registration.objects.get(unit=demo["unit_head2"].portal_role.unit)
    [message] = [m for m in mail.outbox if demo["unit_head2"].email in m.to]
    assert reverse("registrations:detail", args=[draft.pk]) in message.body


@pytest.mark.parametrize("days_before", [0, 2, 8, -1])
def test_no_reminder_on_other_days(campaign, days_before):
    _move(campaign, registration_deadline=days(days_before))

    assert deadline_reminders_send() == 0
    assert mail.outbox == []


def test_a_second_run_the_same_day_sends_nothing(campaign):
    _move(campaign, registration_deadline=days(3))
    first = deadline_reminders_send()
    rows = SentNotification.objects.filter(kind=NotificationKind.REMINDER).count()

    second = deadline_reminders_send()

    assert (first > 0, second) == (True, 0)
    assert len(mail.outbox) == first
    assert SentNotification.objects.filter(kind=NotificationKind.REMINDER).count() == rows


def test_an_extension_moves_the_units_reminders_to_its_own_deadline(demo, campaign):
    _move(campaign, registration_deadline=days(3))
    _extend(campaign, "HNI", days(10), demo["reviewer"])

    deadline_reminders_send()
    reminded_today = _codes(mail.outbox)
    mail.outbox.clear()
    deadline_reminders_send(today=days(3))  # seven days before the extension ends

    assert "HNI" not in reminded_today
    assert _codes(mail.outbox) == {"HNI"}
    assert days(10).strftime("%d/%m/%Y") in mail.outbox[0].body


def test_six_month_reminders_go_to_approved_units_that_have_not_sent_their_results(demo, campaign):
    head, reviewer = demo["unit_head2"], demo["reviewer"]
    registration = Registration.objects.get(unit=head.portal_role.unit)
    registration_transition(registration=registration, to=Status.SUBMITTED, actor=head)
    registration_transition(registration=registration, to=Status.APPROVED, actor=reviewer)
    registration.refresh_from_db()
    report = report_start(registration=registration, period=Period.SIX_MONTH, actor=head)
    report_transition(report=report, to=Status.SUBMITTED, actor=head)
    _move(campaign, midyear_report_date=days(7))
    expected = set(
        Registration.objects.filter(campaign=campaign, version__gte=1)
        .exclude(unit__code="HNI")
        .values_list("unit__code", flat=True)
    )

    deadline_reminders_send()

    assert _codes(mail.outbox) == expected
    assert all("Kết quả 6 tháng" in m.subject for m in mail.outbox)


def test_reminders_take_the_same_queries_for_one_or_three_units(demo, campaign):
    def run(codes, offset):
        _move(campaign, registration_deadline=days(10 + offset))
        for code in codes:
            _extend(campaign, code, days(10 + offset + 7), demo["reviewer"])
        mail.outbox.clear()
        # Registrations sent meanwhile would change who is owed: keep the same reminder day.
        with CaptureQueriesContext(connection) as queries:
            sent = deadline_reminders_send(today=days(10 + offset))
        return sent, len(queries)

    others = sorted(_unsent_units(campaign) - {"CVTQG"})
    one = run(["CVTQG"], 0)
    DeadlineExtension.objects.all().delete()
    three = run(others[:3], 30)

    assert (one[0], three[0]) == (1, 3)
    assert one[1] == three[1]


def test_a_mail_server_error_midway_sends_the_rest_on_the_retry(campaign, flaky_mail):
    _move(campaign, registration_deadline=days(1))
    expected = _unsent_units(campaign)
    flaky_mail(2)

    with pytest.raises(smtplib.SMTPServerDisconnected):
        deadline_reminders_send()
    sent_first = list(mail.outbox)
    reminders = SentNotification.objects.filter(kind=NotificationKind.REMINDER)
    rows_first = reminders.filter(status=EmailStatus.SENT).count()
    retried = deadline_reminders_send()

    assert len(sent_first) == 1
    assert rows_first == len(sent_first[0].to)
    assert retried == len(expected) - 1
    assert len(mail.outbox) == len(expected)
    assert _codes(mail.outbox) == expected
    assert not reminders.exclude(status=EmailStatus.SENT).exists()


# --- The Department's daily list of late units


def test_the_department_gets_the_late_units_with_days_late(demo, campaign, settings):
    settings.PORTAL_DEPARTMENT_EMAIL = "vutdkt@monre.example.gov.vn"
    _move(campaign, registration_deadline=days(-3))
    other = sorted(_unsent_units(campaign) - {"HNI", "CVTQG"})[0]
    _extend(campaign, "HNI", days(5), demo["reviewer"])  # extended: not late
    _extend(campaign, other, days(-1), demo["reviewer"])  # its extension ended yesterday
    late = _unsent_units(campaign) - {"HNI"}
    names = dict(Unit.objects.values_list("code", "name"))

    sent = late_units_send()

    assert sent == 1
    [message] = mail.outbox
    assert message.to == [
        demo["reviewer"].email,
        demo["reviewer2"].email,
        "vutdkt@monre.example.gov.vn",
    ]
    assert str(len(late)) in message.subject
    lines = {line for line in message.body.splitlines() if line.startswith("- ")}
    assert len(lines) == len(late)
    assert not any(names["HNI"] in line for line in lines)
    [extended] = [line for line in lines if names[other] in line]
    [cvtqg] = [line for line in lines if names["CVTQG"] in line]
    assert days(-1).strftime("%d/%m/%Y") in extended
    assert " 1 " in extended.split("·")[-1]  # days late
    assert days(-3).strftime("%d/%m/%Y") in cvtqg
    assert " 3 " in cvtqg.split("·")[-1]
    assert reverse("registrations:queue") in message.body


def test_late_results_are_listed_too(demo, campaign):
    _move(campaign, midyear_report_date=days(-2))
    approved = Registration.objects.filter(campaign=campaign, version__gte=1).count()

    late_units_send()

    [message] = mail.outbox
    lines = [line for line in message.body.splitlines() if line.startswith("- ")]
    assert len(lines) == approved
    assert all(days(-2).strftime("%d/%m/%Y") in line for line in lines)


def test_the_late_list_goes_once_a_day_and_not_when_nobody_is_late(campaign):
    assert late_units_send() == 0
    _move(campaign, registration_deadline=days(-1))

    first, again, tomorrow = late_units_send(), late_units_send(), late_units_send(days(1))

    assert (first, again, tomorrow) == (1, 0, 1)
    assert len(mail.outbox) == 2


def test_the_late_list_takes_the_same_queries_for_one_or_many_late_units(demo, campaign):
    unsent = sorted(_unsent_units(campaign))
    _move(campaign, registration_deadline=days(-2))

    def run(day):
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as queries:
            late_units_send(day)
        [message] = mail.outbox
        return [line for line in message.body.splitlines() if line.startswith("- ")], queries

    DeadlineExtension.objects.bulk_create(
        DeadlineExtension(
            campaign=campaign,
            unit=unit,
            until=days(5),
            reason="Đơn vị đang kiện toàn bộ máy",
            granted_by=demo["reviewer"],
        )
        for unit in Unit.objects.filter(code__in=unsent[1:])
    )
    one = run(TODAY)
    DeadlineExtension.objects.all().delete()
    many = run(days(1))

    assert (len(one[0]), len(many[0])) == (1, len(unsent))
    assert len(one[1]) == len(many[1])


def test_the_command_runs_both_for_a_given_day(campaign):
    _move(campaign, registration_deadline=days(4))

    call_command("send_reminders", date=days(1).strftime("%d/%m/%Y"))  # 3 days before
    reminders = len(mail.outbox)
    call_command("send_reminders", date=days(5).strftime("%d/%m/%Y"))  # 1 day late

    assert reminders > 0
    assert len(mail.outbox) == reminders + 1
    with pytest.raises(CommandError):
        call_command("send_reminders", date="2021-01-31")


def test_beat_runs_both_tasks_daily_from_the_database_schedule(db, settings):
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    from emulation_portal.celery import app

    app.loader.import_default_modules()
    entries = settings.CELERY_BEAT_SCHEDULE
    assert {entry["task"] for entry in entries.values()} <= set(app.tasks)

    # What DatabaseScheduler.setup_schedule does with each entry when beat starts.
    for name, fields in entries.items():
        DatabaseScheduler.Entry.from_entry(name, app=app, **fields)

    tasks = dict(PeriodicTask.objects.values_list("name", "task"))
    assert tasks["deadline-reminders"] == "registrations.tasks.send_deadline_reminders"
    assert tasks["late-units-list"] == "registrations.tasks.send_late_units_list"
    crontab = PeriodicTask.objects.get(name="deadline-reminders").crontab
    assert (crontab.hour, crontab.minute, str(crontab.timezone)) == (
        "7",
        "0",
        "Asia/Ho_Chi_Minh",
    )
