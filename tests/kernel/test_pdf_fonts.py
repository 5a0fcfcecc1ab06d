"""Documents print in the shipped Tinos, or in the Times New Roman files a deployment holds a
licence for (``PORTAL_DOCUMENT_FONT_DIR``); no other local file is ever read."""

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from emulation_portal.pdf import StaticFilesFetcher, licensed_font_files, render_pdf

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
DOCUMENT = """<!doctype html><html lang="vi"><head>
<link rel="stylesheet" href="/static/css/official-document.css"></head>
<body class="official-document"><p>Căn cứ Luật Thi đua, khen thưởng</p><p><b>QUYẾT ĐỊNH</b></p>
<p><i>Hà Nội, ngày 05 tháng 3 năm 2021</i></p></body></html>"""


def embedded_font_files(pdf: bytes) -> dict[str, bytes]:
    """Each embedded font's name (without its subset prefix) and file."""
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            for descendant in font.get_object().get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                name = str(descriptor["/FontName"]).split("+", 1)[-1]
                fonts[name] = descriptor["/FontFile2"].get_object().get_data()
    return fonts


def embedded_fonts(pdf: bytes) -> set[str]:
    return set(embedded_font_files(pdf))


def made_by(font_file: bytes, family: str) -> bool:
    """Whether the font file's name table names ``family`` (UTF-16 as TrueType writes it)."""
    return family.encode("utf-16-be") in font_file


def test_documents_print_in_tinos_by_default(settings):
    settings.PORTAL_DOCUMENT_FONT_DIR = ""

    fonts = embedded_fonts(render_pdf(DOCUMENT))

    assert fonts and all(name.startswith("Tinos") for name in fonts)


@pytest.mark.skipif(not DEJAVU.is_dir(), reason="no stand-in font files on this machine")
def test_the_licensed_font_folder_replaces_tinos(settings, tmp_path):
    # Stand-ins under Windows' file names: the PDF must embed what the folder holds.
    shutil.copy(DEJAVU / "DejaVuSerif.ttf", tmp_path / "times.ttf")
    shutil.copy(DEJAVU / "DejaVuSerif-Bold.ttf", tmp_path / "timesbd.ttf")
    settings.PORTAL_DOCUMENT_FONT_DIR = str(tmp_path)

    fonts = embedded_font_files(render_pdf(DOCUMENT))

    # Embedded under the family's name, from the folder's files; the italic, which has no
    # file there, is slanted from the regular rather than taken from Tinos.
    assert fonts and all(name.startswith("Times-New-Roman") for name in fonts)
    assert all(made_by(data, "DejaVu") and not made_by(data, "Tinos") for data in fonts.values())


def test_no_other_local_file_is_fetched_for_a_document(settings, tmp_path):
    secret = tmp_path / "secret.ttf"
    secret.write_bytes(b"not for documents")
    shutil.copy(DEJAVU / "DejaVuSerif.ttf", tmp_path / "times.ttf")
    settings.PORTAL_DOCUMENT_FONT_DIR = str(tmp_path)
    fetcher = StaticFilesFetcher(font_files=licensed_font_files().values())

    assert fetcher.fetch((tmp_path / "times.ttf").as_uri())
    for url in (secret.as_uri(), "file:///etc/passwd", "https://example.org/font.ttf"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
