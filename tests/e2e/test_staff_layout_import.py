"""A unit head uploads the staff's titles as a list in the unit's own layout (title rows, STT,
a two-row header with a grid of x, names typed in TCVN3) in Chromium: the preview shows how each
column was read and the converted cells, and the confirmation writes the titles. Desktop and
phone screenshots of the preview."""

import pytest
from playwright.sync_api import expect

from registrations.models import IndividualTitleAim, Registration
from registrations.selectors.registrations import unit_staff
from tests.sheet_files import SIGNATURES, TITLE_ROWS, to_tcvn3, xlsx

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e


def _shot(page, screenshot_dir, name):
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(300)
        page.screenshot(
            path=screenshot_dir / f"staff-layout-import-{name}-{label}.png", full_page=True
        )
    page.set_viewport_size(DESKTOP)


def test_a_unit_head_imports_a_list_in_the_units_own_layout(
    demo, live_server, browser, sign_in, screenshot_dir, tmp_path
):
    registration = Registration.objects.get(unit=demo["unit_head2"].portal_role.unit)
    first, second = list(unit_staff(registration.unit))[1:3]
    rows = [
        *TITLE_ROWS,
        ["STT", to_tcvn3("Họ và tên"), to_tcvn3("Năm sinh"), "Danh hiệu đăng ký", None],
        [None, None, None, "LĐTT", "CSTĐCS"],
        [1, to_tcvn3(first.full_name), first.birth_date.year, "x", "x"],
        [2, to_tcvn3(second.full_name), second.birth_date.year, "x", None],
        *SIGNATURES,
    ]
    merges = ["A1:E1", "A2:E2", "A4:E4", "A6:A7", "B6:B7", "C6:C7", "D6:E6"]
    path = tmp_path / "danh-sach-dang-ky.xlsx"
    path.write_bytes(xlsx(rows, merges=merges))
    page = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(page, "unit_head2")
    page.goto(f"{live_server.url}/dang-ky/{registration.pk}/nhap-excel/")

    page.locator("input[type=file]").set_input_files(path)
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("column-mapping")).to_be_visible()
    expect(page.get_by_test_id("mapped-column")).to_have_count(5)
    expect(page.locator('[data-testid="conversion"][data-cell="B8"]')).to_contain_text(
        first.full_name
    )
    _shot(page, screenshot_dir, "01-preview")
    page.get_by_test_id("confirm-import").click()
    page.wait_for_load_state()

    aims = set(
        IndividualTitleAim.objects.filter(
            registration=registration, person__in=[first, second]
        ).values_list("person_id", "title__code")
    )
    assert {(first.pk, "LDTT"), (first.pk, "CSTDCS"), (second.pk, "LDTT")} <= aims
    assert (second.pk, "CSTDCS") not in aims


def test_a_unit_head_corrects_a_columns_reading_on_the_preview(
    demo, live_server, browser, sign_in, screenshot_dir, tmp_path, axe
):
    """ "Cán bộ" is not a header the reader knows: the head says it holds the full name,
    the file is read again, and the import goes through."""
    registration = Registration.objects.get(unit=demo["unit_head2"].portal_role.unit)
    aiming = set(
        IndividualTitleAim.objects.filter(registration=registration).values_list(
            "person_id", flat=True
        )
    )
    first, second = [p for p in unit_staff(registration.unit) if p.pk not in aiming][:2]
    rows = [
        *TITLE_ROWS,
        ["STT", "Cán bộ", "Ngày sinh", "Danh hiệu thi đua"],
        [1, first.full_name, first.birth_date.strftime("%d/%m/%Y"), "LĐTT"],
        [2, second.full_name, second.birth_date.strftime("%d/%m/%Y"), "LĐTT"],
    ]
    path = tmp_path / "danh-sach-phong.xlsx"
    path.write_bytes(xlsx(rows))
    page = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(page, "unit_head2")
    page.goto(f"{live_server.url}/dang-ky/{registration.pk}/nhap-excel/")
    page.locator("input[type=file]").set_input_files(path)
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("import-refused")).to_be_visible()
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)

    column_b = page.locator('[data-testid="mapped-column"][data-column="B"]')
    column_b.get_by_test_id("column-placing").select_option("full_name")
    _shot(page, screenshot_dir, "02-correct-a-column")
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        axe(page, f"import preview, mapping form ({viewport['width']} px)")
    page.get_by_test_id("remap-submit").click()

    expect(page.get_by_test_id("layout-remembered")).to_be_visible()
    expect(page.get_by_test_id("import-refused")).to_have_count(0)
    _shot(page, screenshot_dir, "03-read-again")
    page.get_by_test_id("confirm-import").click()
    page.wait_for_load_state()
    aims = set(
        IndividualTitleAim.objects.filter(
            registration=registration, person__in=[first, second]
        ).values_list("person_id", "title__code")
    )
    assert {(first.pk, "LDTT"), (second.pk, "LDTT")} <= aims


def test_a_unit_head_adds_a_newcomer_from_the_list_to_the_staff(
    demo, live_server, browser, sign_in, screenshot_dir, tmp_path, axe
):
    from units.models import Person

    registration = Registration.objects.get(unit=demo["unit_head2"].portal_role.unit)
    rows = [
        *TITLE_ROWS,
        ["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Danh hiệu thi đua"],
        [1, "Đặng Thu Hương", "05/09/1994", "Chuyên viên", "LĐTT"],
    ]
    path = tmp_path / "can-bo-moi.xlsx"
    path.write_bytes(xlsx(rows))
    page = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(page, "unit_head2")
    page.goto(f"{live_server.url}/dang-ky/{registration.pk}/nhap-excel/")
    page.locator("input[type=file]").set_input_files(path)
    page.get_by_test_id("upload").click()

    newcomer = page.get_by_test_id("unknown-person")
    expect(newcomer).to_have_count(1)
    expect(newcomer).to_contain_text("Đặng Thu Hương")
    newcomer.get_by_test_id("add-to-staff").check()
    _shot(page, screenshot_dir, "04-newcomer")
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        axe(page, f"import preview, newcomer ({viewport['width']} px)")
    page.get_by_test_id("confirm-import").click()
    page.wait_for_load_state()

    person = Person.objects.get(unit=registration.unit, full_name="Đặng Thu Hương")
    assert IndividualTitleAim.objects.filter(
        registration=registration, person=person, title__code="LDTT"
    ).exists()
