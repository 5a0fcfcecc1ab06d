"""The Department's dashboard in the browser: numbers that lead to their lists, and the
Minister's read-only view."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.models import Campaign
from campaigns.selectors import campaign_current
from registrations.models import Registration
from registrations.workflow import Status
from tests.reports.helpers import report_results

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e


def _shots(page, screenshot_dir, name):
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(300)
        page.screenshot(path=screenshot_dir / f"dashboard-{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def _late_campaign_with_results(reviewer):
    """The deadline passed five days ago, and two units have reported six-month results."""
    campaign = campaign_current()
    approved = Registration.objects.filter(campaign=campaign, status=Status.APPROVED)
    report_results(approved[0], [0.45, 0.9, 1.1, 1.0, 0.7], approve_by=reviewer)
    report_results(approved[1], [1.2, 0.95, 0.6])
    Campaign.objects.filter(pk=campaign.pk).update(
        registration_deadline=timezone.localdate() - timedelta(days=5)
    )


def test_reviewer_opens_the_dashboard_and_a_number_leads_to_its_list(
    demo, live_server, page, sign_in, screenshot_dir
):
    _late_campaign_with_results(demo["reviewer"])
    page.set_viewport_size(DESKTOP)
    sign_in(page, "reviewer")

    assert page.url == f"{live_server.url}/tong-hop/"
    expect(page.get_by_test_id("dashboard-actions")).to_be_visible()
    expect(page.get_by_test_id("chart-blocs").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("chart-titles").locator("svg text").first).to_be_visible()
    expect(page.get_by_test_id("chart-completion").locator("svg")).to_be_visible()
    late = int(page.get_by_test_id("stat-late").get_by_test_id("count").inner_text())
    expect(page.get_by_test_id("late-row")).to_have_count(late)
    expect(page.get_by_test_id("days-late").first).to_have_text("5")
    _shots(page, screenshot_dir, "reviewer")

    page.get_by_test_id("stat-late").click()
    page.wait_for_load_state()
    assert "late=1" in page.url
    expect(page.get_by_test_id("queue-count")).to_contain_text(str(late))
    page.go_back()
    page.wait_for_load_state()

    card = page.get_by_test_id("stat-submitted")
    submitted = int(card.get_by_test_id("count").inner_text().replace(".", ""))
    assert submitted > 0
    card.click()
    page.wait_for_load_state()

    assert "/dang-ky/tham-dinh/" in page.url and "status=submitted" in page.url
    expect(page.get_by_test_id("queue-row")).to_have_count(submitted)

    page.go_back()
    page.wait_for_load_state()
    row = page.get_by_test_id("table-groups").locator("tbody tr").first
    link = row.locator("td[data-status=total] a")
    total = int(link.inner_text())
    link.click()
    page.wait_for_load_state()
    assert "group=" in page.url
    expect(page.get_by_test_id("queue-row")).to_have_count(total)


def test_minister_reads_the_dashboard_without_actions(
    demo, live_server, page, sign_in, screenshot_dir
):
    page.set_viewport_size(DESKTOP)
    sign_in(page, "minister")
    # The Minister lands on the reports' reading room and opens the dashboard from there.
    assert page.url == f"{live_server.url}/tong-hop/bao-cao/"
    page.goto(f"{live_server.url}/tong-hop/")

    expect(page.get_by_test_id("status-cards")).to_be_visible()
    expect(page.get_by_test_id("dashboard-actions")).to_have_count(0)
    expect(page.locator("main form")).to_have_count(0)
    expect(page.get_by_test_id("export-workbook")).to_be_visible()
    _shots(page, screenshot_dir, "minister")

    with page.expect_download() as download_info:
        page.get_by_test_id("export-workbook").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
