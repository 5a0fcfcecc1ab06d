"""The admin's imports and exports of units, staff and blocs/clusters speak the units'
spreadsheets: Vietnamese headers (any case, accents composed or not, aliases), a title above
the header, values as people write them; the English field names of the older exports still
read; a column that is unknown, missing or given twice refuses the whole file, and what is
exported imports back unchanged."""

import unicodedata
from datetime import date
from io import BytesIO

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from emulation_portal.admin_imports import BoundedXLSX, HeaderProblem
from tests.factories.units import (
    EmulationGroupFactory,
    GroupMembershipFactory,
    MinistryUnitFactory,
    PersonFactory,
    UnitFactory,
)
from tests.sheet_files import xlsx
from units.models import (
    EmulationGroup,
    Gender,
    GroupMembership,
    GroupRole,
    Person,
    Unit,
    UnitType,
)
from units.resources import (
    EmulationGroupResource,
    GroupMembershipResource,
    PersonResource,
    UnitResource,
)

pytestmark = pytest.mark.django_db

UNIT_HEADER = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Tên viết tắt",
    "Loại đơn vị",
    "Tỉnh/thành phố",
    "Chức danh thủ trưởng",
    "Thư điện tử",
    "Là Vụ TĐKT",
    "Đang hoạt động",
    "Dữ liệu mẫu",
]


def _dataset(rows) -> tablib.Dataset:
    header, *body = rows
    dataset = tablib.Dataset(headers=list(header))
    for values in body:
        dataset.append(list(values))
    return dataset


def _xlsx_dataset(rows) -> tablib.Dataset:
    """The rows as the admin reads an uploaded .xlsx."""
    return BoundedXLSX().create_dataset(xlsx(rows))


def _import(resource, dataset, *, dry_run=False):
    result = resource.import_data(dataset, dry_run=dry_run)
    return result


def _errors(result) -> list[str]:
    return (
        [str(error.error) for error in result.base_errors]
        + [str(error.error) for _line, errors in result.row_errors() for error in errors]
        + [str(row.error) for row in result.invalid_rows]
    )


def test_units_import_with_vietnamese_headers_and_labels():
    rows = [
        UNIT_HEADER,
        [
            "STN-MOI",
            "Sở Tài nguyên và Môi trường tỉnh Mới",
            "Sở TN&MT Mới",
            "Sở Tài nguyên và Môi trường",
            "Tỉnh Mới",
            "Giám đốc Sở",
            "stnmt@moi.gov.vn",
            "",
            "x",
            "Có",
        ],
        ["CUC-MOI", "Cục Mới", "", "unit under the ministry", "", "Cục trưởng", "", "", "1", ""],
    ]

    result = _import(UnitResource(), _dataset(rows))

    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    department = Unit.objects.get(code="STN-MOI")
    assert department.unit_type == UnitType.PROVINCIAL_DEPARTMENT
    assert (department.short_name, department.province, department.email) == (
        "Sở TN&MT Mới",
        "Tỉnh Mới",
        "stnmt@moi.gov.vn",
    )
    assert department.is_active and department.is_demo and not department.is_emulation_department
    cuc = Unit.objects.get(code="CUC-MOI")
    assert cuc.unit_type == UnitType.MINISTRY_UNIT
    assert cuc.is_active and not cuc.is_demo


def test_staff_import_with_vietnamese_headers_aliases_and_dates():
    unit = UnitFactory(code="STAFF-U")
    header = [
        "STT",
        "HỌ TÊN",  # an alias, upper case
        unicodedata.normalize("NFD", "Giới tính"),  # accents decomposed, as some Macs write
        "Ngày\nsinh",  # a line break in the header
        "Chức  danh",
        "Ngày tuyển dụng",
        "Thủ trưởng đơn vị",
        "Mã đơn vị",
        "Đang làm việc",
    ]
    rows = [
        header,
        [
            1,
            "Nguyễn Văn An",
            "Nam",
            "05/03/1980",
            "Chuyên viên",
            date(2010, 9, 1),
            "",
            "STAFF-U",
            "x",
        ],
        [
            2,
            "Trần Thị Bình",
            "Nữ",
            date(1985, 12, 1),
            "Phó phòng",
            "01/02/2012",
            "",
            "STAFF-U",
            "TRUE",
        ],
        [3, "Lê Văn Cường", "male", 30000, "Trưởng phòng", "", "có", "STAFF-U", ""],
    ]

    result = _import(PersonResource(), _dataset(rows))

    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    people = {p.full_name: p for p in Person.objects.filter(unit=unit)}
    assert set(people) == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"}
    an, binh, cuong = people["Nguyễn Văn An"], people["Trần Thị Bình"], people["Lê Văn Cường"]
    assert (an.gender, an.birth_date, an.recruited_on) == (
        Gender.MALE,
        date(1980, 3, 5),
        date(2010, 9, 1),
    )
    assert (binh.gender, binh.birth_date, binh.recruited_on) == (
        Gender.FEMALE,
        date(1985, 12, 1),
        date(2012, 2, 1),
    )
    assert cuong.birth_date == date(1982, 2, 18)  # Excel's day 30000
    assert cuong.is_unit_head and not cuong.is_active
    assert an.is_active and not an.is_unit_head


def test_a_title_above_the_header_is_passed_over():
    unit = UnitFactory(code="TITLE-U")
    rows = [
        ["DANH SÁCH CÁN BỘ"],
        ["Đơn vị: Sở thử nghiệm"],
        [],
        ["STT", "Mã đơn vị", "Họ và tên", "Ngày sinh", "Chức vụ"],
        [1, "TITLE-U", "Phạm Thị Dung", "17/05/1990", "Chuyên viên"],
        [],
        [2, "TITLE-U", "Hoàng Văn Em", "01/01/1970", "Kế toán"],
    ]

    result = _import(PersonResource(), _xlsx_dataset(rows))

    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    assert sorted(Person.objects.filter(unit=unit).values_list("full_name", "birth_date")) == [
        ("Hoàng Văn Em", date(1970, 1, 1)),
        ("Phạm Thị Dung", date(1990, 5, 17)),
    ]


def test_an_unknown_column_refuses_the_whole_file():
    UnitFactory(code="UNK-U")
    before = Person.objects.count()
    rows = [
        ["Mã đơn vị", "Họ và tên", "Ghi chú khác"],
        ["UNK-U", "Người Thứ Nhất", "không đọc"],
    ]

    result = _import(PersonResource(), _dataset(rows))

    assert result.has_errors()
    assert [type(error.error) for error in result.base_errors] == [HeaderProblem]
    assert "Ghi chú khác" in str(result.base_errors[0].error)  # names the column
    assert result.base_errors[0].traceback == ""
    assert not result.rows
    assert Person.objects.count() == before


def test_a_missing_required_column_refuses_the_whole_file():
    before = list(Unit.objects.values_list("code", flat=True))
    rows = [["Mã đơn vị", "Tên viết tắt"], ["THIEU", "Thiếu tên"]]

    result = _import(UnitResource(), _dataset(rows))

    assert [type(error.error) for error in result.base_errors] == [HeaderProblem]
    assert "Tên đơn vị" in str(result.base_errors[0].error)
    assert list(Unit.objects.values_list("code", flat=True)) == before


def test_a_column_given_twice_or_a_file_without_header_is_refused():
    twice = _dataset([["Mã đơn vị", "Họ và tên", "Họ tên"], ["X", "A", "B"]])
    no_header = _dataset([["Danh sách"], ["Một dòng"]])

    for dataset in (twice, no_header):
        result = _import(PersonResource(), dataset, dry_run=True)
        assert [type(error.error) for error in result.base_errors] == [HeaderProblem]


def test_a_bad_value_is_reported_on_its_row():
    UnitFactory(code="BAD-U")
    rows = [
        ["Mã đơn vị", "Họ và tên", "Giới tính", "Ngày sinh", "Đang làm việc"],
        ["BAD-U", "Sai Giới Tính", "Không rõ", "", ""],
        ["BAD-U", "Sai Ngày", "Nam", "31/02/1980", ""],
        ["BAD-U", "Sai Dấu", "Nam", "", "có lẽ"],
        ["BAD-U", "Chỉ Năm Sinh", "Nam", "1980", ""],
    ]

    result = _import(PersonResource(), _dataset(rows))

    assert result.has_validation_errors() or result.has_errors()
    assert [row.number for row in result.invalid_rows] == [1, 2, 3, 4]
    assert not Person.objects.filter(unit__code="BAD-U").exists()


def test_a_year_alone_keeps_the_date_of_birth_of_that_year():
    person = PersonFactory(unit=UnitFactory(code="YEAR-U"), birth_date=date(1980, 5, 17))
    rows = [
        ["Mã đơn vị", "Họ và tên", "Năm sinh", "Chức vụ"],
        ["YEAR-U", person.full_name, 1980, "Phó phòng"],
    ]

    result = _import(PersonResource(), _dataset(rows))

    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    person.refresh_from_db()
    assert (person.birth_date, person.position) == (date(1980, 5, 17), "Phó phòng")
    assert Person.objects.filter(unit=person.unit).count() == 1  # found by name and year


def test_english_headers_of_the_older_exports_still_import():
    UnitFactory(code="ENG-U")
    units = _dataset(
        [
            ["code", "name", "unit_type", "is_active", "is_demo"],
            ["ENG-NEW", "Cục tiếng Anh", "ministry_unit", "1", "0"],
        ]
    )
    staff = _dataset(
        [
            ["id", "unit", "full_name", "gender", "birth_date", "is_unit_head", "is_active"],
            ["", "ENG-U", "Người Tiếng Anh", "female", "1988-04-30", "0", "1"],
        ]
    )

    for resource, dataset in ((UnitResource(), units), (PersonResource(), staff)):
        result = _import(resource, dataset)
        assert not result.has_errors() and not result.has_validation_errors(), _errors(result)

    assert Unit.objects.get(code="ENG-NEW").unit_type == UnitType.MINISTRY_UNIT
    person = Person.objects.get(full_name="Người Tiếng Anh")
    assert (person.gender, person.birth_date, person.is_active) == (
        Gender.FEMALE,
        date(1988, 4, 30),
        True,
    )


def test_exports_write_vietnamese_headers_labels_dates_and_marks():
    unit = MinistryUnitFactory(code="EXP-U", is_demo=True)
    PersonFactory(unit=unit, full_name="Xuất Khẩu", gender=Gender.FEMALE, is_unit_head=True)

    units = UnitResource().export(Unit.objects.filter(code="EXP-U"))
    staff = PersonResource().export(Person.objects.filter(unit=unit))

    assert units.headers == UNIT_HEADER
    row = dict(zip(units.headers, units[0], strict=True))
    assert row["Loại đơn vị"] == "Đơn vị trực thuộc Bộ"  # the label, in the active language
    assert (row["Đang hoạt động"], row["Dữ liệu mẫu"], row["Là Vụ TĐKT"]) == ("x", "x", "")
    person = dict(zip(staff.headers, staff[0], strict=True))
    assert staff.headers[:5] == ["ID", "Mã đơn vị", "Họ và tên", "Giới tính", "Ngày sinh"]
    assert (person["Mã đơn vị"], person["Giới tính"], person["Ngày sinh"]) == (
        "EXP-U",
        "Nữ",
        "17/05/1980",
    )
    assert person["Thủ trưởng đơn vị"] == "x"


def _state():
    return (
        list(Unit.objects.order_by("pk").values_list()),
        list(Person.objects.order_by("pk").values_list()),
        list(EmulationGroup.objects.order_by("pk").values_list()),
        list(GroupMembership.objects.order_by("pk").values_list()),
    )


@pytest.mark.parametrize(
    "resource_class, queryset, count",
    [
        (UnitResource, lambda: Unit.objects.filter(code__startswith="RT-"), 2),
        (PersonResource, lambda: Person.objects.filter(unit__code__startswith="RT-"), 2),
        (EmulationGroupResource, lambda: EmulationGroup.objects.filter(code__startswith="RT-"), 1),
        (
            GroupMembershipResource,
            lambda: GroupMembership.objects.filter(group__code__startswith="RT-"),
            2,
        ),
    ],
)
def test_an_exported_file_imports_back_unchanged(resource_class, queryset, count):
    unit = UnitFactory(code="RT-1", is_demo=True)
    other = MinistryUnitFactory(code="RT-2", is_active=False)
    PersonFactory(unit=unit, is_unit_head=True, recruited_on=None)
    PersonFactory(unit=other, gender="", birth_date=None, email="a@example.gov.vn")
    group = EmulationGroupFactory(code="RT-CUM", description="Cụm\nthử")
    GroupMembershipFactory(group=group, unit=unit, year=2021, role=GroupRole.HEAD)
    GroupMembershipFactory(group=group, unit=other, year=2021)
    exported = resource_class().export(queryset())
    assert len(exported) == count
    workbook = BoundedXLSX().export_data(exported)
    before = _state()

    result = resource_class().import_data(BoundedXLSX().create_dataset(workbook))

    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    assert {row.import_type for row in result.rows} <= {"skip"}
    assert result.totals["skip"] == len(exported)
    assert _state() == before


# --- through the admin's import page --------------------------------------------------------


def _admin_import(client, url_name, content: bytes, name="danh-sach.xlsx"):
    url = reverse(url_name)
    formats = client.get(url).context["form"].fields["format"].choices
    chosen = next(value for value, label in formats if label == BoundedXLSX().get_title())
    return client.post(url, {"import_file": SimpleUploadedFile(name, content), "format": chosen})


def test_the_admin_previews_a_staff_list_with_vietnamese_headers(demo, client):
    client.force_login(demo["admin"])
    unit = Unit.objects.filter(is_active=True).order_by("code").first()
    before = Person.objects.count()
    rows = [
        ["DANH SÁCH CÁN BỘ"],
        [],
        ["STT", "Mã đơn vị", "Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ"],
        [1, unit.code, "Người Mới Nhập", "Nữ", "02/09/1991", "Chuyên viên"],
    ]

    response = _admin_import(client, "admin:units_person_import", xlsx(rows))

    assert response.status_code == 200
    assert not response.context["form"].errors
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    assert [row.import_type for row in result.rows] == ["new"]
    assert "confirm_form" in response.context
    assert Person.objects.count() == before  # a preview only


def test_the_admin_refuses_an_unknown_column_and_imports_nothing(demo, client):
    client.force_login(demo["admin"])
    before = Person.objects.count()
    unit = Unit.objects.order_by("code").first()
    rows = [
        ["Mã đơn vị", "Họ và tên", "Cột lạ"],
        [unit.code, "Người Không Nhập", "?"],
    ]

    response = _admin_import(client, "admin:units_person_import", xlsx(rows))

    assert response.status_code == 200
    result = response.context["result"]
    assert [type(error.error) for error in result.base_errors] == [HeaderProblem]
    assert "confirm_form" not in response.context
    assert "Cột lạ" in response.content.decode()
    assert Person.objects.count() == before


def test_the_admins_export_of_units_imports_back_through_the_admin_unchanged(demo, client):
    client.force_login(demo["admin"])
    url = reverse("admin:units_unit_export")
    form = client.get(url).context["form"]
    xlsx_format = next(value for value, label in form.fields["format"].choices if label == "xlsx")
    data = {"format": xlsx_format, "resource": form.fields["resource"].initial or 0}
    data |= {
        name: "on"
        for name, field in form.fields.items()
        if name not in data and field.__class__.__name__ == "BooleanField"
    }
    exported = client.post(url, data)
    assert exported.status_code == 200, exported.content[:500]
    header = next(load_workbook(BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert list(header) == UNIT_HEADER
    before = _state()

    response = _admin_import(client, "admin:units_unit_import", exported.content)

    assert not response.context["form"].errors
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    assert result.totals["skip"] == Unit.objects.count()
    assert _state() == before
