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

from ..models import ReportKind, ReportVariant
from ..selectors.dashboard import DashboardFigures, dashboard_figures, registration_overview
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


def _names(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return f"{shown} và {len(names) - limit} đơn vị khác" if len(names) > limit else shown


def narrative_drafts(campaign, kind: str, frame) -> dict[str, str]:
    """Drafts of the narrative parts written from the portal's figures, for the Department to
    edit: what was achieved with the role models, the late units among the shortcomings, the
    next period's priorities and the recommendations to whom the report goes (``frame``).
    Only the units' statuses and the role models are read, not the whole report's figures."""
    overall, late_units = registration_overview(campaign)
    examples = role_models(campaign)
    year = campaign.year
    people = len(examples.people)
    initiatives = len(examples.initiatives)
    role_models_text = (
        f"Các đơn vị đã đăng ký {people} cá nhân phấn đấu đạt danh hiệu Chiến sĩ thi đua cấp Bộ, "
        f"Chiến sĩ thi đua toàn quốc; {initiatives} sáng kiến được công nhận có phạm vi ảnh hưởng "
        "toàn ngành hoặc toàn quốc. Các đơn vị đã quan tâm phát hiện, bồi dưỡng các điển hình "
        "tiên tiến trong thực hiện nhiệm vụ chuyên môn và tuyên truyền, nhân rộng trên Cổng "
        "thông tin điện tử của Bộ."
    )
    late = [unit.name for unit in late_units]
    shortcomings = []
    if late:
        shortcomings.append(
            f"Còn {len(late)} đơn vị chậm gửi đăng ký thi đua so với thời hạn ({_names(late)})."
        )
    if overall.not_registered:
        shortcomings.append(
            f"Đến thời điểm báo cáo, {overall.not_registered} đơn vị chưa có bản đăng ký thi "
            "đua được thẩm định."
        )
    shortcomings.append(
        "Nguyên nhân chủ yếu là một số đơn vị chưa quan tâm đúng mức đến công tác thi đua, "
        "khen thưởng; cán bộ làm công tác thi đua, khen thưởng ở nhiều đơn vị còn kiêm nhiệm."
    )
    if kind == ReportKind.YEAR_END:
        priorities = [
            f"Tổ chức phát động phong trào thi đua năm {year + 1} ngay từ đầu năm, với nội "
            "dung, tiêu chí cụ thể, gắn với nhiệm vụ chính trị của từng đơn vị.",
            "Nâng cao chất lượng hoạt động của các khối, cụm thi đua; đổi mới công tác chấm "
            "điểm, bình xét bảo đảm công khai, dân chủ, đúng quy định.",
            "Tiếp tục phát hiện, bồi dưỡng, tuyên truyền, nhân rộng các gương điển hình tiên tiến.",
        ]
    else:
        priorities = [
            f"Tiếp tục triển khai các nội dung của phong trào thi đua năm {year}; đôn đốc các "
            "đơn vị chưa hoàn thiện đăng ký thi đua.",
            "Chỉ đạo các khối, cụm thi đua tổ chức sơ kết, chấm điểm và chuẩn bị tổng kết "
            "công tác thi đua, khen thưởng cuối năm.",
            "Hướng dẫn các đơn vị chuẩn bị hồ sơ đề nghị khen thưởng cuối năm đúng thời hạn.",
        ]
    if frame.variant == ReportVariant.TO_STATE:
        recommendations = (
            f"Kính đề nghị {frame.reported_to} tiếp tục hướng dẫn thực hiện Luật Thi đua, khen "
            "thưởng và các văn bản quy định chi tiết; quan tâm xem xét, trình cấp có thẩm quyền "
            f"khen thưởng các tập thể, cá nhân tiêu biểu của {frame.issuer}."
        )
    else:
        recommendations = (
            f"Kính đề nghị {frame.reported_to} chỉ đạo thủ trưởng các đơn vị quan tâm hơn nữa "
            "đến công tác thi đua, khen thưởng, bố trí cán bộ theo dõi và gửi đăng ký, báo cáo "
            "đúng thời hạn."
        )
    return {
        "role_models": role_models_text,
        "shortcomings": "\n".join(shortcomings),
        "priorities": "\n".join(f"{n}. {text}" for n, text in enumerate(priorities, 1)),
        "recommendations": recommendations,
    }


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def annex_numbers(content: ReportContent) -> dict[str, str]:
    """The annexes the report carries, numbered I, II, … in the order they print."""
    present = [
        ("role_model_people", bool(content.role_models.people)),
        ("late", bool(content.figures.late_units)),
        ("unit_results", content.year_end is not None),
        ("proposed", bool(content.year_end and content.year_end.proposed)),
    ]
    keys = [key for key, shown in present if shown]
    return {key: ROMAN[index] for index, key in enumerate(keys)}


def annex_reference(report, frame) -> str:
    """ "(Kèm theo Báo cáo số 12/BC-TĐKTTT ngày 05/01/2027 của Vụ …)", blanks in a draft."""
    if report.is_issued:
        number, day = report.number, report.issued_on.strftime("%d/%m/%Y")
    else:
        number, day = "      ", "      "
    return f"(Kèm theo Báo cáo số {number}/{frame.symbol} ngày {day} của {frame.issuer})"
