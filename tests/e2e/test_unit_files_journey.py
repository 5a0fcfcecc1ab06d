"""The pages of a unit's own files (issue 16) in Chromium: the unit head keeps the unit's
sub-units (adds one, renames it), and imports the staff's past titles from the unit's own list
(title rows, STT, a combined decision column), previews it and confirms. axe-core checks each
page, desktop and phone."""

import datetime

import pytest
from playwright.sync_api import expect

from registrations.selectors.registrations import unit_staff
from tests.sheet_files import SIGNATURES, TITLE_ROWS, xlsx
from units.models import PersonTitle, SubUnit

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e


def _shot(page, screenshot_dir, name, axe):
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(300)
        page.screenshot(path=screenshot_dir / f"unit-files-{name}-{label}.png", full_page=True)
        axe(page, f"{name} ({label})")
    page.set_viewport_size(DESKTOP)


def test_the_unit_head_adds_and_renames_a_sub_unit(
    demo, live_server, browser, sign_in, screenshot_dir, axe
):
    unit = demo["unit_head2"].portal_role.unit
    page = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(page, "unit_head2")
    page.goto(f"{live_server.url}/don-vi/cua-toi/")
    page.get_by_test_id("my-sub-units").click()
    expect(page).to_have_url(f"{live_server.url}/don-vi/{unit.pk}/tap-the/")
    _shot(page, screenshot_dir, "01-sub-units", axe)

    add = page.get_by_test_id("add-sub-unit")
    add.locator("input[name=new-name]").fill("Phòng Quan trắc môi trường")
    add.locator("select[name=new-kind]").select_option("office")
    add.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    sub_unit = SubUnit.objects.get(unit=unit, name="Phòng Quan trắc môi trường")
    row = page.locator(f'[data-testid="sub-unit-list"] tr[data-sub-unit-id="{sub_unit.pk}"]')
    expect(row.locator(f"input[name=s{sub_unit.pk}-name]")).to_have_value(sub_unit.name)
    _shot(page, screenshot_dir, "02-added", axe)

    row.locator(f"input[name=s{sub_unit.pk}-name]").fill("Trung tâm Quan trắc môi trường")
    row.locator(f"select[name=s{sub_unit.pk}-kind]").select_option("centre")
    row.get_by_test_id(f"save-sub-unit-{sub_unit.pk}").click()
    expect(page.locator(".alert-success")).to_be_visible()
    sub_unit.refresh_from_db()
    assert (sub_unit.name, sub_unit.kind) == ("Trung tâm Quan trắc môi trường", "centre")
    expect(row.locator(f"input[name=s{sub_unit.pk}-name]")).to_have_value(sub_unit.name)
    _shot(page, screenshot_dir, "03-renamed", axe)


def test_the_unit_head_imports_past_titles_from_the_units_own_list(
    demo, live_server, browser, sign_in, screenshot_dir, tmp_path, axe
):
    unit = demo["unit_head2"].portal_role.unit
    staff = list(unit_staff(unit))
    names = [p.full_name.casefold() for p in staff]
    first, second = [p for p in staff if names.count(p.full_name.casefold()) == 1][:2]
    rows = [
        *TITLE_ROWS,
        ["STT", "Họ và tên", "Ngày sinh", "Danh hiệu", "Năm", "Số, ngày quyết định"],
        [1, first.full_name, first.birth_date.strftime("%d/%m/%Y"), "LĐTT", 2010,
         "12/QĐ-STNMT ngày 20/12/2010"],
        [2, second.full_name, second.birth_date.strftime("%d/%m/%Y"), "CSTĐCS", 2011,
         "5/QĐ-STNMT ngày 05/01/2012"],
        *SIGNATURES,
    ]  # fmt: skip
    path = tmp_path / "lich-su-danh-hieu.xlsx"
    path.write_bytes(xlsx(rows, merges=["A1:F1", "A2:F2", "A4:F4"]))

    page = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(page, "unit_head2")
    page.goto(f"{live_server.url}/don-vi/cua-toi/")
    page.get_by_test_id("import-history").click()
    expect(page).to_have_url(f"{live_server.url}/don-vi/cua-toi/lich-su/nhap-excel/")
    _shot(page, screenshot_dir, "04-history-upload", axe)

    page.get_by_test_id("upload-form").locator("input[type=file]").set_input_files(path)
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("import-kind")).to_have_attribute("data-kind", "titles_history")
    expect(page.get_by_test_id("import-refused")).to_have_count(0)
    expect(page.get_by_test_id("rows-read")).to_have_text("2")
    expect(page.get_by_test_id("records-new")).to_have_text("2")
    expect(page.get_by_test_id("record-row")).to_have_count(2)
    expect(
        page.locator(f'[data-testid="record-row"][data-person-id="{first.pk}"]')
    ).to_contain_text("12/QĐ-STNMT")
    assert not PersonTitle.objects.filter(person__in=[first, second], year__in=(2010, 2011))
    _shot(page, screenshot_dir, "05-history-preview", axe)

    page.get_by_test_id("confirm-import").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success")).to_be_visible()
    titles = set(
        PersonTitle.objects.filter(person__in=[first, second], year__in=(2010, 2011)).values_list(
            "person_id", "title__code", "year", "decision_number", "decision_date"
        )
    )
    assert titles == {
        (first.pk, "LDTT", 2010, "12/QĐ-STNMT", datetime.date(2010, 12, 20)),
        (second.pk, "CSTDCS", 2011, "5/QĐ-STNMT", datetime.date(2012, 1, 5)),
    }
    _shot(page, screenshot_dir, "06-history-imported", axe)
