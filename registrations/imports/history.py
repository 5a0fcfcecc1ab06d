"""The staff's past titles and yearly ratings from a unit's own list (issue 16): the rule
checks read three years back, and these were typed one record at a time in the admin.

Two kinds of list, read with the same reader as the people's list (``staff_layouts``: title
rows, STT, a header on one or two rows, TCVN3 or VNI text, people found in the unit's active
staff by name and date of birth, or position):

- ``titles_history``: a person, a title (name, abbreviation such as LĐTT, CSTĐCS, CSTĐ cấp
  Bộ, BK, or a column of x per title), the year, and the decision: its number, date and
  issuer, in their own columns or in one ("123/QĐ-BTNMT ngày 15/12/2020"). Written as
  ``units.PersonTitle``, add only: a title already held for that year is left as it is.
- ``ratings``: a person, the year, the rating (HTXSNV, HTTNV, HTNV, KHTNV or the words) and
  the discipline (Khiển trách, Cảnh cáo, ... or Không). Written as ``units.PersonYear``,
  created or updated; a blank cell keeps what is recorded.

The year comes from its column or, when the list has none, from its title ("... NĂM 2022").
Every bad row is refused with its Excel row and reason; nothing is written unless no row is
refused, then everything in one transaction with the actor recorded in the history rows.
Columns the import does not know are shown as not used and left aside.
"""

import dataclasses
import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from criteria.models import Recipient, Title
from emulation_portal.exceptions import ApplicationError
from emulation_portal.sheets.grids import read_grid
from emulation_portal.sheets.headers import GRID, Table, field_label, field_names, find_table
from emulation_portal.sheets.values import (
    ValueProblem,
    fold,
    read_date,
    read_decision,
    read_discipline,
    read_mark,
    read_rating,
    split_list,
)
from emulation_portal.spreadsheets import (
    SheetLimits,
    SheetProblem,
    discard_upload,
    is_blank,
    stash_upload,
    unstash_upload,
)
from units.models import Discipline, Person, PersonTitle, PersonYear, Rating, Unit
from units.permissions import may

from .staff import (
    CHANGE_REASON,
    EXTRA_COLUMNS,
    Problem,
    staff_import_max_bytes,
    staff_import_max_rows,
)
from .staff_layouts import ColumnUse, StaffNames, _show, title_vocabulary

TITLES_HISTORY = "titles_history"
RATINGS = "ratings"
HISTORY_KINDS = (TITLES_HISTORY, RATINGS)
FIRST_YEAR = 2000
HISTORY_PERMISSION = "units.import_history"

# The columns of these lists beyond the reader's own fields (headers.FIELDS).
HISTORY_FIELDS = {
    "year": (
        "Năm",
        "Năm đạt",
        "Năm đạt danh hiệu",
        "Năm công nhận",
        "Năm khen thưởng",
        "Năm xếp loại",
        "Năm đánh giá",
        "Năm thi đua",
        "Year",
    ),
    "decision_number": ("Số quyết định", "Số QĐ", "Số hiệu quyết định", "Số hiệu QĐ"),
    "decision_date": (
        "Ngày quyết định",
        "Ngày QĐ",
        "Ngày ký quyết định",
        "Ngày ký QĐ",
        "Ngày ký",
        "Ngày ban hành",
    ),
    "decision": (
        "Quyết định",
        "Số, ngày quyết định",
        "Số và ngày quyết định",
        "Số, ngày QĐ",
        "Số và ngày QĐ",
        "Số, ngày, tháng, năm quyết định",
        "Quyết định khen thưởng",
        "Quyết định công nhận",
    ),
    "decided_by": (
        "Cơ quan quyết định",
        "Cơ quan ban hành",
        "Cơ quan ra quyết định",
        "Cấp quyết định",
        "Người ký",
        "Đơn vị quyết định",
    ),
}
# A header on two rows: "Quyết định" (or "Quyết định khen thưởng") above "Số | Ngày | Cơ quan
# ban hành" reads "Quyết định / Số", ...; each sub-column is its own field.
_DECISION_GROUPS = ("Quyết định", "Quyết định khen thưởng", "Quyết định công nhận")
_DECISION_PARTS = {
    "decision_number": ("Số", "Số hiệu", "Số QĐ", "Số quyết định"),
    "decision_date": ("Ngày", "Ngày ký", "Ngày tháng năm", "Ngày, tháng, năm", "Ngày ban hành"),
    "decided_by": (
        "Cơ quan ban hành",
        "Cơ quan quyết định",
        "Cấp quyết định",
        "Cấp khen",
        "Người ký",
    ),
}
for _key, _parts in _DECISION_PARTS.items():
    HISTORY_FIELDS[_key] += tuple(
        f"{group} {part}" for group in _DECISION_GROUPS for part in _parts
    )
# The decision's columns: a list of people and titles with one of them is a titles history.
DECISION_KEYS = frozenset({"decision", "decision_number", "decision_date", "decided_by"})
_USED_FIELDS = {
    TITLES_HISTORY: {
        "full_name",
        "birth_date",
        "position",
        "titles",
        "year",
        *DECISION_KEYS,
        "recognised_by",
        "recognised_on",
    },
    RATINGS: {"full_name", "birth_date", "position", "year", "rating", "discipline"},
}
_FIELD_LABELS = {
    "year": gettext_lazy("Year"),
    "decision_number": gettext_lazy("Decision number"),
    "decision_date": gettext_lazy("Decision date"),
    "decision": gettext_lazy("Decision (number and date)"),
    "decided_by": gettext_lazy("Decided by"),
}
_YEAR_IN_TITLE = re.compile(r"\bnam (\d{4})\b")
_YEAR_IN_CELL = re.compile(r"(?<!\d)(\d{4})(?!\d)")
# PersonTitle's and the AwardedTitle's text lengths.
_NUMBER_LENGTH, _DECIDED_BY_LENGTH = 50, 255


def history_field_names():
    return field_names(HISTORY_FIELDS)


@dataclass(frozen=True)
class TitleRecord:
    """One title a person held, as the file gives it; ``exists`` when already recorded."""

    row: int
    person: Person
    title: Title
    year: int
    decision_number: str = ""
    decision_date: datetime.date | None = None
    decided_by: str = ""
    exists: bool = False


@dataclass(frozen=True)
class YearRecord:
    """A person's rating and discipline for a year: as recorded (``old``, None when there
    is no record) and as they will be."""

    row: int
    person: Person
    year: int
    rating: str
    discipline: str
    old: PersonYear | None = None

    @property
    def changed(self) -> bool:
        if self.old is None:
            return True
        return (self.old.rating, self.old.discipline) != (self.rating, self.discipline)

    @property
    def rating_label(self) -> str:
        return Rating(self.rating).label if self.rating else ""

    @property
    def discipline_label(self) -> str:
        return Discipline(self.discipline).label if self.discipline else ""

    @property
    def old_rating_label(self) -> str:
        return Rating(self.old.rating).label if self.old and self.old.rating else ""

    @property
    def old_discipline_label(self) -> str:
        return Discipline(self.old.discipline).label if self.old and self.old.discipline else ""


@dataclass
class HistoryImportPreview:
    """What the file holds, what it would write and everything wrong with it."""

    kind: str
    problems: list[Problem] = field(default_factory=list)
    titles: list[TitleRecord] = field(default_factory=list)
    years: list[YearRecord] = field(default_factory=list)
    rows_read: int = 0
    matched_rows: int = 0  # rows whose person was found in the staff
    column_mapping: list[ColumnUse] = field(default_factory=list)
    conversions: list = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def to_write(self) -> list:
        if self.kind == TITLES_HISTORY:
            return [record for record in self.titles if not record.exists]
        return [record for record in self.years if record.changed]

    @property
    def new_count(self) -> int:
        return len(self.to_write)

    @property
    def unchanged_count(self) -> int:
        return len(self.titles if self.kind == TITLES_HISTORY else self.years) - self.new_count

    @property
    def has_changes(self) -> bool:
        return bool(self.to_write)


def _column_uses(table: Table, kind: str, titles_by_code) -> list[ColumnUse]:
    used_fields = _USED_FIELDS[kind]
    uses = []
    for column in table.columns:
        if column.key == GRID:
            read_as = _("x marks for “%(title)s”") % {"title": titles_by_code[column.grid_key].name}
            used = kind == TITLES_HISTORY
        elif column.key:
            read_as = str(_FIELD_LABELS.get(column.key) or field_label(column.key))
            used = column.key in used_fields
        else:
            read_as, used = "", False
        uses.append(
            ColumnUse(
                column.letter, column.header or "", read_as, used=used, placed=bool(column.key)
            )
        )
    return uses


def _year_of_title(rows, header_row: int) -> int | None:
    """The one year the rows above the header name ("DANH SÁCH ... NĂM 2022")."""
    years = {
        int(year)
        for row, values in rows
        if row < header_row
        for value in values
        if isinstance(value, str)
        for year in _YEAR_IN_TITLE.findall(fold(value))
    }
    return years.pop() if len(years) == 1 else None


def _read_year(value, default: int | None) -> int:
    """The year of a row: its cell (2021, "2021", "Năm 2021") or the list's own."""
    if is_blank(value):
        if default is None:
            raise ValueProblem(_("The year is missing."))
        year = default
    elif isinstance(value, bool | datetime.date):
        raise ValueProblem(_("“%(value)s” is not a year.") % {"value": _show(value, 20)})
    elif isinstance(value, int | float):
        if not float(value).is_integer():
            raise ValueProblem(_("“%(value)s” is not a year.") % {"value": value})
        year = int(value)
    else:
        found = _YEAR_IN_CELL.findall(str(value))
        if len(found) != 1:
            raise ValueProblem(_("“%(value)s” is not a year.") % {"value": _show(value, 20)})
        year = int(found[0])
    last = timezone.localdate().year
    if not FIRST_YEAR <= year <= last:
        raise ValueProblem(
            _("The year %(year)s is out of range (%(first)s to %(last)s).")
            % {"year": year, "first": FIRST_YEAR, "last": last}
        )
    return year


def _header_problems(table: Table, kind: str, default_year: int | None) -> list[Problem]:
    row = table.header_rows[-1]
    problems = []
    if table.column_of("full_name") is None:
        problems.append(Problem(row, _("The table has no “Họ và tên” (full name) column.")))
    if table.column_of("year") is None and default_year is None:
        problems.append(
            Problem(
                row,
                _(
                    "The table has no “Năm” (year) column and its title names no year: add a "
                    "column with the year of each row."
                ),
            )
        )
    if kind == TITLES_HISTORY and table.column_of("titles") is None and not table.grid_columns:
        problems.append(
            Problem(row, _("The table has no “Danh hiệu” (title) column, nor a column per title."))
        )
    no_rating = table.column_of("rating") is None and table.column_of("discipline") is None
    if kind == RATINGS and no_rating:
        problems.append(
            Problem(
                row,
                _(
                    "The table has neither a “Xếp loại” (rating) nor a “Kỷ luật” (discipline) "
                    "column."
                ),
            )
        )
    return problems


def _title_of(token, vocabulary, catalogue):
    """(title code, None) or (None, why not) for one name in a titles cell."""
    keys = vocabulary.keys_for(token)
    if len(keys) == 1:
        return keys.pop(), None
    if len(keys) > 1:
        return None, _("“%(value)s” can mean more than one title: write its full name.") % {
            "value": _show(token, 30)
        }
    if token in catalogue:
        return None, _("“%(value)s” is not a title awarded to a person.") % {
            "value": _show(token, 30)
        }
    return None, _(
        "“%(value)s” is not a title of the catalogue: write its name or abbreviation (such as "
        "LĐTT or CSTĐCS)."
    ) % {"value": _show(token, 30)}


class _Row:
    """One data row's cells by field."""

    def __init__(self, table: Table, values: tuple):
        self.values = values
        self.table = table

    def __getitem__(self, key):
        index = self.table.column_of(key)
        return None if index is None else self.values[index]


def _decision(row: _Row, year: int) -> tuple[str, datetime.date | None, str]:
    """(number, date, issuer) from the decision's columns, checked."""
    number, date, issuer = read_decision(row["decision"])
    own_number, date_in_number, issuer_in_number = read_decision(row["decision_number"])
    number = own_number or number
    date = date or date_in_number
    issuer = issuer or issuer_in_number
    own_date = row["decision_date"]
    if is_blank(own_date):
        own_date = row["recognised_on"]
    if not is_blank(own_date):
        read = read_date(own_date)
        if read.date is None:
            raise ValueProblem(
                _("The decision date “%(value)s” needs the day and month: write dd/mm/yyyy.")
                % {"value": _show(own_date, 20)}
            )
        date = read.date
    own_issuer = row["decided_by"]
    if is_blank(own_issuer):
        own_issuer = row["recognised_by"]
    if not is_blank(own_issuer):
        issuer = " ".join(str(own_issuer).split())
    if date is not None and not (datetime.date(year, 1, 1) <= date <= timezone.localdate()):
        raise ValueProblem(
            _(
                "The decision date %(date)s is out of range: it cannot be before the year of the "
                "title (%(year)s) nor in the future."
            )
            % {"date": date.strftime("%d/%m/%Y"), "year": year}
        )
    if len(number) > _NUMBER_LENGTH:
        raise ValueProblem(
            _("The decision number is longer than %(count)s characters.")
            % {"count": _NUMBER_LENGTH}
        )
    if len(issuer) > _DECIDED_BY_LENGTH:
        raise ValueProblem(
            _("The issuer of the decision is longer than %(count)s characters.")
            % {"count": _DECIDED_BY_LENGTH}
        )
    return number, date, issuer


def history_import_preview(*, unit: Unit, data: bytes, kind: str) -> HistoryImportPreview:
    """Read and check a ``titles_history`` or ``ratings`` list against the unit's active staff
    and what is recorded for them. Never writes."""
    preview = HistoryImportPreview(kind=kind)
    individual = list(Title.objects.filter(recipient=Recipient.INDIVIDUAL))
    limits = SheetLimits(
        max_bytes=staff_import_max_bytes(),
        max_rows=staff_import_max_rows(),
        max_width=3 + len(individual) + EXTRA_COLUMNS,
    )
    try:
        grid = read_grid(data, limits)
        vocabulary = title_vocabulary(individual, grid.code_list)
        table = find_table(
            grid.rows,
            grid.merges,
            fields=history_field_names(),
            grid=vocabulary if kind == TITLES_HISTORY else None,
        )
    except SheetProblem as error:
        preview.problems.append(Problem(error.row, error.reason))
        return preview
    titles_by_code = {title.code: title for title in individual}
    catalogue = title_vocabulary(list(Title.objects.all()), grid.code_list)
    default_year = _year_of_title(grid.rows, table.header_rows[0])
    preview.conversions = grid.conversions
    preview.column_mapping = _column_uses(table, kind, titles_by_code)
    preview.problems.extend(_header_problems(table, kind, default_year))
    if preview.problems:
        return preview

    staff = list(
        Person.objects.filter(unit=unit, is_active=True).only(
            "id", "full_name", "position", "birth_date"
        )
    )
    people = StaffNames(staff)
    read = _read_titles if kind == TITLES_HISTORY else _read_ratings
    read(preview, table, people, default_year, vocabulary, titles_by_code, catalogue)
    _compare(preview, [person.pk for person in staff])
    return preview


def _person(preview, row: _Row, row_number, people, problems):
    """The row's person or None, the problems appended."""
    birth = None
    if not is_blank(row["birth_date"]):
        try:
            birth = read_date(row["birth_date"])
        except ValueProblem as error:
            problems.append(str(error))
            return None
    person, why_not = people.find(row["full_name"], birth, row["position"])
    if why_not:
        problems.append(why_not)
        return None
    preview.matched_rows += 1
    return person


def _year(row: _Row, default_year, problems) -> int | None:
    try:
        return _read_year(row["year"], default_year)
    except ValueProblem as error:
        problems.append(str(error))
        return None


def _read_titles(preview, table, people, default_year, vocabulary, titles_by_code, catalogue):
    seen: dict[tuple, int] = {}
    titles_col = table.column_of("titles")
    grid_cols = [(c.index, c.grid_key, c.header) for c in table.grid_columns]
    for row_number, values in table.rows:
        row = _Row(table, values)
        cells = [values[i] for i, _c, _h in grid_cols]
        if titles_col is not None:
            cells.append(values[titles_col])
        if is_blank(row["full_name"]) and all(is_blank(value) for value in cells):
            continue  # an empty numbered row of the form
        preview.rows_read += 1
        if is_blank(row["full_name"]):
            preview.problems.append(Problem(row_number, _("The name is missing.")))
            continue
        problems: list[str] = []
        person = _person(preview, row, row_number, people, problems)
        year = _year(row, default_year, problems)
        codes = []
        for index, code, header in grid_cols:
            try:
                if read_mark(values[index]):
                    codes.append(code)
            except ValueProblem as error:
                problems.append(
                    _("Column “%(column)s”: %(problem)s") % {"column": header, "problem": error}
                )
        if titles_col is not None:
            for token in split_list(values[titles_col]):
                code, why_not = _title_of(token, vocabulary, catalogue)
                if why_not:
                    problems.append(why_not)
                else:
                    codes.append(code)
        if not codes and not problems:
            problems.append(_("The title is missing."))
        decision = ("", None, "")
        if year is not None:
            try:
                decision = _decision(row, year)
            except ValueProblem as error:
                problems.append(str(error))
        if not problems:
            for code in dict.fromkeys(codes):
                key = (person.pk, code, year)
                if key in seen:
                    problems.append(
                        _("%(name)s's %(title)s of %(year)s is already on row %(row)s.")
                        % {
                            "name": person.full_name,
                            "title": titles_by_code[code].name,
                            "year": year,
                            "row": seen[key],
                        }
                    )
                    continue
                seen[key] = row_number
                preview.titles.append(
                    TitleRecord(row_number, person, titles_by_code[code], year, *decision)
                )
        preview.problems.extend(Problem(row_number, problem) for problem in problems)


def _read_ratings(preview, table, people, default_year, *_titles):
    seen: dict[tuple, int] = {}
    for row_number, values in table.rows:
        row = _Row(table, values)
        if is_blank(row["full_name"]) and is_blank(row["rating"]) and is_blank(row["discipline"]):
            continue
        preview.rows_read += 1
        if is_blank(row["full_name"]):
            preview.problems.append(Problem(row_number, _("The name is missing.")))
            continue
        problems: list[str] = []
        person = _person(preview, row, row_number, people, problems)
        year = _year(row, default_year, problems)
        rating = discipline = None
        try:
            rating = read_rating(row["rating"])
        except ValueProblem as error:
            problems.append(str(error))
        try:
            discipline = read_discipline(row["discipline"])
        except ValueProblem as error:
            problems.append(str(error))
        if not problems and rating is None and discipline is None:
            problems.append(_("The row has neither a rating nor a discipline."))
        if not problems:
            key = (person.pk, year)
            if key in seen:
                problems.append(
                    _("%(name)s's year %(year)s is already on row %(row)s.")
                    % {"name": person.full_name, "year": year, "row": seen[key]}
                )
            else:
                seen[key] = row_number
                # None (a blank cell) keeps what is recorded: filled in by _compare.
                preview.years.append(YearRecord(row_number, person, year, rating, discipline))
        preview.problems.extend(Problem(row_number, problem) for problem in problems)


def _compare(preview: HistoryImportPreview, staff_ids: list[int]) -> None:
    """Mark what is already recorded: one query for the file's people and years."""
    if preview.kind == TITLES_HISTORY and preview.titles:
        years = {record.year for record in preview.titles}
        held = set(
            PersonTitle.objects.filter(person_id__in=staff_ids, year__in=years).values_list(
                "person_id", "title_id", "year"
            )
        )
        preview.titles = [
            dataclasses.replace(
                record, exists=(record.person.pk, record.title.pk, record.year) in held
            )
            for record in preview.titles
        ]
    if preview.kind == RATINGS and preview.years:
        years = {record.year for record in preview.years}
        recorded = {
            (record.person_id, record.year): record
            for record in PersonYear.objects.filter(person_id__in=staff_ids, year__in=years)
        }
        completed = []
        for record in preview.years:
            old = recorded.get((record.person.pk, record.year))
            rating, discipline = (old.rating, old.discipline) if old else ("", "")
            completed.append(
                dataclasses.replace(
                    record,
                    rating=rating if record.rating is None else record.rating,
                    discipline=discipline if record.discipline is None else record.discipline,
                    old=old,
                )
            )
        preview.years = completed


def history_version_token(unit: Unit) -> str:
    """Changes whenever a title or a yearly record of the unit's staff is written: a preview
    confirmed after someone else changed the history is refused."""
    staff = Person.objects.filter(unit=unit).values("pk")
    titles = PersonTitle.history.filter(person_id__in=staff).aggregate(last=Max("history_id"))
    years = PersonYear.history.filter(person_id__in=staff).aggregate(last=Max("history_id"))
    return f"{titles['last'] or 0}-{years['last'] or 0}"


@transaction.atomic
def history_import_apply(
    *, unit: Unit, actor, data: bytes, kind: str, version: str | None = None
) -> HistoryImportPreview:
    """Write the file's titles or yearly records, all of them or none, with ``actor`` in the
    history rows. PermissionDenied when the actor may not change the unit's staff history;
    ApplicationError when a row is refused or, given the ``version`` the preview was made
    at, when the history changed since."""
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    if not may(actor, HISTORY_PERMISSION, locked):
        raise PermissionDenied
    if version is not None and version != history_version_token(locked):
        raise ApplicationError(
            _(
                "The staff's titles or ratings were changed after you uploaded the file. "
                "Nothing was imported; upload the file again to see the changes as they stand "
                "now."
            )
        )
    preview = history_import_preview(unit=locked, data=data, kind=kind)
    if not preview.is_valid:
        raise ApplicationError(_("The file has errors. Nothing was imported."))
    records = preview.to_write
    if not records:
        return preview
    history = {"default_user": actor, "default_change_reason": CHANGE_REASON}
    try:
        with transaction.atomic():
            if kind == TITLES_HISTORY:
                _write_titles(records, history)
            else:
                _write_years(records, history)
    except IntegrityError as error:
        raise ApplicationError(
            _(
                "The staff's history was changed while the file was imported. Nothing was "
                "imported; import the file again."
            )
        ) from error
    return preview


def _write_titles(records: list[TitleRecord], history: dict) -> None:
    bulk_create_with_history(
        [
            PersonTitle(
                person=record.person,
                title=record.title,
                year=record.year,
                decision_number=record.decision_number,
                decision_date=record.decision_date,
                decided_by=record.decided_by,
            )
            for record in records
        ],
        PersonTitle,
        **history,
    )


def _write_years(records: list[YearRecord], history: dict) -> None:
    created = [
        PersonYear(
            person=record.person,
            year=record.year,
            rating=record.rating,
            discipline=record.discipline,
        )
        for record in records
        if record.old is None
    ]
    updated = []
    for record in records:
        if record.old is not None:
            record.old.rating, record.old.discipline = record.rating, record.discipline
            updated.append(record.old)
    if created:
        bulk_create_with_history(created, PersonYear, **history)
    if updated:
        bulk_update_with_history(updated, PersonYear, ["rating", "discipline"], **history)


# --- The upload between preview and confirmation ------------------------------------------


def _stash_folder(unit: Unit, user) -> str:
    return f"imports/history/{unit.pk}/{user.pk}"


def history_import_stash(*, unit: Unit, user, data: bytes):
    return stash_upload(_stash_folder(unit, user), data)


def history_import_unstash(*, unit: Unit, user, token) -> bytes | None:
    return unstash_upload(_stash_folder(unit, user), token)


def history_import_discard(*, unit: Unit, user, token) -> None:
    discard_upload(_stash_folder(unit, user), token)
