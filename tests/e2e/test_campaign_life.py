"""A campaign's life in the browser: the Department copies 2021 into a new year, changes a
criterion and a date, sends it; the Minister approves; the Department launches it and closes
the old campaign, which stays readable from the dashboard's switch; before that, a unit head
finds the new campaign on the landing page, with the launch's notice, and starts registering.
axe-core checks each page."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from campaigns.models import Campaign, CampaignStatus
from registrations.models import Registration

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

CRITERION = "Hoàn thành 100% nhiệm vụ chuyên môn được giao trong năm 2027."


def _shot(page, screenshot_dir, name, axe):
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(300)
        page.screenshot(path=screenshot_dir / f"campaign-{name}-{label}.png", full_page=True)
        axe(page, f"{name} ({label})")
    page.set_viewport_size(DESKTOP)


def test_copy_edit_send_approve_launch_and_close(
    demo, live_server, browser, sign_in, screenshot_dir, axe
):
    department = browser.new_context(viewport=DESKTOP).new_page()
    minister = browser.new_context(viewport=DESKTOP).new_page()

    # The Department copies 2021 into 2027 from the campaigns' list.
    sign_in(department, "reviewer")
    department.goto(f"{live_server.url}/phong-trao/")
    department.get_by_test_id("create-campaign").click()
    copy_form = department.get_by_test_id("copy-form")
    copy_form.locator("select[name=source]").select_option(label="Phong trào thi đua năm 2021")
    copy_form.locator("input[name=year]").fill("2027")
    _shot(department, screenshot_dir, "01-create", axe)
    department.get_by_test_id("copy-campaign").click()
    expect(department.get_by_test_id("draft-form")).to_be_visible()
    campaign = Campaign.objects.get(year=2027)

    # It changes the first criterion and the registration deadline, and saves.
    department.locator("#id_criteria-0-text").fill(CRITERION)
    department.locator("#id_registration_deadline").fill("31/03/2027")
    department.get_by_test_id("save-draft").click()
    expect(department.locator(".alert-success")).to_be_visible()
    expect(department.get_by_test_id("letter-preview")).to_contain_text(CRITERION)
    _shot(department, screenshot_dir, "02-editor", axe)

    # It sends the draft for approval.
    department.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    department.get_by_test_id("submit-campaign").click()
    expect(department.locator(".alert-success")).to_be_visible()
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.SUBMITTED

    # The Minister reads the letter and approves it; the number comes from the register.
    sign_in(minister, "minister")
    minister.goto(f"{live_server.url}{campaign.get_absolute_url()}")
    minister.get_by_test_id("decide-campaign").click()
    minister.locator("#id_issued_on").fill("05/01/2027")
    _shot(minister, screenshot_dir, "03-decide", axe)
    minister.get_by_test_id("approve-campaign").click()
    expect(minister.locator(".alert-success")).to_be_visible()
    approved = Campaign.objects.get(pk=campaign.pk)
    assert approved.status == CampaignStatus.APPROVED
    assert (approved.number, approved.issued_on) == ("1", date(2027, 1, 5))
    assert approved.approved_by == demo["minister"]

    # The Department launches it.
    department.reload()
    department.once("dialog", lambda dialog: dialog.accept())
    department.get_by_test_id("launch-campaign").click()
    expect(department.locator(".alert-success")).to_be_visible()
    launched = Campaign.objects.get(pk=campaign.pk)
    assert launched.status == CampaignStatus.LAUNCHED
    assert launched.registration_deadline == date(2027, 3, 31)
    assert launched.criteria.filter(text=CRITERION).exists()
    expect(department.get_by_test_id("campaign-event")).to_have_count(3)
    _shot(department, screenshot_dir, "04-launched", axe)

    # A unit head finds it on the landing page, with the launch's notice, and starts registering.
    head = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(head, "unit_head")
    head.goto(f"{live_server.url}/don-vi/cua-toi/")
    expect(head.get_by_test_id("notices")).to_contain_text(launched.name)
    expect(head.get_by_test_id("unread-notices")).to_be_visible()
    expect(head.locator(".theme-banner")).to_contain_text(launched.name)
    expect(head.get_by_test_id("other-campaigns")).to_contain_text("Phong trào thi đua năm 2021")
    _shot(head, screenshot_dir, "04a-unit-head-landing", axe)
    notice = head.get_by_test_id("notices").locator("li").filter(has_text=launched.name)
    unread = head.get_by_test_id("unread-notices").inner_text()
    notice.get_by_role("button").click()
    expect(notice.get_by_role("button")).to_have_count(0)
    assert head.get_by_test_id("unread-notices").count() == 0 or (
        head.get_by_test_id("unread-notices").inner_text() != unread
    )
    head.get_by_test_id("start-registration").click()
    expect(head).to_have_url(re.compile(r"/dang-ky/\d+/sua/$"))
    registration = Registration.objects.get(campaign=launched, unit__code="CVTQG")
    assert registration.status == "draft"
    _shot(head, screenshot_dir, "04b-unit-head-registers", axe)

    # 2027 is now the current campaign; the Department closes 2021, after a confirmation.
    old = Campaign.objects.get(year=2021)
    department.goto(f"{live_server.url}{old.get_absolute_url()}")
    department.once("dialog", lambda dialog: dialog.dismiss())
    department.get_by_test_id("close-campaign").click()
    assert Campaign.objects.get(pk=old.pk).status == CampaignStatus.LAUNCHED  # dismissed
    department.once("dialog", lambda dialog: dialog.accept())
    department.get_by_test_id("close-campaign").click()
    expect(department.locator(".alert-success")).to_be_visible()
    assert Campaign.objects.get(pk=old.pk).status == CampaignStatus.CLOSED

    # The dashboard opens on 2027; its switch shows 2021, closed and read-only.
    department.goto(f"{live_server.url}/tong-hop/")
    expect(department.locator("h1")).to_have_text(launched.name)
    switch = department.get_by_test_id("campaign-switch")
    switch.locator("select").select_option(str(old.pk))
    switch.get_by_role("button").click()
    expect(department.locator("h1")).to_have_text(old.name)
    expect(department.get_by_test_id("campaign-closed")).to_be_visible()
    assert f"phong_trao={old.pk}" in department.url
    _shot(department, screenshot_dir, "05-closed-on-dashboard", axe)

    # The rule sets the years are checked against, by name.
    department.goto(f"{live_server.url}/phong-trao/bo-quy-tac/")
    expect(department.get_by_test_id("rule-set")).to_have_count(3)  # A_2017, B_2024 and C_2025
    _shot(department, screenshot_dir, "06-rule-sets", axe)
