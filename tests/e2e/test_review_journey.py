"""The review journey with two browsers: the unit head submits, a specialist of the Department
returns it with comments, the unit head fixes and resubmits, the specialist approves."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from registrations.models import Registration
from registrations.workflow import Status

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

NOTE = "Đề nghị bổ sung số lượng cụ thể cho chỉ tiêu thứ nhất."
ITEM_COMMENT = "Ghi rõ số bộ dữ liệu sẽ cung cấp trong năm."


def _count(page, live_server, status):
    page.goto(f"{live_server.url}/tong-hop/")
    return int(page.get_by_test_id(f"stat-{status}").get_by_test_id("count").inner_text())


def _shot(page, screenshot_dir, name):
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(300)
        page.screenshot(path=screenshot_dir / f"review-{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_return_with_comments_fix_resubmit_and_approve(
    demo, live_server, browser, sign_in, screenshot_dir
):
    head = browser.new_context(viewport=DESKTOP).new_page()
    reviewer = browser.new_context(viewport=DESKTOP).new_page()
    mail.outbox.clear()

    # The unit head starts, saves the ready target rows and submits.
    sign_in(head, "unit_head")
    head.get_by_test_id("start-registration").click()
    head.locator("#id_targets-0-planned_value").fill("100")
    head.locator("#id_targets-0-measure").fill("bộ dữ liệu")
    head.get_by_test_id("save-draft").click()
    expect(head.locator(".alert-success")).to_be_visible()
    registration = Registration.objects.get(unit=demo["unit_head"].portal_role.unit)
    head.goto(f"{live_server.url}{registration.get_absolute_url()}")
    head.get_by_test_id("submit").click()
    expect(head.get_by_test_id("registration-status")).to_have_text("Đã gửi")

    # The specialist's dashboard counts the submission; the queue opens on their own units.
    sign_in(reviewer, "reviewer")
    submitted, approved = (_count(reviewer, live_server, s) for s in ("submitted", "approved"))
    reviewer.goto(f"{live_server.url}/dang-ky/tham-dinh/")
    row = reviewer.locator(f'[data-testid="queue-row"][data-unit="{registration.unit.code}"]')
    expect(row).to_be_visible()
    _shot(reviewer, screenshot_dir, "01-queue")

    # Return with a comment and a comment beside the first target.
    row.get_by_role("link").first.click()
    expect(reviewer.locator("h1")).to_contain_text("2021")
    first_target = reviewer.get_by_test_id("review-target").first
    first_target.locator("summary").click()
    first_target.locator("textarea").fill(ITEM_COMMENT)
    reviewer.get_by_test_id("review-form").locator("textarea[name=note]").fill(NOTE)
    _shot(reviewer, screenshot_dir, "02-review-page")
    reviewer.get_by_test_id("return").click()
    expect(reviewer.get_by_test_id("registration-status")).to_have_text("Trả lại để chỉnh sửa")

    # The unit head sees the comments beside what they concern, fixes and resubmits.
    head.reload()
    expect(head.get_by_test_id("review-note")).to_contain_text(NOTE)
    expect(head.get_by_test_id("item-comment")).to_contain_text(ITEM_COMMENT)
    head.goto(f"{live_server.url}/dang-ky/{registration.pk}/sua/")
    head.locator("#id_targets-0-description").fill(
        "Cung cấp 120 bộ dữ liệu ảnh viễn thám cho các bộ, ngành và địa phương"
    )
    head.get_by_test_id("save-draft").click()
    expect(head.locator(".alert-success")).to_be_visible()
    head.goto(f"{live_server.url}{registration.get_absolute_url()}")
    head.get_by_test_id("submit").click()
    expect(head.get_by_test_id("registration-status")).to_have_text("Đã gửi")

    # The specialist sees what changed since the first submission and approves.
    reviewer.reload()
    changes = reviewer.get_by_test_id("version-changes")
    expect(changes.locator('[data-kind="~"]')).to_contain_text("Cung cấp 120 bộ dữ liệu")
    _shot(reviewer, screenshot_dir, "03-changes")
    reviewer.get_by_test_id("approve").click()
    expect(reviewer.get_by_test_id("registration-status")).to_have_text("Đã phê duyệt")
    assert _count(reviewer, live_server, "approved") == approved + 1
    assert _count(reviewer, live_server, "submitted") == submitted - 1
    _shot(reviewer, screenshot_dir, "04-dashboard")

    head.reload()
    expect(head.get_by_test_id("registration-status")).to_have_text("Đã phê duyệt")
    registration.refresh_from_db()
    assert registration.status == Status.APPROVED
    # Both decisions reached the unit head and the unit's mailbox, in Vietnamese, with a link.
    head_email = demo["unit_head"].email
    assert all({head_email, registration.unit.email} <= set(m.to) for m in mail.outbox)
    assert len(mail.outbox) == 2
    returned, approved_mail = mail.outbox
    assert NOTE in returned.body and ITEM_COMMENT in returned.body
    assert "trả lại" in returned.subject.lower() and "phê duyệt" in approved_mail.subject.lower()
    assert f"/dang-ky/{registration.pk}/" in approved_mail.body
    assert [e.to_status for e in registration.events.order_by("created_at", "id")] == [
        Status.SUBMITTED,
        Status.RETURNED,
        Status.SUBMITTED,
        Status.APPROVED,
    ]
