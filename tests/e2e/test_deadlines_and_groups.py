"""The Department moves the registration deadline, grants a late unit an extension, and follows
a bloc's members; the unit then submits late. Desktop and phone screenshots of each page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.selectors import campaign_current
from registrations.models import DeadlineExtension
from units.models import EmulationGroup, Unit

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

REASON = "Sở đang sáp nhập phòng chuyên môn, đề nghị gia hạn đăng ký."


def test_reviewer_moves_a_deadline_grants_an_extension_and_follows_a_bloc(
    demo, live_server, page, sign_in, screenshot_dir
):
    today = timezone.localdate()
    campaign = campaign_current()
    hni = Unit.objects.get(code="HNI")
    bloc = EmulationGroup.objects.get(code="KHOI-IV")  # Cục Viễn thám quốc gia's bloc

    def shot(name):
        for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            page.wait_for_timeout(300)  # let the new width lay out and paint before the shot
            page.screenshot(path=screenshot_dir / f"deadlines-{name}-{label}.png", full_page=True)
        page.set_viewport_size(DESKTOP)

    page.set_viewport_size(DESKTOP)
    sign_in(page, "reviewer")

    # The key dates: the registration deadline moves to two days ago.
    page.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    page.get_by_test_id("edit-key-dates").click()
    page.wait_for_load_state()
    shot("01-key-dates")
    past = (today - timedelta(days=2)).strftime("%d/%m/%Y")
    page.locator("#id_registration_deadline").fill(past)
    page.get_by_test_id("save-key-dates").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_test_id("key-date-change")).to_have_count(1)
    expect(page.get_by_test_id("key-date-change")).to_contain_text(past)
    campaign.refresh_from_db()
    assert campaign.registration_deadline == today - timedelta(days=2)

    # A bloc: its members that have not sent are now late.
    page.get_by_test_id("nav-groups").click()
    page.wait_for_load_state()
    expect(page.locator(f'[data-code="{bloc.code}"] [data-testid="group-late"]')).to_be_visible()
    shot("02-groups")
    page.locator(f'[data-code="{bloc.code}"] a').click()
    page.wait_for_load_state()
    expect(page.locator('[data-unit="CVTQG"] [data-testid="member-late"]')).to_be_visible()
    expect(page.get_by_test_id("rotation-year")).to_have_count(3)
    shot("03-bloc")

    # Hà Nội's Department gets until five days from now, then five more.
    page.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    page.get_by_test_id("open-extensions").click()
    page.wait_for_load_state()
    for days, reason in ((5, "Đề nghị của Sở ngày 02/03."), (10, REASON)):
        page.locator("#id_unit").select_option(str(hni.pk))
        page.locator("#id_until").fill((today + timedelta(days=days)).strftime("%d/%m/%Y"))
        page.locator("#id_reason").fill(reason)
        page.get_by_test_id("grant-extension").click()
        page.wait_for_load_state()
        expect(page.locator(".alert-success")).to_be_visible()
    extension = page.locator('[data-testid="extension"][data-unit="HNI"]')
    expect(extension.get_by_test_id("extension-until")).to_contain_text(
        (today + timedelta(days=10)).strftime("%d/%m/%Y")
    )
    extension.get_by_test_id("extension-history").locator("summary").click()
    expect(extension.get_by_test_id("extension-history")).to_contain_text("Đề nghị của Sở")
    shot("04-extensions")
    assert DeadlineExtension.objects.get(unit=hni).history.count() == 2

    # The unit, late but extended, sends its registration.
    page.context.clear_cookies()
    sign_in(page, "unit_head2")
    page.get_by_test_id("open-registration").click()
    page.wait_for_load_state()
    page.get_by_test_id("submit").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("registration-status")).to_have_text("Đã gửi")
