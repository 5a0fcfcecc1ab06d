"""Celery beat's daily pass starts each report of the open campaign once it is due, once."""

from datetime import date, timedelta

import pytest

from campaigns.selectors import campaign_current
from reports.models import GeneratedReport
from reports.services.reports import due_reports_request, reports_due

pytestmark = pytest.mark.django_db


def test_nothing_is_due_before_the_thirtieth_of_june(demo):
    campaign = campaign_current()

    assert reports_due(campaign, date(campaign.year, 6, 30)) == []


def test_the_six_month_report_is_due_after_june_and_the_year_end_after_its_date(demo):
    campaign = campaign_current()
    year_end = campaign.year_end_report_date

    assert reports_due(campaign, date(campaign.year, 7, 1)) == ["six_month"]
    assert reports_due(campaign, year_end + timedelta(days=1)) == ["six_month", "year_end"]


def test_the_daily_pass_requests_each_due_report_once(demo, django_capture_on_commit_callbacks):
    campaign = campaign_current()
    after_both = campaign.year_end_report_date + timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        first = due_reports_request(today=after_both)
    second = due_reports_request(today=after_both)

    assert sorted(report.kind for report in first) == ["six_month", "year_end"]
    assert second == []
    reports = GeneratedReport.objects.filter(campaign=campaign)
    assert sorted(reports.values_list("kind", "status")) == [
        ("six_month", "done"),
        ("year_end", "done"),
    ]
