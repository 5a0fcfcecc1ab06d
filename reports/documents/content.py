"""The content of a report to the Minister, computed from the data at the moment of generation.

The outline follows DOMAIN.md §8.2: I. results (registration, blocs and clusters, role models,
titles, initiatives, targets and results, late units), II. shortcomings, III. priorities,
IV. recommendations. The figures come from ``dashboard_figures`` (the dashboard's definitions)
and ``role_models``; the narrative parts are written by the Department and kept with the report.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from ..models import ReportKind
from ..selectors.dashboard import DashboardFigures, dashboard_figures
from ..selectors.role_models import RoleModels, role_models
from ..selectors.year_end import YearEndFigures, year_end_figures
from . import charts

NARRATIVE_KEYS = ("role_models", "shortcomings", "priorities", "recommendations")
TITLES = {
    ReportKind.SIX_MONTH: "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {year} "
    "và nhiệm vụ trọng tâm 6 tháng cuối năm {year}",
    ReportKind.YEAR_END: "Tổng kết công tác thi đua, khen thưởng năm {year} "
    "và phương hướng, nhiệm vụ năm {next_year}",
}


@dataclass
class ReportContent:
    kind: str
    title: str
    figures: DashboardFigures
    narrative: dict[str, str]
    snapshot: dict
    data_hash: str
    charts: dict[str, str]
    role_models: RoleModels
    year_end: YearEndFigures | None = None

    @property
    def is_year_end(self) -> bool:
        return self.kind == ReportKind.YEAR_END


def clean_narrative(narrative: dict | None) -> dict[str, str]:
    narrative = narrative or {}
    return {key: str(narrative.get(key) or "").strip() for key in NARRATIVE_KEYS}


def data_hash(snapshot: dict) -> str:
    """SHA-256 of the snapshot's canonical JSON (sorted keys, no whitespace)."""
    payload = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def report_content(
    campaign, kind: str, narrative: dict | None = None, today: date | None = None
) -> ReportContent:
    """The report's figures, narrative, charts and snapshot (with its hash) for ``campaign``."""
    if kind not in ReportKind.values:
        raise ValueError(f"Unknown report kind: {kind!r}")
    today = today or timezone.localdate()
    figures = dashboard_figures(campaign, today=today)
    narrative = clean_narrative(narrative)
    examples = role_models(campaign)
    year_end = year_end_figures(campaign) if kind == ReportKind.YEAR_END else None
    snapshot = {
        "campaign": {"id": campaign.pk, "year": campaign.year, "name": campaign.name},
        "kind": kind,
        "figures": figures.as_dict(),
        "role_models": examples.as_dict(),
        "narrative": narrative,
    }
    if year_end is not None:
        snapshot["year_end"] = year_end.as_dict()
    return ReportContent(
        kind=kind,
        title=TITLES[ReportKind(kind)].format(year=campaign.year, next_year=campaign.year + 1),
        figures=figures,
        narrative=narrative,
        snapshot=snapshot,
        data_hash=data_hash(snapshot),
        charts=charts.dashboard_charts(figures),
        role_models=examples,
        year_end=year_end,
    )
