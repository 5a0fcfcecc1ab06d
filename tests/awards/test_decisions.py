"""The Minister's decision: recorded once, its titles become facts of the title history that
next year's rule checks read; a correction is a new decision, never an edit; the decision and
its annex list as an official PDF."""

import io
import re
from datetime import date

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from awards.documents import decision_pdf
from awards.models import Ballot, Decision, DecisionItem, Proposal, ProposalItem
from awards.selectors.proposals import ItemOutcome
from awards.services.council import council_ballots_record
from awards.services.decisions import decision_correct, decision_defaults
from awards.workflow import DecisionAction, ProposalStatus
from campaigns.models import Campaign
from criteria.models import Title
from emulation_portal.exceptions import ApplicationError
from registrations.models import Registration
from registrations.selectors.registrations import registration_findings
from tests.letter_text import normalise
from units.models import Organisation, PersonTitle, UnitTitle

from .awards_setup import (
    approved_registration,
    decided,
    forwarded_proposal,
    issue,
    session_with,
    vote_item,
)

pytestmark = pytest.mark.django_db


def _correct(demo, decision, lines, number="200/QĐ-BTNMT", reason="Hồ sơ kê khai không đúng"):
    defaults = decision_defaults(decision.campaign)
    return decision_correct(
        decision=decision,
        revoke=lines,
        reason=reason,
        actor=demo["reviewer"],
        **{
            **defaults,
            "number": number,
            "signed_on": date(2022, 3, 1),
            "signer_name": "Trần Hồng Hà",
        },
    )


def test_the_decision_makes_every_title_a_fact_with_its_decision(demo):
    arranged, proposal, decision = decided(demo)
    candidate = arranged.candidate

    held = set(
        PersonTitle.objects.filter(decision_number="123/QĐ-BTNMT").values_list(
            "person_id", "title__code", "year", "decision_date", "decided_by"
        )
    )

    # LĐTT and CSTĐCS are the unit head's to decide: the Minister's decision leaves them out.
    expected = {(candidate.pk, "CSTD_BO")}
    assert {(pid, code) for pid, code, *_ in held} == expected
    assert {rest for *_, year, day, by in held for rest in [(year, day, by)]} == {
        (2021, date(2022, 1, 15), "Bộ trưởng Bộ Tài nguyên và Môi trường")
    }
    unit_title = UnitTitle.objects.get(unit=arranged.unit, year=2021)
    assert (unit_title.title.code, unit_title.decision_number) == ("TTLDXS", "123/QĐ-BTNMT")
    assert decision.items.count() == len(expected) + 1
    assert decision.recorded_by == demo["reviewer"]
    assert decision.council_session == proposal.agenda_item.session


def test_the_proposal_is_decided_through_the_state_machine(demo):
    _arranged, proposal, decision = decided(demo)

    event = proposal.events.first()
    assert proposal.status == ProposalStatus.DECIDED
    assert (event.from_status, event.to_status, event.actor) == (
        "forwarded",
        "decided",
        demo["reviewer"],
    )
    assert decision.number in event.note


def test_a_title_voted_down_is_not_awarded(demo):
    arranged, _proposal, decision = decided(demo, approvals=8)  # 8 of the 9 members < 90%

    assert not PersonTitle.objects.filter(person=arranged.candidate, title__code="CSTD_BO").exists()
    assert not decision.items.filter(title__code="CSTD_BO").exists()
    assert list(decision.items.values_list("title__code", flat=True)) == ["TTLDXS"]


def test_state_level_titles_are_left_to_the_prime_minister():
    item = ProposalItem(title=Title.objects.get(code="CSTD_TQ"))

    outcome = ItemOutcome(item=item, needs_vote=False)

    assert (outcome.state_level, outcome.decidable) == (True, False)


@pytest.mark.parametrize("code", ["LDTT", "CSTDCS", "GK_CN", "GK_TT", "TTLDTT"])
def test_unit_level_titles_are_left_to_the_unit_head(code):
    outcome = ItemOutcome(item=ProposalItem(title=Title.objects.get(code=code)), needs_vote=False)

    assert (outcome.unit_level, outcome.decidable) == (True, False)


@pytest.mark.parametrize("code", ["CSTD_BO", "TTLDXS", "CO_BO", "BK_BT_CN", "BK_BT_TT"])
def test_the_minister_decides_the_ministry_level(code):
    outcome = ItemOutcome(item=ProposalItem(title=Title.objects.get(code=code)), needs_vote=False)

    assert outcome.decidable


def test_a_proposal_whose_ballot_is_not_published_is_not_ready(demo):
    arranged = approved_registration(demo, cstd_bo=True)
    proposal = forwarded_proposal(demo, arranged)
    session = session_with(demo, [proposal])
    council_ballots_record(
        session=session, approvals={vote_item(proposal).pk: 9}, actor=demo["reviewer"]
    )

    with pytest.raises(ApplicationError):
        issue(demo, [proposal])

    assert not Decision.objects.exists()
    assert not PersonTitle.objects.filter(year=2021).exists()


def test_a_decision_number_is_used_once(demo):
    arranged = approved_registration(demo)
    proposal = forwarded_proposal(demo, arranged)
    other = Proposal.objects.filter(status=ProposalStatus.FORWARDED).exclude(pk=proposal.pk).first()
    issue(demo, [proposal])

    with pytest.raises(ApplicationError):
        issue(demo, [other])

    other.refresh_from_db()
    assert other.status == ProposalStatus.FORWARDED
    assert Decision.objects.count() == 1


def test_a_title_already_held_for_the_year_is_refused(demo):
    arranged = approved_registration(demo)
    proposal = forwarded_proposal(demo, arranged)
    UnitTitle.objects.filter(unit=arranged.unit, year=2021).delete()
    UnitTitle.objects.create(unit=arranged.unit, title=Title.objects.get(code="TTLDXS"), year=2021)

    with pytest.raises(ApplicationError):
        issue(demo, [proposal])

    assert not Decision.objects.exists()
    assert UnitTitle.objects.filter(unit=arranged.unit, year=2021).count() == 1


# --- the title history feeds the next year's checks ------------------------------------------


def _check_2022(arranged, person):
    """The rule check of a 2022 registration proposing ``person`` for CSTĐ cấp Bộ."""
    campaign = Campaign.objects.get(year=2022)  # the demo's next-year draft
    registration = Registration.objects.create(campaign=campaign, unit=arranged.unit)
    findings = registration_findings(
        registration,
        collective_codes=[],
        individual_codes={person.pk: {"LDTT", "CSTDCS", "CSTD_BO"}},
        initiatives=[([person.pk], "ministry")],
    )
    registration.delete()
    return {finding.code for finding in findings if finding.person_id == person.pk}


def test_a_cstdcs_is_the_unit_heads_and_counts_in_a_2022_check_once_recorded(demo):
    arranged = approved_registration(demo)
    person = arranged.fighters[1]
    PersonTitle.objects.filter(person=person).delete()
    PersonTitle.objects.create(person=person, title=Title.objects.get(code="CSTDCS"), year=2020)
    assert "cstd_bo_needs_consecutive_cstdcs" in _check_2022(arranged, person)
    proposal = forwarded_proposal(demo, arranged)

    decision = issue(demo, [proposal])

    # The Minister's decision does not make the unit head's CSTĐCS a fact ...
    assert not decision.items.filter(person=person).exists()
    assert "cstd_bo_needs_consecutive_cstdcs" in _check_2022(arranged, person)
    # ... the unit's own decision does, once in the title history.
    PersonTitle.objects.create(
        person=person,
        title=Title.objects.get(code="CSTDCS"),
        year=2021,
        decision_number="20/QĐ-CVTQG",
        decided_by="Cục trưởng Cục Viễn thám quốc gia",
    )
    assert _check_2022(arranged, person) == set()


# --- immutability: a correction is a new act ------------------------------------------------


def test_a_correction_revokes_lines_and_leaves_the_decision_as_signed(demo):
    arranged, _proposal, decision = decided(demo)
    line = decision.items.get(person=arranged.candidate, title__code="CSTD_BO")
    before = list(decision.items.values_list("pk", "action", "title_id", "person_id"))

    correction = _correct(demo, decision, [line])

    decision.refresh_from_db()
    assert list(decision.items.values_list("pk", "action", "title_id", "person_id")) == before
    assert (correction.corrects, correction.correction_reason) == (
        decision,
        "Hồ sơ kê khai không đúng",
    )
    revoked = correction.items.get()
    assert (revoked.action, revoked.proposal_item_id, revoked.person) == (
        DecisionAction.REVOKE,
        line.proposal_item_id,
        arranged.candidate,
    )
    assert not PersonTitle.objects.filter(person=arranged.candidate, title__code="CSTD_BO").exists()
    assert UnitTitle.objects.filter(
        unit=arranged.unit, title__code="TTLDXS", decision_number=decision.number
    ).exists()


def test_a_correction_needs_a_reason_and_revokes_a_line_once(demo):
    arranged, _proposal, decision = decided(demo)
    line = decision.items.get(person=arranged.candidate, title__code="CSTD_BO")

    with pytest.raises(ApplicationError):
        _correct(demo, decision, [line], reason=" ")
    _correct(demo, decision, [line])
    with pytest.raises(ApplicationError):
        _correct(demo, decision, [line], number="201/QĐ-BTNMT")

    assert Decision.objects.filter(corrects=decision).count() == 1


def test_there_is_no_way_to_edit_a_recorded_decision(demo, client):
    _arranged, _proposal, decision = decided(demo)
    client.force_login(demo["reviewer"])

    response = client.post(decision.get_absolute_url(), {"number": "999/QĐ-BTNMT"})

    decision.refresh_from_db()
    assert response.status_code == 405
    assert decision.number == "123/QĐ-BTNMT"
    request = RequestFactory().get("/admin/")
    request.user = demo["admin"]
    for model in (Decision, DecisionItem, Ballot):
        model_admin = admin.site._registry.get(model)
        if model_admin is not None:
            assert not model_admin.has_change_permission(request, None)
            assert not model_admin.has_delete_permission(request, None)


def test_the_correction_page_records_a_new_decision(demo, client):
    arranged, _proposal, decision = decided(demo)
    line = decision.items.get(person=arranged.candidate, title__code="CSTD_BO")
    client.force_login(demo["reviewer"])
    form = client.get(reverse("awards:decision_correct", args=[decision.pk])).context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data.update(
        {
            "lines": [line.pk],
            "reason": "Sáng kiến chưa đủ phạm vi",
            "number": "45/QĐ-BTNMT",
            "signed_on": "01/03/2022",
            "signer_name": "Trần Hồng Hà",
        }
    )

    response = client.post(reverse("awards:decision_correct", args=[decision.pk]), data)

    correction = Decision.objects.get(number="45/QĐ-BTNMT")
    assert response["Location"] == correction.get_absolute_url()
    page = client.get(decision.get_absolute_url()).content.decode()
    assert 'data-testid="corrected-note"' in page
    assert page.count('data-testid="line-revoked"') == 1


# --- the record page ------------------------------------------------------------------------


def test_the_department_records_a_decision_from_the_form(demo, client):
    arranged = approved_registration(demo)
    proposal = forwarded_proposal(demo, arranged)
    client.force_login(demo["reviewer"])
    form = client.get(reverse("awards:decision_create")).context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data.update(
        {
            "proposals": [proposal.pk],
            "number": "12/QĐ-BTNMT",
            "signed_on": "15/01/2022",
            "signer_name": "Trần Hồng Hà",
        }
    )

    response = client.post(reverse("awards:decision_create"), data)

    decision = Decision.objects.get(number="12/QĐ-BTNMT")
    assert response["Location"] == decision.get_absolute_url()
    assert decision.legal_bases[0].startswith("Căn cứ Nghị định số 68/2022/NĐ-CP")
    assert decision.legal_bases[2].startswith("Căn cứ Nghị định số 91/2017/NĐ-CP")
    assert decision.signed_on == date(2022, 1, 15)
    assert not PersonTitle.objects.filter(decision_number="12/QĐ-BTNMT").exists()
    assert UnitTitle.objects.get(decision_number="12/QĐ-BTNMT").title.code == "TTLDXS"
    page = client.get(decision.get_absolute_url()).content.decode()
    assert page.count('data-testid="unit-level-item"') == len(arranged.staff) + len(
        arranged.fighters
    )
    assert 'data-testid="proposed-to-state"' not in page


# --- who sees what --------------------------------------------------------------------------


def test_a_unit_head_sees_the_decisions_about_the_unit_only(demo, client):
    _arranged, _proposal, decision = decided(demo)

    client.force_login(demo["unit_head"])
    own = client.get(decision.get_absolute_url())
    own_list = client.get(reverse("awards:decisions")).content.decode()
    client.force_login(demo["unit_head2"])
    other = client.get(decision.get_absolute_url())
    other_pdf = client.get(reverse("awards:decision_pdf", args=[decision.pk]))
    other_list = client.get(reverse("awards:decisions")).content.decode()

    assert own.status_code == 200
    assert own_list.count('data-testid="decision-row"') == 1
    assert (other.status_code, other_pdf.status_code) == (404, 404)
    assert other_list.count('data-testid="decision-row"') == 0


@pytest.mark.parametrize("username", ["unit_head", "unit_head2"])
@pytest.mark.parametrize("name", ["decision_create", "decision_correct"])
def test_unit_heads_get_404_on_the_departments_decision_pages(demo, client, username, name):
    _arranged, _proposal, decision = decided(demo)
    client.force_login(demo[username])
    args = [decision.pk] if name == "decision_correct" else []

    responses = [client.get(reverse(f"awards:{name}", args=args))]
    responses.append(client.post(reverse(f"awards:{name}", args=args), {"lines": [1]}))

    assert [r.status_code for r in responses] == [404, 404]
    assert Decision.objects.count() == 1


@pytest.mark.parametrize("name", ["decision_create", "decision_correct"])
def test_the_minister_reads_decisions_and_records_none(demo, client, name):
    _arranged, _proposal, decision = decided(demo)
    client.force_login(demo["minister"])
    args = [decision.pk] if name == "decision_correct" else []

    assert client.get(decision.get_absolute_url()).status_code == 200
    response = client.post(reverse(f"awards:{name}", args=args), {})

    assert response.status_code == 403
    assert Decision.objects.count() == 1


def test_the_decision_list_takes_the_same_queries_for_more_decisions(demo, client):
    _arranged, _proposal, decision = decided(demo)
    client.force_login(demo["reviewer"])
    url = reverse("awards:decisions")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)

    for number in ("2", "3"):
        line = (
            decision.items.filter(action="award")
            .exclude(proposal_item__decision_items__action="revoke")
            .first()
        )
        _correct(demo, decision, [line], number=f"{number}/QĐ-BTNMT")
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()

    assert page.count('data-testid="decision-row"') == 3
    assert len(large.captured_queries) == len(small.captured_queries)


# --- the PDF --------------------------------------------------------------------------------


def _pdf(decision):
    return PdfReader(io.BytesIO(decision_pdf(decision)))


def _text(reader) -> str:
    return normalise(" ".join(page.extract_text() for page in reader.pages))


def test_the_decision_pdf_has_the_decree_30_parts_and_the_annex(demo):
    arranged, _proposal, decision = decided(demo)
    reader = _pdf(decision)
    text = _text(reader)

    for part in [
        "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
        "Số: 123/QĐ-BTNMT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 15 tháng 01 năm 2022",
        "QUYẾT ĐỊNH",
        "Về việc công nhận danh hiệu thi đua và tặng hình thức khen thưởng năm 2021",
        "BỘ TRƯỞNG BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
        "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003",
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017",
        "QUYẾT ĐỊNH:",
        "Điều 1.",
        "Điều 2.",
        "Điều 3.",
        "Nơi nhận:",
        "Lưu: VT, TĐKTTT.",
        "Trần Hồng Hà",
        "DANH SÁCH",
        "(Kèm theo Quyết định số 123/QĐ-BTNMT ngày 15 tháng 01 năm 2022",
        "Danh hiệu “Chiến sĩ thi đua cấp Bộ”",
        "Danh hiệu “Tập thể lao động xuất sắc”",
        arranged.unit.name,
        arranged.candidate.full_name,
    ]:
        assert part in text, part
    assert "Công nhận danh hiệu thi đua năm 2021 cho 01 tập thể và 01 cá nhân" in text


def test_the_annex_repeats_its_header_row_on_every_page(demo):
    # Two units' Bằng khen: more lines than one page holds.
    proposals = [
        forwarded_proposal(
            demo, approved_registration(demo, bang_khen=True, username=username), username
        )
        for username in ("unit_head", "unit_head2")
    ]
    decision = issue(demo, proposals)
    reader = _pdf(decision)
    annex_pages = [
        page.extract_text()
        for page in reader.pages
        if "Chức vụ, đơn vị công tác" in page.extract_text()
    ]

    assert len(annex_pages) >= 2  # thirty Bằng khen and the titles fill more than one page
    first_annex = next(i for i, p in enumerate(reader.pages) if "DANH SÁCH" in p.extract_text())
    assert len(annex_pages) == len(reader.pages) - first_annex


def test_the_decision_pdf_is_a4_with_the_font_embedded(demo, client):
    _arranged, _proposal, decision = decided(demo)
    client.force_login(demo["minister"])

    response = client.get(reverse("awards:decision_pdf", args=[decision.pk]))

    reader = PdfReader(io.BytesIO(response.content))
    assert response["Content-Type"] == "application/pdf"
    assert "quyet-dinh-123-qd-btnmt.pdf" in response["Content-Disposition"]
    for page in reader.pages:
        assert tuple(round(float(v)) for v in page.mediabox[2:]) == (595, 842)
    font = next(iter(reader.pages[0]["/Resources"]["/Font"].values())).get_object()
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    assert "Tinos" in str(descriptor["/FontName"])
    assert "/FontFile2" in descriptor


def test_a_correcting_decision_pdf_names_the_decision_it_corrects(demo):
    arranged, _proposal, decision = decided(demo)
    line = decision.items.get(person=arranged.candidate, title__code="CSTD_BO")
    correction = _correct(demo, decision, [line])

    text = _text(_pdf(correction))

    assert (
        "Thu hồi danh hiệu thi đua, hình thức khen thưởng đã công nhận, tặng tại Quyết định số 123/QĐ-BTNMT ngày 15 tháng 01 năm 2022"
        in text
    )
    assert "Lý do: Hồ sơ kê khai không đúng" in text
    assert "01 cá nhân" in text
    assert arranged.candidate.full_name in text
    assert DecisionItem.objects.filter(decision=correction).count() == 1


# --- competence, legal bases and verbs (DOMAIN.md §3.1, §7) ---------------------------------


def _bases(text: str) -> list[str]:
    """The "Căn cứ" and "Theo/Xét đề nghị" lines in the order the decision prints them."""
    body = text.split("QUYẾT ĐỊNH:", 1)[0]
    return re.findall(r"(Căn cứ .+?;|Xét đề nghị .+?\.)", body)


def test_the_legal_bases_start_with_the_decree_on_the_ministrys_functions(demo):
    _arranged, _proposal, decision = decided(demo)

    bases = _bases(_text(_pdf(decision)))

    assert [basis.split(" ngày ", 1)[0] for basis in bases] == [
        "Căn cứ Nghị định số 68/2022/NĐ-CP",
        "Căn cứ Luật Thi đua, khen thưởng",
        "Căn cứ Nghị định số 91/2017/NĐ-CP",
        "Căn cứ Thông tư số 12/2019/TT-BNV",
        "Căn cứ Thông tư số 21/2018/TT-BTNMT",
        "Xét đề nghị của Hội đồng Thi đua - Khen thưởng Bộ và theo đề nghị của Vụ trưởng "
        "Vụ Thi đua, Khen thưởng và Tuyên truyền.",
    ]
    assert bases[0].endswith(
        "của Chính phủ quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Tài "
        "nguyên và Môi trường;"
    )
    # Every decree and circular is cited with its subject.
    assert all(" quy định " in basis for basis in bases[2:5])


def test_the_functions_decree_is_the_organisations_data(demo):
    organisation = Organisation.objects.get()
    organisation.functions_decree = (
        "Nghị định số 01/2030/NĐ-CP ngày 02 tháng 01 năm 2030 của Chính phủ"
    )
    organisation.save()
    campaign = Campaign.objects.get(year=2022)

    bases = decision_defaults(campaign)["legal_bases"]

    assert bases[:2] == [
        "Căn cứ Nghị định số 01/2030/NĐ-CP ngày 02 tháng 01 năm 2030 của Chính phủ;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung "
        "một số điều của Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng "
        "11 năm 2013;",
    ]
    assert bases[-1].startswith("Xét đề nghị của Hội đồng Thi đua - Khen thưởng Bộ")
    assert "functions_decree" in admin.site._registry[Organisation].get_fields(None)


def test_titles_are_recognised_forms_awarded_and_unit_and_state_titles_left_out(demo, client):
    arranged, _proposal, decision = decided(demo, bang_khen=True)
    text = _text(_pdf(decision))
    body, annex = text.split("DANH SÁCH", 1)

    people = len(arranged.staff)
    assert "Điều 1. 1. Công nhận danh hiệu thi đua năm 2021 cho 01 tập thể và 01 cá nhân" in body
    assert "- Danh hiệu “Tập thể lao động xuất sắc”: 01 tập thể (Mục I);" in body
    assert "- Danh hiệu “Chiến sĩ thi đua cấp Bộ”: 01 cá nhân (Mục II)." in body
    assert f"2. Tặng Bằng khen của Bộ trưởng cho 01 tập thể và {people:02d} cá nhân" in body
    assert f"- 01 tập thể (Mục III); - {people:02d} cá nhân (Mục IV)." in body
    assert "tặng danh hiệu" not in text.lower()
    assert "công nhận bằng khen" not in text.lower()
    # Neither the unit head's titles nor the State's are in the Minister's decision.
    for absent in [
        "Lao động tiên tiến",
        "Chiến sĩ thi đua cơ sở",
        "Giấy khen",
        "Thủ tướng",
        "toàn quốc",
    ]:
        assert absent not in text, absent
    assert "công nhận danh hiệu thi đua và tặng hình thức khen thưởng năm 2021" in annex
    codes = set(decision.items.values_list("title__code", flat=True))
    assert codes == {"TTLDXS", "CSTD_BO", "BK_BT_TT", "BK_BT_CN"}
    # The page says who decides what was left out: the unit's head, or the State on proposal.
    client.force_login(demo["reviewer"])
    page = client.get(decision.get_absolute_url()).content.decode()
    assert page.count('data-testid="state-level-item" data-title="BK_TTG_CN"') == 1
    assert page.count('data-testid="unit-level-item" data-title="LDTT"') == people
    assert page.count('data-testid="unit-level-item" data-title="CSTDCS"') == 2
