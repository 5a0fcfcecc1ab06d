"""Reads a launch letter written in the seed's Markdown into the campaign's structured parts.

The letter is kept word for word: only Markdown markup is removed, and a paragraph that a
page break split in two (its second half starts in lower case) is joined back together.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SEED_2021 = Path(__file__).resolve().parent / "data" / "phat-dong-thi-dua-2021.md"

_ROMAN_HEADING = re.compile(r"^(I|II|III|IV|V)\.\s+(.*)$")
_SUB_HEADING = re.compile(r"^(\d+)\.\s+(Đối với .*)$")
_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
_THEME = re.compile(r"\*\*“(.+?)”\*\*")


@dataclass
class LetterParts:
    number: str = ""
    symbol: str = ""
    subject: str = ""
    place: str = ""
    date_line: str = ""
    theme: str = ""
    addressees: list[str] = field(default_factory=list)
    opening_paragraphs: list[str] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)
    contents: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    collective_criteria: list[str] = field(default_factory=list)
    individual_criteria: list[str] = field(default_factory=list)
    unit_head_criteria: list[str] = field(default_factory=list)
    duties: list[str] = field(default_factory=list)
    closing_call: str = ""
    distribution_list: list[str] = field(default_factory=list)
    signer_title: str = ""
    signer_name: str = ""


def _plain(text: str) -> str:
    text = text.strip().lstrip("#").strip()
    return text.replace("**", "").strip()


def _paragraphs(markdown: str) -> list[str]:
    """Blank-line separated blocks, each on one line, with page-break splits rejoined."""
    blocks = []
    for block in re.split(r"\n\s*\n", unicodedata.normalize("NFC", markdown)):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("- ") and all(line.startswith("- ") for line in lines):
            blocks.extend(lines)  # a list written without blank lines between items
            continue
        text = " ".join(lines)
        if blocks and text[0].islower():
            blocks[-1] = f"{blocks[-1]} {text}"
        else:
            blocks.append(text)
    return blocks


def parse_letter(markdown: str) -> LetterParts:
    parts = LetterParts()
    section = "header"
    for raw in _paragraphs(markdown):
        theme = _THEME.search(raw)
        if theme and not parts.theme:
            parts.theme = theme.group(1)
        text = _plain(raw)
        is_heading = raw.startswith("#")
        heading = _ROMAN_HEADING.match(text) if is_heading else None

        if text.startswith("Số:"):
            parts.number, _slash, parts.symbol = text.removeprefix("Số:").strip().partition("/")
            parts.number = parts.number.strip()
        elif text.startswith("V/v "):
            parts.subject = text
        elif section == "header" and ", ngày" in text:
            parts.date_line = text
            parts.place = text.split(",", 1)[0]
        elif text == "Kính gửi:":
            section = "addressees"
        elif heading:
            numeral, title = heading.groups()
            section = {"I": "contents", "II": "tasks", "III": "criteria", "IV": "duties"}[numeral]
            parts.headings[section] = title
        elif is_heading and _SUB_HEADING.match(text):
            number, title = _SUB_HEADING.match(text).groups()
            section = "collective" if number == "1" else "individual"
            parts.headings[section] = title
        elif text == "Nơi nhận:":
            section = "distribution"
        elif raw.startswith("**") and raw.endswith("**") and section == "distribution":
            if not parts.signer_title:
                parts.signer_title = text
            else:
                parts.signer_name = text
        elif section == "addressees":
            if text.startswith("- "):
                parts.addressees.append(text[2:])
            else:
                section = "opening"
                parts.opening_paragraphs.append(text)
        elif section == "opening":
            parts.opening_paragraphs.append(text)
        elif section in ("contents", "tasks"):
            numbered = _NUMBERED.match(text)
            getattr(parts, section).append(numbered.group(2) if numbered else text)
        elif section == "collective":
            parts.collective_criteria.append(text.removeprefix("- "))
        elif section == "individual":
            if text.startswith("- "):
                parts.individual_criteria.append(text[2:])
            else:
                parts.unit_head_criteria.append(text)
        elif section == "duties":
            if text.startswith("- "):
                parts.duties.append(text[2:])
            else:
                parts.closing_call = text
        elif section == "distribution":
            parts.distribution_list.append(text.removeprefix("- "))
    return parts


def seed_letter_2021() -> LetterParts:
    return parse_letter(SEED_2021.read_text(encoding="utf-8"))
