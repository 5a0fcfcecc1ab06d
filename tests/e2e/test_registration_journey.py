"""The unit head's whole journey in the browser: register, import, fix a rule, submit, answer a
return, and report the six-month results with an evidence file."""

import re
from datetime import date

import openpyxl
import pytest
from playwright.sync_api import expect

from emulation_portal.pdf import render_pdf
from registrations.models import Registration
from registrations.services.registrations import registration_transition
from registrations.workflow import Status
from units.models import Person, PersonYear

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

RETURN_NOTE = "Đề nghị đơn vị nêu rõ chỉ tiêu về ứng dụng viễn thám."
TARGET_COMMENT = "Chỉ tiêu này cần có số lượng cụ thể."


def _prepare_unit(unit):
    """A known starting point: nobody disciplined, one newcomer recruited in June 2021."""
    PersonYear.objects.filter(person__unit=unit, year=2021).update(discipline="")
    staff = Person.objects.filter(unit=unit, is_unit_head=False).order_by("full_name")
    staff.filter(recruited_on__year__gte=2021).update(recruited_on=date(2015, 3, 1))
    newcomer = staff.last()
    newcomer.recruited_on = date(2021, 6, 1)
    newcomer.save()
    return newcomer


def test_unit_head_registers_fixes_submits_answers_a_return_and_reports_results(
    demo, live_server, page, sign_in, screenshot_dir, tmp_path
):
    unit = demo["unit_head"].portal_role.unit
    newcomer = _prepare_unit(unit)

    def shot(name):
        for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            page.wait_for_timeout(300)  # let the new width lay out and paint before the shot
            page.screenshot(path=screenshot_dir / f"journey-{name}-{label}.png", full_page=True)
        page.set_viewport_size(DESKTOP)

    page.set_viewport_size(DESKTOP)
    sign_in(page, "unit_head")
    expect(page.get_by_test_id("registration-status")).to_have_text("Chưa bắt đầu")
    shot("01-my-unit")

    # Start: one target row per collective criterion is ready to fill.
    page.get_by_test_id("start-registration").click()
    expect(page.locator("h1")).to_contain_text("Đăng ký thi đua năm 2021")
    page.locator("#id_targets-0-planned_value").fill("12,5")
    page.get_by_label("Tập thể lao động xuất sắc").check()
    expect(page.locator('[data-code="ttldxs_ldtt_share_too_low"]')).to_be_visible()

    # A member aims for CSTĐCS without LĐTT or an initiative: the rule says why, with its source.
    row = page.locator("tr[data-person-id]").nth(1)
    name = row.locator("th").inner_text().strip()
    row.get_by_label("Chiến sĩ thi đua cơ sở").check()
    expect(page.locator('[data-code="cstdcs_needs_initiative"]')).to_contain_text(name)
    expect(page.locator('[data-code="cstdcs_needs_ldtt"]')).to_contain_text(
        "Nghị định 91/2017/NĐ-CP"
    )
    expect(row).to_have_class(re.compile("table-danger"))
    shot("02-rule-message")

    # Fix it: LĐTT, and an initiative by that person.
    row.get_by_label("Lao động tiên tiến").check()
    page.get_by_role("button", name="Thêm sáng kiến").click()
    page.locator("#id_initiatives-0-title").fill("Tự động hóa xử lý ảnh viễn thám Sentinel-2")
    page.locator("#id_initiatives-0-field").fill("Viễn thám")
    page.locator("#id_initiatives-0-authors").select_option(label=name)
    page.locator("#id_initiatives-0-description").fill(
        "Quy trình tự động tiền xử lý và phân loại ảnh, rút ngắn thời gian cung cấp dữ liệu."
    )
    expect(page.locator('[data-code="cstdcs_needs_initiative"]')).to_have_count(0)
    expect(row).not_to_have_class(re.compile("table-danger"))
    page.get_by_test_id("save-draft").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu")

    # The staff's LĐTT through the Excel template: download, fill, upload, preview, confirm.
    page.get_by_test_id("open-import").click()
    with page.expect_download() as download:
        page.get_by_test_id("download-template").click()
    workbook_path = tmp_path / "mau.xlsx"
    download.value.save_as(workbook_path)
    workbook = openpyxl.load_workbook(workbook_path)
    sheet = workbook.worksheets[0]
    column = next(i for i, cell in enumerate(sheet[1]) if "[LDTT]" in str(cell.value))
    for cells in sheet.iter_rows(min_row=2):
        cells[column].value = "x"
    workbook.save(workbook_path)
    page.locator("input[type=file]").set_input_files(workbook_path)
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("preview-table")).to_be_visible()
    expect(page.get_by_test_id("import-counts")).to_be_visible()
    shot("03-import-preview")
    page.get_by_test_id("confirm-import").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã nhập danh hiệu")

    # The newcomer cannot be LĐTT (Decree 91/2017, Art. 9): untick, and the errors are gone.
    expect(page.locator('[data-code="ldtt_recruited_too_recently"]')).to_contain_text(
        newcomer.full_name
    )
    newcomer_row = page.locator(f'tr[data-person-id="{newcomer.pk}"]')
    expect(newcomer_row).to_have_class(re.compile("table-danger"))
    newcomer_row.get_by_label("Lao động tiên tiến").uncheck()
    expect(page.get_by_test_id("error-count")).to_have_text("0 lỗi")
    page.get_by_test_id("save-draft").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu")

    # Submit from the registration page; it is then read-only.
    registration = Registration.objects.get(unit=unit)
    page.goto(f"{live_server.url}{registration.get_absolute_url()}")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("registration-status")).to_have_text("Đã gửi")
    expect(page.get_by_test_id("submit")).to_have_count(0)
    shot("04-submitted")

    # The Department returns it with a comment on the first target (its screens come later).
    first_target = registration.targets.order_by("position").first()
    registration_transition(
        registration=registration,
        to=Status.RETURNED,
        actor=demo["reviewer"],
        note=RETURN_NOTE,
        item_comments=[{"target": first_target, "text": TARGET_COMMENT}],
    )
    page.reload()
    expect(page.get_by_test_id("review-note")).to_contain_text(RETURN_NOTE)
    expect(page.get_by_test_id("item-comment")).to_contain_text(TARGET_COMMENT)
    page.goto(f"{live_server.url}/dang-ky/{registration.pk}/sua/")
    expect(page.get_by_test_id("item-comment")).to_contain_text(TARGET_COMMENT)
    shot("05-returned")
    page.locator("#id_targets-0-description").fill(
        "Cung cấp 120 bộ dữ liệu ảnh viễn thám phục vụ quản lý tài nguyên và môi trường"
    )
    page.get_by_test_id("save-draft").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu")
    page.goto(f"{live_server.url}{registration.get_absolute_url()}")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("registration-status")).to_have_text("Đã gửi")

    # Approved: the six-month results against the approved targets, with an evidence file.
    registration_transition(registration=registration, to=Status.APPROVED, actor=demo["reviewer"])
    page.reload()
    expect(page.get_by_test_id("registration-status")).to_have_text("Đã phê duyệt")
    page.get_by_test_id("results-six_month").get_by_test_id("start-results").click()
    page.wait_for_load_state()  # the page's script computes completion as one types
    result = page.get_by_test_id("result-row").first
    result.locator("input[name^=actual_]").fill("10")
    expect(result.get_by_test_id("completion")).to_have_text("80,0 %")
    page.get_by_test_id("save-results").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu")
    evidence = tmp_path / "bien-ban-nghiem-thu.pdf"
    evidence.write_bytes(render_pdf("<p>Biên bản nghiệm thu sản phẩm viễn thám 6 tháng</p>"))
    upload = page.get_by_test_id("evidence-upload")
    upload.locator("input[type=file]").set_input_files(evidence)
    upload.get_by_role("button", name="Đính kèm").click()
    expect(page.get_by_test_id("evidence-item")).to_contain_text("bien-ban-nghiem-thu.pdf")
    page.get_by_test_id("submit-report").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã gửi")
    shot("06-results-submitted")

    report = registration.progress_reports.get()
    assert report.status == Status.SUBMITTED
    assert report.evidence.get().original_name == "bien-ban-nghiem-thu.pdf"
    assert report.results.get(target=first_target).completion_percent == 80
