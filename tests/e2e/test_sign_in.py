"""Each demo account signs in through the browser and lands on its own home page."""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

HOMES = [
    ("unit_head", "/don-vi/cua-toi/", "Cục Viễn thám quốc gia"),
    ("unit_head2", "/don-vi/cua-toi/", "Sở Tài nguyên và Môi trường thành phố Hà Nội"),
    ("reviewer", "/tong-hop/", "Phong trào thi đua năm 2021"),
    ("minister", "/tong-hop/bao-cao/", "Báo cáo Bộ trưởng"),
    ("admin", "/admin/", "Cổng thi đua – Quản trị"),
]


@pytest.mark.parametrize(("username", "path", "heading"), HOMES)
def test_demo_account_signs_in_and_sees_its_home(
    demo, live_server, page, sign_in, screenshot_dir, username, path, heading
):
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.context.clear_cookies()
        page.set_viewport_size(viewport)

        sign_in(page, username)

        assert page.url == f"{live_server.url}{path}"
        expect(page.locator("h1, #site-name").first).to_contain_text(heading)
        page.screenshot(path=screenshot_dir / f"home-{username}-{name}.png", full_page=True)


def test_wrong_password_is_refused_in_vietnamese(demo, live_server, page, sign_in):
    sign_in(page, "unit_head", password="wrong-password")

    assert page.url.endswith("/dang-nhap/")
    expect(page.locator(".alert-danger, .invalid-feedback, .alert")).to_contain_text(
        "Tên đăng nhập"
    )


def test_campaign_page_shows_the_letter_and_downloads_the_pdf(
    demo, live_server, page, sign_in, screenshot_dir
):
    sign_in(page, "unit_head2")
    page.get_by_role("link", name="Xem công văn").click()
    expect(page.locator("article")).to_contain_text("III. Tiêu chí thi đua")
    page.screenshot(path=screenshot_dir / "campaign-letter-desktop.png", full_page=True)

    with page.expect_download() as download_info:
        page.get_by_test_id("download-letter").click()

    assert download_info.value.suggested_filename == "cong-van-phat-dong-thi-dua-2021.pdf"
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshot_dir / "campaign-letter-phone.png", full_page=True)


def test_five_wrong_passwords_show_when_to_try_again(
    demo, live_server, page, sign_in, screenshot_dir
):
    for attempt in range(5):
        sign_in(page, "reviewer", password=f"wrong-{attempt}")

    expect(page.get_by_test_id("locked-out")).to_contain_text("Đăng nhập tạm thời bị khóa")
    expect(page.get_by_test_id("locked-out")).to_contain_text("Vui lòng thử lại sau")
    page.screenshot(path=screenshot_dir / "sign-in-locked-out.png", full_page=True)

    page.get_by_role("link", name="Quên mật khẩu?").click()
    expect(page.locator("h1")).to_have_text("Đặt lại mật khẩu")


def test_unit_head_changes_the_password_from_the_menu(
    demo, live_server, page, sign_in, screenshot_dir
):
    sign_in(page, "unit_head")
    page.get_by_test_id("change-password").click()

    page.get_by_label("Mật khẩu cũ").fill("demo12345")
    page.locator("#id_new_password1").fill("Thidua-2026-moi")
    page.get_by_label("Xác nhận mật khẩu mới").fill("Thidua-2026-moi")
    page.screenshot(path=screenshot_dir / "password-change-desktop.png", full_page=True)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()

    expect(page.locator("h1")).to_contain_text("Đã đổi mật khẩu")
    page.get_by_test_id("logout").click()
    sign_in(page, "unit_head", password="Thidua-2026-moi")
    assert page.url == f"{live_server.url}/don-vi/cua-toi/"
