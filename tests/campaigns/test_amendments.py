"""After approval: the signed scan of the letter, and the amending letters (công văn bổ sung,
điều chỉnh) kept beside it, each with its own number from the same yearly register."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from campaigns.letter import amendment_pdf
from campaigns.models import (
    AmendmentEvent,
    AmendmentKind,
    AmendmentStatus,
    Campaign,
    CampaignAmendment,
    LetterRegister,
    SignedScan,
)
from campaigns.selectors import amendment_initial
from campaigns.services import (
    amendment_approve,
    amendment_create,
    amendment_return,
    amendment_submit,
    amendment_update_draft,
    campaign_approve,
    campaign_copy,
    campaign_submit,
    signed_scan_attach,
)
from emulation_portal.exceptions import ApplicationError, InvalidTransition
from tests.letter_text import normalise
from tests.pdf_layout import layout_pages, line_with, page_of

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
CAMPAIGN_DAY = date(2027, 1, 15)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def draft(demo):
    return campaign_copy(source=Campaign.objects.get(year=2021), year=2027, actor=demo["reviewer"])


@pytest.fixture
def approved(demo, draft):
    campaign_submit(campaign=draft, actor=demo["reviewer"])
    return campaign_approve(
        campaign=draft,
        actor=demo["minister"],
        signer_title="BỘ TRƯỞNG",
        signer_name="Trần Hồng Hà",
        issued_on=CAMPAIGN_DAY,
    )


def _fields(campaign, **changes):
    return {
        **amendment_initial(campaign),
        "subject": "V/v điều chỉnh thời hạn đăng ký thi đua năm 2027",
        "paragraphs": ["1. Thời hạn đăng ký thi đua được lùi đến ngày 30/3/2027./."],
        **changes,
    }


@pytest.fixture
def amendment(demo, approved):
    return amendment_create(campaign=approved, fields=_fields(approved), actor=demo["reviewer"])


def _approve(amendment, minister, **kwargs):
    kwargs.setdefault("issued_on", date(2027, 2, 1))
    return amendment_approve(
        amendment=amendment,
        actor=minister,
        signer_authority="KT. BỘ TRƯỞNG",
        signer_title="THỨ TRƯỞNG",
        signer_name="Lê Công Thành",
        **kwargs,
    )


def _pdf(name="ban-ky.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- Drafting -----------------------------------------------------------------------------------


def test_the_department_drafts_an_amendment_that_refers_to_the_original_letter(
    demo, approved, amendment
):
    assert amendment.status == AmendmentStatus.DRAFT
    assert amendment.kind == AmendmentKind.ADJUSTMENT
    assert (amendment.symbol, amendment.number, amendment.issued_on) == (
        approved.symbol,
        "",
        None,
    )
    assert amendment.reference_paragraph.startswith(
        f"Tiếp theo Công văn số {approved.number}/{approved.symbol} ngày 15 tháng 01 năm 2027 "
        "của Bộ Tài nguyên và Môi trường về việc phát động phong trào thi đua năm 2027"
    )
    assert amendment.history.first().history_user == demo["reviewer"]


def test_a_unit_head_or_the_minister_cannot_draft(demo, approved):
    for who in ("unit_head", "minister"):
        with pytest.raises(PermissionDenied):
            amendment_create(campaign=approved, fields=_fields(approved), actor=demo[who])
    assert not CampaignAmendment.objects.exists()


@pytest.mark.parametrize("submitted", [False, True])
def test_a_campaign_not_yet_approved_gets_no_amendment(demo, draft, submitted):
    if submitted:
        campaign_submit(campaign=draft, actor=demo["reviewer"])
    with pytest.raises(ApplicationError, match=r"amending letter|công văn"):
        amendment_create(campaign=draft, fields=_fields(draft), actor=demo["reviewer"])
    assert not CampaignAmendment.objects.exists()


def test_a_launched_campaign_gets_one(demo):
    launched = Campaign.objects.get(year=2021)
    assert launched.status == "launched"
    amendment = amendment_create(
        campaign=launched, fields=_fields(launched), actor=demo["reviewer"]
    )
    assert amendment.campaign == launched


def test_the_draft_is_saved_and_a_stale_editor_is_refused(demo, amendment):
    saved = amendment_update_draft(
        amendment=amendment,
        version=amendment.version,
        fields={"kind": AmendmentKind.SUPPLEMENT, "paragraphs": ["Bổ sung tiêu chí."]},
        actor=demo["reviewer"],
    )
    assert (saved.kind, saved.paragraphs, saved.version) == (
        AmendmentKind.SUPPLEMENT,
        ["Bổ sung tiêu chí."],
        2,
    )
    with pytest.raises(ApplicationError, match=r"Someone else saved|Người khác"):
        amendment_update_draft(
            amendment=amendment, version=1, fields={"subject": "V/v cũ"}, actor=demo["reviewer"]
        )
    assert CampaignAmendment.objects.get(pk=amendment.pk).paragraphs == ["Bổ sung tiêu chí."]


def test_a_unit_head_cannot_edit_the_draft(demo, amendment):
    with pytest.raises(PermissionDenied):
        amendment_update_draft(
            amendment=amendment,
            version=amendment.version,
            fields={"subject": "V/v khác"},
            actor=demo["unit_head"],
        )


# --- The moves ----------------------------------------------------------------------------------


def test_send_return_send_again_and_approve(demo, amendment):
    sent = amendment_submit(amendment=amendment, actor=demo["reviewer"])
    assert sent.status == AmendmentStatus.SUBMITTED and sent.submitted_at is not None

    with pytest.raises(ApplicationError):
        amendment_return(amendment=sent, actor=demo["minister"], comment="  ")
    returned = amendment_return(amendment=sent, actor=demo["minister"], comment="Ghi rõ ngày.")
    assert returned.status == AmendmentStatus.RETURNED

    edited = amendment_update_draft(
        amendment=returned,
        version=returned.version,
        fields={"paragraphs": ["Lùi đến ngày 30/3/2027./."]},
        actor=demo["reviewer"],
    )
    amendment_submit(amendment=edited, actor=demo["reviewer"])
    approved = _approve(edited, demo["minister"])

    assert approved.status == AmendmentStatus.APPROVED
    assert (approved.approved_by, approved.issued_on) == (demo["minister"], date(2027, 2, 1))
    assert approved.signer_authority == "KT. BỘ TRƯỞNG"
    moves = list(
        AmendmentEvent.objects.filter(amendment=approved).values_list(
            "from_status", "to_status", "actor__username", "comment"
        )
    )
    assert moves == [
        ("draft", "submitted", demo["reviewer"].username, ""),
        ("submitted", "returned", demo["minister"].username, "Ghi rõ ngày."),
        ("returned", "submitted", demo["reviewer"].username, ""),
        ("submitted", "approved", demo["minister"].username, ""),
    ]
    assert approved.history.count() >= 5


def test_only_the_department_sends_and_only_the_leadership_decides(demo, amendment):
    with pytest.raises(PermissionDenied):
        amendment_submit(amendment=amendment, actor=demo["unit_head"])
    with pytest.raises(PermissionDenied):
        amendment_submit(amendment=amendment, actor=demo["minister"])
    sent = amendment_submit(amendment=amendment, actor=demo["reviewer"])
    with pytest.raises(PermissionDenied):
        _approve(sent, demo["reviewer"])
    with pytest.raises(PermissionDenied):
        amendment_return(amendment=sent, actor=demo["reviewer"], comment="Không")
    with pytest.raises(InvalidTransition):
        amendment_submit(amendment=sent, actor=demo["reviewer"])
    assert CampaignAmendment.objects.get(pk=amendment.pk).status == AmendmentStatus.SUBMITTED


def test_a_draft_cannot_be_approved_before_it_is_sent(demo, amendment):
    with pytest.raises(InvalidTransition):
        _approve(amendment, demo["minister"])


def test_the_number_comes_from_the_register_after_the_campaigns(demo, approved, amendment):
    first = _approve(
        amendment_submit(amendment=amendment, actor=demo["reviewer"]), demo["minister"]
    )
    second = amendment_create(campaign=approved, fields=_fields(approved), actor=demo["reviewer"])
    second = _approve(amendment_submit(amendment=second, actor=demo["reviewer"]), demo["minister"])

    assert int(first.number) == int(approved.number) + 1
    assert int(second.number) == int(first.number) + 1
    register = LetterRegister.objects.get(symbol=approved.symbol, year=2027)
    assert register.last_number == int(second.number)


def test_a_typed_number_is_noted_in_the_register_and_never_given_twice(demo, approved, amendment):
    typed = _approve(
        amendment_submit(amendment=amendment, actor=demo["reviewer"]),
        demo["minister"],
        number="120",
    )
    assert typed.number == "120"
    assert LetterRegister.objects.get(symbol=approved.symbol, year=2027).last_number == 120

    other = amendment_create(campaign=approved, fields=_fields(approved), actor=demo["reviewer"])
    other = amendment_submit(amendment=other, actor=demo["reviewer"])
    for taken in ("120", approved.number):
        with pytest.raises(ApplicationError, match=f"{taken}/"):
            _approve(other, demo["minister"], number=taken)
    assert _approve(other, demo["minister"]).number == "121"


def test_an_amendment_is_not_dated_before_the_letter_it_amends(demo, amendment):
    sent = amendment_submit(amendment=amendment, actor=demo["reviewer"])
    with pytest.raises(ApplicationError, match="15/01/2027"):
        _approve(sent, demo["minister"], issued_on=date(2027, 1, 1))
    assert CampaignAmendment.objects.get(pk=amendment.pk).status == AmendmentStatus.SUBMITTED


def test_an_approved_amendment_refuses_edits(demo, amendment):
    approved = _approve(
        amendment_submit(amendment=amendment, actor=demo["reviewer"]), demo["minister"]
    )
    with pytest.raises(ApplicationError, match=r"another amending letter|công văn"):
        amendment_update_draft(
            amendment=approved,
            version=approved.version,
            fields={"subject": "V/v sửa sau khi ký"},
            actor=demo["reviewer"],
        )
    client = _client(demo["reviewer"])
    url = reverse("campaigns:amendment_edit", args=[approved.pk])
    assert client.get(url)["Location"] == approved.get_absolute_url()
    assert CampaignAmendment.objects.get(pk=approved.pk).subject == approved.subject


# --- The PDF ------------------------------------------------------------------------------------


def test_the_pdf_shows_the_number_the_reference_and_the_signer(demo, approved, amendment):
    done = _approve(amendment_submit(amendment=amendment, actor=demo["reviewer"]), demo["minister"])
    reader = PdfReader(io.BytesIO(amendment_pdf(done)))
    text = normalise(" ".join(page.extract_text() for page in reader.pages))

    for part in (
        "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        f"Số: {done.number}/{done.symbol}",
        "V/v điều chỉnh thời hạn đăng ký thi đua năm 2027",
        "Hà Nội, ngày 01 tháng 02 năm 2027",
        "Kính gửi:",
        f"Tiếp theo Công văn số {approved.number}/{approved.symbol} ngày 15 tháng 01 năm 2027",
        "Thời hạn đăng ký thi đua được lùi đến ngày 30/3/2027./.",
        "Nơi nhận:",
        "KT. BỘ TRƯỞNG",
        "THỨ TRƯỞNG",
        "Lê Công Thành",
    ):
        assert part in text, part
    pages = layout_pages(reader)
    number_row = line_with(pages, "Số:")[1]
    assert f"{done.number}/{done.symbol}" in number_row
    assert "Hà Nội, ngày 01 tháng 02 năm 2027" in number_row
    last_paragraph = page_of(pages, "Thời hạn đăng ký thi đua được lùi đến ngày 30/3/2027./.")
    assert page_of(pages, "Nơi nhận:") == page_of(pages, "Lê Công Thành") == last_paragraph


# --- Pages --------------------------------------------------------------------------------------


def test_the_campaign_page_lists_the_amendments_and_offers_the_department_to_draft(
    demo, approved, amendment
):
    url = approved.get_absolute_url()
    page = _client(demo["reviewer"]).get(url).content.decode()
    assert reverse("campaigns:amendment_create", args=[approved.pk]) in page
    assert amendment.get_absolute_url() in page
    minister_page = _client(demo["minister"]).get(url).content.decode()
    assert reverse("campaigns:amendment_create", args=[approved.pk]) not in minister_page
    assert amendment.get_absolute_url() in minister_page


def test_the_department_drafts_and_edits_through_the_pages(demo, approved):
    from tests.test_superuser_is_not_an_actor import read_form

    client = _client(demo["reviewer"])
    create = reverse("campaigns:amendment_create", args=[approved.pk])
    form = read_form(client, create, create)
    form.set("subject", "V/v bổ sung tiêu chí thi đua năm 2027")
    form.set("paragraphs", "Bổ sung tiêu chí thứ nhất.\nBổ sung tiêu chí thứ hai./.")
    response = client.post(create, form.data())
    amendment = CampaignAmendment.objects.get()
    assert response["Location"] == amendment.get_absolute_url()
    assert amendment.paragraphs == ["Bổ sung tiêu chí thứ nhất.", "Bổ sung tiêu chí thứ hai./."]
    assert amendment.reference_paragraph.startswith("Tiếp theo Công văn số")

    edit = reverse("campaigns:amendment_edit", args=[amendment.pk])
    stale = read_form(client, edit, edit)
    fresh = read_form(client, edit, edit)
    fresh.set("subject", "V/v bổ sung tiêu chí (lần 2)")
    assert client.post(edit, fresh.data()).status_code == 302
    stale.set("subject", "V/v ghi đè")
    assert client.post(edit, stale.data()).status_code == 409
    assert CampaignAmendment.objects.get().subject == "V/v bổ sung tiêu chí (lần 2)"

    page = client.get(amendment.get_absolute_url()).content.decode()
    assert "V/v bổ sung tiêu chí (lần 2)" in page
    assert reverse("campaigns:amendment_submit", args=[amendment.pk]) in page


def test_who_sees_an_amendment(demo, approved, amendment):
    url = amendment.get_absolute_url()
    pdf = reverse("campaigns:amendment_pdf", args=[amendment.pk])
    unit_head = _client(demo["unit_head"])
    assert unit_head.get(url).status_code == 404
    assert unit_head.get(pdf).status_code == 404
    assert (
        unit_head.get(reverse("campaigns:amendment_create", args=[approved.pk])).status_code == 404
    )
    assert _client(demo["minister"]).get(url).status_code == 200
    assert (
        _client(demo["minister"])
        .get(reverse("campaigns:amendment_edit", args=[amendment.pk]))
        .status_code
        == 404
    )


def test_an_approved_amendment_of_a_launched_campaign_is_read_by_every_user(demo):
    launched = Campaign.objects.get(year=2021)
    amendment = amendment_create(
        campaign=launched, fields=_fields(launched), actor=demo["reviewer"]
    )
    unit_head = _client(demo["unit_head"])
    assert unit_head.get(amendment.get_absolute_url()).status_code == 404
    _approve(
        amendment_submit(amendment=amendment, actor=demo["reviewer"]),
        demo["minister"],
        issued_on=date(2026, 5, 4),
    )
    assert unit_head.get(amendment.get_absolute_url()).status_code == 200
    assert (
        amendment.get_absolute_url() in unit_head.get(launched.get_absolute_url()).content.decode()
    )


# --- The signed scan ----------------------------------------------------------------------------


def test_the_department_attaches_the_signed_scan_and_everyone_who_reads_the_letter_opens_it(
    demo, approved
):
    scan = signed_scan_attach(campaign=approved, actor=demo["reviewer"], uploaded_file=_pdf())
    assert (scan.uploaded_by, scan.original_name, scan.size) == (
        demo["reviewer"],
        "ban-ky.pdf",
        len(PDF_BYTES),
    )
    assert scan.file.name.endswith(".pdf") and "ban-ky" not in scan.file.name
    assert scan.history.first().history_user == demo["reviewer"]

    page = _client(demo["reviewer"]).get(approved.get_absolute_url()).content.decode()
    download = reverse("campaigns:scan_download", args=[scan.pk])
    assert download in page
    response = _client(demo["minister"]).get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    # Not launched yet: a unit head does not see the campaign, nor its scan.
    assert _client(demo["unit_head"]).get(download).status_code == 404


def test_a_published_campaigns_scan_is_open_to_every_signed_in_user(demo):
    launched = Campaign.objects.get(year=2021)
    scan = signed_scan_attach(campaign=launched, actor=demo["reviewer"], uploaded_file=_pdf())
    download = reverse("campaigns:scan_download", args=[scan.pk])
    assert _client(demo["unit_head"]).get(download).status_code == 200
    assert Client().get(download).status_code == 302  # to the sign-in page


def test_a_replacement_keeps_the_earlier_scan(demo, approved):
    first = signed_scan_attach(campaign=approved, actor=demo["reviewer"], uploaded_file=_pdf())
    second = signed_scan_attach(
        campaign=approved,
        actor=demo["reviewer"],
        uploaded_file=_pdf("ban-ky-lai.pdf", PDF_BYTES + b"% rescanned\n"),
    )
    assert list(approved.signed_scans.all()) == [second, first]
    assert Path(first.file.path).read_bytes() == PDF_BYTES
    assert Path(second.file.path).exists()
    with pytest.raises(ValueError):
        first.delete()
    page = _client(demo["reviewer"]).get(approved.get_absolute_url()).content.decode()
    assert reverse("campaigns:scan_download", args=[second.pk]) in page
    assert reverse("campaigns:scan_download", args=[first.pk]) in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: _pdf("ban-ky.pdf", b"\x89PNG\r\n\x1a\n not a pdf"), "PDF"),
        (lambda: _pdf("ban-ky.pdf", b""), r"ban-ky\.pdf"),
        (lambda: None, "PDF"),
    ],
    ids=["not-a-pdf", "empty", "no-file"],
)
def test_a_bad_scan_is_refused_and_nothing_is_stored(demo, approved, settings, upload, message):
    with pytest.raises(ApplicationError, match=message):
        signed_scan_attach(campaign=approved, actor=demo["reviewer"], uploaded_file=upload())
    assert not SignedScan.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_scan_over_the_size_limit_is_refused(demo, approved, settings):
    settings.SIGNED_SCAN_MAX_BYTES = 64
    with pytest.raises(ApplicationError, match=r"ban-ky\.pdf"):
        signed_scan_attach(
            campaign=approved, actor=demo["reviewer"], uploaded_file=_pdf(content=PDF_BYTES * 2)
        )
    assert not SignedScan.objects.exists()


def test_a_scan_is_refused_to_other_roles_and_before_approval(demo, draft, approved):
    for who in ("unit_head", "minister"):
        with pytest.raises(PermissionDenied):
            signed_scan_attach(campaign=approved, actor=demo[who], uploaded_file=_pdf())
    fresh = campaign_copy(source=approved, year=2028, actor=demo["reviewer"])
    with pytest.raises(ApplicationError, match=r"approved|phê duyệt"):
        signed_scan_attach(campaign=fresh, actor=demo["reviewer"], uploaded_file=_pdf())
    assert not SignedScan.objects.exists()


def test_the_upload_page_answers_a_bad_file_with_a_message(demo, approved):
    client = _client(demo["reviewer"])
    url = reverse("campaigns:scan_upload", args=[approved.pk])
    response = client.post(url, {"file": _pdf("scan.pdf", b"GIF89a")}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not SignedScan.objects.exists()
    assert _client(demo["unit_head"]).post(url, {"file": _pdf()}).status_code == 404
    assert client.post(url, {"file": _pdf()}).status_code == 302
    assert SignedScan.objects.count() == 1
