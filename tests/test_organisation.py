"""The organisation the portal serves is data: renaming it in the database changes the next
report, the next minutes and a new campaign's letter without a change of code, while a letter
already written keeps its own issuer. There is one organisation, never a second."""

import io
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from campaigns.models import Campaign
from campaigns.selectors import campaign_current
from campaigns.services import campaign_copy
from reports.models import ReportKind, ReportVariant
from reports.services.reports import report_create, report_generate
from units.models import Organisation, Signer, SignerAuthority
from units.selectors import organisation

from .scoring.test_scoring import _acclaim, _ready_for_acclamation

pytestmark = pytest.mark.django_db

NEW_NAME = "Bộ Nông nghiệp và Môi trường"


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def _rename():
    Organisation.objects.filter(pk=1).update(name=NEW_NAME, abbreviation="BNNMT")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_migrations_and_the_demo_give_the_organisation_that_was_in_the_code(demo):
    org = organisation()

    assert org.header_name == "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG"
    assert org.head_of_body == "Bộ trưởng Bộ Tài nguyên và Môi trường"
    assert (org.letter_symbol, org.report_symbol) == ("BTNMT-TĐKTTT", "BC-BTNMT")
    assert org.place == "Hà Nội"
    assert org.distribution_list[-1] == "Lưu: VT, TĐKT&TT"


def test_a_second_organisation_cannot_be_created(demo):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Sở Nông nghiệp và Môi trường", abbreviation="SNNMT")
    with pytest.raises(ValidationError, match="một cơ quan duy nhất"):
        Organisation(id=2, name="x", abbreviation="x", head_title="x").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(id=2, name="x", abbreviation="x", head_title="x")
    assert Organisation.objects.count() == 1


def test_the_renamed_organisation_heads_the_next_report_and_its_addressee(demo):
    campaign = campaign_current()
    _rename()

    to_minister = report_generate(report_create(campaign, ReportKind.SIX_MONTH).pk)
    to_state = report_generate(
        report_create(campaign, ReportKind.SIX_MONTH, variant=ReportVariant.TO_STATE).pk
    )

    with to_minister.file.open("rb") as handle:
        text = _text(handle.read())
    assert "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in text  # above the Department, which issues it
    assert f"Kính gửi: Bộ trưởng {NEW_NAME}" in text
    assert "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG" not in text
    with to_state.file.open("rb") as handle:
        text = _text(handle.read())
    assert "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in text
    assert "/BC-BNNMT" in text
    assert "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG" not in text
    assert "/BC-BTNMT" not in text


def test_the_reports_signer_and_distribution_list_are_the_organisations(demo):
    campaign = campaign_current()
    org = organisation()
    org.distribution_list = ["Như trên", "Văn phòng Bộ", "Lưu: VT, TĐKT&TT"]
    org.save()
    org.signers.filter(authority=SignerAuthority.ON_BEHALF).update(is_active=False)
    Signer.objects.create(
        organisation=org,
        title="Thứ trưởng",
        name="Nguyễn Văn Báo Cáo",
        authority=SignerAuthority.ON_BEHALF,
        position=0,
    )

    report = report_generate(
        report_create(campaign, ReportKind.SIX_MONTH, variant=ReportVariant.TO_STATE).pk
    )

    with report.file.open("rb") as handle:
        text = _text(handle.read())
    assert "KT. BỘ TRƯỞNG THỨ TRƯỞNG" in text
    assert "Nguyễn Văn Báo Cáo" in text
    assert "Văn phòng Bộ;" in text
    assert "Lưu: VT, TĐKT&TT." in text
    assert "Các Thứ trưởng" not in text


def test_the_renamed_organisation_heads_the_next_scoring_minutes(demo):
    from scoring.models import ScoringTable

    table = ScoringTable.objects.select_related("group").get(group__code="KHOI-IV", year=2021)
    _ready_for_acclamation(table, demo)
    _acclaim(table, demo["unit_head"])
    _rename()

    response = _client(demo["reviewer"]).get(reverse("scoring:minutes", args=[table.pk]))

    text = _text(response.content)
    assert "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in text
    assert "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG" not in text


def test_a_new_campaign_starts_with_the_renamed_issuer_and_the_old_letter_keeps_its_own(demo):
    _rename()
    Organisation.objects.filter(pk=1).update(place="Thành phố Hà Nội")
    client = _client(demo["reviewer"])

    form = client.get(reverse("campaigns:create")).context["form"]

    assert form.initial["issuing_body"] == "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
    assert form.initial["issuing_body_parent"] == ""
    assert form.initial["symbol"] == "BNNMT-TĐKTTT"
    assert form.initial["place"] == "Thành phố Hà Nội"
    assert (form.initial["signer_title"], form.initial["signer_name"]) == (
        "BỘ TRƯỞNG",
        "Trần Hồng Hà",
    )
    assert form.initial["addressees"][0] == "Thủ trưởng các đơn vị trực thuộc Bộ;"
    assert form.initial["addressees"][-1].endswith("Cụm thi đua.")
    assert form.initial["distribution_list"][-1] == "Lưu: VT, TĐKT&TT."

    old = Campaign.objects.get(year=2021)
    assert (old.issuing_body, old.symbol) == ("BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "BTNMT-TĐKTTT")
    letter = _text(client.get(reverse("campaigns:letter_pdf", args=[old.pk])).content)
    assert "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG" in letter
    assert "Số: /BTNMT-TĐKTTT" in letter
    assert "NÔNG NGHIỆP" not in letter


def test_a_province_with_a_parent_body_and_a_deputy_signer(demo):
    Organisation.objects.filter(pk=1).update(
        name="Sở Nông nghiệp và Môi trường",
        parent_body="Ủy ban nhân dân tỉnh Lào Cai",
        abbreviation="SNNMT",
        head_title="Giám đốc",
    )
    org = organisation()
    org.signers.update(is_active=False)
    Signer.objects.create(
        organisation=org, title="Phó Giám đốc", name="Lò Văn A", authority=SignerAuthority.ON_BEHALF
    )

    form = _client(demo["reviewer"]).get(reverse("campaigns:create")).context["form"]

    assert form.initial["issuing_body_parent"] == "ỦY BAN NHÂN DÂN TỈNH LÀO CAI"
    assert form.initial["issuing_body"] == "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
    assert form.initial["signer_authority"] == "KT. GIÁM ĐỐC"
    assert (form.initial["signer_title"], form.initial["signer_name"]) == (
        "PHÓ GIÁM ĐỐC",
        "Lò Văn A",
    )


def test_a_copy_keeps_the_earlier_frame_but_takes_the_current_issuer(demo):
    source = Campaign.objects.get(year=2021)
    _rename()

    copy = campaign_copy(source=source, year=2031, actor=demo["reviewer"])

    assert (copy.issuing_body, copy.symbol) == ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "BNNMT-TĐKTTT")
    assert copy.addressees == source.addressees
    assert copy.distribution_list == source.distribution_list
    assert (copy.place, copy.signer_title, copy.signer_name) == (
        source.place,
        source.signer_title,
        source.signer_name,
    )


def test_the_administrator_edits_the_organisation_but_cannot_add_or_delete_it(demo):
    client = _client(demo["admin"])
    org = organisation()
    change = reverse("admin:units_organisation_change", args=[org.pk])

    assert client.get(reverse("admin:units_organisation_add")).status_code == 403
    assert client.get(reverse("admin:units_organisation_delete", args=[org.pk])).status_code == 403
    page = client.get(change)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        **{name: form.initial.get(name, "") for name in form.fields},
        "addressees": "Thủ trưởng các đơn vị trực thuộc Bộ\nGiám đốc Sở",
        "distribution_list": "Như trên\nLưu: VT, TĐKT&TT",
        "superior_addressees": "\n".join(org.superior_addressees),
        "name": NEW_NAME,
        "abbreviation": "BNNMT",
    }
    signers = list(org.signers.order_by("position", "pk"))
    data |= {
        "signers-TOTAL_FORMS": len(signers),
        "signers-INITIAL_FORMS": len(signers),
        "signers-MIN_NUM_FORMS": 0,
        "signers-MAX_NUM_FORMS": 1000,
    }
    for i, signer in enumerate(signers):
        data |= {
            f"signers-{i}-id": signer.pk,
            f"signers-{i}-organisation": org.pk,
            f"signers-{i}-position": signer.position,
            f"signers-{i}-title": signer.title,
            f"signers-{i}-name": signer.name,
            f"signers-{i}-authority": signer.authority,
            f"signers-{i}-body": signer.body,
            f"signers-{i}-is_active": "" if i == 0 else "on",
        }

    response = client.post(change, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    org = organisation()
    assert (org.name, org.abbreviation) == (NEW_NAME, "BNNMT")
    assert org.addressees == ["Thủ trưởng các đơn vị trực thuộc Bộ", "Giám đốc Sở"]
    assert org.history.latest().history_user == demo["admin"]
    assert not org.signers.get(pk=signers[0].pk).is_active
    assert org.signers.get(pk=signers[0].pk).history.latest().history_user == demo["admin"]
    assert Organisation.objects.count() == 1


def test_the_organisation_is_read_once_per_request(demo):
    client = _client(demo["reviewer"])
    client.get(reverse("campaigns:create"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("campaigns:create"))
    reads = [q for q in queries.captured_queries if 'FROM "units_organisation"' in q["sql"]]
    assert len(reads) == 1


def test_every_page_and_e_mail_carries_the_organisations_current_name(demo):
    from django.template.loader import render_to_string

    client = Client()
    client.force_login(demo["reviewer"])
    assert (
        "Bộ Tài nguyên và Môi trường" in client.get(reverse("home"), follow=True).content.decode()
    )
    org = Organisation.objects.get()
    org.name = NEW_NAME
    org.save()  # as the admin saves it: the cached names are forgotten at once
    page = client.get(reverse("home"), follow=True).content.decode()
    assert NEW_NAME in page and "Bộ Tài nguyên và Môi trường" not in page
    # The error pages, drawn without a request's context, and the e-mails, outside any request.
    assert NEW_NAME in Client().get("/khong-co-trang-nay/").content.decode()
    assert NEW_NAME in render_to_string("emails/_base.html", {})
