"""Nothing a unit head typed is lost: leaving asks first, and "Attach" saves what was typed."""

import pytest
from playwright.sync_api import expect

from emulation_portal.pdf import render_pdf
from registrations.models import Period, Registration, Target, TargetResult
from registrations.services.registrations import registration_transition
from registrations.services.results import report_start
from registrations.workflow import Status

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e


def _open_results(demo):
    """unit_head2's six-month results, its first target planned at 80."""
    registration = Registration.objects.get(unit=demo["unit_head2"].portal_role.unit)
    Target.objects.filter(registration=registration, position=1).update(planned_value=80)
    registration_transition(
        registration=registration, to=Status.SUBMITTED, actor=demo["unit_head2"]
    )
    registration_transition(registration=registration, to=Status.APPROVED, actor=demo["reviewer"])
    registration.refresh_from_db()
    report = report_start(
        registration=registration, period=Period.SIX_MONTH, actor=demo["unit_head2"]
    )
    return report, Target.objects.get(registration=registration, position=1)


def _watch_dialogs(page):
    """Every dialog the page raises, by type; a "leave the page?" prompt is answered "stay"."""
    seen = []

    def answer(dialog):
        seen.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    return seen


def test_leaving_typed_results_asks_first_and_saving_does_not(demo, live_server, page, sign_in):
    report, target = _open_results(demo)
    url = f"{live_server.url}{report.get_absolute_url()}"
    registration_url = f"{live_server.url}{report.registration.get_absolute_url()}"
    sign_in(page, "unit_head2")
    dialogs = _watch_dialogs(page)
    breadcrumb = page.locator(".breadcrumb a").first

    # Nothing typed: the link leaves without a question.
    page.goto(url)
    breadcrumb.click()
    expect(page).to_have_url(registration_url)
    assert dialogs == []

    # Typed, then a link: the browser asks; "stay" keeps the page and what was typed.
    page.goto(url)
    actual = page.locator(f'input[name="actual_{target.pk}"]')
    actual.click()
    actual.fill("60")
    breadcrumb.click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(url)
    expect(actual).to_have_value("60")

    # Saved: leaving asks nothing.
    page.get_by_test_id("save-results").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu")
    assert dialogs == ["beforeunload"]
    page.locator(".breadcrumb a").first.click()
    expect(page).to_have_url(registration_url)
    assert dialogs == ["beforeunload"]
    assert TargetResult.objects.get(report=report, target=target).actual_value == 60


def test_attach_before_saving_keeps_what_was_typed(
    demo, live_server, page, sign_in, screenshot_dir, tmp_path
):
    report, target = _open_results(demo)
    sign_in(page, "unit_head2")
    dialogs = _watch_dialogs(page)

    for name, viewport, typed in (("desktop", DESKTOP, "60"), ("phone", PHONE, "70")):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}{report.get_absolute_url()}")
        row = page.locator(f'[data-testid="result-row"][data-target="{target.pk}"]')
        actual = row.locator(f'input[name="actual_{target.pk}"]')
        actual.click()
        actual.fill(typed)
        page.locator("#id_summary").fill(f"Tóm tắt kết quả ({name})")
        evidence = tmp_path / f"bien-ban-{name}.pdf"
        evidence.write_bytes(render_pdf(f"<p>Biên bản kiểm tra ({name})</p>"))
        upload = page.get_by_test_id("evidence-upload")
        upload.locator("input[type=file]").set_input_files(evidence)
        upload.get_by_label("Mô tả").fill("Biên bản kiểm tra")
        upload.get_by_role("button", name="Đính kèm").click()

        expect(page.get_by_test_id("evidence-list")).to_contain_text(f"bien-ban-{name}.pdf")
        expect(actual).to_have_value(f"{typed},00")
        expect(page.locator("#id_summary")).to_have_value(f"Tóm tắt kết quả ({name})")
        expect(row.get_by_test_id("completion")).to_have_text(
            "75,0 %" if typed == "60" else "87,5 %"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.screenshot(path=screenshot_dir / f"results-attach-{name}.png", full_page=True)

    assert dialogs == []  # sending the form is not leaving it
    assert TargetResult.objects.get(report=report, target=target).actual_value == 70
    report.refresh_from_db()
    assert report.summary == "Tóm tắt kết quả (phone)"
    assert sorted(report.evidence.values_list("original_name", flat=True)) == [
        "bien-ban-desktop.pdf",
        "bien-ban-phone.pdf",
    ]
