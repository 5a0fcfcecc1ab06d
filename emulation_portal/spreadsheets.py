"""The portal's Excel uploads (the staff's titles, the year-end ratings, a scoring table's
items): the first sheet of a real .xlsx read into plain rows, cells compared as people write
them, and the upload kept between its preview and its confirmation. Each import checks its
own rows; what a file is and how it is read is here, once.

An upload cannot hold a worker: before openpyxl sees it, ``check_workbook`` bounds what
unpacking it can produce in proportion to the import's rows and columns (SheetLimits), and
streams every XML part through expat counting every row, cell and element, blank or not,
against those limits, stopping at the first one over (a 466 KB file of 190 MB of blank rows
once held an import for 210 s and 1 GB; BENCHMARKS.md, "Hostile uploads").

Sheets are read by openpyxl in read-only mode, row by row and no wider than the header,
every row counted, blank or not. (python-calamine reads ten times faster but
builds the whole grid from the first used cell to the last before anything can be checked:
a 5 KB file with a cell in XFD1048576 aborts the process.) A sheet read for a preview is
kept in the cache under a hash of the file, so its confirmation, a minute later, does not
read the same bytes again.
"""

import hashlib
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from io import BytesIO
from xml.parsers import expat

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook

HEADER_ROW = 1
# Long enough for a user to read the preview and confirm it.
READ_SHEET_CACHE_SECONDS = 30 * 60

# What an upload may hold, in proportion to the rows and columns its import reads (see
# SheetLimits). A cell of a sheet's XML takes 10-40 bytes (<c r="AB12345" t="s"><v>99</v></c>);
# 64 per cell of max_rows x max_width leaves room for inline text, and the base for the
# styles, the theme, the shared strings of short sheets and the template's instructions.
UNZIPPED_BYTES_PER_CELL = 64
UNZIPPED_BASE_BYTES = 2 * 1024 * 1024
# Workbook parts deflate 5-20 times (a 20,000-row staff sheet: 13); 100 times and more is
# the same few bytes repeated, such as blank rows. Small parts are left out: their ratio
# says nothing.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
# Excel's own limits: columns in a sheet, characters in a cell.
EXCEL_MAX_COLUMNS = 16_384
EXCEL_MAX_CELL_CHARACTERS = 32_767
# A cell is at most a handful of elements (c, v or f, is, t; rich text has more runs).
ELEMENTS_PER_CELL = 4
# Elements outside rows (styles, column widths, merged cells, the workbook's parts) are
# kept in memory by openpyxl while it reads; a workbook has a few thousand.
MAX_ELEMENTS_OUTSIDE_ROWS = 200_000
MAX_PARTS = 1_000
# No tag or text of a workbook's XML runs this long without a "<": a cell's 32,767
# characters take at most 6 bytes each (&quot;).
MAX_BYTES_BETWEEN_TAGS = 6 * EXCEL_MAX_CELL_CHARACTERS + 1024
SCAN_CHUNK_BYTES = 64 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected files


class SheetProblem(Exception):
    """Why a file cannot be read: ``row`` is its Excel row, None for the whole file."""

    def __init__(self, reason: str, row: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.row = row


@dataclass(frozen=True)
class SheetLimits:
    """What one import reads: ``max_rows`` rows below the header, ``max_width`` columns,
    from a file of at most ``max_bytes``. Every row and cell of the file counts, blank or
    not, and the file may not unpack to more than those cells can need."""

    max_bytes: int
    max_rows: int
    max_width: int

    @property
    def last_row(self) -> int:
        return HEADER_ROW + self.max_rows

    @property
    def max_cells(self) -> int:
        return self.last_row * self.max_width

    @property
    def max_unzipped_bytes(self) -> int:
        return UNZIPPED_BASE_BYTES + self.max_cells * UNZIPPED_BYTES_PER_CELL


def normalise(value) -> str:
    """NFC, trimmed, inner spaces collapsed and case-folded: how names and headers compare."""
    if value is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).split()).casefold()


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def in_every_language(msgid: str) -> set[str]:
    """A header in every language of the portal, normalised: a template downloaded in
    English can be uploaded from a Vietnamese page and the other way round."""
    names = {normalise(msgid)}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(normalise(_(msgid)))
    return names


def _megabytes(size: int) -> str:
    return floatformat(size / (1024 * 1024), -1)


def too_large_message(max_bytes: int) -> str:
    return _("The file is larger than %(size)s MB.") % {"size": _megabytes(max_bytes)}


def _not_xlsx_message() -> str:
    return _(
        "This is not an Excel .xlsx file, or the file is damaged. Download the template, fill "
        "it in and save it as an Excel workbook (.xlsx)."
    )


def _start_again_advice() -> str:
    return _(
        "Copy only the filled rows into the template, save it as a new Excel workbook (.xlsx) "
        "and upload it again."
    )


def _too_many_rows(limits: SheetLimits, row: int | None = None) -> SheetProblem:
    reason = _(
        "The file has too many rows (more than %(count)s, blank rows included). Delete the "
        "empty rows below the table and the sheets you do not need, then upload the file again."
    ) % {"count": number_format(limits.max_rows, force_grouping=True)}
    return SheetProblem(reason, row)


def _too_many_cells(limits: SheetLimits, row: int | None = None) -> SheetProblem:
    reason = _(
        "The file has too many cells (more than %(count)s, empty cells included). Keep only "
        "the template's columns and the filled rows, then upload the file again."
    ) % {"count": number_format(limits.max_cells, force_grouping=True)}
    return SheetProblem(reason, row)


def _too_much_data(limits: SheetLimits) -> SheetProblem:
    reason = _("The file holds far more data than a sheet of %(rows)s rows can need.") % {
        "rows": number_format(limits.max_rows, force_grouping=True)
    }
    return SheetProblem(f"{reason} {_start_again_advice()}")


def check_workbook(data: bytes, limits: SheetLimits) -> None:
    """SheetProblem unless ``data`` is an .xlsx file within ``limits``; reads nothing into
    openpyxl. First the zip's directory (the declared sizes bound what can be unpacked: a
    part that unpacks to more fails its check), then every XML part streamed through expat,
    counting every row, cell and element and stopping at the first one over a limit."""
    if not data:
        raise SheetProblem(_("The file is empty."))
    if len(data) > limits.max_bytes:
        raise SheetProblem(too_large_message(limits.max_bytes))
    if data.startswith(OLE_SIGNATURE):
        raise SheetProblem(
            _(
                "This is an old Excel file (.xls) or a password-protected workbook. Open it in "
                "Excel, remove the password if there is one, save it as an Excel workbook "
                "(.xlsx) and upload it again."
            )
        )
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            parts = archive.infolist()
            _check_sizes(parts, limits)
            _scan_parts(archive, parts, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, expat.ExpatError, EOFError) as exc:
        raise SheetProblem(_not_xlsx_message()) from exc
    except (NotImplementedError, RuntimeError) as exc:  # an unknown compression, encryption
        raise SheetProblem(_not_xlsx_message()) from exc


def _check_sizes(parts: list[zipfile.ZipInfo], limits: SheetLimits) -> None:
    if len(parts) > MAX_PARTS:
        raise _too_much_data(limits)
    for part in parts:
        if part.file_size < RATIO_CHECKED_FROM_BYTES:
            continue
        ratio = part.file_size / max(part.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            reason = _(
                "The file is compressed %(ratio)s times, far more than an Excel workbook: it "
                "is padded with the same data repeated, such as empty rows."
            ) % {"ratio": number_format(int(ratio), force_grouping=True)}
            raise SheetProblem(f"{reason} {_start_again_advice()}")
    unzipped = sum(part.file_size for part in parts)
    if unzipped > limits.max_unzipped_bytes:
        reason = _(
            "The file unpacks to %(size)s MB, more than the %(budget)s MB a sheet of "
            "%(rows)s rows can need."
        ) % {
            "size": _megabytes(unzipped),
            "budget": _megabytes(limits.max_unzipped_bytes),
            "rows": number_format(limits.max_rows, force_grouping=True),
        }
        raise SheetProblem(f"{reason} {_start_again_advice()}")


def _scan_parts(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo], limits: SheetLimits):
    """Count what openpyxl would read in every XML part, raising at the first thing over a
    limit: rows (with their numbers, so that a row at 1048576 counts as the rows above it,
    and a row written twice counts twice), cells, elements inside and outside rows, shared
    strings. Cells and elements add up over the parts; rows are per sheet. Tags are not
    resolved to namespaces and text is not looked at (a long run without "<" is refused as
    it comes): this pass costs a fifth of openpyxl's read of a legitimate sheet."""
    max_elements_in_rows = limits.max_cells * ELEMENTS_PER_CELL + limits.last_row
    cells = elements_in_rows = elements_outside_rows = shared_strings = 0
    rows = row_number = depth = row_depth = cells_in_row = elements_in_row = 0

    def start(name, attributes):
        nonlocal cells, elements_in_rows, elements_outside_rows, shared_strings
        nonlocal rows, row_number, depth, row_depth, cells_in_row, elements_in_row
        depth += 1
        if row_depth:  # inside a row: openpyxl holds one row's elements at a time
            elements_in_rows += 1
            elements_in_row += 1
            if elements_in_rows > max_elements_in_rows:
                raise _too_much_data(limits)
            if elements_in_row > ELEMENTS_PER_CELL * EXCEL_MAX_COLUMNS:
                raise SheetProblem(_("The sheet has too many columns."), row_number)
            if name == "c" or name.endswith(":c"):  # inline: called for every element
                cells += 1
                cells_in_row += 1
                if cells > limits.max_cells:
                    raise _too_many_cells(limits, row_number)
                if cells_in_row > EXCEL_MAX_COLUMNS:
                    raise SheetProblem(_("The sheet has too many columns."), row_number)
        elif name == "row" or name.endswith(":row"):
            rows += 1
            row_number = _row_number(attributes.get("r"), row_number)
            if max(rows, row_number) > limits.last_row:
                raise _too_many_rows(limits, row_number)
            row_depth = depth
            cells_in_row = elements_in_row = 0
        else:  # kept in memory by openpyxl until the part is read
            elements_outside_rows += 1
            if elements_outside_rows > MAX_ELEMENTS_OUTSIDE_ROWS:
                raise _too_much_data(limits)
            if name == "si" or name.endswith(
                ":si"
            ):  # a shared string: no more useful ones than cells
                shared_strings += 1
                if shared_strings > limits.max_cells:
                    raise _too_much_data(limits)

    def end(name):
        nonlocal depth, row_depth
        if depth == row_depth:
            row_depth = 0
        depth -= 1

    def doctype(*args):
        raise SheetProblem(_not_xlsx_message())  # entities are how XML bombs expand

    for part in parts:
        if part.is_dir():
            continue
        with archive.open(part) as stream:
            chunk = stream.read(SCAN_CHUNK_BYTES)
            head = chunk.removeprefix(b"\xef\xbb\xbf").lstrip()  # UTF-8's byte order mark
            if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
                raise SheetProblem(_not_xlsx_message())  # UTF-16: Excel writes UTF-8 only
            if head[:1] not in (b"", b"<"):
                continue  # not XML (an image, printer settings): openpyxl does not parse it
            if b"\x00" in head[:1024]:
                raise SheetProblem(_not_xlsx_message())  # UTF-16 without its byte order mark
            rows = row_number = depth = row_depth = 0
            parser = expat.ParserCreate()
            parser.StartDoctypeDeclHandler = doctype
            parser.EntityDeclHandler = doctype
            parser.StartElementHandler = start
            parser.EndElementHandler = end
            since_tag = 0
            while chunk:
                first = chunk.find(b"<")
                if since_tag + (len(chunk) if first == -1 else first) > MAX_BYTES_BETWEEN_TAGS:
                    raise SheetProblem(_not_xlsx_message())  # expat would buffer all of it
                if first == -1:
                    since_tag += len(chunk)
                else:
                    since_tag = len(chunk) - 1 - chunk.rfind(b"<")
                parser.Parse(chunk, False)
                chunk = stream.read(SCAN_CHUNK_BYTES)
            parser.Parse(b"", True)


def _row_number(number: str | None, previous: int) -> int:
    """As openpyxl numbers rows: its ``r``, or the one after the previous row."""
    if number is None:
        return previous + 1
    try:
        return int(float(number))
    except (ValueError, OverflowError) as exc:
        raise SheetProblem(_not_xlsx_message()) from exc


def _first_sheet(data: bytes, limits: SheetLimits):
    """The workbook and its first worksheet, or SheetProblem with a reason."""
    check_workbook(data, limits)
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # do not trust the size the file declares
    except Exception as exc:  # openpyxl raises many kinds of errors for a broken file
        raise SheetProblem(_not_xlsx_message()) from exc
    return workbook, sheet


def read_first_sheet(
    data: bytes, *, max_bytes: int, max_rows: int, max_width: int
) -> tuple[tuple, list[tuple[int, tuple]]]:
    """The header (row 1, up to its last filled cell) and the non-blank rows below it, each
    with its Excel row number and as many cells as the header; empty cells are None.

    SheetProblem when the file is empty, too large, not an .xlsx, unpacks to more than its
    limits can need, has no header, more than ``max_width`` columns, or more than
    ``max_rows`` rows or ``max_rows + 1`` x ``max_width`` cells, blank ones included
    (SheetLimits).
    """
    limits = SheetLimits(max_bytes=max_bytes, max_rows=max_rows, max_width=max_width)
    key = f"spreadsheets:{hashlib.sha256(data).hexdigest()}:{max_bytes}:{max_rows}:{max_width}"
    read = cache.get(key)
    if read is None:
        read = _read(data, limits)
        cache.set(key, read, READ_SHEET_CACHE_SECONDS)
    return read


def _read(data: bytes, limits: SheetLimits):
    workbook, sheet = _first_sheet(data, limits)
    try:
        header = next(sheet.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True), ())
        filled = [index for index, value in enumerate(header) if not is_blank(value)]
        if not filled:
            raise SheetProblem(
                _("The first row must hold the column headers of the template."), HEADER_ROW
            )
        width = filled[-1] + 1
        if width > limits.max_width:
            raise SheetProblem(_("The sheet has too many columns."), HEADER_ROW)
        rows = []
        values_by_row = sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=width, values_only=True)
        for row_number, values in enumerate(values_by_row, start=HEADER_ROW + 1):
            if row_number > limits.last_row:  # blank rows count: each one costs a read
                raise _too_many_rows(limits, row_number)
            if all(is_blank(value) for value in values):
                continue
            if any(
                isinstance(value, str) and len(value) > EXCEL_MAX_CELL_CHARACTERS
                for value in values
            ):
                reason = _("A cell holds more than %(count)s characters, more than Excel allows.")
                count = number_format(EXCEL_MAX_CELL_CHARACTERS, force_grouping=True)
                raise SheetProblem(reason % {"count": count}, row_number)
            rows.append((row_number, tuple(values) + (None,) * (width - len(values))))
    except SheetProblem:
        raise
    except Exception as exc:  # a file openpyxl opened but cannot read through
        raise SheetProblem(_("The file could not be read to the end; it may be damaged.")) from exc
    finally:
        workbook.close()
    return tuple(header[:width]), rows


# --- The upload between preview and confirmation ------------------------------------------


def stash_upload(folder: str, data: bytes) -> uuid.UUID:
    """Keep a checked upload in ``folder`` (one per user and import) until it is confirmed;
    only the latest one can be confirmed."""
    try:
        _folders, names = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        names = []
    for name in names:
        default_storage.delete(f"{folder}/{name}")
    token = uuid.uuid4()
    default_storage.save(f"{folder}/{token}.xlsx", ContentFile(data))
    return token


def unstash_upload(folder: str, token: uuid.UUID) -> bytes | None:
    """The upload the preview showed, or None when it was already applied or replaced."""
    path = f"{folder}/{token}.xlsx"
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as stored:
        return stored.read()


def discard_upload(folder: str, token: uuid.UUID) -> None:
    default_storage.delete(f"{folder}/{token}.xlsx")
