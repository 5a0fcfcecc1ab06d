"""The admin site's imports and exports (django-import-export) in the shapes units use.

Uploads: an .xlsx is read as the portal's own imports read it, through
``emulation_portal.sheets.grids`` within the same limits, so that a file of blank rows or a
far cell cannot hold a worker from the admin either (django-import-export's own .xlsx format
reads every row the sheet holds, blank or not, as wide as the size the file declares); title
rows above the table are kept, for the resource to find its header below them.

Resources: ``VietnameseColumnsMixin`` names every column in Vietnamese (the export's header
is the first of a field's names; the others, the field's own name included, are accepted on
import), finds the header row below any title rows, places the columns by meaning with the
portal's header matcher (case, accents, line breaks and spacing aside), and refuses the whole
file, naming the column, when a column is unknown, missing or given twice: nothing is ever
skipped silently. Its widgets read values as people write them and write them back the same
way (choices by label, dates as dd/mm/yyyy, booleans as x), so that an exported file imports
back unchanged.
"""

import datetime
import functools
import unicodedata

import tablib
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, widgets
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from import_export.results import Error
from openpyxl.utils import get_column_letter

from .sheets.grids import ROWS_ABOVE_HEADER, read_grid
from .sheets.headers import FIELDS, match_column
from .sheets.values import ValueProblem, Vocabulary, read_date, read_mark
from .spreadsheets import SheetLimits, SheetProblem, is_blank

# The resources have a dozen columns at most; the rest would be refused as unknown anyway.
ADMIN_IMPORT_MAX_COLUMNS = 50
# A column of row numbers (STT) is read and left out.
NUMBER_COLUMN = "number"
TRUE_WORDS = ("true", "yes", "đúng", "có")
FALSE_WORDS = ("false", "no", "sai", "không")


class BoundedXLSX(base_formats.XLSX):
    """The first sheet's non-blank rows, read by ``read_grid`` within the staff import's
    limits (STAFF_IMPORT_MAX_BYTES, STAFF_IMPORT_MAX_ROWS, with room for title rows above
    the header): the first of them as the dataset's headers, the others as its rows, all as
    wide as the widest row. Where the header really is, the resource decides."""

    def create_dataset(self, in_stream):
        grid = read_grid(
            in_stream,
            SheetLimits(
                max_bytes=settings.STAFF_IMPORT_MAX_BYTES,
                max_rows=settings.STAFF_IMPORT_MAX_ROWS,
                max_width=ADMIN_IMPORT_MAX_COLUMNS,
            ),
        )
        if not grid.rows:
            raise SheetProblem(_("The file is empty."))
        (_first, header), *rows = grid.rows
        dataset = tablib.Dataset(headers=list(header))
        for _number, values in rows:
            dataset.append(values)
        return dataset


class BoundedImportExportModelAdmin(ImportExportModelAdmin):
    """ImportExportModelAdmin whose .xlsx uploads are read by BoundedXLSX, and whose refusal
    says why in the user's language instead of naming an exception."""

    import_formats = [
        base_formats.CSV,
        BoundedXLSX,
        base_formats.TSV,
        base_formats.JSON,
        base_formats.HTML,
    ]

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SheetProblem):
            form.add_error("import_file", e.reason)
        else:
            super().add_data_read_fail_error_to_form(form, e)


# --- Widgets: values as people write them --------------------------------------------------


class MarkWidget(widgets.Widget):
    """A yes/no cell: x, ✓, 1, có, TRUE or yes is yes; blank, 0, không, FALSE or no is no.
    Written as x or left blank."""

    def __init__(self, **kwargs):
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            text = unicodedata.normalize("NFC", value).strip().casefold()
            if text in TRUE_WORDS:
                return True
            if text in FALSE_WORDS:
                return False
        try:
            return read_mark(value)
        except ValueProblem as exc:
            raise ValueError(
                _("Write x (or Có) for yes and leave the cell empty for no, not “%(value)s”.")
                % {"value": value}
            ) from exc

    def render(self, value, obj=None, **kwargs):
        return "x" if value else ""


class DayMonthYearWidget(widgets.Widget):
    """A date as dd/mm/yyyy text, an Excel date, an Excel day number or yyyy-mm-dd; written
    as dd/mm/yyyy. A year alone is refused here (see YearOrDateField for a date of birth)."""

    def __init__(self, **kwargs):
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        read = read_day(value)
        if read is None:
            return None
        if read.date is None:
            raise ValueError(
                _("“%(value)s” is a year alone: write the whole date, dd/mm/yyyy.")
                % {"value": value}
            )
        return read.date

    def render(self, value, obj=None, **kwargs):
        if isinstance(value, datetime.datetime):
            value = value.date()
        return value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else ""


def read_day(value):
    """``read_date`` with its problem as the ValueError django-import-export reports."""
    try:
        return read_date(value)
    except ValueProblem as exc:
        raise ValueError(str(exc)) from exc


class ChoiceLabelWidget(widgets.Widget):
    """A choice by its label in any of the portal's languages, its stored value, or one of
    ``aliases`` (value -> other names), compared folded; written as its label in the active
    language. A blank cell is blank."""

    def __init__(self, choices, aliases=None, **kwargs):
        super().__init__()
        self.choices = list(choices)
        self.aliases = aliases or {}

    @functools.cached_property
    def vocabulary(self) -> Vocabulary:
        names = Vocabulary()
        for value, label in self.choices:
            names.add(value, value, *self.aliases.get(value, ()))
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    names.add(value, str(label))
        return names

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        keys = self.vocabulary.keys_for(value)
        if len(keys) == 1:
            return keys.pop()
        raise ValueError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": value, "choices": ", ".join(str(label) for _v, label in self.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class YearOrDateField(fields.Field):
    """A date that may be written as the year alone ("Năm sinh"): a year alone keeps the
    date already recorded in that year, and is refused otherwise, so that no day is made
    up."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        read = read_day(row[self.column_name])
        if read is not None and read.date is None:
            current = getattr(instance, self.attribute, None)
            if current is not None and current.year == read.year:
                return
            raise ValueError(
                _(
                    "“%(value)s” is a year alone and no date of birth in that year is recorded: "
                    "write the whole date, dd/mm/yyyy."
                )
                % {"value": row[self.column_name]}
            )
        super().save(instance, row, is_m2m, **kwargs)


class TrimmedCharWidget(widgets.CharWidget):
    """Text with its surrounding spaces dropped; a number typed in a text column (a code
    such as 01) is read as Excel shows it."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = super().clean(value, row, **kwargs)
        return value.strip() if isinstance(value, str) else value


# --- The resources' header ------------------------------------------------------------------


class HeaderProblem(ValueError):
    """Why a file's header cannot be imported; its message is for the administrator."""


class UserError(Error):
    """A refusal whose message says it all: the admin shows no traceback for it."""

    @property
    def traceback(self):
        if isinstance(self.error, HeaderProblem):
            return ""
        return super().traceback


class VietnameseColumnsMixin:
    """For a ModelResource: ``columns`` maps every field to its Vietnamese names (the first
    is the export's header; the others, and the field's own name, are accepted on import),
    ``required_columns`` lists the fields a file must have a column for, ``choice_aliases``
    maps a choice field to its other names (value -> names).

    Before the import, the header is found (the first row with two known columns, below any
    title rows), renamed to the resource's column names and checked: an unknown column, a
    column given twice or a missing required one refuses the whole file (HeaderProblem,
    reported by django-import-export as the import's error, with no row read)."""

    columns: dict[str, tuple[str, ...]] = {}
    required_columns: tuple[str, ...] = ()
    choice_aliases: dict[str, dict[str, tuple[str, ...]]] = {}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name, field in self.fields.items():
            field.column_name = self.columns[name][0]

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if f.choices:
            return functools.partial(ChoiceLabelWidget, f.choices, cls.choice_aliases.get(f.name))
        if isinstance(f, models.BooleanField):
            return MarkWidget
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            return DayMonthYearWidget
        if isinstance(f, models.CharField):
            return TrimmedCharWidget
        return super().widget_from_django_field(f, default)

    def get_error_result_class(self):
        return UserError

    @functools.cached_property
    def header_names(self) -> Vocabulary:
        names = Vocabulary([(NUMBER_COLUMN, FIELDS[NUMBER_COLUMN][1])])
        for name in self.fields:
            names.add(name, name, *self.columns[name])
        return names

    def _header_key(self, label) -> str | None:
        key, _grid = match_column(label, self.header_names)
        return key

    def before_import(self, dataset, **kwargs):
        try:
            headers, rows = self._table(dataset)
        except HeaderProblem:
            headers = dataset.headers
            dataset.wipe()  # nothing is read from a refused file
            dataset.headers = headers
            raise
        dataset.wipe()
        dataset.headers = headers
        for values in rows:
            dataset.append(values)
        super().before_import(dataset, **kwargs)

    def _table(self, dataset) -> tuple[list[str], list[tuple]]:
        """The dataset's header renamed to the column names and its data rows, without the
        title rows above the header, the blank rows and the columns of row numbers."""
        raw = [tuple(dataset.headers or ())] + [tuple(row) for row in dataset]
        start = next(
            (
                index
                for index, values in enumerate(raw[: ROWS_ABOVE_HEADER + 1])
                if self._is_header(values)
            ),
            None,
        )
        if start is None:
            raise HeaderProblem(
                _(
                    "No header row was found: the file needs a row of column headers, such as "
                    "%(columns)s."
                )
                % {"columns": self._column_list()}
            )
        header = raw[start]
        kept: list[int] = []
        placed: dict[str, int] = {}
        for index, label in enumerate(header):
            if is_blank(label):
                if any(index < len(row) and not is_blank(row[index]) for row in raw[start + 1 :]):
                    raise HeaderProblem(
                        _("Column %(column)s holds data but has no header.")
                        % {"column": get_column_letter(index + 1)}
                    )
                continue
            key = self._header_key(label)
            if key is None:
                raise HeaderProblem(
                    _(
                        "Column %(column)s, “%(header)s”, is not a column of this import. The "
                        "columns are: %(columns)s."
                    )
                    % {
                        "column": get_column_letter(index + 1),
                        "header": label,
                        "columns": self._column_list(),
                    }
                )
            if key == NUMBER_COLUMN:
                continue
            if key in placed:
                raise HeaderProblem(
                    _("Columns %(first)s and %(second)s both hold “%(header)s”.")
                    % {
                        "first": get_column_letter(placed[key] + 1),
                        "second": get_column_letter(index + 1),
                        "header": self.columns[key][0],
                    }
                )
            placed[key] = index
            kept.append(index)
        missing = [name for name in self.required_columns if name not in placed]
        if missing:
            raise HeaderProblem(
                _("The file has no column “%(header)s”, which this import needs.")
                % {"header": self.columns[missing[0]][0]}
            )
        names = {index: self.fields[key].column_name for key, index in placed.items()}
        rows = []
        for values in raw[start + 1 :]:
            cells = tuple(values[index] if index < len(values) else None for index in kept)
            if all(is_blank(value) for value in cells):
                continue
            rows.append(cells)
        return [names[index] for index in kept], rows

    def _is_header(self, values) -> bool:
        filled = [value for value in values if isinstance(value, str) and value.strip()]
        keys = {self._header_key(value) for value in filled} - {None, NUMBER_COLUMN}
        return len(keys) >= min(2, len(self.fields))

    def _column_list(self) -> str:
        return ", ".join(self.columns[name][0] for name in self.fields)
