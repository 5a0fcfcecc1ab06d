"""The council's minutes and the Minister's decision as official documents (Decree 30/2020
layout, like the launch letter): contexts shared by the pages and the PDFs."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.text import slugify

from criteria.models import TitleKind
from emulation_portal.official_dates import date_words
from emulation_portal.pdf import render_pdf
from units.selectors import organisation

from .models import CouncilSession, Decision
from .selectors.council import SessionView, session_view
from .selectors.decisions import (
    AWARD,
    FLAG,
    RECOGNISE,
    AnnexSection,
    annex_sections,
    article_kind,
    decision_lines,
)

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _two_digits(count: int) -> str:
    """Counts in the body of an official document take a leading zero below 10 ("05 cá nhân")."""
    return f"{count:02d}"


def _counts(lines) -> str:
    """ "01 tập thể và 02 cá nhân", as the body of a decision writes the recipients."""
    collectives = len({line.unit_id for line in lines if line.person_id is None})
    people = len({line.person_id for line in lines if line.person_id is not None})
    parts = [f"{_two_digits(collectives)} tập thể"] if collectives else []
    parts += [f"{_two_digits(people)} cá nhân"] if people else []
    return " và ".join(parts)


def _bare(name: str) -> str:
    """The catalogue's name without its recipient: "Bằng khen của Bộ trưởng (cá nhân)"."""
    return name.split(" (", 1)[0]


@dataclass
class Article:
    """One award clause of the decision: a verb and the annex sections it covers."""

    kind: str
    sections: list  # (roman, AnnexSection)
    year: int

    @property
    def lines(self) -> list:
        return [line for _, section in self.sections for line in section.lines]

    @property
    def recipients(self) -> str:
        return _counts(self.lines)

    @property
    def items(self) -> list[str]:
        """Per annex section: "Danh hiệu “Tập thể lao động xuất sắc”: 01 tập thể (Mục I)"; for
        a form already named in the clause, the counts only: "27 cá nhân (Mục IV)"."""
        names = {_bare(section.title.name) for _, section in self.sections}
        out = []
        for roman, section in self.sections:
            if self.kind == RECOGNISE:
                out.append(
                    f"Danh hiệu “{section.title.name}”: {_counts(section.lines)} (Mục {roman})"
                )
            elif len(names) == 1:  # the form is named in the clause: only the counts
                out.append(f"{_counts(section.lines)} (Mục {roman})")
            else:
                out.append(f"{_bare(section.title.name)}: {_counts(section.lines)} (Mục {roman})")
        return out

    @property
    def text(self) -> str:
        if self.kind == RECOGNISE:
            head = f"Công nhận danh hiệu thi đua năm {self.year}"
        else:
            names = list(dict.fromkeys(_bare(section.title.name) for _, section in self.sections))
            head = f"Tặng {' và '.join(names)}"
        return (
            f"{head} cho {self.recipients} có tên trong Danh sách kèm theo Quyết định này, "
            f"đã có thành tích trong phong trào thi đua năm {self.year}, gồm:"
        )


def decision_articles(numbered_sections, year: int) -> list[Article]:
    """The award clauses in order: titles recognised, flags, forms awarded; one per kind."""
    by_kind: dict[str, list] = {RECOGNISE: [], FLAG: [], AWARD: []}
    for roman, section in numbered_sections:
        by_kind[article_kind(section.title)].append((roman, section))
    return [Article(kind, sections, year) for kind, sections in by_kind.items() if sections]


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

    @property
    def articles(self) -> list[Article]:
        return decision_articles(self.numbered_sections, self.decision.campaign.year)

    @property
    def annex_verbs(self) -> str:
        """What the annex lists: "công nhận danh hiệu thi đua và tặng hình thức khen thưởng"."""
        kinds = {article.kind for article in self.articles}
        parts = []
        if RECOGNISE in kinds:
            parts.append("công nhận danh hiệu thi đua")
        if FLAG in kinds:
            parts.append("tặng Cờ thi đua")
        if AWARD in kinds:
            parts.append("tặng hình thức khen thưởng")
        return " và ".join(parts)

    @property
    def numbered_articles(self) -> list[tuple[str, Article]]:
        """The award clauses of Điều 1, numbered "1.", "2." when there are several kinds."""
        articles = self.articles
        if len(articles) == 1:
            return [("", articles[0])]
        return [(f"{i}.", article) for i, article in enumerate(articles, start=1)]


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
class TitleBallot:
    """The secret ballot on one title: its candidates (numbered), who reached the threshold
    and who did not."""

    title: object  # criteria.Title
    numbered: list  # (number, VoteLine)

    @property
    def passed(self) -> list:
        return [vote for _, vote in self.numbered if vote.ballot and vote.ballot.passed]

    @property
    def failed(self) -> list:
        return [vote for _, vote in self.numbered if vote.ballot and not vote.ballot.passed]

    @property
    def unvoted(self) -> list:
        return [vote for _, vote in self.numbered if vote.ballot is None]


@dataclass
class OpenConclusion:
    """A title or form not balloted (no secret ballot required): the council concludes on it by
    an open vote on the dossiers."""

    title: object  # criteria.Title
    items: list  # ProposalItems

    @property
    def is_title(self) -> bool:
        return self.title.kind == TitleKind.EMULATION_TITLE

    @property
    def kind_word(self) -> str:
        return "Danh hiệu" if self.is_title else "Hình thức"

    @property
    def verb(self) -> str:
        """ "Công nhận" for a title, "tặng" for a form of commendation."""
        return "công nhận" if self.is_title else "tặng"

    @property
    def n_collectives(self) -> int:
        return sum(item.person_id is None for item in self.items)

    @property
    def n_people(self) -> int:
        return sum(item.person_id is not None for item in self.items)


def _recipient(item) -> str:
    return (
        f"{item.person.full_name}, {item.proposal.unit.name}"
        if item.person_id
        else item.proposal.unit.name
    )


@dataclass
class MinutesDocument:
    view: SessionView
    date_words: str
    place_date: str
    numbered: list  # (number, VoteLine)
    title_ballots: list[TitleBallot]
    open_conclusions: list[OpenConclusion]

    @property
    def counting_board(self) -> list:
        """The vote-counting board (Ban kiểm phiếu), in the council's order."""
        return [member for member in self.view.members if member.on_counting_board]

    @property
    def ballots_issued(self) -> int:
        """One ballot to every member; absent members vote in writing (Decree 91 Art. 45.8)."""
        return self.view.n_members

    @property
    def ballots_invalid(self) -> int | None:
        s = self.session
        if s.ballots_returned is None or s.ballots_valid is None:
            return None
        return s.ballots_returned - s.ballots_valid

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
    by_title: dict = {}
    for vote in view.votes:
        by_title.setdefault(vote.item.title.pk, (vote.item.title, []))[1].append(vote)
    title_ballots = [
        TitleBallot(title, list(enumerate(votes, start=1)))
        for title, votes in sorted(by_title.values(), key=lambda tv: -tv[0].rank)
    ]
    open_titles: dict = {}
    for entry in view.agenda:
        for item in entry.others:
            item.proposal = entry.proposal  # already read: no query for the unit's name
            open_titles.setdefault(item.title.pk, (item.title, []))[1].append(item)
    open_conclusions = [
        OpenConclusion(title, items)
        for title, items in sorted(open_titles.values(), key=lambda ti: -ti[0].rank)
    ]
    for ballot in title_ballots:
        for _, vote in ballot.numbered:
            vote.item.proposal = next(
                e.proposal for e in view.agenda if any(v is vote for v in e.votes)
            )
            vote.recipient = _recipient(vote.item)
    for conclusion in open_conclusions:
        conclusion.recipients = [_recipient(item) for item in conclusion.items]
    return MinutesDocument(
        view=view,
        date_words=words,
        place_date=f"{session.campaign.place or organisation().place}, {words}",
        numbered=list(enumerate(view.votes, start=1)),
        title_ballots=title_ballots,
        open_conclusions=open_conclusions,
    )


def minutes_pdf(session: CouncilSession) -> bytes:
    """The session's minutes: members, agenda and the secret-ballot results against the
    threshold; marked as a draft until the results are published."""
    html = render_to_string("awards/pdf/council_minutes.html", {"doc": minutes_document(session)})
    return render_pdf(html)


def minutes_filename(session: CouncilSession) -> str:
    return f"bien-ban-hoi-dong-{session.held_on:%Y-%m-%d}-{session.pk}.pdf"
