"""The portal's Excel uploads (the staff's titles, the year-end ratings, a scoring table's
items): the first sheet of a real .xlsx read into plain rows, cells compared as people write
them, and the upload kept between its preview and its confirmation. Each import checks its
own rows; what a file is and how it is read is here, once.

Sheets are read by calamine (python-calamine, the reader pandas also uses): a 20,000-row
sheet in under a tenth of a second, where openpyxl took a second.
"""

import unicodedata
import uuid
import zipfile
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

HEADER_ROW = 1
# A workbook's XML is ~10-30 times its zipped size; past this it is a zip bomb, not a list.
MAX_UNZIPPED_FACTOR = 40


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
        return CalamineWorkbook.from_filelike(BytesIO(data)).get_sheet_by_index(0)
    except Exception as exc:  # CalamineError, or a zip that is not a workbook
        raise SheetProblem(not_xlsx) from exc


def read_first_sheet(
    data: bytes, *, max_bytes: int, max_rows: int, max_width: int
) -> tuple[tuple, list[tuple[int, tuple]]]:
    """The header (row 1, up to its last filled cell) and the non-blank rows below it, each
    with its Excel row number and as many cells as the header; empty cells are None.

    SheetProblem when the file is empty, too large, not an .xlsx, has no header, more than
    ``max_width`` columns or more than ``max_rows`` rows.
    """
    sheet = _first_sheet(data, max_bytes)
    # Calamine gives the rows from the first one but the columns from the first used one.
    left = ("",) * sheet.start[1] if sheet.start else ()
    try:
        values_by_row = enumerate(sheet.iter_rows(), start=1)
        header = ()
        for row_number, values in values_by_row:
            if row_number == HEADER_ROW:
                header = (*left, *values)
                break
        filled = [index for index, value in enumerate(header) if not is_blank(value)]
        if not filled:
            raise SheetProblem(
                _("The first row must hold the column headers of the template."), HEADER_ROW
            )
        width = filled[-1] + 1
        if width > max_width:
            raise SheetProblem(_("The sheet has too many columns."), HEADER_ROW)
        rows = []
        for row_number, values in values_by_row:
            cells = (*left, *values)[:width]
            if all(is_blank(value) for value in cells):
                continue
            if len(rows) == max_rows:
                raise SheetProblem(
                    _("The sheet has more than %(count)s rows.") % {"count": max_rows}, row_number
                )
            cells = tuple(None if value == "" else value for value in cells)
            rows.append((row_number, cells + (None,) * (width - len(cells))))
    except SheetProblem:
        raise
    except Exception as exc:  # a file calamine opened but cannot read through
        raise SheetProblem(_("The file could not be read to the end; it may be damaged.")) from exc
    return tuple(None if value == "" else value for value in header[:width]), rows


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
