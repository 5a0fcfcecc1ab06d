"""Charts of the dashboard as SVG markup, drawn by matplotlib: the same functions serve the
web page (inline SVG) and the PDF reports (WeasyPrint reads inline SVG too).

Each function takes figures from ``reports.selectors.dashboard`` and returns an ``<svg>`` element as a
string. Text stays text (``svg.fonttype: none``) so that it takes the font of the page or of the
PDF (Vietnamese included); layout is measured with DejaVu Sans, shipped with matplotlib, which
covers Vietnamese. Only matplotlib's object-oriented API is used (no pyplot): each call draws
its own ``Figure``, so requests in different threads never share a figure.
"""

import functools
import hashlib
import io
from collections.abc import Callable, Sequence
from xml.sax.saxutils import quoteattr

import matplotlib
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..selectors.dashboard import (
    COMPLETION_BUCKETS,
    STATUS_KEYS,
    PeriodResults,
    StatusRow,
    TitleRow,
    completion_bucket_label,
    status_label,
)

# Read when a figure is saved; set once for the process (no pyplot state is involved).
matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "emulation-portal",
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "font.size": 10,
        "axes.edgecolor": "#adb5bd",
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

# The colours of the status badges (static/css/portal.css).
STATUS_COLOURS = {
    "not_started": "#adb5bd",
    "draft": "#6c757d",
    "submitted": "#0d6efd",
    "returned": "#fd7e14",
    "approved": "#198754",
    "amending": "#6f42c1",
}
PRIMARY = "#0b4f8a"
LIGHT = "#8fb3d9"
PERIOD_COLOURS = ("#0b4f8a", "#8fb3d9")

Link = Callable[..., str | None]
# Inches: about the width of half a desktop page, so that text keeps its size when shown.
WIDTH = 5.2


def _svg(figure: Figure, label: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    markup = buffer.getvalue()
    markup = markup[markup.index("<svg") :]
    return markup.replace(
        "<svg ", f'<svg class="portal-chart" role="img" aria-label={quoteattr(label)} ', 1
    )


# Drawing is most of the dashboard's time and grows with the number of groups, while the
# figures change only when a unit acts: an SVG is kept under a hash of everything it is drawn
# from (the figures, the links, the language), so a change draws afresh and nothing goes stale.
CHART_CACHE_SECONDS = 24 * 60 * 60


def _memoised(draw: Callable[..., str]) -> Callable[..., str]:
    @functools.wraps(draw)
    def wrapper(*args, link: Link | None = None, **kwargs) -> str:
        links = None
        if link is not None:
            links = [[link(row, status) for status in STATUS_KEYS] for row in args[0]]
        source = repr((draw.__name__, args, sorted(kwargs.items()), links, get_language()))
        key = "chart:" + hashlib.sha256(source.encode()).hexdigest()
        svg = cache.get(key)
        if svg is None:
            svg = draw(*args, link=link, **kwargs) if link is not None else draw(*args, **kwargs)
            cache.set(key, svg, CHART_CACHE_SECONDS)
        return svg

    return wrapper


def _empty(figure: Figure, message: str) -> None:
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.text(0.5, 0.5, message, ha="center", va="center", color="#6c757d")


@_memoised
def status_by_group_chart(
    rows: Sequence[StatusRow], *, title: str = "", link: Link | None = None
) -> str:
    """Stacked horizontal bars: one bar per bloc or cluster, one colour per status.

    ``link(row, status)`` may return the URL of the list behind a segment (SVG links).
    """
    title = title or _("Units by status")
    no_data = _("No data yet.")
    rows = [row for row in rows if row.total]
    height = 1.3 + 0.34 * max(len(rows), 1)
    figure = Figure(figsize=(WIDTH, height), layout="constrained")
    if not rows:
        _empty(figure, no_data)
        return _svg(figure, title)
    axes = figure.add_subplot()
    labels = [row.short_label for row in rows]
    positions = range(len(rows))
    left = [0] * len(rows)
    for status in STATUS_KEYS:
        values = [row.counts.get(status, 0) for row in rows]
        bars = axes.barh(
            positions,
            values,
            left=left,
            color=STATUS_COLOURS.get(status, PRIMARY),
            label=status_label(status),
            height=0.7,
        )
        for bar, row, value in zip(bars, rows, values, strict=True):
            if link and value:
                bar.set_url(link(row, status))
            if value:
                axes.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    str(value),
                    ha="center",
                    va="center",
                    color="white",
                    fontsize=9,
                )
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(list(positions), labels)
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(title)
    figure.legend(loc="outside upper center", ncols=3, frameon=False, fontsize=9)
    return _svg(figure, title)


@_memoised
def titles_chart(collective: Sequence[TitleRow], individual: Sequence[TitleRow]) -> str:
    """Titles aimed for, by title: collective and individual side by side (own scales),
    approved and awaiting review stacked."""
    title, no_data = _("Titles registered"), _("No data yet.")
    approved_label, awaiting_label = _("Approved"), _("Awaiting review")
    collective_label, individual_label = _("Collectives"), _("Individuals")
    groups = [
        (label, [row for row in rows if row.approved or row.awaiting])
        for label, rows in ((collective_label, collective), (individual_label, individual))
    ]
    count = max((len(rows) for _label, rows in groups), default=0)
    figure = Figure(figsize=(WIDTH, 1.2 + 0.42 * max(count, 1)), layout="constrained")
    if not count:
        _empty(figure, no_data)
        return _svg(figure, title)
    panels = figure.subplots(1, 2)
    for axes, (label, rows) in zip(panels, groups, strict=True):
        axes.set_title(label, fontsize=9, loc="left")
        if not rows:
            axes.set_axis_off()
            axes.text(0.5, 0.5, no_data, ha="center", va="center", color="#6c757d")
            continue
        positions = range(len(rows))
        approved = [row.approved for row in rows]
        awaiting = [row.awaiting for row in rows]
        axes.barh(positions, approved, color=PRIMARY, label=approved_label, height=0.65)
        axes.barh(
            positions, awaiting, left=approved, color=LIGHT, label=awaiting_label, height=0.65
        )
        for position, (done, pending) in enumerate(zip(approved, awaiting, strict=True)):
            axes.text(done + pending, position, f"  {done + pending}", va="center", fontsize=9)
        axes.set_yticks(list(positions), [row.short for row in rows])
        axes.invert_yaxis()
        axes.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
        axes.margins(x=0.18)
    handles, labels = panels[0].get_legend_handles_labels()
    if not handles:
        handles, labels = panels[1].get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside upper center", ncols=2, frameon=False, fontsize=9)
    return _svg(figure, title)


@_memoised
def completion_chart(periods: Sequence[PeriodResults]) -> str:
    """Reported results by completion bucket, one bar per period."""
    title, no_data = _("Completion of targets"), _("No results reported yet.")
    axis_label = _("Results reported")
    periods = [period for period in periods if period.results_reported]
    figure = Figure(figsize=(WIDTH, 2.6 if periods else 0.8), layout="constrained")
    if not periods:
        _empty(figure, no_data)
        return _svg(figure, title)
    axes = figure.add_subplot()
    keys = [key for key, _low, _high in COMPLETION_BUCKETS]
    width = 0.8 / len(periods)
    for index, period in enumerate(periods):
        offset = (index - (len(periods) - 1) / 2) * width
        values = [period.buckets.get(key, 0) for key in keys]
        bars = axes.bar(
            [position + offset for position in range(len(keys))],
            values,
            width=width * 0.95,
            color=PERIOD_COLOURS[index % len(PERIOD_COLOURS)],
            label=period.label,
        )
        axes.bar_label(bars, fontsize=9, padding=2)
    axes.set_xticks(range(len(keys)), [completion_bucket_label(key) for key in keys])
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel(axis_label)
    axes.margins(y=0.15)
    axes.legend(frameon=False, fontsize=9)
    return _svg(figure, title)


def dashboard_charts(figures, link: Callable | None = None) -> dict[str, str]:
    """The four charts of the dashboard and of the reports to the Minister; ``link`` gives
    each bloc's or cluster's bar the address of the list behind it (the web page only)."""
    return {
        "blocs": status_by_group_chart(figures.blocs, title=_("Emulation blocs"), link=link),
        "clusters": status_by_group_chart(
            figures.clusters, title=_("Emulation clusters"), link=link
        ),
        "titles": titles_chart(figures.collective_titles, figures.individual_titles),
        "completion": completion_chart(figures.periods),
    }
