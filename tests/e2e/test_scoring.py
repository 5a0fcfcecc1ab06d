"""Scoring in a bloc, in two browsers: the head of Cục Viễn thám quốc gia (which heads Khối IV)
scores its own unit and sends it, checks two members (adjusting one item with a reason), the
Department checks the head's own unit, and the head records the acclamation by ballot, which
publishes the results and gives the minutes as a PDF. Desktop and phone screenshots of each
page; the minutes' first page as a PNG."""

import io
import shutil
import subprocess
import unicodedata
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from scoring.models import Acclamation, ItemKind, ItemScore, ScoringTable, UnitScore
from scoring.selectors import scoring_items
from scoring.workflow import ScoringStatus, UnitScoreStatus

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

REASON = "Chưa có minh chứng về việc hoàn thành kế hoạch cải cách hành chính năm 2021."


def _shot(page, screenshot_dir, name):
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(300)
        page.screenshot(path=screenshot_dir / f"scoring-{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def _decimal(value) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def test_self_score_check_with_a_reason_and_acclaim_the_leader(
    demo, live_server, browser, sign_in, screenshot_dir
):
    table = ScoringTable.objects.get(group__code="KHOI-IV", year=2021)
    items = scoring_items(table)
    head = browser.new_context(viewport=DESKTOP).new_page()
    reviewer = browser.new_context(viewport=DESKTOP).new_page()

    # The unit head opens the bloc's scoring from the unit's page.
    sign_in(head, "unit_head")
    head.get_by_test_id("my-group-scoring").click()
    head.wait_for_load_state()
    expect(head.get_by_test_id("member-score")).to_have_count(6)
    expect(head.get_by_test_id("acclaim-disabled")).to_be_visible()
    _shot(head, screenshot_dir, "01-bloc")

    # It scores its own unit, with evidence, and sends it to be checked.
    head.get_by_test_id("self-score").click()
    head.wait_for_load_state()
    for item in items:
        points = {ItemKind.BASE: item.max_points, ItemKind.BONUS: Decimal(2)}.get(item.kind)
        head.locator(f'input[name="points_{item.pk}"]').fill(_decimal(points or Decimal(0)))
    head.locator(f'textarea[name="evidence_{items[0].pk}"]').fill(
        "Báo cáo tổng kết năm 2021, số 125/BC-VTQG ngày 15/12/2021."
    )
    expect(head.locator("[data-live-total]")).to_have_text("104")
    _shot(head, screenshot_dir, "02-self-score")
    head.get_by_test_id("send-self-score").click()
    head.wait_for_load_state()
    expect(head.get_by_test_id("unit-score-status")).to_have_attribute("data-status", "submitted")
    expect(head.get_by_test_id("unit-total")).to_have_text("104")
    _shot(head, screenshot_dir, "03-own-score")

    # As the bloc's head it checks the two members waiting, lowering one item with a reason.
    head.goto(f"{live_server.url}/don-vi/cham-diem/{table.pk}/")
    expect(head.locator('[data-unit="CVTQG"] [data-testid="check-score"]')).to_have_count(0)
    head.locator('[data-unit="CQLTNN"] [data-testid="check-score"]').click()
    head.wait_for_load_state()
    second = items[1]
    own = ItemScore.objects.get(
        unit_score__table=table, unit_score__unit__code="CQLTNN", item=second
    ).self_points
    head.locator(f'input[name="adjusted_{second.pk}"]').fill(_decimal(own - 1))
    head.locator(f'textarea[name="reason_{second.pk}"]').fill(REASON)
    _shot(head, screenshot_dir, "04-check")
    head.get_by_test_id("save-check").click()
    head.wait_for_load_state()
    expect(head.locator(".alert-success")).to_be_visible()
    head.locator('[data-unit="TTQHTNN"] [data-testid="check-score"]').click()
    head.wait_for_load_state()
    head.get_by_test_id("save-check").click()
    head.wait_for_load_state()
    expect(head.locator('[data-unit="CQLTNN"] [data-testid="adjusted"]')).to_be_visible()

    # The Department checks the head's own unit.
    sign_in(reviewer, "reviewer")
    reviewer.goto(f"{live_server.url}/don-vi/cham-diem/{table.pk}/")
    reviewer.locator('[data-unit="CVTQG"] [data-testid="check-score"]').click()
    reviewer.wait_for_load_state()
    reviewer.get_by_test_id("save-check").click()
    reviewer.wait_for_load_state()
    expect(reviewer.locator('[data-unit="CVTQG"]')).to_have_attribute("data-status", "checked")

    # Every score checked: the head records the acclamation by ballot.
    head.reload()
    head.get_by_test_id("acclaim").click()
    head.wait_for_load_state()
    head.locator("#id_ballots_for").fill("5")
    head.locator("#id_ballots_total").fill("6")
    head.locator("#id_place").fill(
        "Hội trường tầng 5, Cục Viễn thám quốc gia, số 83 Nguyễn Chí Thanh, Hà Nội"
    )
    head.locator("#id_held_on").fill("20/12/2021")
    head.locator("#id_secretary").fill("Trần Thị Bình")
    head.locator("#id_secretary_position").fill("Chánh Văn phòng Cục Viễn thám quốc gia")
    _shot(head, screenshot_dir, "05-acclamation")
    head.get_by_test_id("record-acclamation").click()
    head.wait_for_load_state()
    expect(head.get_by_test_id("table-status")).to_have_attribute("data-status", "published")
    expect(head.get_by_test_id("acclaimed-leader")).to_have_text("Cục Viễn thám quốc gia")
    expect(head.get_by_test_id("ballots")).to_have_text("5/6")
    _shot(head, screenshot_dir, "06-published")

    table.refresh_from_db()
    assert table.status == ScoringStatus.PUBLISHED
    acclamation = Acclamation.objects.get(table=table)
    assert (acclamation.leader.code, acclamation.recorded_by.username) == ("CVTQG", "unit_head")
    checked = ItemScore.objects.get(
        unit_score__table=table, unit_score__unit__code="CQLTNN", item=second
    )
    assert (checked.adjusted_points, checked.adjustment_reason) == (own - 1, REASON)
    assert set(UnitScore.objects.filter(table=table).values_list("status", flat=True)) == {
        UnitScoreStatus.CHECKED
    }

    # The minutes, as the head downloads them; their first page as a picture.
    pdf = head.request.get(f"{live_server.url}/don-vi/cham-diem/{table.pk}/bien-ban.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    path = screenshot_dir / "scoring-minutes.pdf"
    path.write_bytes(pdf.body())
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.body())).pages)
    text = " ".join(unicodedata.normalize("NFC", text).split())
    assert "BIÊN BẢN" in text and "KHỐI THI ĐUA IV" in text and "5/6 phiếu" in text
    if shutil.which("pdftoppm") is None:  # poppler-utils: only for looking at the page
        return
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(path),
            str(screenshot_dir / "scoring-minutes-page1"),
        ],
        check=True,
    )
    assert (screenshot_dir / "scoring-minutes-page1.png").stat().st_size > 0
