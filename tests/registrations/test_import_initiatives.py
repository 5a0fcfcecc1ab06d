"""``manage.py import_list`` for a list of the unit's initiatives (sáng kiến) with their
authors from the staff (issue 16)."""

import datetime
import json
import unicodedata
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from registrations.imports.initiatives import split_authors
from registrations.imports.lists import recognise_kind
from registrations.models import Initiative, InitiativeStatus, Registration, Scope
from registrations.selectors.registrations import unit_staff
from tests.factories.registrations import InitiativeFactory
from tests.factories.units import PersonFactory
from tests.sheet_files import SIGNATURES, TITLE_ROWS, xlsx

pytestmark = pytest.mark.django_db

History = Initiative.history.model
HEADER = [
    "STT",
    "Tên sáng kiến, giải pháp",
    "Tác giả, đồng tác giả",
    "Lĩnh vực",
    "Nội dung tóm tắt",
    "Lợi ích dự kiến",
    "Phạm vi ảnh hưởng",
    "Số quyết định công nhận",
    "Ngày công nhận",
]
FIRST_DATA_ROW = len(TITLE_ROWS) + 2


def _registration(demo) -> Registration:
    return Registration.objects.select_related("unit", "campaign").get(
        unit=demo["unit_head2"].portal_role.unit
    )


def _people(registration, count=3):
    """``count`` members of the unit's staff with a name no colleague shares."""
    staff = list(unit_staff(registration.unit))
    names = {}
    for person in staff:
        names.setdefault(person.full_name.casefold(), []).append(person)
    return [person for person in staff if len(names[person.full_name.casefold()]) == 1][:count]


def _initiatives(registration) -> dict:
    return {
        initiative.title: (
            initiative.field,
            initiative.scope,
            initiative.status,
            {author.pk for author in initiative.authors.all()},
        )
        for initiative in Initiative.objects.filter(registration=registration)
    }


def _file(tmp_path, content: bytes) -> str:
    path = tmp_path / "sang-kien.xlsx"
    path.write_bytes(content)
    return str(path)


def _run_json(*args, **options) -> dict:
    out = StringIO()
    call_command("import_list", *args, json=True, stdout=out, stderr=StringIO(), **options)
    return json.loads(out.getvalue())


def _refused_json(*args, **options) -> dict:
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_list", *args, json=True, stdout=out, stderr=StringIO(), **options)
    return json.loads(out.getvalue())


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _unit_list(people, *rows) -> bytes:
    """A list in a unit's own layout (title rows, STT, an empty numbered row, signatures);
    by default three initiatives of ``people``."""
    if not rows:
        first, second, third = people
        rows = (
            [
                1,
                _nfd("Số hoá quy trình tiếp nhận hồ sơ"),
                _nfd(f"{first.full_name}, {second.full_name} và {third.full_name.upper()}"),
                _nfd("Công nghệ thông tin"),
                _nfd("Tiếp nhận hồ sơ trực tuyến."),
                "Rút ngắn thời gian xử lý",
                _nfd("Cấp cơ sở"),
                None,
                None,
            ],
            [
                2,
                "Cải tiến mẫu báo cáo thống kê",
                f"{second.full_name}\n{third.full_name} ({third.birth_date:%d/%m/%Y})",
                "Thống kê",
                "Mẫu báo cáo mới.",
                None,
                "cấp Bộ",
                "12/QĐ-HĐSK",
                "15/01/2021",
            ],
            [
                3,
                "Ứng dụng bản đồ số",
                first.full_name,
                "Bản đồ",
                "Bản đồ số.",
                None,
                "TQ",
                None,
                None,
            ],
        )
    return xlsx(
        [*TITLE_ROWS, HEADER, *rows, [4, None, None, None, None], *SIGNATURES],
        merges=["A1:I1", "A2:I2", "A4:I4"],
    )


def test_a_list_of_initiatives_is_recognised(demo):
    registration = _registration(demo)
    assert recognise_kind(_unit_list(_people(registration))) == "initiatives"


def test_split_authors_reads_commas_semicolons_lines_and_va():
    assert split_authors("Nguyễn Văn An, Trần Bình; Lê Chi\nPhạm Dũng và Hồ Em") == [
        "Nguyễn Văn An",
        "Trần Bình",
        "Lê Chi",
        "Phạm Dũng",
        "Hồ Em",
    ]
    assert split_authors(_nfd("Nguyễn An và Lê Chi")) == ["Nguyễn An", "Lê Chi"]


def test_a_list_creates_the_initiatives_with_their_authors_and_history(demo, tmp_path):
    registration = _registration(demo)
    user = demo["unit_head2"]
    first, second, third = _people(registration)
    before = Initiative.objects.filter(registration=registration).count()
    started = timezone.now()

    result = _run_json(
        _file(tmp_path, _unit_list((first, second, third))),
        unit=registration.unit.code,
        user=user.username,
    )

    assert result == {"kind": "initiatives", "rows": 3, "matched": 3, "new": 3, "refused": []}
    assert Initiative.objects.filter(registration=registration).count() == before + 3
    made = _initiatives(registration)
    assert made["Số hoá quy trình tiếp nhận hồ sơ"] == (
        "Công nghệ thông tin",
        Scope.GRASSROOTS,
        InitiativeStatus.REGISTERED,
        {first.pk, second.pk, third.pk},
    )
    assert made["Cải tiến mẫu báo cáo thống kê"] == (
        "Thống kê",
        Scope.MINISTRY,
        InitiativeStatus.RECOGNISED,
        {second.pk, third.pk},
    )
    assert made["Ứng dụng bản đồ số"][1] == Scope.NATIONAL
    recognised = Initiative.objects.get(
        registration=registration, title="Cải tiến mẫu báo cáo thống kê"
    )
    assert (recognised.recognition_number, recognised.recognition_date) == (
        "12/QĐ-HĐSK",
        datetime.date(2021, 1, 15),
    )
    assert recognised.expected_benefit == ""
    history = History.objects.filter(registration_id=registration.pk, history_date__gte=started)
    assert history.filter(history_type="+").count() == 3
    assert set(history.values_list("history_user", flat=True)) == {user.pk}


def test_a_second_import_matches_and_duplicates_nothing(demo, tmp_path):
    registration = _registration(demo)
    user = demo["unit_head2"]
    content = _unit_list(_people(registration))
    _run_json(_file(tmp_path, content), unit=registration.unit.code, user=user.username)
    count = Initiative.objects.filter(registration=registration).count()
    history = History.objects.count()

    result = _run_json(_file(tmp_path, content), unit=registration.unit.code, user=user.username)

    assert result == {"kind": "initiatives", "rows": 3, "matched": 3, "new": 0, "refused": []}
    assert Initiative.objects.filter(registration=registration).count() == count
    assert History.objects.count() == history


def test_an_initiative_of_the_same_title_is_updated(demo, tmp_path):
    registration = _registration(demo)
    user = demo["unit_head2"]
    first, second, _third = _people(registration)
    known = InitiativeFactory(
        registration=registration,
        title="Ứng dụng bản đồ số",
        authors=[second],
        field="Cũ",
        expected_benefit="Giữ nguyên",
    )
    started = timezone.now()
    row = [1, "ỨNG DỤNG  bản đồ số", first.full_name, "Bản đồ", None, None, "cơ sở", None, None]

    result = _run_json(
        _file(tmp_path, _unit_list(None, row)), unit=registration.unit.code, user=user.username
    )

    assert result == {"kind": "initiatives", "rows": 1, "matched": 1, "new": 0, "refused": []}
    known.refresh_from_db()
    assert {author.pk for author in known.authors.all()} == {first.pk}
    assert known.field == "Bản đồ"
    assert known.expected_benefit == "Giữ nguyên"  # a blank cell keeps what is recorded
    assert known.description  # kept as well: the editor requires it
    changes = History.objects.filter(id=known.pk, history_date__gte=started)
    assert changes.exists()
    assert set(changes.values_list("history_user", flat=True)) == {user.pk}


def test_a_dry_run_counts_and_writes_nothing(demo, tmp_path):
    registration = _registration(demo)
    before = _initiatives(registration)
    history = History.objects.count()

    result = _run_json(
        _file(tmp_path, _unit_list(_people(registration))),
        unit=registration.unit.code,
        dry_run=True,
    )

    assert result == {"kind": "initiatives", "rows": 3, "matched": 3, "new": 3, "refused": []}
    assert _initiatives(registration) == before
    assert History.objects.count() == history


def test_bad_rows_are_refused_with_their_excel_row_and_nothing_is_written(demo, tmp_path):
    registration = _registration(demo)
    first, second, _third = _people(registration)
    twins = PersonFactory.create_batch(2, unit=registration.unit, full_name="Đỗ Văn Trùng")
    twins[1].birth_date = datetime.date(1990, 2, 3)
    twins[1].save()
    future = (timezone.localdate() + datetime.timedelta(days=10)).strftime("%d/%m/%Y")
    rows = [
        [1, "Sáng kiến tốt", first.full_name, "CNTT", "Mô tả.", None, None, None, None],
        [2, "Sáng kiến lạ", "Người Không Có Thật", "CNTT", "Mô tả.", None, None, None, None],
        [3, "Sáng kiến trùng tên", "Đỗ Văn Trùng", "CNTT", "Mô tả.", None, None, None, None],
        [4, None, first.full_name, "CNTT", "Mô tả.", None, None, None, None],
        [5, "Sáng kiến phạm vi", second.full_name, "CNTT", "Mô tả.", None, "Liên hành tinh"],
        [6, "Sáng kiến tương lai", second.full_name, "CNTT", "Mô tả.", None, None, "1/QĐ", future],
        [7, "sáng kiến  TỐT", second.full_name, "CNTT", "Mô tả.", None, None, None, None],
        [8, "Sáng kiến không mô tả", second.full_name, "CNTT", None, None, None, None, None],
        # The date of birth in brackets tells the namesakes apart: not refused.
        [9, "Sáng kiến của Trùng", "Đỗ Văn Trùng (03/02/1990)", "CNTT", "Mô tả."],
    ]
    rows = [row + [None] * (len(HEADER) - len(row)) for row in rows]
    before = _initiatives(registration)
    history = History.objects.count()

    result = _refused_json(
        _file(tmp_path, _unit_list(None, *rows)),
        unit=registration.unit.code,
        user=demo["unit_head2"].username,
    )

    refused_rows = [refusal["row"] for refusal in result["refused"]]
    assert refused_rows == [FIRST_DATA_ROW + offset for offset in (1, 2, 3, 4, 5, 6, 7)]
    assert result["rows"] == 9
    assert result["matched"] == 7  # every row but the unknown and the ambiguous author
    assert _initiatives(registration) == before
    assert History.objects.count() == history


def test_a_write_needs_the_units_head(demo, tmp_path):
    registration = _registration(demo)
    before = _initiatives(registration)

    with pytest.raises(CommandError):
        _run_json(
            _file(tmp_path, _unit_list(_people(registration))),
            unit=registration.unit.code,
            user=demo["unit_head"].username,
        )

    assert _initiatives(registration) == before


def test_a_registration_no_longer_editable_is_refused(demo, tmp_path):
    registration = _registration(demo)
    Registration.objects.filter(pk=registration.pk).update(status="submitted")
    before = _initiatives(registration)

    with pytest.raises(CommandError):
        _run_json(
            _file(tmp_path, _unit_list(_people(registration))),
            unit=registration.unit.code,
            user=demo["unit_head2"].username,
        )

    assert _initiatives(registration) == before


def test_a_list_without_an_authors_column_is_refused(demo, tmp_path):
    registration = _registration(demo)
    content = xlsx([*TITLE_ROWS, ["STT", "Tên sáng kiến", "Lĩnh vực"], [1, "Một", "CNTT"]])

    with pytest.raises(CommandError):
        _run_json(
            _file(tmp_path, content), unit=registration.unit.code, kind="initiatives", dry_run=True
        )


def test_the_summary_counts_the_initiatives(demo, tmp_path):
    registration = _registration(demo)
    out = StringIO()

    call_command(
        "import_list",
        _file(tmp_path, _unit_list(_people(registration))),
        unit=registration.unit.code,
        dry_run=True,
        stdout=out,
    )

    assert "3" in out.getvalue()
    assert registration.unit.name in out.getvalue()


def test_another_layout_with_one_decision_cell_is_read(demo, tmp_path):
    registration = _registration(demo)
    first, second, _third = _people(registration)
    content = xlsx(
        [
            *TITLE_ROWS,
            [
                "TT",
                "Tên đề tài",
                "Người thực hiện",
                "Lĩnh vực",
                "Mô tả",
                "Phạm vi",
                "Quyết định công nhận",
            ],
            [1, 2, 3, 4, 5, 6, 7],  # the column numbers below the header
            [
                "1",
                "Quản lý kho lưu trữ",
                f"ThS. {first.full_name}; {second.full_name}",
                "Lưu trữ",
                "Kho lưu trữ số.",
                "Toàn ngành",
                "Quyết định số 5/QĐ-HĐKH ngày 02/03/2022",
            ],
        ]
    )

    result = _run_json(
        _file(tmp_path, content), unit=registration.unit.code, user=demo["unit_head2"].username
    )

    assert result == {"kind": "initiatives", "rows": 1, "matched": 1, "new": 1, "refused": []}
    made = Initiative.objects.get(registration=registration, title="Quản lý kho lưu trữ")
    assert {author.pk for author in made.authors.all()} == {first.pk, second.pk}
    assert (made.scope, made.status) == (Scope.MINISTRY, InitiativeStatus.RECOGNISED)
    assert (made.recognition_number, made.recognition_date) == (
        "5/QĐ-HĐKH",
        datetime.date(2022, 3, 2),
    )
