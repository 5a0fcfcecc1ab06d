"""A unit head fills in the six-month results on a desktop and on a phone."""

import pytest
from playwright.sync_api import expect

from registrations.models import Period, Registration, Target
from registrations.services.registrations import registration_transition
from registrations.services.results import report_start
from registrations.workflow import Status

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e


def test_unit_head_sees_completion_while_typing(demo, live_server, page, sign_in, screenshot_dir):
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
    target = Target.objects.get(registration=registration, position=1)

    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.context.clear_cookies()
        page.set_viewport_size(viewport)
        sign_in(page, "unit_head2")
        page.goto(f"{live_server.url}{report.get_absolute_url()}")

        row = page.locator(f'[data-testid="result-row"][data-target="{target.pk}"]')
        row.locator(f'input[name="actual_{target.pk}"]').fill("60")
        expect(row.get_by_test_id("completion")).to_have_text("75,0 %")
        expect(page.get_by_test_id("submit-report")).to_be_disabled()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.screenshot(path=screenshot_dir / f"results-{name}.png", full_page=True)
