"""``manage.py import_list``: a unit's list loaded from the command line through the import
page's own preview and apply (issue 16)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django.utils.translation import gettext

from registrations.imports.staff import staff_import_titles
from registrations.models import IndividualTitleAim, Registration
from registrations.selectors.registrations import unit_staff
from tests.sheet_files import SIGNATURES, TITLE_ROWS, xlsx

pytestmark = pytest.mark.django_db

History = IndividualTitleAim.history.model
HEADER = ["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Danh hiệu thi đua / Hình thức khen thưởng"]
# The header is on row 6, below the five title rows: the data starts on row 7.
FIRST_DATA_ROW = len(TITLE_ROWS) + 2


def _registration(demo) -> Registration:
    return Registration.objects.select_related("unit", "campaign").get(
        unit=demo["unit_head2"].portal_role.unit
    )


def _aims(registration) -> set:
    return set(
        IndividualTitleAim.objects.filter(registration=registration).values_list(
            "person_id", "title_id"
        )
    )


def _people(registration, count=3):
    """``count`` members of the unit's staff with a name no colleague shares."""
    staff = list(unit_staff(registration.unit))
    names = {}
    for person in staff:
        names.setdefault(person.full_name.casefold(), []).append(person)
    unique = [person for person in staff if len(names[person.full_name.casefold()]) == 1]
    return unique[:count]


def _title(code):
    return next(title for title in staff_import_titles() if title.code == code)


def _row(number, person, titles):
    return [number, person.full_name, person.birth_date.strftime("%d/%m/%Y"), "", titles]


def _unit_list(registration) -> tuple[bytes, dict]:
    """A list in a unit's own layout (title rows, STT, signatures) and the aims it holds."""
    first, second, third = _people(registration)
    rows = [
        *TITLE_ROWS,
        HEADER,
        _row(1, first, "LĐTT"),
        _row(2, second, "lđtt; CSTĐCS"),
        _row(3, third, "Lao động tiên tiến"),
        [4, None, None, None, None],  # an empty numbered row of the form
        *SIGNATURES,
    ]
    wanted = {first: {"LDTT"}, second: {"LDTT", "CSTDCS"}, third: {"LDTT"}}
    return xlsx(rows, merges=["A1:E1", "A2:E2", "A4:E4"]), wanted


def _file(tmp_path, content: bytes, name="danh-sach.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def _run(*args, **options) -> str:
    out = StringIO()
    call_command("import_list", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def _run_json(*args, **options) -> dict:
    return json.loads(_run(*args, json=True, **options))


def _refused_json(*args, **options) -> tuple[dict, str]:
    """The JSON printed and the error of a run that refuses rows."""
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_list", *args, json=True, stdout=out, stderr=StringIO(), **options)
    return json.loads(out.getvalue()), str(error.value)


def test_a_unit_layout_list_dry_run_gives_the_exact_figures_and_writes_nothing(demo, tmp_path):
    registration = _registration(demo)
    content, _wanted = _unit_list(registration)
    before = _aims(registration)
    history = History.objects.count()

    printed = _run(_file(tmp_path, content), unit=registration.unit.code, dry_run=True, json=True)

    assert json.loads(printed) == {
        "kind": "people",
        "rows": 3,
        "matched": 3,
        "new": 0,
        "refused": [],
    }
    assert printed.count("\n") <= 1  # exactly one JSON object
    assert _aims(registration) == before
    assert History.objects.count() == history


def test_a_write_stores_the_aims_with_the_given_user_in_history(demo, tmp_path):
    registration = _registration(demo)
    user = demo["unit_head2"]
    content, wanted = _unit_list(registration)
    ids = {person.pk for person in wanted}
    kept = {(p, t) for p, t in _aims(registration) if p not in ids}
    expected = kept | {
        (person.pk, _title(code).pk) for person, codes in wanted.items() for code in codes
    }
    started = timezone.now()

    result = _run_json(
        _file(tmp_path, content),
        unit=registration.unit.code,
        campaign=registration.campaign.year,
        user=user.username,
    )

    assert result == {"kind": "people", "rows": 3, "matched": 3, "new": 0, "refused": []}
    assert _aims(registration) == expected
    added = History.objects.filter(
        registration_id=registration.pk, history_type="+", person_id__in=ids
    ).filter(history_date__gte=started)
    assert added.exists()
    assert set(added.values_list("history_user", flat=True)) == {user.pk}
    assert registration.history.latest().history_user == user


def test_the_human_summary_without_json(demo, tmp_path):
    registration = _registration(demo)
    content, _wanted = _unit_list(registration)

    printed = _run(_file(tmp_path, content), unit=registration.unit.code, dry_run=True)

    assert registration.unit.name in printed
    assert "3" in printed
    with pytest.raises(json.JSONDecodeError):
        json.loads(printed)


def test_a_refused_row_writes_nothing_and_is_listed_with_its_row_and_reason(demo, tmp_path):
    registration = _registration(demo)
    first, second, _third = _people(registration)
    before = _aims(registration)
    history = History.objects.count()
    rows = [
        *TITLE_ROWS,
        HEADER,
        _row(1, first, "LĐTT"),
        [2, "Người Không Có Thật", "01/01/1980", "", "LĐTT"],
        _row(3, second, "Huân chương vàng"),
    ]

    result, error = _refused_json(
        _file(tmp_path, xlsx(rows)),
        unit=registration.unit.code,
        user=demo["unit_head2"].username,
    )

    with translation.override("vi"):
        unknown = gettext("“%(name)s” is not a member of your unit's staff.") % {
            "name": "Người Không Có Thật"
        }
    assert result["kind"] == "people"
    assert (result["rows"], result["matched"], result["new"]) == (3, 2, 0)
    assert result["refused"][0] == {"row": FIRST_DATA_ROW + 1, "reason": unknown}
    assert [r["row"] for r in result["refused"]] == [FIRST_DATA_ROW + 1, FIRST_DATA_ROW + 2]
    assert "Huân chương vàng" in result["refused"][1]["reason"]
    assert error
    assert _aims(registration) == before
    assert History.objects.count() == history


@pytest.mark.parametrize(
    ("header", "kind"),
    [(["STT", "Nội dung tiêu chí", "Điểm tối đa"], "scoring_items")],
)
def test_a_list_recognised_as_another_kind_is_read_as_that_kind(demo, tmp_path, header, kind):
    """A scoring table is not read as a list of people: it is read as scoring items (here
    refused, for it has no kind column), and the registration is left as it was."""
    registration = _registration(demo)
    first = _people(registration, 1)[0]
    row = [1, first.full_name, "LĐTT", 2021, "123/QĐ-BTNMT"][: len(header)]
    before = _aims(registration)

    result, error = _refused_json(
        _file(tmp_path, xlsx([*TITLE_ROWS, header, row])),
        unit=registration.unit.code,
        dry_run=True,
    )

    assert result["kind"] == kind
    assert result["refused"] and error
    assert _aims(registration) == before


def test_an_unknown_kind_is_refused(demo, tmp_path):
    registration = _registration(demo)
    content, _wanted = _unit_list(registration)

    with pytest.raises(CommandError):
        _run(_file(tmp_path, content), unit=registration.unit.code, kind="prizes", dry_run=True)


def test_an_unknown_unit_is_refused(demo, tmp_path):
    registration = _registration(demo)
    content, _wanted = _unit_list(registration)

    with pytest.raises(CommandError) as error:
        _run(_file(tmp_path, content), unit="KHONG-CO", dry_run=True)

    assert "KHONG-CO" in str(error.value)


def test_a_write_needs_the_head_of_the_unit(demo, tmp_path):
    registration = _registration(demo)
    content, _wanted = _unit_list(registration)
    path = _file(tmp_path, content)
    before = _aims(registration)

    for user in (None, "reviewer", "unit_head", "nobody-by-that-name"):
        with pytest.raises(CommandError):
            _run(path, unit=registration.unit.code, user=user)

    assert _aims(registration) == before


def test_a_registration_that_cannot_be_changed_is_refused(demo, tmp_path):
    registration = _registration(demo)
    content, _wanted = _unit_list(registration)
    Registration.objects.filter(pk=registration.pk).update(status="submitted")

    with pytest.raises(CommandError):
        _run(_file(tmp_path, content), unit=registration.unit.code, dry_run=True)
    with pytest.raises(CommandError):
        _run(_file(tmp_path, content), unit=registration.unit.code, campaign=1900, dry_run=True)


@pytest.mark.parametrize("bad", ["missing", "not_xlsx", "too_large"])
def test_bad_files_are_refused(demo, tmp_path, settings, bad):
    registration = _registration(demo)
    content, _wanted = _unit_list(registration)
    path = str(tmp_path / "khong-co.xlsx")
    if bad == "not_xlsx":
        path = _file(tmp_path, b"STT;Ho va ten\n1;A\n", "danh-sach.xlsx")
    elif bad == "too_large":
        settings.STAFF_IMPORT_MAX_BYTES = len(content) - 1
        path = _file(tmp_path, content)
    before = _aims(registration)

    with pytest.raises(CommandError):
        _run(path, unit=registration.unit.code, user=demo["unit_head2"].username)

    assert _aims(registration) == before
