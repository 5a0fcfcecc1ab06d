"""After approval, in the browser: the Department attaches the signed scan of the letter and
drafts an amending letter; the Minister approves it with the register's next number; the
amending letter stays beside the letter on the campaign's page. axe-core checks each page."""

import pytest
from playwright.sync_api import expect

from campaigns.models import AmendmentStatus, CampaignAmendment, LetterRegister, SignedScan
from campaigns.services import campaign_approve, campaign_copy, campaign_submit

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

# A small but real PDF: what a scanner writes, as far as the portal reads it.
SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PARAGRAPH = "Điều chỉnh thời hạn đăng ký thi đua đến hết ngày 15/02/2027."


def _shot(page, screenshot_dir, name, axe):
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(300)
        page.screenshot(path=screenshot_dir / f"amendment-{name}-{label}.png", full_page=True)
        axe(page, f"{name} ({label})")
    page.set_viewport_size(DESKTOP)


def test_scan_then_amending_letter_approved_by_the_minister(
    demo, live_server, browser, sign_in, screenshot_dir, axe, tmp_path
):
    from campaigns.models import Campaign

    campaign = campaign_copy(
        source=Campaign.objects.get(year=2021), year=2027, actor=demo["reviewer"]
    )
    campaign_submit(campaign=campaign, actor=demo["reviewer"])
    campaign = campaign_approve(
        campaign=campaign, actor=demo["minister"], signer_title="BỘ TRƯỞNG", signer_name="X"
    )
    department = browser.new_context(viewport=DESKTOP).new_page()
    minister = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(department, "reviewer")

    # The signed scan: a file that is not a PDF is refused, the PDF is attached.
    department.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    fake = tmp_path / "cong-van.pdf"
    fake.write_bytes(b"PK\x03\x04 not a pdf")
    department.get_by_test_id("scan-form").locator("input[type=file]").set_input_files(fake)
    department.get_by_test_id("attach-scan").click()
    expect(department.locator(".alert-danger")).to_be_visible()
    assert not SignedScan.objects.filter(campaign=campaign).exists()
    scan = tmp_path / "cong-van-da-ky.pdf"
    scan.write_bytes(SCAN)
    department.get_by_test_id("scan-form").locator("input[type=file]").set_input_files(scan)
    department.get_by_test_id("attach-scan").click()
    expect(department.get_by_test_id("signed-scan-link")).to_be_visible()
    assert SignedScan.objects.filter(campaign=campaign).count() == 1

    # The Department drafts an amending letter and sends it.
    department.get_by_test_id("draft-amendment").click()
    form = department.get_by_test_id("amendment-form")
    form.locator("textarea[name=subject], input[name=subject]").fill(
        "V/v điều chỉnh thời hạn đăng ký thi đua năm 2027"
    )
    form.locator("textarea[name=paragraphs]").fill(PARAGRAPH)
    _shot(department, screenshot_dir, "01-draft", axe)
    department.get_by_test_id("save-amendment").click()
    expect(department.locator(".alert-success")).to_be_visible()
    amendment = CampaignAmendment.objects.get(campaign=campaign)
    department.get_by_test_id("submit-amendment").click()
    expect(department.get_by_test_id("amendment-status")).to_be_visible()
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.SUBMITTED

    # The Minister approves it on 20/01/2027: it takes the next number of 2027's register.
    register = LetterRegister.objects.filter(symbol=amendment.symbol, year=2027)
    before = register.values_list("last_number", flat=True).first() or 0
    sign_in(minister, "minister")
    minister.goto(f"{live_server.url}{amendment.get_absolute_url()}")
    minister.get_by_test_id("decide-amendment").click()
    minister.locator("#id_issued_on").fill("20/01/2027")
    _shot(minister, screenshot_dir, "02-decide", axe)
    minister.get_by_test_id("approve-amendment").click()
    expect(minister.locator(".alert-success")).to_be_visible()
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.APPROVED
    assert amendment.number == str(before + 1)
    expect(minister.locator("body")).to_contain_text(PARAGRAPH)
    _shot(minister, screenshot_dir, "03-approved", axe)

    # It is listed beside the letter, which is unchanged.
    department.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    expect(department.get_by_test_id("amendment-row")).to_have_count(1)
    expect(department.get_by_test_id("amendment-row")).to_contain_text(amendment.number)
    _shot(department, screenshot_dir, "04-campaign", axe)
