"""A unit's list of its initiatives (sáng kiến) for the campaign's registration, in the
unit's own layout (issue 16): title rows, STT, "Tên sáng kiến" / "Tên đề tài", "Tác giả" /
"Tác giả, đồng tác giả" / "Người thực hiện" (several names in a cell, separated by commas,
semicolons, line breaks or "và", each with its date of birth in brackets when the name alone
does not tell), "Lĩnh vực", "Mô tả" / "Nội dung tóm tắt", "Hiệu quả" / "Lợi ích dự kiến",
"Phạm vi ảnh hưởng" (cơ sở, cấp Bộ, toàn quốc) and the recognition decision's number and
date, in their own columns or in one ("12/QĐ-HĐSK ngày 15/12/2025").

Every author is found in the unit's active staff by name (``StaffNames``). An initiative of
the registration with the same title (compared without case, spacing or Unicode form) is
updated: its authors become the row's, and each field the row fills in is written, a blank
cell keeping what is recorded; the other rows are new initiatives. A row with both the
number and the date of the recognition decision is a recognised initiative. The editor's
required fields (title, authors, field, description) must end up filled in. Bad rows are
refused with the Excel row and the reason, and then nothing is written.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_portal.sheets.grids import read_grid
from emulation_portal.sheets.headers import field_names, find_table
from emulation_portal.sheets.values import (
    ValueProblem,
    Vocabulary,
    read_date,
    read_decision,
    split_list,
)
from emulation_portal.spreadsheets import SheetLimits, SheetProblem, is_blank, normalise
from units.models import Person

from ..models import Initiative, InitiativeStatus, Registration, Scope
from ..services.registrations import registration_lock_for_change, save_with_history
from .history import HISTORY_FIELDS
from .staff import EXTRA_COLUMNS, staff_import_max_bytes, staff_import_max_rows
from .staff_layouts import StaffNames, _show

FIRST_RECOGNITION = datetime.date(2000, 1, 1)
_DECISION_KEYS = ("decision", "decision_number", "decision_date", "decided_by")
# The columns of a list of initiatives beyond the reader's own fields (headers.FIELDS).
INITIATIVE_FIELDS = {
    "initiative": (
        "Tên sáng kiến, giải pháp",
        "Tên sáng kiến/giải pháp",
        "Tên giải pháp",
        "Tên sáng kiến, đề tài",
        "Tên đề tài, sáng kiến",
    ),
    "authors": (
        "Tác giả, đồng tác giả",
        "Tác giả và đồng tác giả",
        "Tác giả/ đồng tác giả",
        "Người thực hiện",
        "Nhóm tác giả",
        "Tác giả sáng kiến",
    ),
    "field": ("Lĩnh vực", "Lĩnh vực áp dụng", "Lĩnh vực nghiên cứu", "Lĩnh vực chuyên môn"),
    "description": (
        "Mô tả",
        "Mô tả tóm tắt",
        "Nội dung tóm tắt",
        "Tóm tắt nội dung",
        "Nội dung",
        "Nội dung sáng kiến",
        "Nội dung chính",
    ),
    "expected_benefit": (
        "Hiệu quả",
        "Hiệu quả dự kiến",
        "Hiệu quả áp dụng",
        "Hiệu quả mang lại",
        "Lợi ích",
        "Lợi ích dự kiến",
        "Lợi ích thu được",
    ),
    "scope": ("Phạm vi ảnh hưởng", "Phạm vi", "Phạm vi áp dụng", "Cấp công nhận đề nghị"),
    **{key: HISTORY_FIELDS[key] for key in _DECISION_KEYS},
}
INITIATIVE_FIELDS["decision_number"] += (
    "Số quyết định công nhận",
    "Số QĐ công nhận",
    "Quyết định công nhận / Số",
)
INITIATIVE_FIELDS["decision_date"] += (
    "Ngày quyết định công nhận",
    "Ngày QĐ công nhận",
    "Quyết định công nhận / Ngày",
)
SCOPES = Vocabulary(
    [
        (
            Scope.GRASSROOTS,
            ("Cơ sở", "Cấp cơ sở", "CS", "Đơn vị", "Cấp đơn vị", "Trong đơn vị", "Phạm vi cơ sở"),
        ),
        (
            Scope.MINISTRY,
            ("Bộ", "Cấp Bộ", "CB", "Toàn ngành", "Ngành", "Cấp ngành", "Trong Bộ", "Toàn Bộ"),
        ),
        (
            Scope.NATIONAL,
            (
                "Toàn quốc",
                "Cấp toàn quốc",
                "TQ",
                "Quốc gia",
                "Cấp quốc gia",
                "Nhà nước",
                "Cấp Nhà nước",
            ),
        ),
    ]
)
# "và" between two names, as a separator; NFC text.
_AND = re.compile(r"\s+(?:và|&)\s+", re.IGNORECASE)
_BIRTH_IN_BRACKETS = re.compile(r"^(.*?)\s*[(\[]\s*([^()\[\]]*?)\s*[)\]]\s*$")
_DEGREE = re.compile(
    r"^(?:(?:GS|PGS|TS|ThS|KS|CN|BS|DS|NCS|TSKH|KTS)\s*\.?\s*)+(?=\S)", re.IGNORECASE
)
_TEXT_FIELDS = ("field", "description", "expected_benefit")
_LENGTHS = {
    name: Initiative._meta.get_field(name).max_length
    for name in ("title", "field", "recognition_number")
}


@dataclass(frozen=True)
class InitiativeRecord:
    """One initiative as it will be: ``existing`` the registration's one it updates (None
    for a new one), ``values`` its fields (the title among them), ``authors`` its authors."""

    row: int
    values: dict
    authors: tuple[Person, ...]
    existing: Initiative | None = None

    @property
    def changed(self) -> bool:
        if self.existing is None:
            return True
        same_fields = all(getattr(self.existing, k) == v for k, v in self.values.items())
        same_authors = {a.pk for a in self.existing.authors.all()} == {a.pk for a in self.authors}
        return not (same_fields and same_authors)


@dataclass
class InitiativesReading:
    """What a list of initiatives holds and the problems (Excel row or None, reason)."""

    problems: list[tuple[int | None, str]] = field(default_factory=list)
    records: list[InitiativeRecord] = field(default_factory=list)
    rows_read: int = 0
    matched: int = 0  # rows whose every author was found in the staff

    @property
    def new(self) -> int:
        return sum(1 for record in self.records if record.existing is None)

    @property
    def changed(self) -> int:
        return sum(1 for record in self.records if record.existing is not None and record.changed)

    @property
    def has_changes(self) -> bool:
        return any(record.changed for record in self.records)


def _text(value) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    lines = unicodedata.normalize("NFC", str(value)).splitlines()
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def split_authors(value) -> list[str]:
    """The names in an authors cell: separated by commas, semicolons, line breaks or "và"."""
    if is_blank(value):
        return []
    text = unicodedata.normalize("NFC", str(value))
    names = []
    # A date in brackets may hold commas ("(12, 1980)" is rare; "(12/03/1980)" is usual).
    for part in split_list(text):
        names.extend(name.strip() for name in _AND.split(part) if name.strip())
    return names


def _author(token: str, people: StaffNames):
    """(person, None) or (None, why not) for one name of an authors cell."""
    name, birth = token, None
    if match := _BIRTH_IN_BRACKETS.match(token):
        name = match.group(1)
        try:
            birth = read_date(match.group(2))
        except ValueProblem as error:
            return None, str(error)
    name = _DEGREE.sub("", name.strip(" .-–")).strip()
    if not name:
        return None, _("An author's name is missing.")
    return people.find(name, birth, None)


def _scope(value) -> str | None:
    """A Scope's value, None for a blank cell."""
    if is_blank(value):
        return None
    keys = SCOPES.keys_for(value)
    if len(keys) == 1:
        return keys.pop()
    raise ValueProblem(
        _("“%(value)s” is not a scope: write cơ sở, cấp Bộ or toàn quốc.")
        % {"value": _show(value, 30)}
    )


def _recognition(row) -> tuple[str, datetime.date | None]:
    """The recognition decision's number and date, from its own columns or a combined one."""
    number, date, _issuer = read_decision(row("decision"))
    own_number, date_in_number, _issuer = read_decision(row("decision_number"))
    number = own_number or number
    date = date or date_in_number
    own_date = row("decision_date")
    if is_blank(own_date):
        own_date = row("recognised_on")
    if not is_blank(own_date):
        read = read_date(own_date)
        if read.date is None:
            raise ValueProblem(
                _("The recognition date “%(value)s” needs the day and month: write dd/mm/yyyy.")
                % {"value": _show(own_date, 20)}
            )
        date = read.date
    today = timezone.localdate()
    if date is not None and not FIRST_RECOGNITION <= date <= today:
        raise ValueProblem(
            _("The recognition date %(date)s is out of range (%(first)s to today).")
            % {"date": date.strftime("%d/%m/%Y"), "first": FIRST_RECOGNITION.strftime("%d/%m/%Y")}
        )
    if len(number) > _LENGTHS["recognition_number"]:
        raise ValueProblem(
            _("The recognition decision number is longer than %(count)s characters.")
            % {"count": _LENGTHS["recognition_number"]}
        )
    if bool(number) != bool(date):
        raise ValueProblem(
            _("Give both the number and the date of the recognition decision, or neither.")
        )
    return number, date


def _limits() -> SheetLimits:
    return SheetLimits(
        max_bytes=staff_import_max_bytes(),
        max_rows=staff_import_max_rows(),
        max_width=len(INITIATIVE_FIELDS) + EXTRA_COLUMNS,
    )


def read_initiatives(*, registration: Registration, data: bytes) -> InitiativesReading:
    """The initiatives of the list, checked against the unit's staff and the registration's
    initiatives (nothing is written)."""
    reading = InitiativesReading()
    try:
        grid = read_grid(data, _limits())
        table = find_table(grid.rows, grid.merges, fields=field_names(INITIATIVE_FIELDS))
    except SheetProblem as error:
        reading.problems.append((None, error.reason))
        return reading
    header_row = table.header_rows[-1]
    if table.column_of("initiative") is None:
        reading.problems.append(
            (header_row, _("The table has no “Tên sáng kiến” (title of the initiative) column."))
        )
    if table.column_of("authors") is None:
        reading.problems.append((header_row, _("The table has no “Tác giả” (authors) column.")))
    if reading.problems:
        reading.problems = [(None, reason) for _row, reason in reading.problems]
        return reading

    people = StaffNames(
        Person.objects.filter(unit_id=registration.unit_id, is_active=True).only(
            "id", "full_name", "position", "birth_date"
        )
    )
    existing: dict[str, list[Initiative]] = {}
    for initiative in registration.initiatives.prefetch_related("authors").order_by("pk"):
        existing.setdefault(normalise(initiative.title), []).append(initiative)
    number_col = table.column_of("number")
    seen: dict[str, int] = {}
    for row_number, values in table.rows:

        def cell(key, values=values):
            index = table.column_of(key)
            return None if index is None else values[index]

        if all(is_blank(value) for i, value in enumerate(values) if i != number_col):
            continue  # an empty numbered row of the form
        reading.rows_read += 1
        problems: list[str] = []
        title = " ".join(_text(cell("initiative")).split())
        key = normalise(title)
        found = existing.get(key, [])
        if not title:
            problems.append(_("The title of the initiative is missing."))
        elif key in seen:
            problems.append(
                _("“%(title)s” is already on row %(row)s.")
                % {"title": _show(title), "row": seen[key]}
            )
        elif len(title) > _LENGTHS["title"]:
            problems.append(_("The title of the initiative is too long."))
        elif len(found) > 1:
            problems.append(
                _("%(count)s initiatives of the registration are named “%(title)s”.")
                % {"count": len(found), "title": _show(title)}
            )
        if title:
            seen.setdefault(key, row_number)
        old = found[0] if len(found) == 1 else None

        authors, all_found = [], True
        tokens = split_authors(cell("authors"))
        if not tokens:
            problems.append(_("The authors are missing."))
            all_found = False
        for token in tokens:
            person, why_not = _author(token, people)
            if why_not:
                problems.append(why_not)
                all_found = False
            elif person not in authors:
                authors.append(person)
        if all_found:
            reading.matched += 1

        values_to_write = {"title": title}
        for name in _TEXT_FIELDS:
            text = _text(cell(name))
            if not text and old is not None:
                text = getattr(old, name)
            values_to_write[name] = text
        if len(values_to_write["field"]) > _LENGTHS["field"]:
            problems.append(_("The field of the initiative is too long."))
        if not values_to_write["field"]:
            problems.append(_("The field (Lĩnh vực) of the initiative is missing."))
        if not values_to_write["description"]:
            problems.append(_("The description (Mô tả) of the initiative is missing."))
        try:
            scope = _scope(cell("scope"))
        except ValueProblem as error:
            problems.append(str(error))
            scope = None
        values_to_write["scope"] = scope or (old.scope if old else Scope.GRASSROOTS)
        try:
            number, date = _recognition(cell)
        except ValueProblem as error:
            problems.append(str(error))
            number, date = "", None
        if number:
            values_to_write.update(
                status=InitiativeStatus.RECOGNISED, recognition_number=number, recognition_date=date
            )
        elif old is None:
            values_to_write["status"] = InitiativeStatus.REGISTERED
        if problems:
            reading.problems.extend((row_number, problem) for problem in problems)
            continue
        reading.records.append(InitiativeRecord(row_number, values_to_write, tuple(authors), old))
    return reading


@transaction.atomic
def initiatives_apply(
    *, registration: Registration, actor, version: str, reading: InitiativesReading
) -> Registration:
    """Write a reading without problems, all of it or nothing: the new initiatives created
    and the known ones updated with their authors, each change with its history row."""
    locked = registration_lock_for_change(
        registration=registration,
        actor=actor,
        version=version,
        stale_message=_(
            "The registration was changed by someone else meanwhile. Nothing was written; "
            "import the list again."
        ),
    )
    for record in reading.records:
        if not record.changed:
            continue
        initiative = record.existing or Initiative(registration=locked)
        for name, value in record.values.items():
            setattr(initiative, name, value)
        save_with_history(initiative, actor)
        initiative.authors.set(record.authors)
    locked._history_user = actor
    locked.save(update_fields=["updated_at"])
    return locked
