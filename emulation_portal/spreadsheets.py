"""The portal's Excel uploads (the staff's titles, the year-end ratings, a scoring table's
items): the first sheet of a real .xlsx read into plain rows, cells compared as people write
them, and the upload kept between its preview and its confirmation. Each import checks its
own rows; what a file is and how it is read is here, once.

Sheets are read by openpyxl in read-only mode, row by row and no wider than the header:
memory stays bounded whatever the file declares. (python-calamine reads ten times faster but
builds the whole grid from the first used cell to the last before anything can be checked:
a 5 KB file with a cell in XFD1048576 aborts the process.) A sheet read for a preview is
kept in the cache under a hash of the file, so its confirmation, a minute later, does not
read the same bytes again.
"""

import hashlib
import unicodedata
import uuid
import zipfile
from io import BytesIO

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

HEADER_ROW = 1
# A workbook's XML is ~10-30 times its zipped size; past this it is a zip bomb, not a list.
MAX_UNZIPPED_FACTOR = 40
# Long enough for a user to read the preview and confirm it.
READ_SHEET_CACHE_SECONDS = 30 * 60


class SheetProblem(Exception):
    """Why a file cannot be read: ``row`` is its Excel row, None for the whole file."""

    def __init__(self, reason: str, row: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.row = row


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


def too_large_message(max_bytes: int) -> str:
    megabytes = floatformat(max_bytes / (1024 * 1024), -1)
    return _("The file is larger than %(size)s MB.") % {"size": megabytes}


def _first_sheet(data: bytes, max_bytes: int):
    """The workbook and its first worksheet, or SheetProblem with a reason."""
    if not data:
        raise SheetProblem(_("The file is empty."))
    if len(data) > max_bytes:
        raise SheetProblem(too_large_message(max_bytes))
    not_xlsx = _(
        "This is not an Excel .xlsx file, or the file is damaged. Download the template, fill "
        "it in and save it as an Excel workbook (.xlsx)."
    )
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            unzipped = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise SheetProblem(not_xlsx) from exc
    if unzipped > MAX_UNZIPPED_FACTOR * max_bytes:
        raise SheetProblem(too_large_message(max_bytes))
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # do not trust the size the file declares
    except Exception as exc:  # openpyxl raises many kinds of errors for a broken file
        raise SheetProblem(not_xlsx) from exc
    return workbook, sheet


def read_first_sheet(
    data: bytes, *, max_bytes: int, max_rows: int, max_width: int
) -> tuple[tuple, list[tuple[int, tuple]]]:
    """The header (row 1, up to its last filled cell) and the non-blank rows below it, each
    with its Excel row number and as many cells as the header; empty cells are None.

    SheetProblem when the file is empty, too large, not an .xlsx, has no header, more than
    ``max_width`` columns or more than ``max_rows`` rows.
    """
    limits = f"{max_bytes}:{max_rows}:{max_width}"
    key = f"spreadsheets:{hashlib.sha256(data).hexdigest()}:{limits}"
    read = cache.get(key)
    if read is None:
        read = _read(data, max_bytes=max_bytes, max_rows=max_rows, max_width=max_width)
        cache.set(key, read, READ_SHEET_CACHE_SECONDS)
    return read


def _read(data: bytes, *, max_bytes: int, max_rows: int, max_width: int):
    workbook, sheet = _first_sheet(data, max_bytes)
    try:
        header = next(sheet.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True), ())
        filled = [index for index, value in enumerate(header) if not is_blank(value)]
        if not filled:
            raise SheetProblem(
                _("The first row must hold the column headers of the template."), HEADER_ROW
            )
        width = filled[-1] + 1
        if width > max_width:
            raise SheetProblem(_("The sheet has too many columns."), HEADER_ROW)
        rows = []
        values_by_row = sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=width, values_only=True)
        for row_number, values in enumerate(values_by_row, start=HEADER_ROW + 1):
            if all(is_blank(value) for value in values):
                continue
            if len(rows) == max_rows:
                raise SheetProblem(
                    _("The sheet has more than %(count)s rows.") % {"count": max_rows}, row_number
                )
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
