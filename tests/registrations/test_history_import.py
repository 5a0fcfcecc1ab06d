"""``manage.py import_list`` for the staff's history (issue 16): past titles
(``titles_history``) and yearly ratings (``ratings``) from lists in units' own layouts."""

import datetime
import json
import unicodedata
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from registrations.imports.history import RATINGS, TITLES_HISTORY, history_import_preview
from registrations.imports.lists import recognise_kind
from registrations.models import Registration
from registrations.selectors.registrations import unit_staff
from tests.sheet_files import SIGNATURES, TITLE_ROWS, to_tcvn3, xlsx
from units.models import Person, PersonTitle, PersonYear

pytestmark = pytest.mark.django_db

TitleHistory = PersonTitle.history.model
YearHistory = PersonYear.history.model
FIRST_DATA_ROW = len(TITLE_ROWS) + 2  # below the title rows and the header
TITLES_HEADER = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Chức vụ",
    "Danh hiệu",
    "Năm",
    "Số, ngày quyết định",
    "Cơ quan quyết định",
]
RATINGS_HEADER = ["STT", "Họ và tên", "Ngày sinh", "Năm", "Mức độ hoàn thành nhiệm vụ", "Kỷ luật"]


def _unit(demo):
    return demo["unit_head2"].portal_role.unit


def _people(unit, count=3):
    """``count`` members of the unit's staff with a name no colleague shares."""
    staff = list(unit_staff(unit))
    names = {}
    for person in staff:
        names.setdefault(person.full_name.casefold(), []).append(person)
    return [person for person in staff if len(names[person.full_name.casefold()]) == 1][:count]


def _born(person) -> str:
    return person.birth_date.strftime("%d/%m/%Y")


def _titles(unit) -> set:
    return set(
        PersonTitle.objects.filter(person__unit=unit).values_list(
            "person_id", "title__code", "year", "decision_number", "decision_date", "decided_by"
        )
    )


def _file(tmp_path, content: bytes, name="lich-su.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def _run_json(*args, **options) -> dict:
    out = StringIO()
    call_command("import_list", *args, json=True, stdout=out, stderr=StringIO(), **options)
    return json.loads(out.getvalue())


def _refused_json(*args, **options) -> tuple[dict, str]:
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_list", *args, json=True, stdout=out, stderr=StringIO(), **options)
    return json.loads(out.getvalue()), str(error.value)


def _titles_list(unit):
    """A unit's list of past titles: title rows, STT, abbreviations, an NFD name, a combined
    decision column and a row of two titles; and the records it holds."""
    first, second, third = _people(unit)
    rows = [
        *TITLE_ROWS,
        TITLES_HEADER,
        [1, first.full_name, _born(first), "", "LĐTT", 2010, "12/QĐ-STNMT ngày 20/12/2010", ""],
        [
            2,
            unicodedata.normalize("NFD", second.full_name),
            _born(second),
            "",
            "lđtt; CSTĐCS",
            "2011",
            "Quyết định số 5/QĐ-STNMT, 05/01/2012 của Giám đốc Sở",
            "",
        ],
        [3, third.full_name, _born(third), "", "CSTĐ cấp Bộ", 2011, "45/QĐ-BTNMT", "Bộ trưởng"],
        [4, None, None, None, None, None, None, None],  # an empty numbered row of the form
        *SIGNATURES,
    ]
    expected = {
        (first.pk, "LDTT", 2010, "12/QĐ-STNMT", datetime.date(2010, 12, 20), ""),
        (second.pk, "LDTT", 2011, "5/QĐ-STNMT", datetime.date(2012, 1, 5), "Giám đốc Sở"),
        (second.pk, "CSTDCS", 2011, "5/QĐ-STNMT", datetime.date(2012, 1, 5), "Giám đốc Sở"),
        (third.pk, "CSTD_BO", 2011, "45/QĐ-BTNMT", None, "Bộ trưởng"),
    }
    return xlsx(rows, merges=["A1:H1", "A2:H2", "A4:H4"]), expected


def test_a_titles_history_dry_run_counts_and_writes_nothing(demo, tmp_path):
    unit = _unit(demo)
    content, _expected = _titles_list(unit)
    before, history = _titles(unit), TitleHistory.objects.count()

    printed = _run_json(_file(tmp_path, content), unit=unit.code, dry_run=True)

    assert printed == {"kind": TITLES_HISTORY, "rows": 3, "matched": 3, "new": 4, "refused": []}
    assert _titles(unit) == before
    assert TitleHistory.objects.count() == history


def test_a_titles_history_is_written_with_the_user_and_a_second_import_changes_nothing(
    demo, tmp_path
):
    unit = _unit(demo)
    user = demo["unit_head2"]
    content, expected = _titles_list(unit)
    before = _titles(unit)
    path = _file(tmp_path, content)
    # No registration is needed: one that can no longer be changed does not matter.
    Registration.objects.filter(unit=unit).update(status="submitted")

    printed = _run_json(path, unit=unit.code, user=user.username)

    assert printed["new"] == 4 and printed["refused"] == []
    assert _titles(unit) == before | expected
    added = TitleHistory.objects.filter(person__unit=unit, year__in=(2010, 2011))
    assert added.count() == 4
    assert {(row.history_type, row.history_user_id) for row in added} == {("+", user.pk)}

    again = _run_json(path, unit=unit.code, user=user.username)

    assert again == {"kind": TITLES_HISTORY, "rows": 3, "matched": 3, "new": 0, "refused": []}
    assert _titles(unit) == before | expected
    assert added.count() == 4


def test_refused_title_rows_are_listed_and_nothing_is_written(demo, tmp_path):
    unit = _unit(demo)
    first, second = _people(unit, 2)
    twin = _people(unit, 3)[2]
    Person.objects.create(unit=unit, full_name=twin.full_name, position="Chuyên viên")
    next_year = datetime.date.today().year + 1
    rows = [
        *TITLE_ROWS,
        TITLES_HEADER,
        [1, first.full_name, _born(first), "", "LĐTT", 2010, "12/QĐ-STNMT", ""],  # good
        [2, "Người Không Có Thật", "01/01/1980", "", "LĐTT", 2010, "", ""],
        [3, twin.full_name, None, None, "LĐTT", 2010, "", ""],  # two people of that name
        [4, second.full_name, _born(second), "", "Huy chương vàng", 2010, "", ""],
        [5, second.full_name, _born(second), "", "LĐTT", next_year, "", ""],
        [6, second.full_name, _born(second), "", "LĐTT", 1999, "", ""],
        [7, second.full_name, _born(second), "", "LĐTT", 2012, "3/QĐ ngày 01/01/2011", ""],
        [8, second.full_name, _born(second), "", "TTLĐTT", 2012, "", ""],  # a collective's
    ]
    before, history = _titles(unit), TitleHistory.objects.count()

    printed, error = _refused_json(
        _file(tmp_path, xlsx(rows)), unit=unit.code, user=demo["reviewer"].username
    )

    assert [refusal["row"] for refusal in printed["refused"]] == [
        FIRST_DATA_ROW + offset for offset in range(1, 8)
    ]
    assert all(refusal["reason"] for refusal in printed["refused"])
    assert printed["rows"] == 8
    assert printed["matched"] == 6  # all but the unknown and the ambiguous person
    assert error
    assert _titles(unit) == before
    assert TitleHistory.objects.count() == history


def test_the_twin_is_told_apart_by_position(demo, tmp_path):
    unit = _unit(demo)
    twin = _people(unit, 1)[0]
    other = Person.objects.create(unit=unit, full_name=twin.full_name, position="Kế toán viên")
    rows = [*TITLE_ROWS, TITLES_HEADER, [1, twin.full_name, None, "Kế toán viên", "LĐTT", 2010]]

    printed = _run_json(
        _file(tmp_path, xlsx(rows)), unit=unit.code, user=demo["unit_head2"].username
    )

    assert printed["new"] == 1
    assert PersonTitle.objects.filter(person=other, year=2010, title__code="LDTT").exists()


def test_separate_decision_columns_and_an_excel_date(demo, tmp_path):
    unit = _unit(demo)
    person = _people(unit, 1)[0]
    header = ["TT", "Họ tên", "Năm sinh", "Danh hiệu thi đua", "Năm", "Số QĐ", "Ngày QĐ"]
    header.append("Đơn vị công nhận")
    issued = (datetime.datetime(2011, 3, 2), "Bộ Tài nguyên và Môi trường")
    rows = [
        *TITLE_ROWS,
        header,
        [1, person.full_name, person.birth_date.year, "BK", 2010, "7/QĐ-BTNMT", *issued],
    ]

    _run_json(_file(tmp_path, xlsx(rows)), unit=unit.code, user=demo["unit_head2"].username)

    record = PersonTitle.objects.get(person=person, year=2010, title__code="BK_BT_CN")
    assert (record.decision_number, record.decision_date, record.decided_by) == (
        "7/QĐ-BTNMT",
        datetime.date(2011, 3, 2),
        "Bộ Tài nguyên và Môi trường",
    )


def _ratings_list(unit, *, legacy=False):
    first, second, third = _people(unit)
    header = RATINGS_HEADER
    if legacy:  # typed in the .VnTime font
        header = [to_tcvn3(text) for text in header]
    rows = [
        *TITLE_ROWS,
        header,
        [1, first.full_name, _born(first), 2012, "HTXSNV", None],
        [2, second.full_name, _born(second), 2012, "Hoàn thành tốt nhiệm vụ", "Khiển trách"],
        [3, third.full_name, _born(third), "2013", "htnv", "Không"],
    ]
    return xlsx(rows), (first, second, third)


def _years(unit) -> dict:
    return {
        (record.person_id, record.year): (record.rating, record.discipline)
        for record in PersonYear.objects.filter(person__unit=unit)
    }


@pytest.mark.parametrize("legacy", [False, True])
def test_ratings_are_created_then_updated_with_history(demo, tmp_path, legacy):
    unit = _unit(demo)
    user = demo["reviewer"]
    content, (first, second, third) = _ratings_list(unit, legacy=legacy)
    PersonYear.objects.filter(person__in=(first, second, third), year__in=(2012, 2013)).delete()
    PersonYear.objects.create(person=first, year=2012, rating="completed", discipline="warning")
    path = _file(tmp_path, content)

    dry = _run_json(path, unit=unit.code, dry_run=True)
    assert dry == {"kind": RATINGS, "rows": 3, "matched": 3, "new": 3, "refused": []}

    _run_json(path, unit=unit.code, user=user.username)

    years = _years(unit)
    # A blank discipline keeps the recorded one.
    assert years[(first.pk, 2012)] == ("excellent", "warning")
    assert years[(second.pk, 2012)] == ("good", "reprimand")
    assert years[(third.pk, 2013)] == ("completed", "")
    changed = YearHistory.objects.filter(person_id=first.pk, year=2012).order_by("history_id")
    assert [(row.history_type, row.rating) for row in changed][-1] == ("~", "excellent")
    assert changed.last().history_user_id == user.pk
    created = YearHistory.objects.filter(person_id__in=(second.pk, third.pk), year__in=(2012, 2013))
    assert {(row.history_type, row.history_user_id) for row in created} == {("+", user.pk)}

    again = _run_json(path, unit=unit.code, user=user.username)
    assert again["new"] == 0
    assert YearHistory.objects.filter(person_id=first.pk, year=2012).count() == changed.count()


def test_the_year_of_a_ratings_list_may_come_from_its_title(demo, tmp_path):
    unit = _unit(demo)
    person = _people(unit, 1)[0]
    PersonYear.objects.filter(person=person, year=2014).delete()
    rows = [
        ["SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"],
        ["KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÔNG CHỨC NĂM 2014"],
        [],
        ["STT", "Họ và tên", "Ngày sinh", "Xếp loại"],
        [1, person.full_name, _born(person), "Hoàn thành xuất sắc nhiệm vụ"],
    ]

    _run_json(_file(tmp_path, xlsx(rows)), unit=unit.code, user=demo["unit_head2"].username)

    assert PersonYear.objects.get(person=person, year=2014).rating == "excellent"


def test_refused_rating_rows_write_nothing(demo, tmp_path):
    unit = _unit(demo)
    first, second = _people(unit, 2)
    rows = [
        *TITLE_ROWS,
        RATINGS_HEADER,
        [1, first.full_name, _born(first), 2015, "HTTNV", None],  # good
        [2, second.full_name, _born(second), 2015, "Giỏi", None],  # not a rating
        [3, second.full_name, _born(second), 2016, None, "Phê bình"],  # not a discipline
        [4, first.full_name, _born(first), 2015, "HTNV", None],  # the same year twice
    ]
    before, history = _years(unit), YearHistory.objects.count()

    printed, _error = _refused_json(
        _file(tmp_path, xlsx(rows)), unit=unit.code, user=demo["unit_head2"].username
    )

    assert [r["row"] for r in printed["refused"]] == [FIRST_DATA_ROW + i for i in (1, 2, 3)]
    assert _years(unit) == before
    assert YearHistory.objects.count() == history


def test_the_kind_is_recognised_from_the_columns(demo):
    unit = _unit(demo)
    titles, _expected = _titles_list(unit)
    ratings, _staff = _ratings_list(unit)

    assert recognise_kind(titles) == TITLES_HISTORY
    assert recognise_kind(ratings) == RATINGS
    preview = history_import_preview(unit=unit, data=titles, kind=TITLES_HISTORY)
    used = {use.letter: use.used for use in preview.column_mapping}
    assert used == dict.fromkeys("ABCDEFGH", True) | {"A": False}


def test_only_the_head_or_the_department_may_write_the_history(demo, tmp_path):
    unit = _unit(demo)
    content, _expected = _titles_list(unit)
    path = _file(tmp_path, content)
    before = _titles(unit)

    for user in (None, "unit_head", "minister", "nobody-by-that-name"):
        with pytest.raises(CommandError):
            _run_json(path, unit=unit.code, user=user)

    assert _titles(unit) == before


# --- The unit head's page -----------------------------------------------------------------


def _upload(client, content, **extra):
    return client.post(
        reverse("units:history_import"),
        {"file": SimpleUploadedFile("lich-su.xlsx", content), **extra},
    )


def test_the_unit_head_previews_then_confirms_a_titles_history(demo, client):
    unit = _unit(demo)
    content, expected = _titles_list(unit)
    before = _titles(unit)
    client.force_login(demo["unit_head2"])
    assert 'data-testid="import-history"' in client.get(reverse("units:my_unit")).content.decode()
    assert client.get(reverse("units:history_import")).status_code == 200

    preview = _upload(client, content)

    assert preview.status_code == 200
    assert preview.context["preview"].kind == TITLES_HISTORY
    assert preview.context["preview"].new_count == 4
    assert _titles(unit) == before
    confirm = preview.context["confirm"]
    response = client.post(
        reverse("units:history_import_confirm"),
        {key: str(value) for key, value in confirm.initial.items()},
    )

    assert response.status_code == 302
    assert _titles(unit) == before | expected
    history = TitleHistory.objects.filter(person__unit=unit, year__in=(2010, 2011))
    assert {row.history_user_id for row in history} == {demo["unit_head2"].pk}


def test_the_page_shows_refused_rows_and_offers_no_confirmation(demo, client):
    rows = [*TITLE_ROWS, RATINGS_HEADER, [1, "Người Không Có Thật", "01/01/1980", 2015, "HTTNV"]]
    client.force_login(demo["unit_head2"])

    response = _upload(client, xlsx(rows), kind=RATINGS)

    assert response.status_code == 400
    assert response.context["confirm"] is None
    page = response.content.decode()
    assert f'data-row="{FIRST_DATA_ROW}"' in page


def test_a_confirmation_after_the_history_changed_is_refused(demo, client):
    unit = _unit(demo)
    content, _expected = _titles_list(unit)
    person = _people(unit, 1)[0]
    client.force_login(demo["unit_head2"])
    confirm = _upload(client, content).context["confirm"]
    PersonYear.objects.update_or_create(person=person, year=2008, defaults={"rating": "good"})
    before = _titles(unit)

    client.post(
        reverse("units:history_import_confirm"),
        {key: str(value) for key, value in confirm.initial.items()},
    )

    assert _titles(unit) == before


def test_the_page_is_only_for_unit_heads(demo, client):
    for user in ("reviewer", "minister", "admin"):
        client.force_login(demo[user])
        assert client.get(reverse("units:history_import")).status_code == 404


def test_the_human_summary_of_a_history_list(demo, tmp_path):
    unit = _unit(demo)
    content, _expected = _titles_list(unit)
    out = StringIO()

    call_command("import_list", _file(tmp_path, content), unit=unit.code, dry_run=True, stdout=out)

    lines = out.getvalue().splitlines()
    assert unit.name in lines[0] and TITLES_HISTORY in lines[0]
    assert len(lines) == 3  # the heading, the counts, what would be written
    assert "4" in lines[2]


def test_a_decision_header_on_two_rows(demo, tmp_path):
    unit = _unit(demo)
    person = _people(unit, 1)[0]
    rows = [
        *TITLE_ROWS,
        ["STT", "Họ và tên", "Ngày sinh", "Danh hiệu", "Năm", "Quyết định khen thưởng"],
        [None, None, None, None, None, "Số", "Ngày", "Cơ quan ban hành"],
        [1, person.full_name, _born(person), "CSTĐCS", 2010, "9/QĐ-STNMT", "28/12/2010", "Sở"],
    ]
    merges = ["A6:A7", "B6:B7", "C6:C7", "D6:D7", "E6:E7", "F6:H6"]

    printed = _run_json(
        _file(tmp_path, xlsx(rows, merges=merges)),
        unit=unit.code,
        user=demo["unit_head2"].username,
    )

    assert printed["new"] == 1
    record = PersonTitle.objects.get(person=person, year=2010, title__code="CSTDCS")
    assert (record.decision_number, record.decision_date, record.decided_by) == (
        "9/QĐ-STNMT",
        datetime.date(2010, 12, 28),
        "Sở",
    )
