"""The council: a session with all its members, the proposals on its agenda, the secret ballot
on the titles that need it (approvals out of ALL members against the rule set's threshold),
publication, corrections as new acts, the minutes as a PDF, and who may do what."""

import io
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from awards.documents import minutes_pdf
from awards.models import AgendaItem, Ballot, CouncilMember, CouncilRole, CouncilSession, Proposal
from awards.selectors.proposals import council_rule
from awards.services.council import (
    ballot_passes,
    council_agenda_add,
    council_agenda_remove,
    council_attendance_set,
    council_ballots_record,
    council_session_close,
    council_session_create,
)
from awards.workflow import ProposalStatus, SessionStatus
from emulation_portal.exceptions import ApplicationError
from tests.letter_text import normalise
from tests.pdf_layout import layout_pages, line_with, page_of

from .awards_setup import (
    approved_registration,
    forwarded_proposal,
    issue,
    session_with,
    vote_item,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(demo):
    return forwarded_proposal(demo, approved_registration(demo, cstd_bo=True))


@pytest.fixture
def ten_members(db):
    """The demo's nine members and a tenth, so that 90% is exactly 9 approvals."""
    CouncilMember.objects.create(
        full_name="Lương Thị Thảo",
        position="Vụ trưởng Vụ Pháp chế",
        role=CouncilRole.MEMBER,
        order=10,
    )


@pytest.fixture
def session(demo, proposal, ten_members):
    return session_with(demo, [proposal])


def _record(demo, session, item, approvals, reason=""):
    return council_ballots_record(
        session=session, approvals={item.pk: approvals}, actor=demo["reviewer"], reason=reason
    )


def test_the_rule_set_of_2021_needs_90_percent_for_cstd_bo_and_cstd_tq(demo):
    rule = council_rule(Proposal.objects.first().campaign)

    assert rule.rule_set_code == "A_2017"
    assert rule.threshold_percent == Decimal(90)
    assert rule.vote_titles == {"CSTD_BO", "CSTD_TQ"}
    assert rule.source == "Nghị định 91/2017/NĐ-CP, Điều 45 khoản 8"


def test_a_session_lists_every_active_member_with_the_threshold(demo, session):
    CouncilMember.objects.create(full_name="Đã nghỉ", position="x", is_active=False)

    assert session.members.count() == 10
    assert list(session.members.values_list("full_name", flat=True)[:1]) == ["Phạm Quang Vinh"]
    assert (session.rule_set_code, session.threshold_percent) == ("A_2017", Decimal(90))
    assert session.created_by == demo["reviewer"]


@pytest.mark.parametrize(
    ("members", "approvals", "passed"),
    [(10, 9, True), (10, 8, False), (9, 9, True), (9, 8, False), (20, 18, True), (20, 17, False)],
)
def test_the_threshold_is_reached_at_exactly_90_percent(members, approvals, passed):
    assert ballot_passes(approvals, members, Decimal(90)) is passed


@pytest.mark.parametrize(
    ("approvals", "percent", "passed"), [(9, "90.00", True), (8, "80.00", False)]
)
def test_a_ballot_stores_members_approvals_percentage_and_threshold(
    demo, session, proposal, approvals, percent, passed
):
    _record(demo, session, vote_item(proposal), approvals)

    ballot = Ballot.objects.get(session=session)
    assert (ballot.members_count, ballot.approvals) == (10, approvals)
    assert ballot.percent == Decimal(percent)
    assert ballot.threshold_percent == Decimal(90)
    assert ballot.passed is passed
    assert ballot.recorded_by == demo["reviewer"]


def test_the_percentage_is_of_all_members_not_of_those_present(demo, session, proposal):
    absent = list(session.members.order_by("-order")[:3])
    council_attendance_set(
        session=session,
        present_ids=session.members.exclude(pk__in=[m.pk for m in absent]).values_list(
            "pk", flat=True
        ),
        actor=demo["reviewer"],
    )

    _record(demo, session, vote_item(proposal), 7)  # every member present approves

    ballot = Ballot.objects.get(session=session)
    assert session.members.filter(present=True).count() == 7
    assert (ballot.members_count, ballot.percent, ballot.passed) == (10, Decimal("70.00"), False)


def test_approvals_above_the_members_are_refused(demo, session, proposal):
    with pytest.raises(ApplicationError):
        _record(demo, session, vote_item(proposal), 11)

    assert not Ballot.objects.filter(session=session).exists()


def test_only_titles_on_the_agenda_that_need_the_ballot_are_voted(demo, session, proposal):
    ldtt = proposal.items.filter(title__code="LDTT").first()

    with pytest.raises(ApplicationError):
        _record(demo, session, ldtt, 10)


def test_before_publication_a_recount_replaces_the_ballot_with_its_history(demo, session, proposal):
    item = vote_item(proposal)
    _record(demo, session, item, 8)

    _record(demo, session, item, 9)

    ballot = Ballot.objects.get(session=session)
    assert (ballot.approvals, ballot.passed) == (9, True)
    assert list(ballot.history.order_by("history_date").values_list("approvals", flat=True)) == [
        8,
        9,
    ]


def test_publication_needs_a_ballot_for_every_title_that_needs_one(demo, session, proposal):
    with pytest.raises(ApplicationError):
        council_session_close(session=session, actor=demo["reviewer"])

    _record(demo, session, vote_item(proposal), 9)
    session = council_session_close(session=session, actor=demo["reviewer"])

    assert session.status == SessionStatus.CLOSED
    assert (session.closed_by, session.closed_at is not None) == (demo["reviewer"], True)


def test_after_publication_a_different_count_is_a_new_correction_with_its_reason(
    demo, session, proposal
):
    item = vote_item(proposal)
    _record(demo, session, item, 9)
    council_session_close(session=session, actor=demo["reviewer"])
    published = Ballot.objects.get(session=session)

    with pytest.raises(ApplicationError):
        _record(demo, session, item, 8)
    _record(demo, session, item, 8, reason="Kiểm phiếu lại: một phiếu không hợp lệ")

    published.refresh_from_db()
    correction = Ballot.objects.get(corrects=published)
    assert (published.approvals, published.passed) == (9, True)  # untouched
    assert (correction.approvals, correction.passed) == (8, False)
    assert correction.reason == "Kiểm phiếu lại: một phiếu không hợp lệ"
    assert list(Ballot.objects.filter(session=session, correction__isnull=True)) == [correction]


def test_a_published_session_refuses_agenda_and_attendance_changes(demo, session, proposal):
    _record(demo, session, vote_item(proposal), 9)
    council_session_close(session=session, actor=demo["reviewer"])

    with pytest.raises(ApplicationError):
        council_agenda_remove(session=session, proposal=proposal, actor=demo["reviewer"])
    with pytest.raises(ApplicationError):
        council_attendance_set(session=session, present_ids=[], actor=demo["reviewer"])

    assert AgendaItem.objects.filter(session=session).count() == 1
    assert session.members.filter(present=True).count() == 10


def test_a_ballot_cannot_be_corrected_once_the_minister_has_decided(demo, session, proposal):
    item = vote_item(proposal)
    _record(demo, session, item, 10)
    council_session_close(session=session, actor=demo["reviewer"])
    issue(demo, [proposal])

    with pytest.raises(ApplicationError):
        _record(demo, session, item, 5, reason="Sai")

    assert Ballot.objects.filter(item=item).count() == 1


def test_only_forwarded_proposals_go_on_an_agenda_and_only_once(demo, session, proposal):
    draft = Proposal.objects.filter(status=ProposalStatus.DRAFT).first()
    other = council_session_create(
        campaign=proposal.campaign, held_on=session.held_on, place="x", actor=demo["reviewer"]
    )

    with pytest.raises(ApplicationError):
        council_agenda_add(session=session, proposals=[draft], actor=demo["reviewer"])
    with pytest.raises(ApplicationError):
        council_agenda_add(session=other, proposals=[proposal], actor=demo["reviewer"])

    assert list(AgendaItem.objects.values_list("session_id", flat=True)) == [session.pk]


def test_a_voted_proposal_stays_on_the_agenda(demo, session, proposal):
    _record(demo, session, vote_item(proposal), 9)

    with pytest.raises(ApplicationError):
        council_agenda_remove(session=session, proposal=proposal, actor=demo["reviewer"])


# --- pages ------------------------------------------------------------------------------------


def test_the_department_records_the_ballots_on_the_session_page(demo, session, proposal, client):
    client.force_login(demo["reviewer"])
    item = vote_item(proposal)

    page = client.get(session.get_absolute_url()).content.decode()
    response = client.post(
        reverse("awards:council_ballot", args=[session.pk]), {f"approvals_{item.pk}": "9"}
    )

    assert f'data-item="{item.pk}"' in page
    assert response.status_code == 302
    ballot = Ballot.objects.get(item=item)
    assert (ballot.approvals, ballot.members_count, ballot.passed) == (9, 10, True)
    page = client.get(session.get_absolute_url()).content.decode()
    assert 'data-passed="1"' in page
    assert "90" in page.split('data-testid="ballot-percent">')[1][:20]


def test_the_department_opens_a_session_and_builds_its_agenda(demo, proposal, client):
    client.force_login(demo["reviewer"])

    response = client.post(
        reverse("awards:council_create"), {"held_on": "10/01/2022", "place": "Phòng họp A"}
    )
    session = CouncilSession.objects.get()
    client.post(reverse("awards:council_agenda", args=[session.pk]), {"proposals": [proposal.pk]})

    assert response["Location"] == session.get_absolute_url()
    assert session.held_on.isoformat() == "2022-01-10"
    assert list(session.agenda.values_list("proposal_id", flat=True)) == [proposal.pk]


COUNCIL_WRITES = ["council_agenda", "council_attendance", "council_ballot", "council_close"]


@pytest.mark.parametrize(
    "name",
    ["councils", "council_detail", "council_minutes_pdf", "council_create", *COUNCIL_WRITES],
)
@pytest.mark.parametrize("username", ["unit_head", "unit_head2"])
def test_unit_heads_get_404_on_every_council_page(demo, session, proposal, client, name, username):
    client.force_login(demo[username])
    args = [] if name in ("councils", "council_create") else [session.pk]
    before = (session.status, AgendaItem.objects.count(), Ballot.objects.count())

    response = client.post(reverse(f"awards:{name}", args=args), {"remove": proposal.pk})
    if name in ("councils", "council_detail", "council_minutes_pdf"):
        response = client.get(reverse(f"awards:{name}", args=args))

    session.refresh_from_db()
    assert response.status_code == 404
    assert (session.status, AgendaItem.objects.count(), Ballot.objects.count()) == before


@pytest.mark.parametrize("name", COUNCIL_WRITES)
def test_the_minister_reads_the_council_but_records_nothing(demo, session, proposal, client, name):
    client.force_login(demo["minister"])
    item = vote_item(proposal)

    assert client.get(session.get_absolute_url()).status_code == 200
    response = client.post(
        reverse(f"awards:{name}", args=[session.pk]),
        {f"approvals_{item.pk}": "9", "remove": proposal.pk},
    )

    session.refresh_from_db()
    assert response.status_code == 403
    assert (session.status, AgendaItem.objects.count(), Ballot.objects.count()) == (
        SessionStatus.PREPARING,
        1,
        0,
    )


def test_the_session_list_takes_the_same_queries_for_more_sessions(demo, session, client):
    client.force_login(demo["reviewer"])
    url = reverse("awards:councils")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)

    for day in (11, 12, 13):
        council_session_create(
            campaign=session.campaign,
            held_on=session.held_on.replace(day=day),
            place="x",
            actor=demo["reviewer"],
        )
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()

    assert page.count('data-testid="session-row"') == 4
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_session_page_takes_the_same_queries_for_a_longer_agenda(
    demo, session, proposal, client
):
    # The Minister's page: the Department's also lists the proposals awaiting an agenda,
    # one query when there are any, none when there are none.
    client.force_login(demo["minister"])
    client.get(session.get_absolute_url())
    with CaptureQueriesContext(connection) as small:
        client.get(session.get_absolute_url())

    for forwarded in Proposal.objects.filter(
        status=ProposalStatus.FORWARDED, agenda_item__isnull=True
    ):
        council_agenda_add(session=session, proposals=[forwarded], actor=demo["reviewer"])
    with CaptureQueriesContext(connection) as large:
        page = client.get(session.get_absolute_url()).content.decode()

    assert page.count('data-testid="agenda-item"') == 3
    assert len(large.captured_queries) == len(small.captured_queries)


# --- the minutes ----------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return normalise(" ".join(page.extract_text() for page in reader.pages))


def test_the_minutes_pdf_holds_members_results_and_threshold(demo, session, proposal):
    absent = session.members.order_by("-order").first()
    council_attendance_set(
        session=session,
        present_ids=session.members.exclude(pk=absent.pk).values_list("pk", flat=True),
        actor=demo["reviewer"],
    )
    board = list(session.members.filter(present=True).order_by("-order")[:3])
    council_attendance_set(
        session=session,
        present_ids=session.members.exclude(pk=absent.pk).values_list("pk", flat=True),
        actor=demo["reviewer"],
        board_ids=[member.pk for member in board],
        ballots_returned=10,
        ballots_valid=10,
    )
    _record(demo, session, vote_item(proposal), 9)
    session = council_session_close(session=session, actor=demo["reviewer"])
    candidate = vote_item(proposal).person
    pdf = minutes_pdf(session)
    if os.environ.get("MINUTES_PDF_OUT"):
        Path(os.environ["MINUTES_PDF_OUT"]).write_bytes(pdf)

    text = _pdf_text(pdf)

    for part in [
        "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
        "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 10 tháng 01 năm 2022",
        "BIÊN BẢN",
        "10 thành viên Hội đồng; có mặt 9, vắng mặt 1",
        "Phạm Quang Vinh",
        "Lương Thị Thảo",
        "từ 90% trở lên tổng số thành viên Hội đồng",
        "Nghị định 91/2017/NĐ-CP, Điều 45 khoản 8",
        candidate.full_name,
        "Chiến sĩ thi đua cấp Bộ",
        "10 9 90 Đạt",
        "THƯ KÝ",
        "CHỦ TỊCH HỘI ĐỒNG",
    ]:
        assert part in text, part
    assert "Dự thảo" not in text
    # The counting board by name, elected among the members present.
    board_line = text.split("Ban kiểm phiếu:")[1].split("2. Số phiếu")[0]
    for member in board:
        assert f"{member.full_name}, {member.position}" in board_line
    assert absent.full_name not in board_line
    # The ballots per title, and the result per candidate.
    assert "phiếu phát ra 10" in text
    assert "phiếu thu về 10; phiếu hợp lệ 10; phiếu không hợp lệ 0" in text
    assert (
        "Danh hiệu “Chiến sĩ thi đua cấp Bộ”: 1 trường hợp; phiếu phát ra 10, "
        "phiếu thu về 10, phiếu hợp lệ 10"
    ) in text
    assert f"{candidate.full_name}, {proposal.unit.name} 10 9 90 Đạt" in text
    # The conclusion: the balloted title and every title that needed no ballot.
    conclusion = text.split("IV. Kết luận")[1]
    assert (
        "Danh hiệu “Chiến sĩ thi đua cấp Bộ” (bỏ phiếu kín): công nhận 1 trường hợp đạt từ 90% "
        f"trở lên tổng số thành viên Hội đồng đồng ý: {candidate.full_name}, "
        f"{proposal.unit.name} (90%)"
    ) in conclusion
    others = proposal.items.exclude(title__code__in=council_rule(proposal.campaign).vote_titles)
    assert others.exists()
    for item in others.select_related("title"):
        assert (
            f"Danh hiệu “{item.title.name}” (không thuộc diện bỏ phiếu kín; Hội đồng xem xét hồ sơ và "
            "biểu quyết công khai)"
        ) in conclusion
    # The number and the place and date sit level; the signers share the conclusion's page.
    pages = layout_pages(pdf)
    assert "Hà Nội, ngày 10 tháng 01 năm 2022" in line_with(pages, "Số:")[1]
    assert page_of(pages, "CHỦ TỊCH HỘI ĐỒNG") == page_of(pages, "thông qua tại cuộc họp./.")


def test_the_counting_board_is_elected_among_the_members_present(demo, session):
    absent = session.members.order_by("-order").first()
    present = session.members.exclude(pk=absent.pk).values_list("pk", flat=True)

    with pytest.raises(ApplicationError):
        council_attendance_set(
            session=session,
            present_ids=present,
            actor=demo["reviewer"],
            board_ids=[absent.pk],
        )
    with pytest.raises(ApplicationError):
        council_attendance_set(
            session=session,
            present_ids=present,
            actor=demo["reviewer"],
            board_ids=[],
            ballots_returned=9,
            ballots_valid=10,
        )
    with pytest.raises(ApplicationError):
        council_attendance_set(
            session=session,
            present_ids=present,
            actor=demo["reviewer"],
            board_ids=[],
            ballots_returned=11,
        )


def test_the_department_elects_the_counting_board_on_the_session_page(demo, session, client):
    client.force_login(demo["reviewer"])
    members = list(session.members.order_by("order"))
    page = client.get(reverse("awards:council_detail", args=[session.pk]))
    assert b'data-testid="counting-board"' in page.content

    response = client.post(
        reverse("awards:council_attendance", args=[session.pk]),
        {
            "present": [m.pk for m in members],
            "counting_board": [m.pk for m in members[-3:]],
            "ballots_returned": "10",
            "ballots_valid": "9",
        },
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.ballots_returned, session.ballots_valid) == (10, 9)
    assert {m.pk for m in session.members.filter(on_counting_board=True)} == {
        m.pk for m in members[-3:]
    }


def test_the_minutes_are_a_draft_until_published(demo, session, client):
    client.force_login(demo["minister"])

    response = client.get(reverse("awards:council_minutes_pdf", args=[session.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert "Dự thảo" in _pdf_text(response.content)


def test_a_proposal_without_titles_needing_the_ballot_can_be_published(demo, ten_members):
    arranged = approved_registration(demo)
    proposal = forwarded_proposal(demo, arranged)
    session = session_with(demo, [proposal])

    session = council_session_close(session=session, actor=demo["reviewer"])

    assert session.status == SessionStatus.CLOSED
