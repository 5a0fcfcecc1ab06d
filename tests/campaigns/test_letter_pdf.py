import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from campaigns.letter import letter_pdf
from campaigns.models import Campaign
from campaigns.selectors import campaign_with_letter
from tests.letter_text import normalise, seed_paragraphs
from tests.pdf_layout import layout_pages, line_with, page_of

A4_POINTS = (595, 842)

# In the database group, before the browser tests flush the demo data.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def letter_reader(django_db_setup, django_db_blocker):
    """The demo letter rendered once for the module's read-only checks."""
    with django_db_blocker.unblock():
        campaign = campaign_with_letter().get(year=2021)
        return PdfReader(io.BytesIO(letter_pdf(campaign)))


def _split_page_number(page, number: int) -> tuple[str, str]:
    """(body, number) of a page; WeasyPrint draws the top-margin page number last."""
    lines = page.extract_text().rstrip().splitlines()
    if number > 1 and lines and lines[-1].strip() == str(number):
        return "\n".join(lines[:-1]), lines[-1].strip()
    return "\n".join(lines), ""


def _text(reader: PdfReader) -> str:
    return normalise(
        " ".join(_split_page_number(page, n)[0] for n, page in enumerate(reader.pages, start=1))
    )


def test_letter_pdf_holds_every_paragraph_of_the_seed(letter_reader):
    text = _text(letter_reader)

    missing = [p for p in seed_paragraphs() if p not in text]

    assert missing == []


@pytest.mark.parametrize(
    "part",
    [
        "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: /BTNMT-TĐKTTT",
        "V/v phát động phong trào thi đua năm 2021",
        "Hà Nội, ngày tháng năm 2021",
        "Kính gửi:",
        "I. Nội dung Phong trào thi đua",
        "II. Nhiệm vụ, giải pháp chủ yếu",
        "III. Tiêu chí thi đua",
        "IV. Tổ chức thực hiện",
        "Nơi nhận:",
        "BỘ TRƯỞNG",
        "Trần Hồng Hà",
    ],
)
def test_letter_pdf_has_the_decree_30_header_and_footer_parts(letter_reader, part):
    assert part in _text(letter_reader)


def test_the_number_and_the_place_and_date_sit_level_on_one_row(letter_reader):
    page, line = line_with(layout_pages(letter_reader), "Số:")

    assert page == 1
    assert "/BTNMT-TĐKTTT" in line
    assert "Hà Nội, ngày tháng năm 2021" in line
    # The subject of the công văn goes under the number, not on its row.
    assert "V/v" not in line


def test_the_signature_block_shares_its_page_with_the_closing_paragraph(letter_reader):
    pages = layout_pages(letter_reader)
    closing = Campaign.objects.get(year=2021).closing_call.split()[-2:]  # "Tổ quốc./."

    last_paragraph = page_of(pages, " ".join(closing))
    assert page_of(pages, "Nơi nhận:") == last_paragraph
    assert page_of(pages, "Trần Hồng Hà") == last_paragraph == len(pages)


def test_letter_pdf_is_a4_with_the_shipped_font_embedded(letter_reader):
    fonts = set()
    for page in letter_reader.pages:
        assert tuple(round(float(v)) for v in page.mediabox[2:]) == A4_POINTS
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor  # the TrueType program is in the file
            fonts.add(re.sub(r"^/([A-Z]{6}\+)?", "", font["/BaseFont"]))

    assert {"Tinos", "Tinos-Bold"} <= fonts


def test_letter_pdf_numbers_pages_from_page_two(letter_reader):
    numbers = [_split_page_number(p, n)[1] for n, p in enumerate(letter_reader.pages, start=1)]

    assert len(numbers) >= 2
    assert numbers == ["", *(str(n) for n in range(2, len(numbers) + 1))]


def test_render_letter_command_writes_the_pdf(demo, tmp_path):
    output = tmp_path / "letter.pdf"

    call_command("render_letter", "2021", "--output", str(output), stdout=io.StringIO())

    reader = PdfReader(output)
    assert "Đoàn kết, kỷ cương, đổi mới toàn diện để phát triển" in _text(reader)


def test_letter_pdf_view_downloads_the_same_letter(demo, client):
    client.force_login(demo["unit_head2"])
    campaign = Campaign.objects.get(year=2021)

    response = client.get(reverse("campaigns:letter_pdf", args=[campaign.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert "cong-van-phat-dong-thi-dua-2021.pdf" in response["Content-Disposition"]
    text = _text(PdfReader(io.BytesIO(response.content)))
    assert all(p in text for p in seed_paragraphs())


def test_letter_pdf_needs_sign_in(demo, client):
    campaign = Campaign.objects.get(year=2021)

    response = client.get(reverse("campaigns:letter_pdf", args=[campaign.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Path("letter-2021.pdf").exists()


def test_a_letter_not_yet_approved_is_marked_draft_on_every_page_and_the_launched_one_not(
    demo, letter_reader
):
    waiting = campaign_with_letter().get(year=2022)  # the demo's next year, sent for approval
    assert waiting.awaits_approval

    pages = PdfReader(io.BytesIO(letter_pdf(waiting))).pages

    assert len(pages) > 1
    assert all("DỰ THẢO" in page.extract_text() for page in pages)
    assert not any("DỰ THẢO" in page.extract_text() for page in letter_reader.pages)
