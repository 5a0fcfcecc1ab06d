"""The staff's year-end ratings and discipline through Excel: the pre-filled template, the
upload's checks and preview, and the all-or-nothing apply through ``year_end_facts_save``.

The sheet has one row per member of staff: "ID" (the Person's pk), the full name (checked
against the ID to catch shifted rows), the position (for reading only), the rating and the
discipline, written as their Vietnamese labels. An upload may give either the label (in any
language of the portal, compared without case or accents) or the code; an empty cell clears
the value. People not in the sheet, and a column left out of it, keep what they have.

The reading, the size limit, the person checks, the row problems and the storage of the upload
between preview and confirmation are the staff-titles import's (``staff_import``).
"""

import unicodedata
import uuid
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from emulation_portal.exceptions import ApplicationError
from emulation_portal.spreadsheets import (
    HEADER_ROW,
    SheetProblem,
    in_every_language,
    is_blank,
    normalise,
    read_first_sheet,
)
from registrations.imports.staff import (
    EXTRA_COLUMNS,
    ID_HEADER,
    Problem,
    _show,
    check_person,
    staff_import_discard,
    staff_import_max_bytes,
    staff_import_max_rows,
    staff_import_stash,
    staff_import_unstash,
)
from registrations.services.registrations import registration_version_token
from registrations.services.year_end import year_end_facts_save, year_end_staff
from units.models import Discipline, Person, Rating
from units.permissions import may

from ..models import Registration

STASH_KIND = "year-end"
FIXED_COLUMNS = 5  # ID, full name, position, rating, discipline


def _fold(value) -> str:
    """NFC-normalised, case-folded and without accents (đ read as d): how values compare."""
    text = unicodedata.normalize("NFD", normalise(value)).replace("đ", "d")
    stripped = "".join(char for char in text if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", stripped)


def _vietnamese_label(choices, value: str) -> str:
    if not value:
        return ""
    with translation.override("vi"):
        return str(choices(value).label)


def _lookup(choices) -> dict[str, str]:
    """Every accepted spelling of a value, folded, to its code: the code and the label in
    every language of the portal."""
    accepted: dict[str, str] = {}
    for value, label in choices.choices:
        accepted.setdefault(_fold(value), value)
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                accepted.setdefault(_fold(str(label)), value)
    return accepted


# --- The template -------------------------------------------------------------------------


def _instructions() -> tablib.Dataset:
    sheet = tablib.Dataset(headers=[_("How to fill in the year-end sheet")])
    sheet.title = _("Instructions")[:31]
    for line in (
        _("1. Keep the ID and full name of each row as they are: they identify the person."),
        _(
            "2. Write one of the values below in the rating and discipline columns, or leave the "
            "cell empty for none."
        ),
        _(
            "3. Delete the rows you do not want to change: people not in the sheet keep their "
            "rating and discipline."
        ),
        _("4. Upload the file on the import page, check the preview, then confirm."),
    ):
        sheet.append([line])
    sheet.append([""])
    sheet.append([_("Rating")])
    for value, _label in Rating.choices:
        sheet.append([_vietnamese_label(Rating, value)])
    sheet.append([""])
    sheet.append([_("Discipline")])
    for value, _label in Discipline.choices:
        sheet.append([_vietnamese_label(Discipline, value)])
    return sheet


def year_end_import_template(*, registration: Registration) -> bytes:
    """The .xlsx template pre-filled with the unit's active staff and their year's facts."""
    staff = tablib.Dataset(
        headers=[ID_HEADER, _("Full name"), _("Position"), _("Rating"), _("Discipline")]
    )
    for row in year_end_staff(registration):
        staff.append(
            [
                row.person.pk,
                row.person.full_name,
                row.person.position,
                _vietnamese_label(Rating, row.rating),
                _vietnamese_label(Discipline, row.discipline),
            ]
        )
    staff.title = _("Year-end facts")[:31]
    book = tablib.Databook([staff, _instructions()])
    # escape=True keeps a name starting with "=" from being read as a formula.
    return book.export("xlsx", escape=True, column_width="adaptive")


def year_end_import_template_filename(*, registration: Registration) -> str:
    return f"ket-qua-nam-{slugify(registration.unit.code)}-{registration.campaign.year}.xlsx"


# --- Reading and checking an upload -------------------------------------------------------


@dataclass
class YearEndChange:
    row: int
    person: Person
    old: tuple[str, str]  # (rating, discipline) codes, "" for none
    new: tuple[str, str]

    @staticmethod
    def _label(choices, value):
        return choices(value).label if value else ""

    @property
    def old_rating(self):
        return self._label(Rating, self.old[0])

    @property
    def new_rating(self):
        return self._label(Rating, self.new[0])

    @property
    def old_discipline(self):
        return self._label(Discipline, self.old[1])

    @property
    def new_discipline(self):
        return self._label(Discipline, self.new[1])

    @property
    def rating_changed(self) -> bool:
        return self.old[0] != self.new[0]

    @property
    def discipline_changed(self) -> bool:
        return self.old[1] != self.new[1]


@dataclass
class YearEndImportPreview:
    """What the file would change, and everything wrong with it."""

    problems: list[Problem] = field(default_factory=list)
    changes: list[YearEndChange] = field(default_factory=list)
    rows_read: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    @property
    def people_count(self) -> int:
        return len(self.changes)

    def people(self) -> dict[int, tuple[str, str]]:
        """The changed people as ``year_end_facts_save`` takes them."""
        return {change.person.pk: change.new for change in self.changes}


@dataclass
class _Columns:
    id: int
    name: int
    rating: int | None
    discipline: int | None


def _read_header(header: tuple) -> tuple[_Columns | None, list[Problem]]:
    known = {
        "name": in_every_language("Full name"),
        "position": in_every_language("Position"),
        "rating": in_every_language("Rating"),
        "discipline": in_every_language("Discipline"),
    }
    found: dict[str, int] = {}
    problems = []
    for index, value in enumerate(header):
        if is_blank(value):
            continue
        text = normalise(value)
        key = "id" if text == ID_HEADER.casefold() else None
        key = key or next((name for name, names in known.items() if text in names), None)
        if key is None:
            problems.append(
                Problem(
                    HEADER_ROW,
                    _("Unknown column “%(column)s”: keep the template's columns only.")
                    % {"column": _show(value)},
                )
            )
        elif key in found:
            problems.append(
                Problem(
                    HEADER_ROW,
                    _("The column “%(column)s” is there twice.") % {"column": _show(value)},
                )
            )
        else:
            found[key] = index
    if "id" not in found:
        problems.append(Problem(HEADER_ROW, _("The “ID” column is missing from the first row.")))
    if "name" not in found:
        problems.append(
            Problem(HEADER_ROW, _("The “Full name” column is missing from the first row."))
        )
    if "rating" not in found and "discipline" not in found:
        problems.append(
            Problem(
                HEADER_ROW,
                _("The first row has neither a “Rating” nor a “Discipline” column."),
            )
        )
    if problems:
        return None, problems
    return _Columns(
        id=found["id"],
        name=found["name"],
        rating=found.get("rating"),
        discipline=found.get("discipline"),
    ), []


def _read_value(row_number, value, accepted: dict[str, str], column: str):
    """(code, None) for a known value or an empty cell, else (None, the problem)."""
    if is_blank(value):
        return "", None
    code = accepted.get(_fold(value))
    if code is None:
        reason = _("%(column)s: “%(value)s” is not one of the values listed in the template.") % {
            "column": column,
            "value": _show(value, 40),
        }
        return None, Problem(row_number, reason)
    return code, None


def year_end_import_preview(*, registration: Registration, data: bytes) -> YearEndImportPreview:
    """Read and check the file against the unit's active staff and their facts for the year.

    Never writes. Two queries whatever the number of rows: the staff and their year's facts.
    """
    preview = YearEndImportPreview()
    try:
        header, rows = read_first_sheet(
            data,
            max_bytes=staff_import_max_bytes(),
            max_rows=staff_import_max_rows(),
            max_width=FIXED_COLUMNS + EXTRA_COLUMNS,
        )
    except SheetProblem as error:
        preview.problems.append(Problem(error.row, error.reason))
        return preview
    columns, problems = _read_header(header)
    if columns is None:
        preview.problems.extend(problems)
        return preview
    preview.rows_read = len(rows)

    current = {row.person.pk: row for row in year_end_staff(registration)}
    staff = {pk: row.person for pk, row in current.items()}
    ratings, disciplines = _lookup(Rating), _lookup(Discipline)
    seen: dict[int, int] = {}
    for row_number, values in rows:
        person_id, problem = check_person(
            row_number, values[columns.id], values[columns.name], staff, seen
        )
        if problem is not None:
            preview.problems.append(problem)
            continue
        old = (current[person_id].rating, current[person_id].discipline)
        new = list(old)
        row_problems = []
        for position, index, accepted, column in (
            (0, columns.rating, ratings, _("Rating")),
            (1, columns.discipline, disciplines, _("Discipline")),
        ):
            if index is None:
                continue
            code, problem = _read_value(row_number, values[index], accepted, column)
            if problem is None:
                new[position] = code
            else:
                row_problems.append(problem)
        if row_problems:
            preview.problems.extend(row_problems)
        elif tuple(new) != old:
            preview.changes.append(YearEndChange(row_number, staff[person_id], old, tuple(new)))
    return preview


# --- Applying -----------------------------------------------------------------------------


@transaction.atomic
def year_end_import_apply(
    *, registration: Registration, actor, data: bytes, version: str
) -> YearEndImportPreview:
    """Write the file's ratings and disciplines, all of them or none, through
    ``year_end_facts_save`` (which records who changed what). Refused when the actor may not
    change the year-end facts, when anything was saved since the preview (``version``) or
    when the file has a bad row."""
    locked = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("campaign", "unit")
        .get(pk=registration.pk)
    )
    if not may(actor, "registrations.change_year_end_facts", locked):
        raise PermissionDenied
    if version != registration_version_token(locked):
        raise ApplicationError(
            _(
                "The year-end facts were changed after you uploaded the file. Nothing was "
                "imported; upload the file again to see the changes as they stand now."
            )
        )
    preview = year_end_import_preview(registration=locked, data=data)
    if not preview.is_valid:
        raise ApplicationError(_("The file has errors. Nothing was imported."))
    if preview.has_changes:
        year_end_facts_save(
            registration=locked,
            actor=actor,
            version=version,
            people=preview.people(),
            initiatives={},
        )
    return preview


# --- The upload between preview and confirmation ------------------------------------------


def year_end_import_stash(*, registration: Registration, user, data: bytes) -> uuid.UUID:
    return staff_import_stash(registration=registration, user=user, data=data, kind=STASH_KIND)


def year_end_import_unstash(*, registration: Registration, user, token: uuid.UUID):
    return staff_import_unstash(registration=registration, user=user, token=token, kind=STASH_KIND)


def year_end_import_discard(*, registration: Registration, user, token: uuid.UUID) -> None:
    staff_import_discard(registration=registration, user=user, token=token, kind=STASH_KIND)
