"""The two variants of a report (the Department's to the Minister, the Ministry's to the State's
bodies), each coherent in issuer, addressee, symbol and signer; drafts marked DỰ THẢO on every
page; the narrative prefilled from the figures; issuing with a number from the register."""

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from campaigns.models import LetterRegister
from reports.links import compose_url
from reports.models import GeneratedReport, ReportKind, ReportStatus, ReportVariant
from reports.selectors.dashboard import dashboard_figures
from reports.services.reports import ReportRefused, report_create, report_issue, report_request
from units.models import Signer, SignerBody

pytestmark = pytest.mark.django_db

WRITTEN = {
    "role_models": "Nhiều gương điển hình được biểu dương.",
    "shortcomings": "Một số đơn vị gửi đăng ký chậm.",
    "priorities": "Đôn đốc các đơn vị hoàn thiện đăng ký.",
    "recommendations": "Kính đề nghị quan tâm chỉ đạo.",
}


def pages_text(report) -> list[str]:
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def generated(campaign, actor, capture, *, variant=ReportVariant.TO_HEAD, narrative=None):
    with capture(execute=True):
        report = report_request(
            campaign, ReportKind.YEAR_END, variant=variant, actor=actor, narrative=narrative
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    return report


def issued(draft, actor, capture, **kwargs):
    with capture(execute=True):
        report = report_issue(draft, actor=actor, **kwargs)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    return report


def test_the_departments_draft_is_its_own_report_to_the_minister_marked_draft_on_every_page(
    demo, campaign, django_capture_on_commit_callbacks
):
    report = generated(campaign, demo["reviewer"], django_capture_on_commit_callbacks)

    pages = pages_text(report)
    text = " ".join(pages)
    assert len(pages) >= 3
    assert all("DỰ THẢO" in page for page in pages)
    # The Ministry above, the Department as the issuer, its own symbol.
    assert re.search(r"BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG VỤ THI ĐUA, KHEN THƯỞNG VÀ TUYÊN TRUYỀN", text)
    assert "/BC-TĐKTTT" in text and "/BC-BTNMT" not in text
    assert "Kính gửi: Bộ trưởng Bộ Tài nguyên và Môi trường" in text
    # Signed by the Department's head in their own right, by name; never "TL. BỘ TRƯỞNG".
    assert "TL. BỘ TRƯỞNG" not in text and "KT. BỘ TRƯỞNG" not in text
    assert re.search(r"VỤ TRƯỞNG\s+Nguyễn Văn Thuận", text)
    assert "kính báo cáo Bộ trưởng./." in text
    # The launch letter is a công văn, not a plan.
    assert "Thực hiện Công văn" in text and "Kế hoạch phát động" not in text
    # Unwritten parts say so (the draft mark allows it), never a bare "…".
    assert "(Phần này chưa được viết.)" in text
    assert report.file.name.endswith("-gui-bo-truong-v1-du-thao.pdf")


def test_the_ministrys_report_goes_to_the_central_bodies_signed_on_the_ministers_behalf(
    demo, campaign, django_capture_on_commit_callbacks
):
    report = generated(
        campaign,
        demo["reviewer"],
        django_capture_on_commit_callbacks,
        variant=ReportVariant.TO_STATE,
    )

    text = " ".join(pages_text(report))
    assert "/BC-BTNMT" in text and "BC-TĐKTTT" not in text
    assert "VỤ THI ĐUA, KHEN THƯỞNG VÀ TUYÊN TRUYỀN" not in text.split("BÁO CÁO")[0]
    assert "Kính gửi: - Hội đồng Thi đua - Khen thưởng Trung ương;" in text
    assert "- Ban Thi đua - Khen thưởng Trung ương (Bộ Nội vụ)." in text
    assert re.search(r"KT\. BỘ TRƯỞNG THỨ TRƯỞNG\s+Lê Công Thành", text)
    assert "kính báo cáo Hội đồng Thi đua - Khen thưởng Trung ương./." in text


def test_annexes_are_numbered_and_say_which_report_they_go_with(
    demo, campaign, django_capture_on_commit_callbacks
):
    report = generated(campaign, demo["reviewer"], django_capture_on_commit_callbacks)

    text = " ".join(pages_text(report))
    numbers = re.findall(r"PHỤ LỤC ([IVX]+)", text)
    assert numbers[:2] == ["I", "II"] and len(numbers) == len(set(numbers))
    assert text.count("(Kèm theo Báo cáo số /BC-TĐKTTT ngày của Vụ Thi đua") == len(numbers)
    for numeral in numbers:
        assert f"tại Phụ lục {numeral}" in text


def test_issuing_takes_the_next_number_prints_it_and_drops_the_draft_mark(
    demo, campaign, django_capture_on_commit_callbacks
):
    draft = generated(
        campaign, demo["reviewer"], django_capture_on_commit_callbacks, narrative=WRITTEN
    )
    LetterRegister.objects.create(symbol="BC-TĐKTTT", year=timezone.localdate().year, last_number=6)

    report = issued(draft, demo["reviewer"], django_capture_on_commit_callbacks)

    assert (report.number, report.version, report.issued_from) == ("7", 2, draft)
    assert report.issued_by == demo["reviewer"]
    pages = pages_text(report)
    text = " ".join(pages)
    assert not any("DỰ THẢO" in page for page in pages)
    today = timezone.localdate()
    assert "Số: 7/BC-TĐKTTT" in text
    assert f"ngày {today.day:02d} tháng" in text
    assert f"(Kèm theo Báo cáo số 7/BC-TĐKTTT ngày {today:%d/%m/%Y} của Vụ Thi đua" in text
    for part in WRITTEN.values():
        assert part in text
    assert report.file.name.endswith("-v2-so-7.pdf")
    # Issued once: no new draft, no second issue.
    with pytest.raises(ReportRefused):
        report_request(campaign, ReportKind.YEAR_END, actor=demo["reviewer"])
    with pytest.raises(ReportRefused):
        report_issue(draft, actor=demo["reviewer"])


def test_a_draft_with_an_unwritten_part_no_named_signer_or_a_bad_date_is_not_issued(
    demo, campaign, django_capture_on_commit_callbacks
):
    partial = generated(
        campaign,
        demo["reviewer"],
        django_capture_on_commit_callbacks,
        narrative={**WRITTEN, "priorities": "  "},
    )
    with pytest.raises(ReportRefused, match="viết đủ các phần nội dung"):
        report_issue(partial, actor=demo["reviewer"])

    draft = generated(
        campaign, demo["reviewer"], django_capture_on_commit_callbacks, narrative=WRITTEN
    )
    today = timezone.localdate()
    with pytest.raises(ReportRefused, match="sau ngày hôm nay"):
        report_issue(draft, actor=demo["reviewer"], issued_on=today + timedelta(days=1))
    with pytest.raises(ReportRefused, match="trước ngày chốt số liệu"):
        report_issue(draft, actor=demo["reviewer"], issued_on=today - timedelta(days=1))
    Signer.objects.filter(body=SignerBody.DEPARTMENT).update(name="")
    with pytest.raises(ReportRefused, match="chưa có người ký"):
        report_issue(draft, actor=demo["reviewer"])

    assert not GeneratedReport.objects.filter(issued_on__isnull=False).exists()
    assert not LetterRegister.objects.filter(symbol="BC-TĐKTTT").exists()


def test_a_typed_number_already_given_this_year_is_refused(
    demo, campaign, django_capture_on_commit_callbacks
):
    six_month = None
    with django_capture_on_commit_callbacks(execute=True):
        six_month = report_request(
            campaign, ReportKind.SIX_MONTH, actor=demo["reviewer"], narrative=WRITTEN
        )
    six_month.refresh_from_db()
    issued(six_month, demo["reviewer"], django_capture_on_commit_callbacks, number="15")
    draft = generated(
        campaign, demo["reviewer"], django_capture_on_commit_callbacks, narrative=WRITTEN
    )

    with pytest.raises(ReportRefused, match="15/BC-TĐKTTT"):
        report_issue(draft, actor=demo["reviewer"], number="15")
    report = issued(draft, demo["reviewer"], django_capture_on_commit_callbacks)
    assert report.number == "16"  # the typed number was noted in the register


def _done_draft(campaign, actor, variant, narrative=WRITTEN):
    draft = report_create(
        campaign, ReportKind.YEAR_END, variant=variant, actor=actor, narrative=narrative
    )
    GeneratedReport.objects.filter(pk=draft.pk).update(
        status=ReportStatus.DONE, progress=100, finished_at=timezone.now()
    )
    draft.refresh_from_db()
    return draft


@pytest.mark.parametrize(
    ("variant", "may_issue", "may_not_issue"),
    [
        (ReportVariant.TO_HEAD, "reviewer", "minister"),
        (ReportVariant.TO_STATE, "minister", "reviewer"),
    ],
)
def test_the_department_issues_its_own_report_and_the_leadership_the_ministrys(
    demo, campaign, client, variant, may_issue, may_not_issue
):
    draft = _done_draft(campaign, demo["reviewer"], variant)
    url = reverse("reports:report_issue", args=[draft.pk])
    day = timezone.localdate().strftime("%d/%m/%Y")

    for username in (may_not_issue, "unit_head", "admin"):
        client.force_login(demo[username])
        assert client.post(url, {"issued_on": day}).status_code == 404
    assert not GeneratedReport.objects.filter(issued_on__isnull=False).exists()

    client.force_login(demo[may_issue])
    page = client.get(compose_url(ReportKind.YEAR_END, variant, campaign))
    assert 'data-testid="issue-form"' in page.content.decode()
    response = client.post(url, {"issued_on": day, "number": ""})
    assert response.status_code == 302
    issued_report = GeneratedReport.objects.get(issued_on__isnull=False)
    assert issued_report.variant == variant and issued_report.number == "1"
    # Issued: the page offers neither the narrative form nor a second issue.
    client.force_login(demo["reviewer"])
    html = client.get(compose_url(ReportKind.YEAR_END, variant, campaign)).content.decode()
    assert 'data-testid="report-issued"' in html
    assert 'data-testid="narrative-form"' not in html
    assert 'data-testid="issue-form"' not in html


def test_the_compose_page_prefills_the_unwritten_parts_from_the_figures(demo, campaign, client):
    client.force_login(demo["reviewer"])

    html = client.get(
        compose_url(ReportKind.SIX_MONTH, ReportVariant.TO_HEAD, campaign)
    ).content.decode()

    figures = dashboard_figures(campaign)
    assert 'data-testid="narrative-prefilled"' in html
    assert figures.overall.not_registered > 0
    assert (
        f"{figures.overall.not_registered} đơn vị chưa có bản đăng ký thi đua được thẩm định"
    ) in html
    assert "Kính đề nghị Bộ trưởng chỉ đạo" in html
    assert "Tiếp tục triển khai các nội dung của phong trào thi đua năm 2021" in html


def test_saving_the_narrative_makes_a_draft_and_comes_back_to_the_report(
    demo, campaign, client, django_capture_on_commit_callbacks
):
    client.force_login(demo["reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:report_request") + f"?phong_trao={campaign.pk}",
            {
                "kind": ReportKind.SIX_MONTH,
                "variant": ReportVariant.TO_STATE,
                "next": "compose",
                **WRITTEN,
            },
        )

    assert response.status_code == 302
    assert response["Location"].startswith(
        compose_url(ReportKind.SIX_MONTH, ReportVariant.TO_STATE, campaign).split("?")[0]
    )
    report = GeneratedReport.objects.get()
    assert (report.variant, report.narrative) == (ReportVariant.TO_STATE, WRITTEN)


@pytest.mark.parametrize("username", ["unit_head", "unit_head2"])
def test_unit_heads_get_404_on_a_report_page(demo, campaign, client, username):
    client.force_login(demo[username])

    assert client.get(compose_url(ReportKind.SIX_MONTH, ReportVariant.TO_HEAD)).status_code == 404


def test_an_unknown_kind_or_variant_is_404(demo, client):
    client.force_login(demo["reviewer"])

    url = reverse("reports:report_compose", kwargs={"kind": "six_month", "variant": "x"})
    assert client.get(url).status_code == 404
