"""The error pages in the browser: Vietnamese, in the portal's layout, with a way back."""

import pytest
from playwright.sync_api import expect

from campaigns.models import Campaign
from registrations.models import Registration

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e


def shoot(page, screenshot_dir, name):
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=screenshot_dir / f"error-{name}-{size}.png", full_page=True)


def test_another_units_registration_is_not_found_and_back_returns(
    demo, live_server, page, sign_in, screenshot_dir
):
    registration, _ = Registration.objects.get_or_create(
        campaign=Campaign.objects.get(year=2021), unit=demo["unit_head"].portal_role.unit
    )
    sign_in(page, "unit_head2")
    home = page.url

    response = page.goto(f"{live_server.url}/dang-ky/{registration.pk}/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
    expect(page.get_by_test_id("logout")).to_be_visible()
    shoot(page, screenshot_dir, "404")
    page.get_by_role("link", name="Quay lại").click()
    expect(page).to_have_url(home)


def test_refusal_crash_and_expired_form(demo, live_server, page, sign_in, screenshot_dir, settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    sign_in(page, "unit_head")

    response = page.goto(f"{live_server.url}/thu-loi/tu-choi/")
    assert response.status == 403
    expect(page.get_by_test_id("error-detail")).to_contain_text("Chỉ Vụ Thi đua")
    shoot(page, screenshot_dir, "403")

    response = page.goto(f"{live_server.url}/thu-loi/hong/")
    assert response.status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text("Hệ thống gặp sự cố")
    shoot(page, screenshot_dir, "500")

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/don-vi/cua-toi/")
    # Another tab signed in again since: the page's token no longer matches the cookie.
    page.context.add_cookies([{"name": "csrftoken", "value": "x" * 32, "url": live_server.url}])
    page.get_by_test_id("logout").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Biểu mẫu đã hết hiệu lực")
    shoot(page, screenshot_dir, "csrf")
    page.get_by_role("link", name="Trang chủ").click()
    expect(page).to_have_url(f"{live_server.url}/don-vi/cua-toi/")
