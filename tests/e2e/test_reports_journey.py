"""The reports journey: the Department starts the year-end report from the dashboard and opens
the PDF; the Minister reads it in the reading room; a unit head cannot."""

import subprocess

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from reports.models import GeneratedReport

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e


def _shot(page, screenshot_dir, name):
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(300)
        page.screenshot(path=screenshot_dir / f"reports-{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_reviewer_generates_the_year_end_report_and_the_minister_reads_it(
    demo, live_server, browser, sign_in, screenshot_dir, tmp_path
):
    reviewer = browser.new_context(viewport=DESKTOP, accept_downloads=True).new_page()
    sign_in(reviewer, "reviewer")
    form = reviewer.get_by_test_id("report-request-form")
    # A quick draft from the dashboard; the narrative is written on the report's page
    # (test_report_compose_journey).
    form.get_by_test_id("report-kind").select_option("year_end")
    form.get_by_test_id("generate-report").click()

    job = reviewer.get_by_test_id("report-job").first
    expect(job.get_by_test_id("job-status")).to_have_text("Hoàn tất", timeout=30_000)
    _shot(reviewer, screenshot_dir, "01-dashboard-job")
    report = GeneratedReport.objects.get(kind="year_end")
    assert report.status == "done" and report.file

    # The PDF reads back as the year-end report, a draft until it is issued.
    pdf_path = tmp_path / "bao-cao.pdf"
    pdf_path.write_bytes(report.file.read())
    text = "\n".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    assert "BÁO CÁO" in text and "Kính gửi" in text
    assert "DỰ THẢO" in text and "(Phần này chưa được viết.)" in " ".join(text.split())
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "2",
            pdf_path,
            screenshot_dir / "reports-year-end-page",
        ],
        check=True,
    )

    # The Minister opens it from the reading room.
    minister = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(minister, "minister")
    minister.goto(f"{live_server.url}/tong-hop/bao-cao/")
    row = minister.get_by_test_id("report-row").first
    expect(row).to_contain_text("2021")
    _shot(minister, screenshot_dir, "02-reading-room")
    pdf_url = live_server.url + row.get_by_test_id("open-pdf").get_attribute("href")
    response = minister.request.get(pdf_url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:4] == b"%PDF"

    # A unit head cannot see the reading room or the file.
    head = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(head, "unit_head")
    assert head.request.get(f"{live_server.url}/tong-hop/bao-cao/").status == 404
    assert head.request.get(pdf_url).status == 404
