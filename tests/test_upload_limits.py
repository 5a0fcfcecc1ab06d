"""Every Excel upload refuses a hostile workbook with a Vietnamese message and changes nothing:
a small file of blank rows (the 466 KB file that unpacked to 190 MB held the staff import for
210 s), blank rows over the row limit, a row far below the table, too many cells, a huge shared
string table or cell, an old .xls. A real file with a few blank rows under the limits still
imports. The workbooks are written part by part with zipfile, as a hostile sender would."""

import zipfile
from dataclasses import dataclass
from io import BytesIO
from xml.sax.saxutils import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from emulation_portal.sheets.grids import ROWS_ABOVE_HEADER
from registrations.models import IndividualTitleAim, Registration
from registrations.services.registrations import registration_transition
from registrations.workflow import Status
from scoring.models import ScoringItem, ScoringTable
from scoring.services.tables import scoring_table_new_version
from units.models import EmulationGroup, Person, PersonYear

pytestmark = pytest.mark.django_db

BLANK_ROW = b'<row r="2"><c r="A2"/></row>'

# The Vietnamese reasons (locale/vi), as the pages show them.
TOO_MANY_ROWS = "Tệp có quá nhiều dòng (hơn"
BLANK_ROWS_INCLUDED = "kể cả dòng trống"
TOO_MANY_CELLS = "Tệp có quá nhiều ô (hơn"
UNPACKS_TO = "Khi giải nén, tệp có dung lượng"
COMPRESSED = "Tệp được nén tới"
TOO_MUCH_DATA = "Tệp chứa nhiều dữ liệu hơn hẳn mức cần thiết"
LONG_CELL = "Có ô chứa hơn 32.767 ký tự"
OLD_EXCEL = "tệp Excel định dạng cũ (.xls)"
NOT_XLSX = "Đây không phải tệp Excel .xlsx"


# --- workbooks written by hand ------------------------------------------------------------


def _cell(column: int, row: int, value) -> str:
    reference = f"{get_column_letter(column)}{row}"
    if value is None or value == "":
        return ""
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value}</v></c>'
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _row(number: int, values) -> bytes:
    cells = "".join(_cell(column, number, value) for column, value in enumerate(values, 1))
    return f'<row r="{number}">{cells}</row>'.encode()


_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
}
_SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = b"</sheetData></worksheet>"


def _workbook(sheet_rows, *, shared_strings=(b"",), prolog=b"", whole_sheet=None) -> bytes:
    """A .xlsx whose first sheet is ``sheet_rows`` (an iterable of <row> XML chunks, written
    as they come, deflated) and whose shared string table is ``shared_strings``;
    ``whole_sheet``: the sheet part's bytes as they are."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            strings.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            for chunk in shared_strings:
                strings.write(chunk)
            strings.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            if whole_sheet is not None:
                sheet.write(whole_sheet)
            else:
                sheet.write(prolog or _SHEET_START)
                for chunk in sheet_rows:
                    sheet.write(chunk)
                sheet.write(_SHEET_END)
    return out.getvalue()


def _table(rows, *, blank_rows=0, blank_after=2):
    """The rows as a sheet, with ``blank_rows`` blank rows (one empty cell each, as Excel
    leaves a formatted row) after the first ``blank_after`` rows."""
    number = 0
    for index, values in enumerate(rows):
        if index == blank_after:
            for _ in range(blank_rows):
                number += 1
                yield f'<row r="{number}"><c r="A{number}" s="0"/></row>'.encode()
        number += 1
        yield _row(number, values)


def _blank_rows_file(header, unzipped_bytes: int) -> bytes:
    """The 190 MB file's pattern at another size: the header, then the same blank row over
    and over."""
    chunk = BLANK_ROW * 4096
    return _workbook(
        [_row(1, header), *([chunk] * (unzipped_bytes // len(chunk)))],
    )


# --- the three imports --------------------------------------------------------------------


@dataclass
class Upload:
    """One Excel import as its user sees it: the template to download, where to upload."""

    client: object
    template_url: str
    upload_url: str
    state: object  # what the import could change, to prove a refused file changed nothing
    row_limit: int = 0
    sample: int | None = None  # template rows that make a good file (None: all of them)

    def template_rows(self) -> list[list]:
        response = self.client.get(self.template_url)
        assert response.status_code == 200
        sheet = load_workbook(BytesIO(response.content)).worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    def good_rows(self) -> list[list]:
        return self.template_rows()[: self.sample]

    def post(self, content: bytes):
        return self.client.post(
            self.upload_url, {"file": SimpleUploadedFile("tai-len.xlsx", content)}
        )


def _staff(demo, client):
    registration = Registration.objects.get(unit=demo["unit_head2"].portal_role.unit)
    client.force_login(demo["unit_head2"])
    return Upload(
        client,
        reverse("registrations:import_template", args=[registration.pk]),
        reverse("registrations:import_staff", args=[registration.pk]),
        lambda: sorted(
            IndividualTitleAim.objects.filter(registration=registration).values_list(
                "person_id", "title_id"
            )
        ),
    )


def _year_end(demo, client):
    registration = Registration.objects.get(unit=demo["unit_head2"].portal_role.unit)
    registration_transition(
        registration=registration, to=Status.SUBMITTED, actor=demo["unit_head2"]
    )
    registration_transition(registration=registration, to=Status.APPROVED, actor=demo["reviewer"])
    client.force_login(demo["unit_head2"])
    return Upload(
        client,
        reverse("registrations:year_end_template", args=[registration.pk]),
        reverse("registrations:year_end_import", args=[registration.pk]),
        lambda: sorted(
            PersonYear.objects.filter(person__unit=registration.unit).values_list(
                "person_id", "year", "rating", "discipline"
            )
        ),
    )


def _scoring(demo, client):
    table = ScoringTable.objects.get(group__code="KHOI-IV", year=2021)
    draft = scoring_table_new_version(table=table, actor=demo["unit_head"])
    client.force_login(demo["unit_head"])  # the bloc's head
    return Upload(
        client,
        reverse("scoring:import_template", args=[draft.pk]),
        reverse("scoring:import", args=[draft.pk]),
        lambda: list(ScoringItem.objects.filter(table=draft).values_list()),
    )


IMPORTS = {"staff": _staff, "year_end": _year_end, "scoring": _scoring}
# The row limit of each import under test: the staff's and the year-end's from the setting
# (lowered here), the scoring table's its own.
ROW_LIMITS = {"staff": 5, "year_end": 5, "scoring": 200}


@pytest.fixture(params=list(IMPORTS))
def upload(request, demo, client, settings):
    settings.STAFF_IMPORT_MAX_ROWS = ROW_LIMITS["staff"]
    made = IMPORTS[request.param](demo, client)
    made.row_limit = ROW_LIMITS[request.param]
    # A table's items must add up to its points: the scoring file keeps them all.
    made.sample = None if request.param == "scoring" else 3
    return made


def _refused(upload, response, *phrases):
    html = response.content.decode()
    assert response.status_code == 400
    assert response.context["confirm"] is None
    for phrase in phrases:
        assert phrase in html
    return html


# --- the hostile files, through each import's page -----------------------------------------


@pytest.mark.parametrize("name", list(IMPORTS))
def test_a_small_file_of_blank_rows_is_refused_before_it_is_read(demo, client, name):
    """The 190 MB file's pattern (a header, then <row r="2"><c r="A2"/></row> repeated)
    scaled to 8 MB: a 20 KB upload, at the imports' own limits."""
    upload = IMPORTS[name](demo, client)
    header = upload.template_rows()[0]
    content = _blank_rows_file(header, 8 * 1024 * 1024)
    assert len(content) < 30 * 1024
    before = upload.state()

    response = upload.post(content)

    _refused(upload, response, COMPRESSED, "dòng trống")
    assert upload.state() == before


def test_a_file_that_unpacks_past_what_its_rows_can_need_is_refused(upload):
    """Blank rows numbered one after the other deflate like real rows; the file is refused
    for what it unpacks to, in proportion to the row limit, before any row is read."""
    header = upload.template_rows()[0]
    rows = (f'<row r="{n}"><c r="A{n}" s="1"/></row>'.encode() for n in range(2, 150_000))
    content = _workbook([_row(1, header), *rows])
    before = upload.state()

    response = upload.post(content)

    _refused(upload, response, UNPACKS_TO)
    assert upload.state() == before


def test_blank_rows_count_against_the_row_limit(upload):
    rows = upload.template_rows()[:3]
    content = _workbook(_table(rows, blank_rows=upload.row_limit))
    before = upload.state()

    response = upload.post(content)

    html = _refused(upload, response, TOO_MANY_ROWS, BLANK_ROWS_INCLUDED)
    assert f"hơn {upload.row_limit} dòng" in html
    assert upload.state() == before


def test_the_same_blank_row_repeated_counts_each_time(upload):
    """<row r="2"> written again and again: openpyxl yields it once but reads every copy."""
    rows = upload.template_rows()[:2]
    content = _workbook([_row(1, rows[0]), _row(2, rows[1]), BLANK_ROW * (upload.row_limit + 1)])

    response = upload.post(content)

    _refused(upload, response, TOO_MANY_ROWS, BLANK_ROWS_INCLUDED)


def test_a_row_far_below_the_table_counts_as_the_rows_above_it(upload):
    """A row at 1048576: openpyxl would yield the million empty rows above it."""
    rows = upload.template_rows()[:2]
    content = _workbook([_row(1, rows[0]), _row(1_048_576, rows[1])])
    before = upload.state()

    response = upload.post(content)

    _refused(upload, response, TOO_MANY_ROWS)
    assert {problem.row for problem in response.context["preview"].problems} == {1_048_576}
    assert upload.state() == before


def test_empty_cells_count_against_the_cell_limit(upload):
    rows = upload.template_rows()[:2]
    empty_cells = "".join(f'<c r="{get_column_letter(n)}3"/>' for n in range(1, 8_000))
    content = _workbook(
        [_row(1, rows[0]), _row(2, rows[1]), f'<row r="3">{empty_cells}</row>'.encode()]
    )

    response = upload.post(content)

    _refused(upload, response, TOO_MANY_CELLS, "kể cả ô trống")


def test_a_huge_shared_string_table_is_refused(upload):
    rows = upload.template_rows()[:2]
    content = _workbook(
        [_row(1, rows[0]), _row(2, rows[1])], shared_strings=[b"<si><t/></si>" * 50_000]
    )

    response = upload.post(content)

    _refused(upload, response, TOO_MUCH_DATA)


def test_a_cell_longer_than_excel_allows_is_refused(upload):
    rows = upload.template_rows()[:2]
    rows[1][1] = "a" * 40_000
    content = _workbook([_row(1, rows[0]), _row(2, rows[1])])

    response = upload.post(content)

    _refused(upload, response, LONG_CELL)


def test_entity_declarations_are_refused(upload):
    """The billion laughs: XML entities that expand into more entities."""
    prolog = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>"
    )
    header = upload.template_rows()[0]
    content = _workbook(
        [_row(1, header), b'<row r="2"><c r="A2" t="inlineStr"><is><t>&b;</t></is></c></row>'],
        prolog=prolog,
    )

    response = upload.post(content)

    _refused(upload, response, NOT_XLSX)


def test_elements_outside_rows_are_counted(upload):
    """openpyxl keeps every element outside the rows in memory while it reads the sheet."""
    header = upload.template_rows()[0]
    content = _workbook(
        [_row(1, header), b"</sheetData><extLst>" + b"<a/>" * 200_001 + b"</extLst><sheetData>"]
    )
    before = upload.state()

    response = upload.post(content)

    _refused(upload, response, TOO_MUCH_DATA)
    assert upload.state() == before


def test_a_sheet_in_utf16_is_refused(upload):
    """Excel writes UTF-8; a UTF-16 part would slip past a count of its bytes."""
    rows = upload.template_rows()[:2]
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + _row(1, rows[0]).decode()
        + _row(2, rows[1]).decode()
    )
    content = _workbook([], whole_sheet=(xml + _SHEET_END.decode()).encode("utf-16"))

    response = upload.post(content)

    _refused(upload, response, NOT_XLSX)


def test_an_old_excel_file_is_refused_with_what_to_do(upload):
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096

    response = upload.post(content)

    _refused(upload, response, OLD_EXCEL)


# --- what is not hostile ------------------------------------------------------------------


def test_a_file_with_a_few_blank_rows_under_the_limit_is_read(upload):
    rows = upload.good_rows()
    content = _workbook(_table(rows, blank_rows=upload.row_limit - len(rows) + 1))

    response = upload.post(content)

    assert response.status_code == 200, response.context["preview"].problems
    assert not response.context["preview"].problems


def test_a_staff_file_with_blank_rows_still_imports(demo, client, settings):
    settings.STAFF_IMPORT_MAX_ROWS = 5
    upload = _staff(demo, client)
    rows = upload.template_rows()[:4]
    column = next(i for i, header in enumerate(rows[0]) if header.endswith("[CSTDCS]"))
    person = next(row for row in rows[1:] if row[column] != "x")
    person[column] = "x"
    content = _workbook(_table(rows, blank_rows=2, blank_after=2))

    preview = upload.post(content)
    confirm = preview.context["confirm"]
    response = client.post(
        reverse("registrations:import_confirm", args=[preview.context["registration"].pk]),
        {"token": str(confirm["token"].value()), "version": confirm["version"].value()},
    )

    assert preview.status_code == 200
    assert response.status_code == 302
    aims = IndividualTitleAim.objects.filter(person_id=person[0], title__code="CSTDCS")
    assert aims.exists()
    assert Person.objects.filter(pk=person[0]).exists()


# --- the admin site's imports -------------------------------------------------------------


def _admin_import(client, content: bytes, name="nhom.xlsx"):
    from emulation_portal.admin_imports import BoundedXLSX

    url = reverse("admin:units_emulationgroup_import")
    formats = client.get(url).context["form"].fields["format"].choices
    xlsx = next(value for value, label in formats if label == BoundedXLSX().get_title())
    return client.post(url, {"import_file": SimpleUploadedFile(name, content), "format": xlsx})


GROUP_HEADER = ["code", "kind", "name", "description", "is_demo"]


def test_the_admin_import_refuses_a_small_file_of_blank_rows(demo, client):
    client.force_login(demo["admin"])
    before = list(EmulationGroup.objects.values_list())

    response = _admin_import(client, _blank_rows_file(GROUP_HEADER, 8 * 1024 * 1024))

    assert response.status_code == 200
    assert COMPRESSED in str(response.context["form"].errors["import_file"])
    assert "result" not in response.context or response.context["result"] is None
    assert list(EmulationGroup.objects.values_list()) == before


def test_the_admin_import_counts_blank_rows_and_reads_a_good_file(demo, client, settings):
    settings.STAFF_IMPORT_MAX_ROWS = 5
    client.force_login(demo["admin"])
    good = [GROUP_HEADER, ["KHOI-MOI", "bloc", "Khối mới", "Thử nhập", "0"]]

    # The reader leaves room for title rows above the header (ROWS_ABOVE_HEADER).
    too_many = 5 + ROWS_ABOVE_HEADER
    refused = _admin_import(client, _workbook(_table(good, blank_rows=too_many, blank_after=1)))
    read = _admin_import(client, _workbook(_table(good, blank_rows=2, blank_after=1)))

    assert BLANK_ROWS_INCLUDED in str(refused.context["form"].errors["import_file"])
    assert not read.context["form"].errors
    result = read.context["result"]
    assert [row.import_type for row in result.rows] == ["new"], [
        str(error.error) for row in result.rows for error in row.errors
    ]
    assert not EmulationGroup.objects.filter(code="KHOI-MOI").exists()  # a preview only


def test_every_admin_import_reads_xlsx_through_the_bounded_reader():
    """An admin added later with django-import-export's own .xlsx reader fails here."""
    from django.contrib import admin
    from import_export.admin import ImportMixin
    from import_export.formats import base_formats

    from emulation_portal.admin_imports import BoundedXLSX

    importers = [a for a in admin.site._registry.values() if isinstance(a, ImportMixin)]
    assert importers
    for model_admin in importers:
        formats = model_admin.get_import_formats()
        assert BoundedXLSX in formats, model_admin
        unbounded = {base_formats.XLSX, base_formats.XLS, base_formats.ODS}
        assert not unbounded & set(formats), model_admin
