"""The staff's titles from a list in the unit's own layout (issue 16), not the portal's
template: title rows, STT, a header on one or two rows, one "Danh hiệu thi đua / Hình thức
khen thưởng" column of names or abbreviations (several in a cell) or a grid of x marks,
codes defined in a "Danh mục" sheet, legacy TCVN3 or VNI text.

People are found in the unit's staff by their name (compared without case, spacing or Unicode
form) and, when the name is not enough, their date or year of birth, or else their position.
A person not found, or found more than once, is refused with the Excel row and the reason,
as every other bad row is (resolving them on the preview is a later step).

The unit head may correct how a column was read on the preview; the correction is kept for
the unit and the layout (``ColumnMapping``, by ``headers.layout_key``) and the next file in
the same layout is read the same way.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from criteria.catalogue import title_names
from criteria.models import Title
from emulation_portal.sheets.grids import Conversion, read_grid
from emulation_portal.sheets.headers import (
    GRID,
    IGNORED,
    Table,
    field_label,
    field_names,
    find_table,
    layout_key,
    remap,
)
from emulation_portal.sheets.values import (
    ValueProblem,
    Vocabulary,
    read_date,
    read_mark,
    split_list,
)
from emulation_portal.spreadsheets import SheetLimits, SheetProblem, is_blank, normalise

# The fields this import reads; the others the reader knows are shown as not used.
USED_FIELDS = ("full_name", "birth_date", "position", "titles")
GRID_PREFIX = "grid:"


@dataclass(frozen=True)
class ColumnUse:
    """How one column of the file was read, for the preview."""

    letter: str
    header: str
    read_as: str
    used: bool
    placed: bool
    index: int = 0
    value: str = ""  # as the preview's mapping form names it: "", a field, "grid:CODE"


@dataclass(frozen=True)
class UnknownPerson:
    """A row whose person is not in the unit's staff, otherwise correct: the unit head may
    add the person to the staff on the preview (never done silently)."""

    row: int
    full_name: str
    birth_date: object  # a date, or None (a year alone is not a date of birth)
    position: str
    title_ids: frozenset
    reason: str

    @property
    def key(self) -> str:
        return f"{normalise(self.full_name)}|{self.birth_date or ''}"


@dataclass(frozen=True)
class AmbiguousPerson:
    """A row, otherwise correct, that names several members of the staff: the unit head
    chooses which on the preview, or leaves the row out."""

    row: int
    full_name: str
    candidates: tuple
    title_ids: frozenset
    reason: str


@dataclass
class LayoutReading:
    problems: list[tuple[int | None, str]] = field(default_factory=list)
    wanted: dict[int, tuple[int, set[int]]] = field(default_factory=dict)
    titles: list[Title] = field(default_factory=list)
    columns: list[ColumnUse] = field(default_factory=list)
    conversions: list[Conversion] = field(default_factory=list)
    rows_read: int = 0
    matched: int = 0  # rows whose person was found (each person's first row)
    layout: str = ""  # headers.layout_key of the file's table
    headers: list[str] = field(default_factory=list)
    remembered: bool = False  # read as the unit head corrected this layout before
    unknown: list[UnknownPerson] = field(default_factory=list)
    ambiguous: list[AmbiguousPerson] = field(default_factory=list)


def _show(value, limit=40) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def title_vocabulary(titles: list[Title], code_list: dict[str, str] | None = None) -> Vocabulary:
    """The names of ``titles`` (by code), and the workbook's own codes for them."""
    vocabulary = Vocabulary(
        (title.code, title_names(title.code, title.name, title.abbreviation)) for title in titles
    )
    for code, name in (code_list or {}).items():
        keys = vocabulary.keys_for(name)
        if len(keys) == 1 and code not in vocabulary:
            vocabulary.add(keys.pop(), code)
    return vocabulary


def _column_uses(table: Table, titles_by_code) -> list[ColumnUse]:
    uses = []
    for column in table.columns:
        if column.key == GRID:
            read_as = _("x marks for “%(title)s”") % {"title": titles_by_code[column.grid_key].name}
            used = True
        elif column.key == IGNORED:
            read_as, used = _("Not used"), False
        elif column.key:
            read_as, used = field_label(column.key), column.key in USED_FIELDS
        else:
            read_as, used = "", False
        uses.append(
            ColumnUse(
                column.letter,
                column.header or "",
                read_as,
                used=used,
                placed=bool(column.key),
                index=column.index,
                value=placing_value(column.key, column.grid_key),
            )
        )
    return uses


def placing_value(key: str | None, grid_key: str | None) -> str:
    if key == GRID:
        return f"{GRID_PREFIX}{grid_key}"
    return key or ""


def parse_placing(value: str) -> tuple[str, str | None]:
    """A placing value as ``headers.remap`` takes it; "" is a column the import leaves
    aside (not an unrecognised one)."""
    if value.startswith(GRID_PREFIX):
        return GRID, value.removeprefix(GRID_PREFIX)
    return (value or IGNORED), None


def placing_choices(titles: list[Title]) -> list[tuple[str, str]]:
    """What a column of the staff's list can be read as, for the preview's mapping form."""
    return [
        ("", _("Not used")),
        *((key, field_label(key)) for key in USED_FIELDS),
        *(
            (f"{GRID_PREFIX}{title.code}", _("x marks for “%(title)s”") % {"title": title.name})
            for title in titles
        ),
    ]


def _header_problems(table: Table) -> list[tuple[int, str]]:
    row = table.header_rows[-1]
    problems = []
    for column in table.unplaced:
        if column.header:
            reason = _(
                "Column %(column)s (“%(header)s”) is not one this import knows: rename its "
                "header (Họ và tên, Ngày sinh, Chức vụ, Danh hiệu thi đua, or a title such as "
                "LĐTT) or delete the column."
            ) % {"column": column.letter, "header": _show(column.header)}
            problems.append((row, reason))
        elif any(not is_blank(values[column.index]) for _row, values in table.rows):
            reason = _("Column %(column)s holds data but has no header.") % {
                "column": column.letter
            }
            problems.append((row, reason))
    if table.column_of("full_name") is None:
        problems.append((row, _("The table has no “Họ và tên” (full name) column.")))
    if table.column_of("titles") is None and not table.grid_columns:
        problems.append(
            (
                row,
                _(
                    "The table has no titles: add a “Danh hiệu thi đua” column, or one column "
                    "per title with x where the person aims for it."
                ),
            )
        )
    return problems


class StaffNames:
    """The unit's staff by normalised name (shared with the history import)."""

    def __init__(self, staff):
        self.by_name: dict[str, list] = {}
        for person in staff:
            self.by_name.setdefault(normalise(person.full_name), []).append(person)

    def find(self, name, birth, position):
        """(person, None) or (None, why not)."""
        shown = _show(name)
        found = self.by_name.get(normalise(name), [])
        if not found:
            return None, _("“%(name)s” is not a member of your unit's staff.") % {"name": shown}
        if birth is not None:
            found = [person for person in found if birth.matches(person.birth_date)]
            if not found:
                return None, _(
                    "No member of your unit's staff named “%(name)s” was born on %(birth)s."
                ) % {
                    "name": shown,
                    "birth": birth.date.strftime("%d/%m/%Y") if birth.date else birth.year,
                }
        elif len(found) > 1 and not is_blank(position):
            by_position = [p for p in found if normalise(p.position) == normalise(position)]
            found = by_position or found
        if len(found) > 1:
            return None, _(
                "%(count)s members of your unit's staff are named “%(name)s”: give the date of "
                "birth (or the position) to tell them apart."
            ) % {"count": len(found), "name": shown}
        return found[0], None

    def namesakes(self, name, birth, position) -> list:
        """The members of staff the row may mean: more than one when ``find`` cannot tell."""
        found = self.by_name.get(normalise(name), [])
        if birth is not None:
            return [person for person in found if birth.matches(person.birth_date)]
        if len(found) > 1 and not is_blank(position):
            by_position = [p for p in found if normalise(p.position) == normalise(position)]
            found = by_position or found
        return found

    def is_missing(self, name, birth) -> bool:
        """Nobody of the staff has this name (and this date or year of birth, if given)."""
        found = self.by_name.get(normalise(name), [])
        if birth is not None:
            found = [person for person in found if birth.matches(person.birth_date)]
        return not found


def _known_placing(stored: dict[str, str] | None, titles_by_code) -> dict:
    """A stored correction as ``headers.remap`` takes it, leaving out what no longer fits
    (a title the campaign no longer offers, a field this import does not read)."""
    placing = {}
    for index, value in (stored or {}).items():
        key, grid_key = parse_placing(value)
        if key == GRID and grid_key not in titles_by_code:
            continue
        if key not in (IGNORED, GRID, *USED_FIELDS):
            continue
        placing[int(index)] = (key, grid_key)
    return placing


def _title_of(token, vocabulary, titles_by_code, catalogue):
    """(title, None) or (None, why not) for one name in a titles cell."""
    keys = vocabulary.keys_for(token)
    if len(keys) == 1:
        return titles_by_code[keys.pop()], None
    if len(keys) > 1:
        return None, _("“%(value)s” can mean more than one title: write its full name.") % {
            "value": _show(token, 30)
        }
    if token in catalogue:
        return None, _("“%(value)s” is not a title a member of staff can register.") % {
            "value": _show(token, 30)
        }
    return None, _(
        "“%(value)s” is not a title of the catalogue: write its name or abbreviation (such as "
        "LĐTT or CSTĐCS)."
    ) % {"value": _show(token, 30)}


def read_staff_layout(
    *,
    data: bytes,
    titles: list[Title],
    staff,
    limits: SheetLimits,
    placing_for: Callable[[str], dict[str, str] | None] = lambda layout: None,
    chosen: dict[int, int] | None = None,
):
    """The titles each person of the list aims for, read from the unit's own layout, its
    columns placed as ``placing_for(layout)`` says where it says something (the unit head's
    correction of that layout: column index -> a placing value), and the rows naming
    namesakes read as the person ``chosen`` names (Excel row -> person id) where it is one
    of them."""
    reading = LayoutReading()
    titles_by_code = {title.code: title for title in titles}
    try:
        grid = read_grid(data, limits)
        vocabulary = title_vocabulary(titles, grid.code_list)
        table = find_table(grid.rows, grid.merges, fields=field_names(), grid=vocabulary)
        reading.layout = layout_key(table)
        reading.headers = [column.header or "" for column in table.columns]
        placing = _known_placing(placing_for(reading.layout), titles_by_code)
        if placing:
            reading.remembered = True
            table = remap(table, placing)
    except SheetProblem as error:
        reading.problems.append((error.row, error.reason))
        return reading
    catalogue = title_vocabulary(list(Title.objects.all()), grid.code_list)
    reading.conversions = grid.conversions
    reading.columns = _column_uses(table, titles_by_code)
    reading.problems.extend(_header_problems(table))
    if reading.problems:
        return reading

    name_col = table.column_of("full_name")
    birth_col = table.column_of("birth_date")
    position_col = table.column_of("position")
    titles_col = table.column_of("titles")
    grid_cols = [(c.index, titles_by_code[c.grid_key], c.header) for c in table.grid_columns]
    in_scope = {title.pk for _i, title, _h in grid_cols}
    if titles_col is not None:
        in_scope = {title.pk for title in titles}
    reading.titles = [title for title in titles if title.pk in in_scope]
    people = StaffNames(staff)
    seen: dict[int, int] = {}
    unknown_seen: dict[str, int] = {}
    for row_number, values in table.rows:
        title_cells = [values[i] for i, _t, _h in grid_cols]
        if titles_col is not None:
            title_cells.append(values[titles_col])
        name = values[name_col]
        if is_blank(name) and all(is_blank(value) for value in title_cells):
            continue  # an empty numbered row of the form
        reading.rows_read += 1
        problems = []
        if is_blank(name):
            reading.problems.append((row_number, _("The name is missing.")))
            continue
        birth = None
        if birth_col is not None:
            try:
                birth = read_date(values[birth_col])
            except ValueProblem as error:
                problems.append(str(error))
        position = values[position_col] if position_col is not None else None
        person, not_found = (None, None) if problems else people.find(name, birth, position)
        missing = bool(not_found) and people.is_missing(name, birth)
        namesakes = [] if not not_found or missing else people.namesakes(name, birth, position)
        if len(namesakes) > 1:
            person = next((p for p in namesakes if p.pk == (chosen or {}).get(row_number)), None)
            not_found = None if person else not_found
        if not_found and len(namesakes) > 1:
            pass  # the head chooses on the preview (below)
        elif not_found and not missing:
            problems.append(not_found)
        elif person is not None and person.pk in seen:
            problems.append(
                _("%(name)s is already on row %(row)s.")
                % {"name": person.full_name, "row": seen[person.pk]}
            )
        elif person is not None:
            seen[person.pk] = row_number
            reading.matched += 1
        title_ids = set()
        for index, title, header in grid_cols:
            try:
                if read_mark(values[index]):
                    title_ids.add(title.pk)
            except ValueProblem as error:
                problems.append(
                    _("Column “%(column)s”: %(problem)s") % {"column": header, "problem": error}
                )
        if titles_col is not None:
            for token in split_list(values[titles_col]):
                title, why_not = _title_of(token, vocabulary, titles_by_code, catalogue)
                if why_not:
                    problems.append(why_not)
                else:
                    title_ids.add(title.pk)
        if missing:
            newcomer = UnknownPerson(
                row=row_number,
                full_name=" ".join(unicodedata.normalize("NFC", str(name)).split()),
                birth_date=birth.date if birth else None,
                position=" ".join(str(values[position_col] or "").split())
                if position_col is not None
                else "",
                title_ids=frozenset(title_ids),
                reason=not_found,
            )
            if newcomer.key in unknown_seen:
                problems.append(
                    _("%(name)s is already on row %(row)s.")
                    % {"name": newcomer.full_name, "row": unknown_seen[newcomer.key]}
                )
            elif not problems:
                unknown_seen[newcomer.key] = row_number
                reading.unknown.append(newcomer)
                continue
            problems.insert(0, not_found)
        if not_found and len(namesakes) > 1:
            if not problems:
                reading.ambiguous.append(
                    AmbiguousPerson(
                        row=row_number,
                        full_name=namesakes[0].full_name,
                        candidates=tuple(namesakes),
                        title_ids=frozenset(title_ids),
                        reason=not_found,
                    )
                )
                continue
            problems.insert(0, not_found)
        if problems:
            reading.problems.extend((row_number, problem) for problem in problems)
            continue
        reading.wanted[person.pk] = (row_number, title_ids)
    return reading
