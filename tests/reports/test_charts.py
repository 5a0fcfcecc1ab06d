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


def patterns_markup(svg):
    return "".join(re.findall(r"<pattern .*?</pattern>", svg, re.S))


def _ids(svg):
    return re.findall(r'\bid="([^"]+)"', svg)


def test_document_charts_name_the_serif_font_title_their_axes_and_fill_with_patterns():
    with translation.override("en"):
        svg = charts.status_by_group_chart(
            _groups(),
            title="Emulation clusters",
            font_family=charts.DOCUMENT_FONT,
            monochrome=True,
        )

    families = set(re.findall(r"font-family: ([^;\"]+)", svg))
    assert families == {"'Tinos', 'Times New Roman', serif"}
    # Both axes say what they are: the number of units, and the blocs or clusters.
    assert re.search(r"<text[^>]*>Number of units</text>", svg)
    assert re.search(r"<text[^>]*>Emulation clusters</text>", svg)
    # One pattern per hatched status, each used (by a bar or the legend): drafts (dots),
    # submitted (diagonal), returned (horizontal), amending (crossed); solid black for
    # approved, white with a black outline for not started.
    patterns = re.findall(r'<pattern id="([^"]+)"', svg)
    assert len(patterns) == len(set(patterns)) == 4
    assert "<circle " in patterns_markup(svg)  # the dots, one per tile
    for pattern in patterns:
        assert f"url(#{pattern})" in svg
    fills = set(re.findall(r"fill: (#[0-9a-f]{6}|url\(#[^)]+\))", svg))
    assert "#000000" in fills and "#ffffff" in fills
    assert not {"#198754", "#0d6efd"} & fills  # no colour in the document
    # Legend: every status, named.
    for status in (
        "Not started",
        "Draft",
        "Submitted",
        "Returned for changes",
        "Approved",
        "Being amended",
    ):
        assert re.search(rf"<text[^>]*>{status}</text>", svg)
    # No text under 9 pt, and the page prints the chart no narrower than drawn (150 mm).
    sizes = [float(size) for size in re.findall(r"font-size: ([\d.]+)px", svg)]
    assert sizes and min(sizes) >= 9
    width = float(re.search(r'<svg [^>]*width="([\d.]+)pt"', svg).group(1))
    assert width <= 150 / 25.4 * 72


def test_screen_charts_keep_the_sans_font_and_colours_and_stay_accessible():
    svg = charts.status_by_group_chart(_groups(), title="Cụm thi đua")

    assert set(re.findall(r"font-family: ([^;\"]+)", svg)) == {"'DejaVu Sans', sans-serif"}
    assert "#198754" in svg  # approved, as its badge
    assert re.search(r'<svg [^>]*role="img"', svg)
    assert "<title>Cụm thi đua</title>" in svg


def test_charts_in_one_page_share_no_id(campaign):
    figures = dashboard_figures(campaign)
    with translation.override("vi"):
        drawn = charts.dashboard_charts(figures)

    ids = [name for svg in drawn.values() for name in _ids(svg)]
    assert len(ids) == len(set(ids))
    for svg in drawn.values():
        references = re.findall(r'(?:url\(#|href="#)([^")]+)', svg)
        assert set(references) <= set(_ids(svg))  # every reference resolves inside its chart
        assert "'Tinos', 'Times New Roman', serif" in svg  # the reports' default


def test_titles_and_completion_charts_title_their_axes_in_the_document_style():
    style = {"font_family": charts.DOCUMENT_FONT, "monochrome": True}
    with translation.override("en"):
        titles = charts.titles_chart(
            [TitleRow("TTLDXS", "Tập thể lao động xuất sắc", "TTLĐXS", "collective", 5, 2)],
            [TitleRow("CSTDCS", "Chiến sĩ thi đua cơ sở", "CSTĐCS", "individual", 40, 3)],
            **style,
        )
        completion = charts.completion_chart(
            [
                PeriodResults("six_month", "Six months", results_reported=3, buckets={"lt50": 3}),
                PeriodResults("year_end", "Year end", results_reported=2, buckets={"gte100": 2}),
            ],
            **style,
        )

    for label in ("Number of collectives", "Number of individuals", "Titles"):
        assert re.search(rf"<text[^>]*>{label}</text>", titles), label
    for label in ("Number of results reported", "Completion of targets"):
        assert re.search(rf"<text[^>]*>{label}</text>", completion), label
    # Two series each: solid black and one hatch, named in the legend.
    for svg, legend in (
        (titles, ("Approved", "Awaiting review")),
        (completion, ("Six months", "Year end")),
    ):
        assert svg.count("<pattern ") == 1
        assert "fill: #000000" in svg
        for label in legend:
            assert re.search(rf"<text[^>]*>{label}</text>", svg), label
