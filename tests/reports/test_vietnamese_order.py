"""Every list of the reports and the dashboard is in Vietnamese alphabetical order (computed in
Python, so the same on SQLite and PostgreSQL), blocs and clusters by their Roman numeral."""

import pytest

from emulation_portal.collation import group_name_key, vietnamese_key
from registrations.models import Registration
from registrations.workflow import Status
from reports.exports import campaign_datasets
from reports.selectors.dashboard import dashboard_figures
from reports.selectors.year_end import unit_target_results
from units.models import EmulationGroup, GroupKind, Unit

pytestmark = pytest.mark.django_db

# Names in code-point order are not in Vietnamese order: "Đ" (U+0110) sorts after "V" there,
# "Ă"/"Â" after "Z", and "Cục Biển" before "Cục Bản đồ" ("i" < "ả").
NAMES = [
    "Cục Đo đạc và Bản đồ",
    "Cục Dầu khí",
    "Cục Biển và Hải đảo",
    "Cục Bản đồ",
    "Ấn phẩm Tài nguyên",
    "Ăn chay Niệm Phật",
]
EXPECTED = [
    "Ăn chay Niệm Phật",
    "Ấn phẩm Tài nguyên",
    "Cục Bản đồ",
    "Cục Biển và Hải đảo",
    "Cục Dầu khí",
    "Cục Đo đạc và Bản đồ",
]


def _rename_approved_units(campaign) -> list[str]:
    registrations = Registration.objects.filter(campaign=campaign, status=Status.APPROVED)
    units = list(Unit.objects.filter(pk__in=registrations.values("unit_id")).order_by("pk"))
    assert len(units) >= len(NAMES)
    for unit, name in zip(units, NAMES, strict=False):
        unit.name = name
        unit.save(update_fields=["name"])
    return [unit.name for unit in units]


def test_the_year_end_report_lists_units_in_vietnamese_order(campaign):
    names = _rename_approved_units(campaign)

    listed = [row.unit_name for row in unit_target_results(campaign)]

    assert [name for name in listed if name in NAMES] == EXPECTED
    assert listed == sorted(names, key=vietnamese_key)


def test_the_campaign_workbook_lists_units_in_vietnamese_order(campaign):
    _rename_approved_units(campaign)

    units_sheet = next(sheet for sheet in campaign_datasets(campaign) if "Cục Bản đồ" in str(sheet))
    column = next(
        index
        for index, header in enumerate(units_sheet.headers)
        if "Cục Bản đồ" in [str(value) for value in units_sheet.get_col(index)]
    )
    listed = [str(name) for name in units_sheet.get_col(column)]

    assert [name for name in listed if name in NAMES] == EXPECTED


def test_the_dashboard_lists_clusters_by_their_numeral(campaign):
    # The first cluster (lowest pk) becomes "X": in pk order it would come first, as text it
    # would come right after "I".
    first = EmulationGroup.objects.filter(kind=GroupKind.CLUSTER).order_by("pk").first()
    first.name = "Cụm thi đua X - Tây Nguyên mở rộng"
    first.save(update_fields=["name"])

    figures = dashboard_figures(campaign)
    labels = [row.label for row in figures.clusters]

    shorts = [row.short_label for row in figures.clusters]
    assert shorts[0] == "Cụm thi đua II"
    assert shorts[-3:] == ["Cụm thi đua VIII", "Cụm thi đua IX", "Cụm thi đua X"]
    assert labels == sorted(labels, key=group_name_key)
