"""Two runs of the reminders at the same moment (two workers, or beat and the command), on
PostgreSQL: each reminder goes out once."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from campaigns.selectors import campaign_current
from registrations.models import NotificationKind, SentNotification
from registrations.notifications import deadline_reminders_send
from tests.factories import scenarios


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(postgresql, small_db, settings):
    # Eight units owe their registration: enough for the two runs to overlap.
    scenarios.small_portal(more_units=6)
    settings.PORTAL_REMINDER_DAYS = [3]
    campaign = campaign_current()
    campaign.registration_deadline = timezone.localdate() + timedelta(days=3)
    campaign.save()
    start = threading.Barrier(2)
    counts, errors = [], []

    def run():
        try:
            start.wait()
            counts.append(deadline_reminders_send())
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    rows = SentNotification.objects.filter(kind=NotificationKind.REMINDER)
    assert errors == []
    assert sorted(counts)[0] == 0
    assert sum(counts) == len(mail.outbox) == rows.values("key").distinct().count() > 0
