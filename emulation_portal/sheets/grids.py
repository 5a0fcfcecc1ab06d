"""A workbook as units send it, read into plain rows: the first sheet's non-blank rows with
their Excel row numbers, its merged ranges, a code list from a "Danh mục" sheet of the same
workbook, and the cells whose legacy-encoded text (TCVN3, VNI) was converted to Unicode.

The upload limits of emulation_portal.spreadsheets hold (check_workbook runs first). Formula
cells are read as the values Excel cached when it last saved the file; nothing is evaluated.
A workbook with formulas and no cached values (one written by a program rather than saved in
Excel) is refused, as its cells would read empty.
"""

import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from xml.parsers import expat

from django.core.cache import cache
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from emulation_portal.spreadsheets import (
    EXCEL_MAX_CELL_CHARACTERS,
    READ_SHEET_CACHE_SECONDS,
    SheetLimits,
    SheetProblem,
    _too_many_rows,
    check_workbook,
    is_blank,
)

from .encodings import legacy_encoding, to_unicode
from .values import fold

# Rows a layout may have above its header (titles, the unit's name, blank rows) on top of
# the rows an import reads.
ROWS_ABOVE_HEADER = 30
# A code list sheet is short: the catalogue has a few dozen titles.
CODE_LIST_MAX_ROWS = 500
CODE_LIST_MAX_WIDTH = 10
CODE_HEADERS = {"ma", "ma so", "ky hieu", "ma danh hieu", "code"}
NAME_HEADERS = {"ten", "ten danh hieu", "danh hieu", "noi dung", "ten goi", "name"}


@dataclass(frozen=True)
class Conversion:
    """A cell whose text was in a legacy encoding: as the file holds it, and in Unicode."""

    row: int
    column: int  # 0-based
    original: str
    converted: str
    encoding: str

    @property
    def cell(self) -> str:
        return f"{get_column_letter(self.column + 1)}{self.row}"


@dataclass
class Grid:
    """The first sheet's non-blank rows, (Excel row, values) with as many values as the
    widest row; merged ranges as (first row, first column, last row, last column), columns
    0-based; the code list (folded code -> name) and the conversions."""

    rows: list[tuple[int, tuple]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    code_list: dict[str, str] = field(default_factory=dict)
    conversions: list[Conversion] = field(default_factory=list)
    sheet_title: str = ""

    @property
    def width(self) -> int:
        return max((len(values) for _row, values in self.rows), default=0)


def _not_xlsx() -> SheetProblem:
    return SheetProblem(
        _(
            "This is not an Excel .xlsx file, or the file is damaged. Save it as an Excel "
            "workbook (.xlsx) and upload it again."
        )
    )


def _scan_sheet_xml(archive: zipfile.ZipFile, path: str, *, merges: bool):
    """(merged ranges, the first formula cell without a cached value or None) of one sheet's
    XML, streamed with expat."""
    found_merges: list[tuple[int, int, int, int]] = []
    uncached: list[str] = []
    state = {"cell": None, "formula": False, "value": False, "in_value": False}

    def start(name, attributes):
        name = name.rsplit(":", 1)[-1]
        if name == "c":
            state.update(cell=attributes.get("r"), formula=False, value=False)
        elif name == "f":
            state["formula"] = True
        elif name == "v":
            state["in_value"] = True
        elif name == "mergeCell" and merges and attributes.get("ref"):
            try:
                first_col, first_row, last_col, last_row = range_boundaries(attributes["ref"])
            except (ValueError, TypeError):
                return
            if None not in (first_col, first_row, last_col, last_row):
                found_merges.append((first_row, first_col - 1, last_row, last_col - 1))

    def end(name):
        name = name.rsplit(":", 1)[-1]
        if name == "v":
            state["in_value"] = False
        elif name == "c":
            if state["formula"] and not state["value"] and not uncached:
                uncached.append(state["cell"] or "?")
            state["cell"] = None

    def text(data):
        if state["in_value"] and data.strip():
            state["value"] = True

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    with archive.open(path) as stream:
        parser.ParseFile(stream)
    return found_merges, (uncached[0] if uncached else None)


def _check_length(value, row: int):
    if isinstance(value, str) and len(value) > EXCEL_MAX_CELL_CHARACTERS:
        reason = _("A cell holds more than %(count)s characters, more than Excel allows.")
        count = number_format(EXCEL_MAX_CELL_CHARACTERS, force_grouping=True)
        raise SheetProblem(reason % {"count": count}, row)


def _sheet_rows(sheet, *, last_row: int, max_width: int, limits):
    """The sheet's non-blank rows as they are stored (legacy text not converted yet)."""
    rows = []
    for row_number, values in enumerate(
        sheet.iter_rows(max_col=max_width + 1, values_only=True), start=1
    ):
        if row_number > last_row:  # blank rows count: each one costs a read
            raise _too_many_rows(limits, row_number)
        if all(is_blank(value) for value in values):
            continue
        if len(values) > max_width and not is_blank(values[max_width]):
            raise SheetProblem(_("The sheet has too many columns."), row_number)
        values = tuple(values[:max_width])
        for value in values:
            _check_length(value, row_number)
        while values and is_blank(values[-1]):
            values = values[:-1]
        rows.append((row_number, values))
    return rows


def _workbook_encoding(rows) -> str | None:
    """The legacy encoding of the cells that are legacy beyond doubt, when they agree."""
    found = {
        legacy_encoding(value)
        for _row, values in rows
        for value in values
        if isinstance(value, str)
    } - {None}
    return found.pop() if len(found) == 1 else None


def _to_unicode(rows, conversions: list[Conversion] | None):
    """The rows with legacy text converted (each conversion recorded) and NFC text."""
    hint = _workbook_encoding(rows)
    converted_rows = []
    for row_number, values in rows:
        converted = []
        for column, value in enumerate(values):
            if isinstance(value, str):
                text, encoding = to_unicode(value, hint)
                if encoding and conversions is not None:
                    conversions.append(Conversion(row_number, column, value, text, encoding))
                value = unicodedata.normalize("NFC", text)
            converted.append(value)
        converted_rows.append((row_number, tuple(converted)))
    return converted_rows


def read_code_list(rows: list[tuple[int, tuple]]) -> dict[str, str]:
    """Folded code -> name from a list sheet: the columns headed "Mã"/"Ký hiệu" and
    "Tên"/"Danh hiệu", or else the first two filled columns of each row."""
    code_col = name_col = None
    body = rows
    for index, (_row, values) in enumerate(rows[:10]):
        folded = [fold(value) for value in values]
        codes = [i for i, text in enumerate(folded) if text in CODE_HEADERS]
        names = [i for i, text in enumerate(folded) if text in NAME_HEADERS]
        if codes and names:
            code_col, name_col, body = codes[0], names[0], rows[index + 1 :]
            break
    found = {}
    for _row, values in body:
        if code_col is None:
            filled = [v for v in values if not is_blank(v) and not isinstance(v, int | float)]
            if len(filled) < 2:
                continue
            code, name = filled[0], filled[1]
        else:
            code = values[code_col] if code_col < len(values) else None
            name = values[name_col] if name_col < len(values) else None
        if not is_blank(code) and not is_blank(name):
            found.setdefault(fold(code), " ".join(str(name).split()))
    return found


def _is_code_list_sheet(title: str) -> bool:
    folded = fold(title)
    return folded.startswith("danh muc") or folded in {"dm", "ma", "ma danh hieu", "codes"}


def read_grid(data: bytes, limits: SheetLimits) -> Grid:
    """The workbook's first sheet and its code list sheet, or SheetProblem: the upload
    limits (``limits.max_rows`` counted below the rows a layout may have above its header),
    no more than ``limits.max_width`` columns, and a formula without its cached value."""
    key = (
        f"sheets:grid:{hashlib.sha256(data).hexdigest()}:"
        f"{limits.max_bytes}:{limits.max_rows}:{limits.max_width}"
    )
    grid = cache.get(key)
    if grid is None:
        grid = _read_grid(data, limits)
        cache.set(key, grid, READ_SHEET_CACHE_SECONDS)
    return grid


def _read_grid(data: bytes, limits: SheetLimits) -> Grid:
    allowed = SheetLimits(
        max_bytes=limits.max_bytes,
        max_rows=limits.max_rows + ROWS_ABOVE_HEADER,
        max_width=limits.max_width,
    )
    check_workbook(data, allowed)
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
        sheets = workbook.worksheets
        first = sheets[0]
        code_sheet = next((s for s in sheets[1:] if _is_code_list_sheet(s.title)), None)
        for sheet in sheets:
            sheet.reset_dimensions()  # do not trust the size the file declares
    except Exception as exc:  # openpyxl raises many kinds of errors for a broken file
        raise _not_xlsx() from exc
    grid = Grid(sheet_title=first.title)
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            for sheet in [first] + ([code_sheet] if code_sheet else []):
                merges, uncached = _scan_sheet_xml(
                    archive, sheet._worksheet_path, merges=sheet is first
                )
                if uncached:
                    raise SheetProblem(
                        _(
                            "Cell %(cell)s of the sheet “%(sheet)s” holds a formula whose "
                            "value was never calculated (the file was not saved by Excel). "
                            "Open the file in Excel, save it, and upload it again."
                        )
                        % {"cell": uncached, "sheet": sheet.title}
                    )
                if sheet is first:
                    grid.merges = merges
        grid.rows = _to_unicode(
            _sheet_rows(
                first, last_row=allowed.last_row, max_width=limits.max_width, limits=limits
            ),
            grid.conversions,
        )
        if code_sheet is not None:
            code_rows = _to_unicode(
                _sheet_rows(
                    code_sheet,
                    last_row=CODE_LIST_MAX_ROWS,
                    max_width=CODE_LIST_MAX_WIDTH,
                    limits=SheetLimits(limits.max_bytes, CODE_LIST_MAX_ROWS, CODE_LIST_MAX_WIDTH),
                ),
                None,
            )
            grid.code_list = read_code_list(code_rows)
    except SheetProblem:
        raise
    except (zipfile.BadZipFile, expat.ExpatError, KeyError) as exc:
        raise _not_xlsx() from exc
    except Exception as exc:  # a file openpyxl opened but cannot read through
        raise SheetProblem(_("The file could not be read to the end; it may be damaged.")) from exc
    finally:
        workbook.close()
    width = grid.width
    grid.rows = [(row, values + (None,) * (width - len(values))) for row, values in grid.rows]
    return grid
