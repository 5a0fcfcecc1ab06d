"""The council's minutes and the Minister's decision as official documents (Decree 30/2020
layout, like the launch letter): contexts shared by the pages and the PDFs."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.text import slugify

from emulation_portal.official_dates import date_words
from emulation_portal.pdf import render_pdf
from units.selectors import organisation

from .models import CouncilSession, Decision
from .selectors.council import SessionView, session_view
from .selectors.decisions import AnnexSection, annex_sections, decision_lines

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _two_digits(count: int) -> str:
    """Counts in the body of an official document take a leading zero below 10 ("05 cá nhân")."""
    return f"{count:02d}"


@dataclass
class DecisionDocument:
    decision: Decision
    lines: list
    sections: list[AnnexSection]
    n_collectives: str
    n_people: str
    date_words: str
    corrected_date_words: str

    @property
    def is_correction(self) -> bool:
        return self.decision.corrects_id is not None

    @property
    def numbered_sections(self):
        return [
            (ROMAN[i] if i < len(ROMAN) else str(i + 1), s) for i, s in enumerate(self.sections)
        ]


def decision_document(decision: Decision) -> DecisionDocument:
    lines = decision_lines(decision)
    collectives = {line.unit_id for line in lines if line.person_id is None}
    people = {line.person_id for line in lines if line.person_id is not None}
    corrected = decision.corrects
    return DecisionDocument(
        decision=decision,
        lines=lines,
        sections=annex_sections(lines),
        n_collectives=_two_digits(len(collectives)),
        n_people=_two_digits(len(people)),
        date_words=date_words(decision.signed_on),
        corrected_date_words=date_words(corrected.signed_on) if corrected else "",
    )


def decision_pdf(decision: Decision) -> bytes:
    """The decision and its annex list as an A4 PDF (header rows repeated on every page)."""
    html = render_to_string("awards/pdf/decision.html", {"doc": decision_document(decision)})
    return render_pdf(html)


def decision_filename(decision: Decision) -> str:
    return f"quyet-dinh-{slugify(decision.number.replace('/', '-').replace('Đ', 'D'))}.pdf"


# Roles in the council as the minutes write them (the document is Vietnamese whatever the
# language of the pages).
COUNCIL_ROLES_VI = {
    "chair": "Chủ tịch",
    "vice_chair": "Phó Chủ tịch",
    "standing": "Ủy viên thường trực",
    "member": "Ủy viên",
    "secretary": "Ủy viên kiêm Thư ký",
}


@dataclass
class MinutesDocument:
    view: SessionView
    date_words: str
    place_date: str
    numbered: list  # (number, VoteLine)

    @property
    def session(self) -> CouncilSession:
        return self.view.session

    @property
    def n_absent(self) -> int:
        return self.view.n_members - self.view.n_present


def minutes_document(session: CouncilSession) -> MinutesDocument:
    view = session_view(session)
    for member in view.members:
        member.role_vi = COUNCIL_ROLES_VI.get(member.role, "")
    words = date_words(session.held_on)
    return MinutesDocument(
        view=view,
        date_words=words,
        place_date=f"{session.campaign.place or organisation().place}, {words}",
        numbered=list(enumerate(view.votes, start=1)),
    )


def minutes_pdf(session: CouncilSession) -> bytes:
    """The session's minutes: members, agenda and the secret-ballot results against the
    threshold; marked as a draft until the results are published."""
    html = render_to_string("awards/pdf/council_minutes.html", {"doc": minutes_document(session)})
    return render_pdf(html)


def minutes_filename(session: CouncilSession) -> str:
    return f"bien-ban-hoi-dong-{session.held_on:%Y-%m-%d}-{session.pk}.pdf"
