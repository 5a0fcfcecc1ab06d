"""The admin site's imports (django-import-export) read an .xlsx upload as the portal's own
imports do: through ``emulation_portal.spreadsheets``, within the same limits, so that a file
of blank rows or a far cell cannot hold a worker from the admin either. django-import-export's
own .xlsx format reads every row the sheet holds, blank or not, as wide as the size the file
declares."""

from django.conf import settings
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats

from .spreadsheets import SheetProblem, read_first_sheet

# The resources have a dozen columns at most; the rest would be refused as unknown anyway.
ADMIN_IMPORT_MAX_COLUMNS = 50


class BoundedXLSX(base_formats.XLSX):
    """The first sheet's header and its non-blank rows, read by ``read_first_sheet`` within
    the staff import's limits (STAFF_IMPORT_MAX_BYTES, STAFF_IMPORT_MAX_ROWS)."""

    def create_dataset(self, in_stream):
        import tablib

        header, rows = read_first_sheet(
            in_stream,
            max_bytes=settings.STAFF_IMPORT_MAX_BYTES,
            max_rows=settings.STAFF_IMPORT_MAX_ROWS,
            max_width=ADMIN_IMPORT_MAX_COLUMNS,
        )
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
