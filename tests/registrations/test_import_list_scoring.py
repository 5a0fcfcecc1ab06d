"""``manage.py import_list --kind scoring_items``: the scoring table of a unit's bloc or
cluster loaded from a file in the bloc's own layout, read as the Excel import reads it
(issue 16)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from scoring.models import ScoringItem, ScoringTable
from scoring.services.tables import scoring_table_new_version
from tests.sheet_files import SCORING_ITEM_ROWS, scoring_table_xlsx

pytestmark = pytest.mark.django_db

UNIT = "CVTQG"  # the head of Khối IV in 2021


@pytest.fixture
def draft(demo):
    table = ScoringTable.objects.get(group__code="KHOI-IV", year=2021)
    return scoring_table_new_version(table=table, actor=demo["unit_head"])


def _file(tmp_path, content: bytes) -> str:
    path = tmp_path / "bang-cham-diem.xlsx"
    path.write_bytes(content)
    return str(path)


def _run_json(*args, **options) -> dict:
    out = StringIO()
    call_command("import_list", *args, json=True, stdout=out, stderr=StringIO(), **options)
    return json.loads(out.getvalue())


def _items(table) -> list[tuple]:
    return list(
        table.items.order_by("position").values_list("number", "parent__number", "max_points")
    )


def test_a_dry_run_gives_the_figures_and_writes_nothing(demo, tmp_path, draft):
    before, history = _items(draft), ScoringItem.history.count()

    result = _run_json(
        _file(tmp_path, scoring_table_xlsx()),
        unit=UNIT,
        kind="scoring_items",
        campaign=2021,
        dry_run=True,
    )

    assert result == {"kind": "scoring_items", "rows": 11, "matched": 0, "new": 11, "refused": []}
    assert _items(draft) == before
    assert ScoringItem.history.count() == history


def test_a_write_replaces_the_items_with_the_tree_then_they_match(demo, tmp_path, draft):
    path = _file(tmp_path, scoring_table_xlsx())

    written = _run_json(
        path, unit=UNIT, kind="scoring_items", campaign=2021, user=demo["unit_head"].username
    )
    again = _run_json(path, unit=UNIT, campaign=2021, dry_run=True)  # the kind recognised

    assert (written["rows"], written["new"], written["refused"]) == (11, 11, [])
    assert [(n, p) for n, p, _m in _items(draft)] == [
        ("I", None),
        ("1", "I"),
        ("1.1", "1"),
        ("1.2", "1"),
        ("2", "I"),
        ("II", None),
        ("1", "II"),
        ("III", None),
        ("1", "III"),
        ("IV", None),
        ("1", "IV"),
    ]
    assert ScoringItem.history.filter(
        table_id=draft.pk, history_user=demo["unit_head"], number="1.1"
    ).exists()
    assert again == {"kind": "scoring_items", "rows": 11, "matched": 11, "new": 0, "refused": []}


def test_a_mismatched_group_is_refused_with_its_row_and_nothing_is_written(demo, tmp_path, draft):
    rows = [list(row) for row in SCORING_ITEM_ROWS]
    rows[3][3] = 10  # 1.2 (row 11): group 1 on row 9 holds 40 points, its items 35
    before = _items(draft)
    out = StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_list",
            _file(tmp_path, scoring_table_xlsx(rows)),
            unit=UNIT,
            kind="scoring_items",
            campaign=2021,
            user=demo["unit_head"].username,
            json=True,
            stdout=out,
            stderr=StringIO(),
        )

    result = json.loads(out.getvalue())
    assert (result["rows"], result["new"]) == (11, 11)
    assert [refusal["row"] for refusal in result["refused"]] == [9]
    assert "40" in result["refused"][0]["reason"] and "35" in result["refused"][0]["reason"]
    assert _items(draft) == before


def test_only_the_groups_head_or_the_department_may_write(demo, tmp_path, draft):
    before = _items(draft)

    with pytest.raises(CommandError):
        _run_json(
            _file(tmp_path, scoring_table_xlsx()),
            unit=UNIT,
            kind="scoring_items",
            campaign=2021,
            user=demo["unit_head2"].username,
        )

    assert _items(draft) == before


def test_a_frozen_table_without_a_new_version_is_refused(demo, tmp_path):
    table = ScoringTable.objects.get(group__code="KHOI-IV", year=2021)  # units have scored
    before = _items(table)

    with pytest.raises(CommandError, match="Khối"):
        _run_json(
            _file(tmp_path, scoring_table_xlsx()),
            unit=UNIT,
            kind="scoring_items",
            campaign=2021,
            user=demo["unit_head"].username,
        )

    assert _items(table) == before
