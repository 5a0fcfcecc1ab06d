"""``manage.py import_list`` for a list of the unit's collectives (its sub-units) and the
collective titles they aim for (issue 16)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from criteria.models import Title
from registrations.imports.lists import recognise_kind
from registrations.models import CollectiveTitleAim, Registration
from tests.factories.units import SubUnitFactory
from tests.sheet_files import SIGNATURES, TITLE_ROWS, xlsx
from units.models import SubUnit

pytestmark = pytest.mark.django_db

History = CollectiveTitleAim.history.model
HEADER = ["STT", "Tên tập thể", "Danh hiệu thi đua"]
FIRST_DATA_ROW = len(TITLE_ROWS) + 2


def _registration(demo) -> Registration:
    return Registration.objects.select_related("unit", "campaign").get(
        unit=demo["unit_head2"].portal_role.unit
    )


def _sub_unit_aims(registration) -> set:
    return set(
        CollectiveTitleAim.objects.filter(registration=registration)
        .exclude(sub_unit=None)
        .values_list("sub_unit__name", "title__code")
    )


def _file(tmp_path, content: bytes) -> str:
    path = tmp_path / "tap-the.xlsx"
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


def _big_list(count=400, known=()):
    """``count`` collectives below title rows, with an STT column; the first ``known`` names
    are given, the others new; every third aims for TTLĐXS as well."""
    rows = [*TITLE_ROWS, HEADER]
    for number in range(1, count + 1):
        name = known[number - 1] if number <= len(known) else f"Phòng chuyên môn số {number}"
        rows.append([number, name, "TTLĐTT; TTLĐXS" if number % 3 == 0 else "TTLĐTT"])
    return xlsx([*rows, *SIGNATURES], merges=["A1:C1", "A4:C4"])


def test_a_list_of_collectives_is_recognised(demo):
    assert recognise_kind(_big_list(3)) == "collectives"


def test_a_400_row_list_creates_the_new_sub_units_with_their_titles(demo, tmp_path):
    registration = _registration(demo)
    user = demo["unit_head2"]
    known = SubUnitFactory.create_batch(2, unit=registration.unit)
    started = timezone.now()

    result = _run_json(
        _file(tmp_path, _big_list(400, known=[s.name.upper() for s in known])),
        unit=registration.unit.code,
        kind="collectives",
        user=user.username,
    )

    assert result == {"kind": "collectives", "rows": 400, "matched": 2, "new": 398, "refused": []}
    assert SubUnit.objects.filter(unit=registration.unit).count() == 400
    aims = _sub_unit_aims(registration)
    assert len(aims) == 400 + 400 // 3
    assert (known[0].name, "TTLDTT") in aims
    assert ("Phòng chuyên môn số 3", "TTLDXS") in aims
    history = History.objects.filter(registration_id=registration.pk, history_date__gte=started)
    assert history.count() == len(aims)
    assert set(history.values_list("history_user", flat=True)) == {user.pk}
    created = SubUnit.history.filter(history_date__gte=started, history_type="+")
    assert set(created.values_list("history_user", flat=True)) == {user.pk}


def test_a_dry_run_counts_and_writes_nothing(demo, tmp_path):
    registration = _registration(demo)
    sub_units = SubUnit.objects.filter(unit=registration.unit).count()

    result = _run_json(_file(tmp_path, _big_list(5)), unit=registration.unit.code, dry_run=True)

    assert result == {"kind": "collectives", "rows": 5, "matched": 0, "new": 5, "refused": []}
    assert SubUnit.objects.filter(unit=registration.unit).count() == sub_units
    assert _sub_unit_aims(registration) == set()


def test_a_known_sub_unit_gets_exactly_the_titles_of_its_row(demo, tmp_path):
    registration = _registration(demo)
    office = SubUnitFactory(unit=registration.unit, name="Phòng Tổng hợp")
    left_out = SubUnitFactory(unit=registration.unit, name="Phòng Kế hoạch")
    for sub_unit in (office, left_out):
        CollectiveTitleAim.objects.create(
            registration=registration, sub_unit=sub_unit, title=Title.objects.get(code="TTLDXS")
        )
    content = xlsx(
        [*TITLE_ROWS, ["STT", "Phòng ban", "TTLĐTT", "TTLĐXS"], [1, "phòng  tổng hợp", "x", None]]
    )

    result = _run_json(
        _file(tmp_path, content), unit=registration.unit.code, user=demo["unit_head2"].username
    )

    assert result["matched"] == 1 and result["new"] == 0
    assert _sub_unit_aims(registration) == {
        ("Phòng Tổng hợp", "TTLDTT"),
        ("Phòng Kế hoạch", "TTLDXS"),
    }


def test_bad_rows_are_refused_with_their_excel_row_and_nothing_is_written(demo, tmp_path):
    registration = _registration(demo)
    SubUnitFactory(unit=registration.unit, name="Phòng đã đóng", is_active=False)
    rows = [
        *TITLE_ROWS,
        HEADER,
        [1, "Phòng Mới", "TTLĐTT"],
        [2, "Phòng Sai", "Danh hiệu lạ"],
        [3, None, "TTLĐTT"],
        [4, "Phòng Mới", "TTLĐXS"],
        [5, "Phòng đã đóng", "TTLĐTT"],
        [6, "Phòng Cá nhân", "LĐTT"],
        [7, registration.unit.name, "TTLĐTT"],
    ]
    count = SubUnit.objects.count()
    history = History.objects.count()

    result = _refused_json(
        _file(tmp_path, xlsx(rows)),
        unit=registration.unit.code,
        user=demo["unit_head2"].username,
    )

    assert [r["row"] for r in result["refused"]] == [
        FIRST_DATA_ROW + offset for offset in (1, 2, 3, 4, 5, 6)
    ]
    assert all(r["reason"] for r in result["refused"])
    assert SubUnit.objects.count() == count
    assert History.objects.count() == history


def test_a_write_needs_the_units_head(demo, tmp_path):
    registration = _registration(demo)
    count = SubUnit.objects.count()

    with pytest.raises(CommandError):
        _run_json(
            _file(tmp_path, _big_list(3)),
            unit=registration.unit.code,
            user=demo["unit_head"].username,
        )

    assert SubUnit.objects.count() == count


def test_a_list_without_a_name_column_is_refused(demo, tmp_path):
    registration = _registration(demo)
    content = xlsx([*TITLE_ROWS, ["STT", "Ghi chú khác", "Danh hiệu thi đua"], [1, "A", "TTLĐTT"]])

    with pytest.raises(CommandError):
        _run_json(
            _file(tmp_path, content),
            unit=registration.unit.code,
            kind="collectives",
            dry_run=True,
        )


def test_the_summary_counts_the_sub_units(demo, tmp_path):
    registration = _registration(demo)
    out = StringIO()

    call_command(
        "import_list",
        _file(tmp_path, _big_list(4)),
        unit=registration.unit.code,
        dry_run=True,
        stdout=out,
        stderr=StringIO(),
    )

    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert "4" in lines[1]
