"""Charts of the dashboard as SVG markup, drawn by matplotlib: the same functions serve the
web page (inline SVG) and the PDF reports (WeasyPrint reads inline SVG too).

Each function takes figures from ``reports.selectors.dashboard`` and returns an ``<svg>`` element as a
string. Text stays text (``svg.fonttype: none``) so that it takes the font it names: the
document's serif (Tinos, metric-compatible with Times New Roman, ``static/css/official-document.css``)
in the reports, measured with Tinos itself; the screen's sans on the dashboard, measured with
DejaVu Sans (shipped with matplotlib, which covers Vietnamese). Only matplotlib's
object-oriented API is used (no pyplot): each call draws its own ``Figure``, so requests in
different threads never share a figure.

Every chart reads in black and white: each series has its own fill pattern (solid black,
hatching, dots, white with a black outline), named in a legend; the reports print them in
black on white, the dashboard keeps the colours of the status badges under the same patterns.
Each axis says what it counts. The ids inside an SVG are prefixed with a hash of the chart, so
several charts sit in one page without sharing an id.
"""

import functools
import hashlib
import io
import re
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

import matplotlib
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text
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

# The font families the SVG names: the official documents' serif, the screen's sans.
DOCUMENT_FONT = ("Tinos", "Times New Roman", "serif")
SCREEN_FONT = ("DejaVu Sans", "sans-serif")
DOCUMENT_FONT_FILES = (
    "fonts/tinos-full/Tinos_400Regular.ttf",
    "fonts/tinos-full/Tinos_700Bold.ttf",
)

# Fill patterns (matplotlib hatches) that tell the series apart in black and white.
SOLID, WHITE = "solid", "white"
STATUS_PATTERNS = {
    "not_started": WHITE,
    "draft": "...",
    "submitted": "////",
    "returned": "---",
    "approved": SOLID,
    "amending": "xx",
}
# The colours of the status badges (static/css/portal.css), on the dashboard only.
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
PERIOD_PATTERNS = (SOLID, "////")
INK = "black"

Link = Callable[..., str | None]
# Inches: about the width of half a desktop page, so that text keeps its size when shown; the
# reports print the charts 150 mm wide (templates/reports/pdf/report.html), a little wider, so
# text of 10 pt here prints at no less than 10 pt.
WIDTH = 5.2
TEXT_SIZE = 10  # points, before the page scales the SVG
SMALL_SIZE = 9  # numbers on the bars, legends


GENERIC_FAMILIES = ("serif", "sans-serif", "monospace")


@functools.cache
def _measured_family(font_family: tuple[str, ...]) -> str:
    """The first of ``font_family`` matplotlib can measure text with (Tinos from the static
    files, registered here once), else DejaVu Sans."""
    for name in DOCUMENT_FONT_FILES:
        path = finders.find(name)
        if path:
            font_manager.fontManager.addfont(path)
    known = {font.name for font in font_manager.fontManager.ttflist}
    return next((family for family in font_family if family in known), "DejaVu Sans")


def _css_family(font_family: Sequence[str]) -> str:
    return ", ".join(
        family if family in GENERIC_FAMILIES else f"'{family}'" for family in font_family
    )


def _fill(pattern: str, colour: str | None, monochrome: bool) -> dict:
    """Bar keyword arguments for a series drawn with ``pattern`` (and ``colour`` on screen)."""
    on_paper = INK if pattern == SOLID else "white"
    face = on_paper if monochrome else colour or PRIMARY
    hatch = None if pattern in (SOLID, WHITE) else pattern
    return {"facecolor": face, "edgecolor": INK, "linewidth": 0.6, "hatch": hatch}


def _value_label(axes, x, y, value, font_size=SMALL_SIZE, **kwargs):
    """A number over a bar, on a white ground so that it reads over any pattern."""
    axes.text(
        x,
        y,
        str(value),
        color=INK,
        fontsize=font_size,
        bbox={"boxstyle": "square,pad=0.12", "facecolor": "white", "edgecolor": "none"},
        **kwargs,
    )


_ID = re.compile(r'\bid="([^"]+)"')
_FONT_FAMILY = re.compile(r"font-family: [^;\"]+")
# matplotlib draws a dotted hatch as hundreds of curves (150 kB a pattern): one dot per tile.
_DOTS = re.compile(
    r'(<pattern id="[^"]+" patternUnits="userSpaceOnUse") x="0" y="0" width="72" height="72">'
    r'\s*<rect [^>]*fill="([^"]+)"/>\s*<path d="M [^"]*\sC [^"]*"[^>]*/>\s*</pattern>'
)


def _compact_dots(match: re.Match) -> str:
    head, ground = match.group(1), match.group(2)
    return (
        f'{head} x="0" y="0" width="4" height="4">'
        f'<rect x="0" y="0" width="4" height="4" fill="{ground}"/>'
        f'<circle cx="2" cy="2" r="0.7" fill="{INK}"/></pattern>'
    )


def _svg(figure: Figure, label: str, font_family: Sequence[str] = SCREEN_FONT) -> str:
    family = _measured_family(tuple(font_family))
    for axes in figure.axes:
        axes.tick_params(labelfontfamily=family, labelsize=TEXT_SIZE)
    figure.draw_without_rendering()  # makes the tick labels, so that they take the font too
    for text in figure.findobj(Text):
        text.set_fontfamily(family)  # measured in it; the SVG names the whole list
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    markup = buffer.getvalue()
    markup = markup[markup.index("<svg") :]
    markup = _FONT_FAMILY.sub("font-family: " + _css_family(font_family), markup)
    markup = _DOTS.sub(_compact_dots, markup)
    markup = _unique_ids(markup)
    markup = markup.replace(
        "<svg ", f'<svg class="portal-chart" role="img" aria-label={quoteattr(label)} ', 1
    )
    opening_end = markup.index(">") + 1
    return markup[:opening_end] + f"\n <title>{escape(label)}</title>" + markup[opening_end:]


def _unique_ids(markup: str) -> str:
    """Prefix every id (and every reference to one) with a hash of the chart."""
    prefix = "c" + hashlib.sha256(markup.encode()).hexdigest()[:8] + "-"
    ids = set(_ID.findall(markup))
    if not ids:
        return markup

    def prefixed(match: re.Match) -> str:
        head, name = match.group(1), match.group(2)
        return f"{head}{prefix}{name}" if name in ids else match.group(0)

    markup = re.sub(r'(\bid=")([^"]+)', prefixed, markup)
    markup = re.sub(r"(url\(#)([^)]+)", prefixed, markup)
    return re.sub(r'((?:xlink:)?href="#)([^"]+)', prefixed, markup)


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
    axes.text(0.5, 0.5, message, ha="center", va="center", color="#6c757d", fontsize=TEXT_SIZE)


@_memoised
def status_by_group_chart(
    rows: Sequence[StatusRow],
    *,
    title: str = "",
    link: Link | None = None,
    font_family: Sequence[str] = SCREEN_FONT,
    monochrome: bool = False,
) -> str:
    """Stacked horizontal bars: one bar per bloc or cluster (the category axis, named
    ``title``), the number of units along the other, one pattern per status.

    ``link(row, status)`` may return the URL of the list behind a segment (SVG links).
    """
    title = title or _("Units by status")
    no_data = _("No data yet.")
    rows = [row for row in rows if row.total]
    height = 1.6 + 0.36 * max(len(rows), 1)
    figure = Figure(figsize=(WIDTH, height), layout="constrained")
    if not rows:
        _empty(figure, no_data)
        return _svg(figure, title, font_family)
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
            label=status_label(status),
            height=0.7,
            **_fill(STATUS_PATTERNS.get(status, WHITE), STATUS_COLOURS.get(status), monochrome),
        )
        for bar, row, value in zip(bars, rows, values, strict=True):
            if link and value:
                bar.set_url(link(row, status))
            if value:
                _value_label(
                    axes,
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    value,
                    ha="center",
                    va="center",
                )
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(list(positions), labels)
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(_("Number of units"), fontsize=TEXT_SIZE)
    axes.set_ylabel(title, fontsize=TEXT_SIZE)
    figure.legend(loc="outside upper center", ncols=3, frameon=False, fontsize=SMALL_SIZE)
    return _svg(figure, title, font_family)


@_memoised
def titles_chart(
    collective: Sequence[TitleRow],
    individual: Sequence[TitleRow],
    *,
    font_family: Sequence[str] = SCREEN_FONT,
    monochrome: bool = False,
) -> str:
    """Titles aimed for, by title (the category axis): collectives and individuals side by
    side (own scales, each counting its own), approved and awaiting review stacked."""
    title, no_data = _("Titles registered"), _("No data yet.")
    approved_label, awaiting_label = _("Approved"), _("Awaiting review")
    panels_spec = (
        (_("Collectives"), _("Number of collectives"), collective),
        (_("Individuals"), _("Number of individuals"), individual),
    )
    groups = [
        (label, axis_label, [row for row in rows if row.approved or row.awaiting])
        for label, axis_label, rows in panels_spec
    ]
    count = max((len(rows) for _label, _axis, rows in groups), default=0)
    figure = Figure(figsize=(WIDTH, 1.6 + 0.44 * max(count, 1)), layout="constrained")
    if not count:
        _empty(figure, no_data)
        return _svg(figure, title, font_family)
    panels = figure.subplots(1, 2)
    for index, (axes, (label, axis_label, rows)) in enumerate(zip(panels, groups, strict=True)):
        axes.set_title(label, fontsize=TEXT_SIZE, loc="left")
        if not rows:
            axes.set_axis_off()
            axes.text(
                0.5, 0.5, no_data, ha="center", va="center", color="#6c757d", fontsize=TEXT_SIZE
            )
            continue
        positions = range(len(rows))
        approved = [row.approved for row in rows]
        awaiting = [row.awaiting for row in rows]
        axes.barh(
            positions,
            approved,
            label=approved_label,
            height=0.65,
            **_fill(SOLID, PRIMARY, monochrome),
        )
        axes.barh(
            positions,
            awaiting,
            left=approved,
            label=awaiting_label,
            height=0.65,
            **_fill("////", LIGHT, monochrome),
        )
        for position, (done, pending) in enumerate(zip(approved, awaiting, strict=True)):
            axes.text(
                done + pending,
                position,
                f"  {done + pending}",
                va="center",
                fontsize=SMALL_SIZE,
                color=INK,
            )
        axes.set_yticks(list(positions), [row.short for row in rows])
        axes.invert_yaxis()
        axes.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
        axes.margins(x=0.18)
        axes.set_xlabel(axis_label, fontsize=TEXT_SIZE)
        if index == 0:
            axes.set_ylabel(_("Titles"), fontsize=TEXT_SIZE)
    # Both series in the legend, whichever panel has bars.
    handles, labels = [], []
    for axes in panels:
        for handle, text in zip(*axes.get_legend_handles_labels(), strict=True):
            if text not in labels:
                handles.append(handle)
                labels.append(text)
    figure.legend(
        handles, labels, loc="outside upper center", ncols=2, frameon=False, fontsize=SMALL_SIZE
    )
    return _svg(figure, title, font_family)


@_memoised
def completion_chart(
    periods: Sequence[PeriodResults],
    *,
    font_family: Sequence[str] = SCREEN_FONT,
    monochrome: bool = False,
) -> str:
    """Reported results by completion bucket (the category axis), one bar per period."""
    title, no_data = _("Completion of targets"), _("No results reported yet.")
    axis_label = _("Number of results reported")
    periods = [period for period in periods if period.results_reported]
    figure = Figure(figsize=(WIDTH, 2.9 if periods else 0.8), layout="constrained")
    if not periods:
        _empty(figure, no_data)
        return _svg(figure, title, font_family)
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
            label=period.label,
            **_fill(
                PERIOD_PATTERNS[index % len(PERIOD_PATTERNS)],
                PERIOD_COLOURS[index % len(PERIOD_COLOURS)],
                monochrome,
            ),
        )
        axes.bar_label(bars, fontsize=SMALL_SIZE, padding=2, color=INK)
    axes.set_xticks(range(len(keys)), [completion_bucket_label(key) for key in keys])
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel(axis_label, fontsize=TEXT_SIZE)
    axes.set_xlabel(title, fontsize=TEXT_SIZE)
    axes.margins(y=0.15)
    axes.legend(frameon=False, fontsize=SMALL_SIZE)
    return _svg(figure, title, font_family)


def dashboard_charts(
    figures,
    link: Callable | None = None,
    *,
    font_family: Sequence[str] = DOCUMENT_FONT,
    monochrome: bool = True,
) -> dict[str, str]:
    """The four charts of the reports to the Minister and of the dashboard: by default as the
    documents print them (serif, black and white); the dashboard asks for ``SCREEN_FONT`` and
    colours. ``link`` gives each bloc's or cluster's bar the address of the list behind it
    (the web page only)."""
    style = {"font_family": tuple(font_family), "monochrome": monochrome}
    return {
        "blocs": status_by_group_chart(
            figures.blocs, title=_("Emulation blocs"), link=link, **style
        ),
        "clusters": status_by_group_chart(
            figures.clusters, title=_("Emulation clusters"), link=link, **style
        ),
        "titles": titles_chart(figures.collective_titles, figures.individual_titles, **style),
        "completion": completion_chart(figures.periods, **style),
    }
