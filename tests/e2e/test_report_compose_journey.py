"""The report's own page (issue 17): the Department opens it from the dashboard, finds the
narrative prefilled from the figures, corrects a part, makes the draft (DỰ THẢO on every page)
and issues its report to the Minister; the Minister reads the issued report, numbered and
without the draft mark. On the Ministry's report to the State's bodies the Minister issues,
not the Department. axe-core checks each page, desktop and phone."""

import io

import pytest
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from reports.models import GeneratedReport, ReportVariant

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

SHORTCOMINGS = "Một số đơn vị gửi đăng ký thi đua chậm; Vụ đã đôn đốc bằng văn bản."
TO_HEAD = "/tong-hop/bao-cao/soan/tong-ket-nam/gui-bo-truong/"
TO_STATE = "/tong-hop/bao-cao/soan/tong-ket-nam/gui-trung-uong/"


def _shot(page, screenshot_dir, name, axe):
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(300)
        page.screenshot(path=screenshot_dir / f"report-compose-{name}-{label}.png", full_page=True)
        axe(page, f"{name} ({label})")
    page.set_viewport_size(DESKTOP)


def _pages(page, live_server, href) -> list[str]:
    response = page.request.get(live_server.url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


def _make_draft(page):
    page.get_by_test_id("generate-draft").click()
    version = page.get_by_test_id("report-version").first
    expect(version.locator("[data-job-status]")).to_have_text("Hoàn tất", timeout=60_000)
    expect(version.locator("[data-job-open]")).to_be_visible()
    return version


def test_the_department_writes_and_issues_its_report_and_the_minister_reads_it(
    demo, live_server, browser, sign_in, screenshot_dir, axe
):
    assert settings.CELERY_TASK_ALWAYS_EAGER  # the PDF is made within the request
    reviewer = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(reviewer, "reviewer")
    link = reviewer.locator(f'[data-testid="compose-link"][href^="{TO_HEAD}"]')
    link.click()
    expect(reviewer).to_have_url(f"{live_server.url}{TO_HEAD}")

    # The narrative starts from the figures; the Department corrects one part.
    expect(reviewer.get_by_test_id("narrative-prefilled")).to_be_visible()
    expect(reviewer.get_by_test_id("no-versions")).to_be_visible()
    form = reviewer.get_by_test_id("narrative-form")
    for name in ("role_models", "shortcomings", "priorities", "recommendations"):
        assert form.locator(f"textarea[name={name}]").input_value().strip()
    _shot(reviewer, screenshot_dir, "01-prefilled", axe)
    form.locator("textarea[name=shortcomings]").fill(SHORTCOMINGS)

    # The draft: made at once, polled to done, DỰ THẢO on every page.
    version = _make_draft(reviewer)
    expect(version.get_by_test_id("version-draft")).to_be_visible()
    expect(reviewer.get_by_test_id("narrative-prefilled")).to_have_count(0)
    _shot(reviewer, screenshot_dir, "02-draft-done", axe)
    pages = _pages(reviewer, live_server, version.locator("[data-job-open]").get_attribute("href"))
    assert len(pages) >= 2
    assert all("DỰ THẢO" in page for page in pages)
    assert SHORTCOMINGS in " ".join(pages)

    # It issues it: number left blank (the register's next), dated today, after confirming.
    issue = reviewer.get_by_test_id("issue-form")
    expect(issue).to_be_visible()
    assert issue.locator("input[name=number]").input_value() == ""
    reviewer.once("dialog", lambda dialog: dialog.accept())
    issue.get_by_test_id("issue-report").click()
    expect(reviewer.get_by_test_id("report-issued")).to_be_visible()
    expect(reviewer.get_by_test_id("issue-form")).to_have_count(0)
    expect(reviewer.get_by_test_id("narrative-form")).to_have_count(0)
    report = GeneratedReport.objects.get(variant=ReportVariant.TO_HEAD, issued_from__isnull=False)
    assert report.status == "done" and report.issued_by == demo["reviewer"]
    _shot(reviewer, screenshot_dir, "03-issued", axe)

    # The Minister reads the issued report from the reading room.
    minister = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(minister, "minister")
    minister.goto(f"{live_server.url}/tong-hop/bao-cao/")
    row = minister.locator(f'[data-testid="report-row"][data-report-id="{report.pk}"]')
    expect(row.get_by_test_id("reading-issued")).to_be_visible()
    _shot(minister, screenshot_dir, "04-reading-room", axe)
    pages = _pages(minister, live_server, row.get_by_test_id("open-pdf").get_attribute("href"))
    text = " ".join(pages)
    assert not any("DỰ THẢO" in page for page in pages)
    assert f"Số: {report.number}/BC-TĐKTTT" in text
    assert SHORTCOMINGS in text

    # The report's page, read by the Minister: issued, nothing to write or issue.
    row.locator("td a").first.click()
    expect(minister.get_by_test_id("report-issued")).to_be_visible()
    expect(minister.get_by_test_id("open-issued")).to_be_visible()
    expect(minister.get_by_test_id("issue-form")).to_have_count(0)


def test_the_ministrys_report_is_issued_by_the_minister_not_the_department(
    demo, live_server, browser, sign_in, screenshot_dir, axe
):
    reviewer = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(reviewer, "reviewer")
    reviewer.locator(f'[data-testid="compose-link"][href^="{TO_STATE}"]').click()
    expect(reviewer.get_by_test_id("narrative-prefilled")).to_be_visible()
    _make_draft(reviewer)
    expect(reviewer.get_by_test_id("issue-form")).to_have_count(0)
    _shot(reviewer, screenshot_dir, "05-to-state-department", axe)

    minister = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(minister, "minister")
    minister.goto(f"{live_server.url}{TO_STATE}")
    expect(minister.get_by_test_id("issue-form")).to_be_visible()
    expect(minister.get_by_test_id("narrative-form")).to_have_count(0)
    _shot(minister, screenshot_dir, "06-to-state-minister", axe)
