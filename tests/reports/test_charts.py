"""The charts are SVG drawn by matplotlib, keep their (Vietnamese) text as text, link to the
lists behind the bars and can be drawn from several threads at once."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils import translation

from registrations.workflow import Status
from reports.documents import charts
from reports.selectors.dashboard import (
    PeriodResults,
    StatusRow,
    TitleRow,
    dashboard_figures,
)

pytestmark = pytest.mark.django_db


def _groups():
    return [
        StatusRow(
            key="1",
            label="Cụm thi đua IX - Đồng bằng sông Cửu Long",
            counts={"not_started": 2, Status.DRAFT: 1, Status.APPROVED: 4},
            kind="cluster",
            group_id=1,
        ),
        StatusRow(
            key="2",
            label="Khối I - Các Vụ",
            counts={Status.SUBMITTED: 3},
            kind="bloc",
            group_id=2,
        ),
    ]


def test_status_chart_keeps_vietnamese_text_and_links_its_bars():
    with translation.override("vi"):
        svg = charts.status_by_group_chart(
            _groups(),
            title="Cụm thi đua",
            link=lambda row, status: f"/q?g={row.group_id}&s={status}",
        )

    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    assert 'class="portal-chart"' in svg and 'aria-label="Cụm thi đua"' in svg
    assert re.search(r"<text[^>]*>Cụm thi đua IX</text>", svg)
    assert re.search(r"<text[^>]*>Chưa bắt đầu</text>", svg)  # the legend, translated
    assert 'href="/q?g=1&amp;s=approved"' in svg
    assert 'href="/q?g=2&amp;s=submitted"' in svg
    assert "/q?g=2&amp;s=draft" not in svg  # no bar, no link


def test_titles_and_completion_charts():
    titles = charts.titles_chart(
        [TitleRow("TTLDXS", "Tập thể lao động xuất sắc", "TTLĐXS", "collective", 5, 2)],
        [TitleRow("CSTDCS", "Chiến sĩ thi đua cơ sở", "CSTĐCS", "individual", 40, 0)],
    )
    completion = charts.completion_chart(
        [
            PeriodResults(
                "six_month",
                "Kết quả 6 tháng",
                results_reported=7,
                buckets={"lt50": 1, "50to80": 2, "80to100": 0, "gte100": 4},
            ),
            PeriodResults("year_end", "Kết quả cuối năm"),
        ]
    )

    assert re.search(r"<text[^>]*>TTLĐXS</text>", titles)
    assert re.search(r"<text[^>]*>CSTĐCS</text>", titles)
    assert re.search(r"<text[^>]*>Kết quả 6 tháng</text>", completion)
    assert "Kết quả cuối năm" not in completion  # a period with no result has no bar


def test_charts_without_data_say_so():
    with translation.override("en"):
        for svg in (
            charts.status_by_group_chart([]),
            charts.titles_chart([], []),
            charts.completion_chart([]),
        ):
            assert svg.startswith("<svg ")
            assert "No " in svg


def test_charts_drawn_in_threads_equal_those_drawn_one_by_one(campaign):
    figures = dashboard_figures(campaign)

    def draw(_):
        with translation.override("vi"):
            return (
                charts.status_by_group_chart(figures.blocs),
                charts.status_by_group_chart(figures.clusters),
                charts.titles_chart(figures.collective_titles, figures.individual_titles),
            )

    expected = draw(None)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(draw, range(8)))

    assert all(result == expected for result in results)
