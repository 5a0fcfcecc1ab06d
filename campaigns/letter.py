"""The launch letter as an official document (Decree 30/2020): context for HTML and PDF."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from criteria.models import CriterionTarget
from emulation_portal.pdf import render_pdf

from .models import Campaign


@dataclass
class LetterContext:
    campaign: Campaign
    collective_criteria: list
    individual_criteria: list
    unit_head_criteria: list
    opening_paragraphs: list


def _with_theme_in_bold(paragraph: str, theme: str):
    """The letter sets the quoted theme in bold; everything else stays plain text."""
    quoted = f"“{theme}”"
    if not theme or quoted not in paragraph:
        return escape(paragraph)
    before, after = paragraph.split(quoted, 1)
    return format_html("{}<strong>{}</strong>{}", before, quoted, after)


def letter_context(campaign: Campaign) -> LetterContext:
    criteria = list(campaign.criteria.all())
    return LetterContext(
        campaign=campaign,
        collective_criteria=[c for c in criteria if c.target == CriterionTarget.COLLECTIVE],
        individual_criteria=[c for c in criteria if c.target == CriterionTarget.INDIVIDUAL],
        unit_head_criteria=[c for c in criteria if c.target == CriterionTarget.UNIT_HEAD],
        opening_paragraphs=[
            mark_safe(_with_theme_in_bold(p, campaign.theme)) for p in campaign.opening_paragraphs
        ],
    )


def letter_pdf(campaign: Campaign) -> bytes:
    """The launch letter as an A4 PDF with the shipped Times-compatible font embedded."""
    html = render_to_string("campaigns/pdf/letter.html", {"letter": letter_context(campaign)})
    return render_pdf(html)


def letter_filename(campaign: Campaign) -> str:
    return f"cong-van-phat-dong-thi-dua-{campaign.year}.pdf"


def amendment_pdf(amendment) -> bytes:
    """An amending letter as an A4 PDF, with the launch letter's header and footer."""
    html = render_to_string("campaigns/pdf/amendment.html", {"doc": amendment})
    return render_pdf(html)


def amendment_filename(amendment) -> str:
    number = amendment.number or "du-thao"
    return f"cong-van-{amendment.kind}-{amendment.campaign.year}-{number}.pdf"
