"""Excel downloads: a list's rows, or any datasets, as an .xlsx workbook with native numbers
and dates, formulas neutralised, dates dd/mm/yyyy and columns sized. Every app's "Export to
Excel" writes through here (the campaign workbook of ``reports.exports`` too); reading uploads
is ``spreadsheets``' work."""

import io
from collections import defaultdict
from datetime import date, datetime

import tablib
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import load_workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_COLUMN_WIDTH = 60


def resource_dataset(resource, rows, title: str = "") -> tablib.Dataset:
    """The resource's export of ``rows`` (a queryset or a list) with native numbers and dates.

    A queryset is read at once, so that its prefetches run once, not once per chunk.
    """
    if isinstance(resource, type):
        resource = resource()
    rows = list(rows) if isinstance(rows, QuerySet) else rows
    dataset = resource.export(rows, force_native_type=True)
    dataset.title = title[:31]
    return dataset


def workbook_bytes(datasets) -> bytes:
    """One sheet per dataset; formulas neutralised, dates dd/mm/yyyy, columns sized."""
    raw = tablib.Databook(list(datasets)).export("xlsx", escape=True)
    workbook = load_workbook(io.BytesIO(raw))
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in workbook.worksheets:
        widths: dict[int, int] = defaultdict(lambda: 8)
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, datetime):
                    has_time = value.time() != datetime.min.time()
                    cell.number_format = "dd/mm/yyyy hh:mm" if has_time else "dd/mm/yyyy"
                    width = 16 if has_time else 11
                elif isinstance(value, date):
                    cell.number_format = "dd/mm/yyyy"
                    width = 11
                else:
                    text = "" if value is None else str(value)
                    longest = max((len(line) for line in text.splitlines()), default=0)
                    width = longest + 2
                    if longest > MAX_COLUMN_WIDTH or "\n" in text:
                        cell.alignment = wrap
                widths[cell.column] = max(widths[cell.column], min(width, MAX_COLUMN_WIDTH))
        for column, width in widths.items():
            sheet.column_dimensions[get_column_letter(column)].width = width
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def queryset_workbook_response(resource, queryset, filename: str, title: str = "") -> HttpResponse:
    """A list's rows as an .xlsx download: ``resource`` (a class or an instance) exports
    ``queryset`` (or a list) into one sheet. For the lists' "Export to Excel" buttons."""
    dataset = resource_dataset(resource, queryset, title or filename.rsplit(".", 1)[0])
    return xlsx_response(workbook_bytes([dataset]), filename)
