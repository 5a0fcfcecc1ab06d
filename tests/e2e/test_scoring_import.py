"""A bloc head replaces a new version's scoring items from Excel in Chromium: a file with a bad
row is refused with its Excel row number and changes nothing, the corrected file is previewed
with its totals and confirmed. Desktop and phone screenshots of the refused and the good
preview."""

from io import BytesIO

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from scoring.models import ScoringTable
from scoring.services.tables import scoring_table_new_version

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

SHEET = [
    ["No.", "Item", "Kind", "Maximum points", "Guidance"],
    [1, "Hoàn thành nhiệm vụ chuyên môn", "Cơ bản", 60, "Theo kế hoạch công tác năm"],
    [2, "Cải cách hành chính", "Cơ bản", 40, ""],
    [3, "Sáng kiến được công nhận cấp Bộ", "Điểm thưởng", 5, None],
    [4, "Vi phạm kỷ luật, kỷ cương hành chính", "Điểm trừ", 10, None],
]


def _workbook(path, rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = BytesIO()
    workbook.save(out)
    path.write_bytes(out.getvalue())
    return path


def _shot(page, screenshot_dir, name):
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(300)
        page.screenshot(path=screenshot_dir / f"scoring-import-{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_a_bloc_head_replaces_the_items_from_excel(
    demo, live_server, browser, sign_in, screenshot_dir, tmp_path
):
    table = ScoringTable.objects.get(group__code="KHOI-IV", year=2021)
    draft = scoring_table_new_version(table=table, actor=demo["unit_head"])
    items_before = list(draft.items.values_list("text", flat=True))
    page = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(page, "unit_head")
    page.goto(f"{live_server.url}/don-vi/cham-diem/{draft.pk}/nhap-excel/")

    bad = [*SHEET[:2], [2, "Cải cách hành chính", "khác", 40, ""], *SHEET[3:]]
    page.locator("input[type=file]").set_input_files(_workbook(tmp_path / "sai.xlsx", bad))
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("import-refused")).to_be_visible()
    expect(page.locator('[data-testid="bad-row"][data-row="3"]')).to_be_visible()
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    _shot(page, screenshot_dir, "01-refused")
    assert list(draft.items.values_list("text", flat=True)) == items_before

    page.locator("input[type=file]").set_input_files(_workbook(tmp_path / "dung.xlsx", SHEET))
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("preview-row")).to_have_count(4)
    expect(page.get_by_test_id("base-total")).to_have_text("100")
    _shot(page, screenshot_dir, "02-preview")
    page.get_by_test_id("confirm-import").click()
    page.wait_for_load_state()

    assert list(draft.items.order_by("position").values_list("text", flat=True)) == [
        row[1] for row in SHEET[1:]
    ]
