"""Reading a PDF back as laid out: its pages' lines as printed (pypdf's layout mode keeps the
text of one printed row on one line), for checks of where things sit."""

import io
import re
import unicodedata

from pypdf import PdfReader


def layout_pages(pdf: bytes | PdfReader) -> list[list[str]]:
    """Each page's lines, NFC-normalised, blank lines dropped."""
    reader = pdf if isinstance(pdf, PdfReader) else PdfReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        text = unicodedata.normalize("NFC", page.extract_text(extraction_mode="layout"))
        pages.append([line for line in text.splitlines() if line.strip()])
    return pages


def squeeze(text: str) -> str:
    """Runs of spaces to one, for comparing a line's words whatever the columns' gaps."""
    return re.sub(r"\s+", " ", text).strip()


def line_with(pages: list[list[str]], needle: str) -> tuple[int, str]:
    """(page number from 1, the squeezed line) of the first line holding `needle`."""
    for number, lines in enumerate(pages, start=1):
        for line in lines:
            if needle in squeeze(line):
                return number, squeeze(line)
    raise AssertionError(f"{needle!r} is not on any line of the PDF")


def page_of(pages: list[list[str]], needle: str) -> int:
    return line_with(pages, needle)[0]
