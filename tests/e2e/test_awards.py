"""From proposal to decision in the browser: the unit head proposes titles from the approved
registration and reads why one fails; the Department forwards; the council's ballot is
recorded and published; the Minister's decision is recorded and its PDF rendered."""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from awards.models import CouncilSession, Decision, Proposal
from units.models import PersonTitle, PersonYear

from ..awards.awards_setup import approved_registration
from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e


def _shot(page, screenshot_dir, name):
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(300)
        page.screenshot(path=screenshot_dir / f"awards-{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_proposal_council_and_decision(demo, live_server, browser, sign_in, screenshot_dir):
    arranged = approved_registration(demo, cstd_bo=True)
    weak = arranged.staff[-1]
    PersonYear.objects.filter(person=weak, year=2021).update(rating="completed")
    head = browser.new_context(viewport=DESKTOP).new_page()
    reviewer = browser.new_context(viewport=DESKTOP).new_page()

    # The unit head starts the proposal from the unit's page and saves what the editor offers.
    sign_in(head, "unit_head")
    head.get_by_test_id("open-proposals").click()
    head.get_by_test_id("start-proposal").click()
    head.wait_for_load_state()
    expect(head.get_by_test_id("proposal-form")).to_be_visible()
    _shot(head, screenshot_dir, "01-editor")
    head.get_by_test_id("save-proposal").click()

    # The year-end check explains why the person rated "completed" cannot be LĐTT.
    failing = head.locator('[data-testid="finding-error"][data-code="ldtt_rating_too_low"]')
    expect(failing).to_contain_text(weak.full_name)
    expect(failing.get_by_test_id("finding-source")).to_contain_text("Nghị định 91/2017/NĐ-CP")
    expect(head.get_by_test_id("submit-proposal")).to_be_disabled()
    _shot(head, screenshot_dir, "02-failing-rule")

    # The head takes that title out, and sends the proposal.
    head.get_by_test_id("edit-proposal").click()
    head.wait_for_load_state()
    head.locator(
        f'[data-testid="person-row"][data-person="{weak.pk}"] input[type=checkbox]'
    ).uncheck()
    head.get_by_test_id("save-proposal").click()
    expect(head.get_by_test_id("rules-ok")).to_be_visible()
    head.get_by_test_id("submit-proposal").click()
    expect(head.get_by_test_id("proposal-status")).to_have_class(re.compile("status-submitted"))
    proposal = Proposal.objects.get(unit=arranged.unit)
    assert proposal.status == "submitted"

    # The Department forwards it to the council.
    sign_in(reviewer, "reviewer")
    reviewer.get_by_test_id("nav-awards").click()
    reviewer.locator(f'[data-testid="proposal-row"][data-unit="{arranged.unit.code}"] a').click()
    reviewer.wait_for_load_state()
    _shot(reviewer, screenshot_dir, "03-department-check")
    reviewer.get_by_test_id("forward-proposal").click()
    expect(reviewer.get_by_test_id("proposal-status")).to_have_class(re.compile("status-forwarded"))

    # A session: the proposal on the agenda, the ballot on the CSTĐ cấp Bộ, the results out.
    reviewer.get_by_test_id("tab-council").click()
    reviewer.wait_for_load_state()
    form = reviewer.get_by_test_id("session-form")
    form.locator("input[name=held_on]").fill("10/01/2022")
    form.get_by_test_id("create-session").click()
    reviewer.wait_for_load_state()
    reviewer.get_by_test_id("agenda-form").get_by_label(arranged.unit.name).check()
    reviewer.get_by_test_id("add-to-agenda").click()
    reviewer.wait_for_load_state()
    row = reviewer.get_by_test_id("ballot-row")
    expect(row).to_have_count(1)
    row.locator("input").fill("9")
    reviewer.get_by_test_id("record-ballots").click()
    expect(reviewer.get_by_test_id("ballot-row")).to_have_attribute("data-passed", "1")
    expect(reviewer.get_by_test_id("ballot-percent")).to_have_text("100")
    reviewer.get_by_test_id("close-session").click()
    expect(reviewer.get_by_test_id("published-note")).to_be_visible()
    _shot(reviewer, screenshot_dir, "04-council")
    session = CouncilSession.objects.get()
    ballot = session.ballots.get()
    assert (ballot.members_count, ballot.approvals, ballot.passed) == (9, 9, True)
    minutes = reviewer.request.get(
        f"{live_server.url}/phong-trao/hoi-dong/{session.pk}/bien-ban.pdf"
    )
    assert minutes.headers["content-type"] == "application/pdf"

    # The Minister's decision is recorded; the titles enter the history.
    reviewer.get_by_test_id("tab-decisions").click()
    reviewer.get_by_test_id("new-decision").click()
    reviewer.wait_for_load_state()
    decision_form = reviewer.get_by_test_id("decision-form")
    decision_form.locator("input[name=number]").fill("123/QĐ-BTNMT")
    decision_form.locator("input[name=signed_on]").fill("15/01/2022")
    _shot(reviewer, screenshot_dir, "05-decision-form")
    reviewer.get_by_test_id("issue-decision").click()
    expect(reviewer.get_by_test_id("decision-number")).to_have_text("123/QĐ-BTNMT")
    # LĐTT and CSTĐCS are the unit head's: listed on the page, not in the Minister's decision.
    expect(reviewer.get_by_test_id("left-to-unit-head")).to_be_visible()
    _shot(reviewer, screenshot_dir, "06-decision")
    decision = Decision.objects.get()
    assert PersonTitle.objects.filter(
        person=arranged.candidate, title__code="CSTD_BO", year=2021, decision_number=decision.number
    ).exists()
    assert not PersonTitle.objects.filter(person=weak, year=2021).exists()

    pdf = reviewer.request.get(
        f"{live_server.url}/phong-trao/quyet-dinh/{decision.pk}/quyet-dinh.pdf"
    )
    assert pdf.headers["content-type"] == "application/pdf"
    pdf_path = screenshot_dir / "awards-decision.pdf"
    pdf_path.write_bytes(pdf.body())
    if shutil.which("pdftoppm") is not None:  # poppler-utils: only for looking at the pages
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "2",
                str(pdf_path),
                str(screenshot_dir / "awards-decision-page"),
            ],
            check=True,
        )

    # The unit head sees the titles awarded and finds them in the award history.
    head.reload()
    expect(head.get_by_test_id("item-awarded").first).to_be_visible()
    head.get_by_test_id("tab-history").click()
    head.wait_for_load_state()
    head.get_by_test_id("history-q").fill(arranged.candidate.full_name)
    head.get_by_test_id("history-q").press("Enter")
    expect(
        head.locator('[data-testid="history-row"][data-year="2021"][data-title="CSTD_BO"]')
    ).to_be_visible()
    _shot(head, screenshot_dir, "07-history")
