"""Proposals for commendation: made by the unit from its approved registration only, checked
against the year-end rules (shown with their legal sources), returned or forwarded by the
Department through the one state machine; every URL scoped to who may see it."""

import pathlib
import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Proposal, ProposalItem
from awards.selectors.proposals import proposal_facts, proposal_findings
from awards.services.proposals import (
    proposal_forward,
    proposal_return,
    proposal_save_items,
    proposal_start,
    proposal_submit,
    proposal_transition,
)
from awards.workflow import ProposalStatus
from campaigns.models import Campaign
from demo.heads import unit_head_account
from emulation_portal.exceptions import ApplicationError, InvalidTransition
from registrations.models import Initiative, InitiativeStatus, Registration
from registrations.services.registrations import registration_transition
from registrations.workflow import Status
from scoring.models import Acclamation, ScoringTable
from scoring.workflow import ScoringStatus
from units.models import PersonYear

from .awards_setup import approved_registration, started_proposal, titles

pytestmark = pytest.mark.django_db


def _codes(findings):
    return sorted({finding.code for finding in findings})


@pytest.fixture
def arranged(demo):
    return approved_registration(demo)


@pytest.fixture
def proposal(demo, arranged):
    return started_proposal(demo, arranged)


# --- from the approved registration ---------------------------------------------------------


def test_start_proposes_every_title_of_the_approved_registration(demo, arranged, client):
    client.force_login(demo["unit_head"])

    response = client.post(reverse("awards:proposal_start"))

    proposal = Proposal.objects.get(unit=arranged.unit, campaign=arranged.campaign)
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:proposal_edit", args=[proposal.pk])
    proposed = set(
        ProposalItem.objects.filter(proposal=proposal).values_list("person_id", "title__code")
    )
    expected = {(None, "TTLDXS")} | {(p.pk, "LDTT") for p in arranged.staff}
    expected |= {(p.pk, "CSTDCS") for p in arranged.fighters}
    assert proposed == expected
    assert proposal.registration == arranged.registration
    assert proposal.registration_version == arranged.registration.version == 1


def test_no_proposal_without_an_approved_registration(demo, client):
    client.force_login(demo["unit_head2"])  # Hà Nội: a draft registration
    registration = Registration.objects.get(unit=demo["unit_head2"].portal_role.unit)
    assert registration.status == Status.DRAFT

    response = client.post(reverse("awards:proposal_start"), follow=True)

    assert not Proposal.objects.filter(unit=registration.unit).exists()
    assert response.redirect_chain[-1][0] == reverse("awards:proposals")
    assert 'data-testid="no-approved-registration"' in response.content.decode()


def test_the_amended_registration_is_proposed_from_its_approved_version(demo, arranged):
    amending = registration_transition(
        registration=arranged.registration, to=Status.AMENDING, actor=demo["unit_head"]
    )
    # The amendment adds a title the Department has not approved yet.
    newcomer = arranged.staff[-1]
    amending.individual_titles.create(person=newcomer, title=titles()["CSTDCS"])

    proposal = started_proposal(demo, arranged)

    assert ProposalItem.objects.filter(proposal=proposal, person=newcomer).count() == 1
    assert not ProposalItem.objects.filter(
        proposal=proposal, person=newcomer, title__code="CSTDCS"
    ).exists()


def test_only_titles_of_the_approved_registration_can_be_proposed(demo, arranged, proposal):
    outsider = arranged.staff[-1]
    before = set(ProposalItem.objects.filter(proposal=proposal).values_list("pk", flat=True))

    with pytest.raises(ApplicationError):
        proposal_save_items(
            proposal=proposal,
            collective_title_ids=[],
            person_title_ids={outsider.pk: {titles()["CSTD_BO"].pk}},
            summary="",
            actor=demo["unit_head"],
        )

    assert (
        set(ProposalItem.objects.filter(proposal=proposal).values_list("pk", flat=True)) == before
    )


def test_the_editor_saves_what_is_ticked_and_records_who(demo, arranged, proposal, client):
    client.force_login(demo["unit_head"])
    dropped = arranged.staff[-1]
    data = {"summary": "Hoàn thành xuất sắc nhiệm vụ", "collective": [titles()["TTLDXS"].pk]}
    for item in ProposalItem.objects.filter(proposal=proposal, person__isnull=False):
        if item.person_id != dropped.pk:
            data.setdefault(f"person_{item.person_id}", []).append(item.title_id)

    response = client.post(reverse("awards:proposal_edit", args=[proposal.pk]), data)

    assert response.status_code == 302
    assert not ProposalItem.objects.filter(proposal=proposal, person=dropped).exists()
    deletion = ProposalItem.history.filter(person_id=dropped.pk, history_type="-").get()
    assert deletion.history_user == demo["unit_head"]
    proposal.refresh_from_db()
    assert proposal.summary == "Hoàn thành xuất sắc nhiệm vụ"


def test_the_editor_refuses_a_title_not_offered(demo, arranged, proposal, client):
    client.force_login(demo["unit_head"])
    count = ProposalItem.objects.filter(proposal=proposal).count()

    response = client.post(
        reverse("awards:proposal_edit", args=[proposal.pk]),
        {f"person_{arranged.staff[0].pk}": [titles()["CSTD_TQ"].pk]},
    )

    assert response.status_code == 400
    assert ProposalItem.objects.filter(proposal=proposal).count() == count


# --- the year-end rule checks ---------------------------------------------------------------


def test_arranged_proposal_breaks_no_rule(proposal):
    assert proposal_findings(proposal) == []


def test_rating_below_good_fails_ldtt_with_its_source_on_the_page(demo, arranged, proposal, client):
    person = arranged.staff[-1]
    PersonYear.objects.filter(person=person, year=2021).update(rating="completed")
    client.force_login(demo["unit_head"])

    page = client.get(proposal.get_absolute_url()).content.decode()

    assert _codes(proposal_findings(proposal)) == ["ldtt_rating_too_low"]
    assert 'data-code="ldtt_rating_too_low"' in page
    assert "Nghị định 91/2017/NĐ-CP, Điều 10" in page  # the rule set's source, as data
    assert (
        f'id="person-{person.pk}" data-person="{person.pk}" data-testid="person-with-errors"'
        in page
    )
    assert 'data-testid="submit-proposal" disabled' in page


def test_cstdcs_needs_an_initiative_recognised_by_decision(demo, arranged, proposal):
    Initiative.objects.filter(registration=arranged.registration).update(
        status=InitiativeStatus.APPLIED
    )

    findings = proposal_findings(proposal)

    assert _codes(findings) == ["cstdcs_needs_initiative"]
    assert {f.source for f in findings if f.code == "cstdcs_needs_initiative"} == {
        "Nghị định 91/2017/NĐ-CP, Điều 9 khoản 3"
    }


def test_ministry_flag_only_for_the_acclaimed_leader(demo, arranged):
    Registration.objects.filter(pk=arranged.registration.pk).update(
        approved_snapshot={
            **arranged.registration.approved_snapshot,
            "collective_titles": ["Tập thể lao động xuất sắc", "Cờ thi đua của Bộ"],
        }
    )
    proposal = started_proposal(demo, arranged)

    assert "ministry_flag_not_group_leader" in _codes(proposal_findings(proposal))

    # The unit's bloc publishes its results and acclaims it as its leader.
    table = ScoringTable.objects.get(
        group__memberships__unit=arranged.unit, group__memberships__year=2021, year=2021
    )
    ScoringTable.objects.filter(pk=table.pk).update(status=ScoringStatus.PUBLISHED)
    Acclamation.objects.create(
        table=table,
        leader=arranged.unit,
        method=table.method,
        threshold=table.threshold,
        ballots_for=6,
        ballots_total=6,
        held_on=date(2021, 12, 20),
        place="Hà Nội",
        chair="Nguyễn Văn An",
        secretary="Trần Thị Bình",
        attendees="Đại diện các đơn vị thành viên",
        recorded_by=demo["reviewer"],
    )
    assert "ministry_flag_not_group_leader" not in _codes(proposal_findings(proposal))


def test_facts_take_the_same_queries_for_a_small_and_a_large_unit(demo, arranged, proposal):
    other = Proposal.objects.exclude(pk=proposal.pk).select_related("registration__campaign")
    small = other.order_by("pk").first()
    assert small.items.count() != proposal.items.count()

    large = Proposal.objects.select_related("registration__campaign").get(pk=proposal.pk)

    with CaptureQueriesContext(connection) as first:
        proposal_facts(small)
    with CaptureQueriesContext(connection) as second:
        proposal_facts(large)

    assert len(first.captured_queries) == len(second.captured_queries)


# --- the workflow ---------------------------------------------------------------------------


def test_submit_is_refused_while_a_rule_is_broken(demo, arranged, proposal):
    PersonYear.objects.filter(person=arranged.fighters[0], year=2021).update(rating="")

    with pytest.raises(ApplicationError):
        proposal_submit(proposal=proposal, actor=demo["unit_head"])

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    assert not proposal.events.exists()


def test_submit_records_what_was_sent_with_who_and_when(demo, proposal, client):
    client.force_login(demo["unit_head"])

    client.post(reverse("awards:proposal_submit", args=[proposal.pk]))

    proposal.refresh_from_db()
    event = proposal.events.get()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.submitted_at is not None
    assert (event.from_status, event.to_status, event.actor) == (
        "draft",
        "submitted",
        demo["unit_head"],
    )
    assert len(event.snapshot) == proposal.items.count()


def test_department_returns_with_a_mandatory_comment(demo, proposal, client):
    proposal_submit(proposal=proposal, actor=demo["unit_head"])
    client.force_login(demo["reviewer"])

    client.post(reverse("awards:proposal_return", args=[proposal.pk]), {"note": "  "})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED

    client.post(reverse("awards:proposal_return", args=[proposal.pk]), {"note": "Bổ sung"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED
    assert proposal.decided_by == demo["reviewer"]
    assert proposal.events.first().note == "Bổ sung"

    client.force_login(demo["unit_head"])
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'data-testid="return-note"' in page
    assert "Bổ sung" in page
    assert 'data-testid="edit-proposal"' in page


def test_department_forwards_and_a_second_forward_applies_once(demo, proposal, client):
    proposal_submit(proposal=proposal, actor=demo["unit_head"])
    client.force_login(demo["reviewer"])

    client.post(reverse("awards:proposal_forward", args=[proposal.pk]))
    client.post(reverse("awards:proposal_forward", args=[proposal.pk]))

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.FORWARDED
    assert list(proposal.events.values_list("to_status", flat=True)) == ["forwarded", "submitted"]
    with pytest.raises(InvalidTransition):
        proposal_forward(proposal=proposal, actor=demo["reviewer"])


def test_forwarding_is_refused_when_a_fact_changed_and_breaks_a_rule(demo, arranged, proposal):
    proposal_submit(proposal=proposal, actor=demo["unit_head"])
    Initiative.objects.filter(registration=arranged.registration).update(recognition_number="")

    with pytest.raises(ApplicationError):
        proposal_forward(proposal=proposal, actor=demo["reviewer"])

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_a_returned_proposal_is_edited_and_sent_again(demo, proposal):
    proposal_submit(proposal=proposal, actor=demo["unit_head"])
    proposal_return(proposal=proposal, actor=demo["reviewer"], note="Bổ sung")

    proposal_submit(proposal=proposal, actor=demo["unit_head"])

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert list(proposal.events.values_list("to_status", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
    ]


@pytest.mark.parametrize(
    ("username", "to"),
    [
        ("unit_head", ProposalStatus.FORWARDED),
        ("unit_head", ProposalStatus.RETURNED),
        ("minister", ProposalStatus.FORWARDED),
        ("reviewer", ProposalStatus.SUBMITTED),
    ],
)
def test_the_state_machine_refuses_the_wrong_actor(demo, proposal, username, to):
    if to != ProposalStatus.SUBMITTED:
        proposal_submit(proposal=proposal, actor=demo["unit_head"])
    proposal.refresh_from_db()
    before = (proposal.status, proposal.events.count())

    with pytest.raises(PermissionDenied):
        proposal_transition(proposal=proposal, to=to, actor=demo[username], note="x")

    proposal.refresh_from_db()
    assert (proposal.status, proposal.events.count()) == before


def test_status_is_assigned_only_in_the_state_machine():
    project = pathlib.Path(__file__).resolve().parents[2]
    allowed = {
        "awards/services/proposals.py",
        "awards/services/council.py",
        "campaigns/services.py",
    }
    offenders = [
        path.relative_to(project).as_posix()
        for app in ("awards", "campaigns")
        for path in (project / app).rglob("*.py")
        if path.relative_to(project).as_posix() not in allowed
        and ".status = " in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


# --- who sees what --------------------------------------------------------------------------

PROPOSAL_URLS = [
    ("proposal_detail", "get"),
    ("proposal_edit", "get"),
    ("proposal_edit", "post"),
    ("proposal_submit", "post"),
    ("proposal_return", "post"),
    ("proposal_forward", "post"),
]


@pytest.mark.parametrize(("name", "method"), PROPOSAL_URLS)
def test_another_units_head_gets_404_and_nothing_changes(demo, proposal, client, name, method):
    client.force_login(demo["unit_head2"])
    before = (proposal.status, proposal.items.count(), proposal.events.count())

    response = getattr(client, method)(reverse(f"awards:{name}", args=[proposal.pk]), {"note": "x"})

    proposal.refresh_from_db()
    assert response.status_code == 404
    assert (proposal.status, proposal.items.count(), proposal.events.count()) == before


@pytest.mark.parametrize("name", ["proposal_return", "proposal_forward"])
def test_the_unit_head_cannot_take_the_departments_decisions(demo, proposal, client, name):
    proposal_submit(proposal=proposal, actor=demo["unit_head"])
    client.force_login(demo["unit_head"])

    response = client.post(reverse(f"awards:{name}", args=[proposal.pk]), {"note": "x"})

    proposal.refresh_from_db()
    assert response.status_code == 404
    assert proposal.status == ProposalStatus.SUBMITTED


@pytest.mark.parametrize(
    ("name", "method", "status"),
    [
        ("proposal_detail", "get", 200),
        ("proposal_edit", "get", 302),
        ("proposal_edit", "post", 302),
        ("proposal_submit", "post", 403),
        ("proposal_return", "post", 404),
        ("proposal_forward", "post", 404),
    ],
)
def test_the_minister_reads_only(demo, proposal, client, name, method, status):
    client.force_login(demo["minister"])
    before = (proposal.status, proposal.items.count())

    response = getattr(client, method)(reverse(f"awards:{name}", args=[proposal.pk]), {"note": "x"})

    proposal.refresh_from_db()
    assert response.status_code == status
    assert (proposal.status, proposal.items.count()) == before
    if name == "proposal_edit":
        assert response["Location"] == proposal.get_absolute_url()


def test_anonymous_is_sent_to_sign_in(proposal, client):
    response = client.get(proposal.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_unit_head_lists_only_the_units_own_proposal(demo, proposal, client):
    client.force_login(demo["unit_head"])

    page = client.get(reverse("awards:proposals")).content.decode()

    assert 'data-testid="open-proposal"' in page
    assert page.count('data-testid="proposal-row"') == 0
    other = Proposal.objects.exclude(pk=proposal.pk).first()
    assert other.get_absolute_url() not in page


@pytest.mark.parametrize("username", ["reviewer", "minister"])
def test_readers_list_every_proposal(demo, proposal, client, username):
    client.force_login(demo[username])

    page = client.get(reverse("awards:proposals")).content.decode()

    assert page.count('data-testid="proposal-row"') == Proposal.objects.count()
    assert f'data-unit="{proposal.unit.code}"' in page


def test_the_list_filters_by_status_and_text(demo, proposal, client):
    client.force_login(demo["reviewer"])

    by_status = client.get(reverse("awards:proposals"), {"status": "returned"}).content.decode()
    by_code = client.get(reverse("awards:proposals"), {"q": proposal.unit.code}).content.decode()

    assert (
        by_status.count('data-testid="proposal-row"')
        == Proposal.objects.filter(status="returned").count()
    )
    assert by_code.count('data-testid="proposal-row"') == 1


def _more_proposals(demo, count):
    campaign = Campaign.objects.get(year=2021)
    registrations = Registration.objects.filter(
        campaign=campaign, status=Status.APPROVED, proposals__isnull=True
    ).select_related("unit")[:count]
    for registration in registrations:
        head = unit_head_account(registration.unit)
        proposal_start(campaign=campaign, unit=registration.unit, actor=head)


def test_the_list_takes_the_same_queries_for_more_proposals(demo, client):
    client.force_login(demo["reviewer"])
    url = reverse("awards:proposals")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)

    _more_proposals(demo, 3)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)

    assert response.content.decode().count('data-testid="proposal-row"') == Proposal.objects.count()
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_page_takes_the_same_queries_for_a_small_and_a_large_proposal(demo, proposal, client):
    client.force_login(demo["reviewer"])
    small = Proposal.objects.exclude(pk=proposal.pk).order_by("pk").first()
    assert small.items.count() != proposal.items.count()

    with CaptureQueriesContext(connection) as first:
        client.get(small.get_absolute_url())
    with CaptureQueriesContext(connection) as second:
        client.get(proposal.get_absolute_url())

    assert len(first.captured_queries) == len(second.captured_queries)


def test_the_unit_page_leads_to_the_proposal_once_the_registration_is_approved(
    demo, arranged, client
):
    client.force_login(demo["unit_head"])
    approved = client.get(reverse("units:my_unit")).content.decode()
    client.force_login(demo["unit_head2"])
    draft = client.get(reverse("units:my_unit")).content.decode()

    assert 'data-testid="open-proposals"' in approved
    assert 'data-testid="open-proposals"' not in draft
    assert 'data-testid="nav-awards"' in approved
    assert 'data-testid="nav-awards"' in draft


def test_the_list_is_paged_and_the_pages_keep_the_filter(demo, proposal, client, monkeypatch):
    from awards.views import proposals as proposal_views

    monkeypatch.setattr(proposal_views, "PROPOSALS_PER_PAGE", 2)
    client.force_login(demo["reviewer"])
    total = Proposal.objects.count()
    assert total > 2

    pages = [
        client.get(reverse("awards:proposals"), {"page": n}).content.decode()
        for n in range(1, (total + 1) // 2 + 1)
    ]

    rows = [re.findall(r'data-testid="proposal-row" data-unit="([^"]+)"', page) for page in pages]
    assert [len(page_rows) for page_rows in rows[:-1]] == [2] * (len(rows) - 1)
    assert sorted(code for page_rows in rows for code in page_rows) == sorted(
        Proposal.objects.values_list("unit__code", flat=True)
    )

    # The page links keep the filter.
    monkeypatch.setattr(proposal_views, "PROPOSALS_PER_PAGE", 1)
    status = "forwarded"  # the demo forwards two proposals
    assert Proposal.objects.filter(status=status).count() >= 2
    first = client.get(reverse("awards:proposals"), {"status": status}).content.decode()
    assert f"status={status}&amp;page=2" in first
    assert first.count('data-testid="proposal-row"') == 1
