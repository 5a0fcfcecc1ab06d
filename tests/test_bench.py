"""seed_scale and bench at a tiny scale, so that the benchmark of BENCHMARKS.md cannot rot."""

import json

import pytest
from django.core.management import CommandError, call_command

from awards.models import Proposal
from demo.bench_tables import END, PAGE_NAMES, START, replace_tables
from demo.scale import ScalePlan, scale_units
from registrations.models import (
    CollectiveTitleAim,
    Evidence,
    IndividualTitleAim,
    Initiative,
    ProgressReport,
    Registration,
    Target,
    TargetResult,
)
from scoring.models import Acclamation, ScoringTable
from scoring.workflow import ScoringStatus
from units.models import GroupMembership, Person, PersonTitle, PersonYear

TINY = 0.04  # 4 units, 800 staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny_scale(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_scale", scale=TINY, without_demo=True)
    return ScalePlan.for_scale(TINY)


def test_seed_scale_creates_the_planned_units_staff_registrations_and_results(tiny_scale):
    units = scale_units()
    assert units.count() == tiny_scale.units == 4
    staff = Person.objects.filter(unit__in=units)
    assert staff.count() == tiny_scale.staff == 800
    assert staff.filter(is_unit_head=True).count() == 4
    assert PersonYear.objects.filter(person__in=staff, year__lt=2021).exists()
    assert PersonTitle.objects.filter(person__in=staff).exists()
    assert GroupMembership.objects.filter(unit__in=units, year=2021).count() == 4

    registrations = Registration.objects.filter(unit__in=units)
    assert registrations.count() == 4  # every unit registered
    for registration in registrations:
        assert Target.objects.filter(registration=registration).exists()
        assert CollectiveTitleAim.objects.filter(registration=registration).count() == 1
        assert IndividualTitleAim.objects.filter(registration=registration).count() > 100
        assert Initiative.objects.filter(registration=registration).exists()
    reports = ProgressReport.objects.filter(registration__in=registrations)
    assert reports.count() == 2  # half of them with results
    assert (
        TargetResult.objects.filter(report__in=reports).count()
        == Target.objects.filter(registration__progress_reports__in=reports).count()
    )
    assert Evidence.objects.filter(report__in=reports).count() == 4

    tables = ScoringTable.objects.filter(group__memberships__unit__in=units).distinct()
    assert tables and all(t.status == ScoringStatus.PUBLISHED for t in tables)
    assert Acclamation.objects.filter(table__in=tables).count() == tables.count()
    assert Proposal.objects.filter(unit__in=units).count() == 2


def test_seed_scale_again_changes_nothing_and_another_scale_is_refused(tiny_scale):
    people = Person.objects.count()
    call_command("seed_scale", scale=TINY, without_demo=True)
    assert Person.objects.count() == people
    with pytest.raises(CommandError, match="fresh database"):
        call_command("seed_scale", scale=0.1, without_demo=True)


def test_bench_writes_every_figure_and_the_tables_render(tiny_scale, tmp_path):
    output = tmp_path / "results.json"
    call_command("bench", scale=TINY, output=str(output), requests=2, warmup=1, import_rows=50)
    results = json.loads(output.read_text())

    assert set(results["pages"]) == set(PAGE_NAMES)
    for name, page in results["pages"].items():
        # The floor is the layout plus one query: every page does at least that much.
        assert page["queries"] >= results["floor_queries"], name
        assert page["median_ms"] > 0 and page["p95_ms"] >= page["median_ms"], name
        assert page["floor_median_ms"] > 0, name
    assert results["floor_queries"] >= 1
    assert results["report_seconds"] > 0
    assert results["report_peak_mb"] > 0
    assert results["report_pages"] >= 1
    assert results["import_rows"] == 50
    assert results["import_rows_per_s"] > 0 and results["import_baseline_rows_per_s"] > 0
    assert results["database"]["vendor"] in ("sqlite", "postgresql")
    assert results["machine"]["cpu_count"] >= 1 and results["timestamp"]

    document = f"# Benchmarks\n{START}\nold figures\n{END}\n## Load test\n"
    rendered = replace_tables(document, {"runs": [results]})
    assert "old figures" not in rendered and rendered.endswith(f"{END}\n## Load test\n")
    assert "Unit head: registration editor" in rendered
