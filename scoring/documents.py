"""The group's minutes (biên bản) of the scoring and the acclamation of its leader, as an
official document (Decree 30/2020 layout, like the launch letter)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from emulation_portal.official_dates import date_words, place_date_line
from emulation_portal.pdf import render_pdf
from units.models import GroupKind
from units.selectors import organisation

from .models import Acclamation, ScoringTable
from .selectors import (
    MemberRow,
    acclamations,
    group_issuing_name,
    item_sections,
    scoring_items,
    scoring_ranking,
    unit_score_detail,
    unit_score_get,
)


@dataclass
class MinutesContext:
    table: ScoringTable
    issuing_body: str
    ministry: str
    acclamation: Acclamation
    corrected: list  # earlier acclamations this one replaces, oldest first
    ranking: list[MemberRow]
    sections: list
    date_line: str
    held_on_text: str
    certificate_rows: list[MemberRow]  # proposed for the Minister's certificate, by rank
    # For a table with groups: its items in order, the groups as headings, with the leading
    # unit's points (UnitScoreDetail.rows); empty for a flat table.
    criteria: list = field(default_factory=list)

    @property
    def members_present(self) -> list[dict]:
        return self.acclamation.members_present

    @property
    def group_word(self) -> str:
        return "Khối" if self.table.group.kind == GroupKind.BLOC else "Cụm"

    @property
    def leader_row(self) -> MemberRow | None:
        return next((r for r in self.ranking if r.unit.pk == self.acclamation.leader_id), None)

    @property
    def ballot_share(self):
        a = self.acclamation
        if not a.ballots_total:
            return None
        return (Decimal(a.ballots_for) * 100 / a.ballots_total).quantize(Decimal("0.01"))


def minutes_context(table: ScoringTable) -> MinutesContext | None:
    """What the minutes show, or None before the acclamation is recorded (seven queries, the
    organisation's name one of them; four more for a table with groups, whose items and the
    leader's points are shown group by group)."""
    history = acclamations(table)
    in_force = [a for a in history if not any(b.corrects_id == a.pk for b in history)]
    if not in_force:
        return None
    acclamation = in_force[-1]
    items = scoring_items(table)
    criteria = []
    if any(item.is_group for item in items):
        leader_score = unit_score_get(table=table, unit_id=acclamation.leader_id)
        criteria = unit_score_detail(table=table, unit_score=leader_score).rows
    ranking = scoring_ranking(table)
    proposed = set(acclamation.certificate_units.values_list("pk", flat=True))
    certificate_rows = sorted(
        (row for row in ranking if row.unit.pk in proposed),
        key=lambda row: (row.rank is None, row.rank or 0),
    )
    return MinutesContext(
        table=table,
        issuing_body=group_issuing_name(table.group),
        ministry=organisation().header_name,
        acclamation=acclamation,
        corrected=[a for a in history if a.pk != acclamation.pk],
        ranking=ranking,
        sections=item_sections(items),
        date_line=place_date_line(acclamation.city, acclamation.held_on),
        held_on_text=date_words(acclamation.held_on),
        certificate_rows=certificate_rows,
        criteria=criteria,
    )


def minutes_pdf(context: MinutesContext) -> bytes:
    """The minutes as an A4 PDF with the shipped Times-compatible font embedded."""
    # A Vietnamese document whatever the reader's language: decimal commas, dd/mm/yyyy.
    with translation.override("vi"):
        html = render_to_string("scoring/pdf/minutes.html", {"minutes": context})
    return render_pdf(html)


def minutes_filename(table: ScoringTable) -> str:
    return f"bien-ban-suy-ton-{slugify(table.group.code)}-{table.year}.pdf"
