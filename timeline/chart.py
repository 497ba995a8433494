"""chart: the plotly figure of a timeline, and its deterministic HTML fragment.

A day is a point; a coarser period (week, month, season, quarter, year, ...) is a bar spanning
exactly its interval, from its first day to the end of its last day. Traces are grouped by
granularity so the legend tells points from bars. The y axis holds rows: one per event on a
short article page, otherwise lanes (by source or article on the corpus page, by precision on
a long article page).

Above `WEBGL_FROM` items the traces are WebGL (`scattergl`): a period is then a thick line
segment instead of a bar. Each item carries its DOM anchor in `customdata[0]`;
`templates/static/timeline.js` reads it on click to scroll the event list. On pages the figure
is written `compact`: the hover words (title, expression, value, sources) are read from the
event list by the script instead of being written twice.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go

from timeline.model import Granularity

__all__ = [
    "WEBGL_FROM",
    "ChartItem",
    "ChartText",
    "chart_json",
    "chart_payload",
    "figure",
    "figure_data",
    "overview_json",
    "page_json",
]

DAY_MS = 86_400_000
WEBGL_FROM = 1000  # items; plotly's SVG traces slow down past this
ROW_PX = 26
MIN_HEIGHT, MAX_HEIGHT = 300, 900
LABEL_CHAR_PX, MAX_LABEL_PX = 7, 240
# Nested bar heights: a month drawn over its year stays visible.
BAR_WIDTH = {
    Granularity.WEEK: 0.4,
    Granularity.MONTH: 0.4,
    Granularity.SEASON: 0.52,
    Granularity.QUARTER: 0.52,
    Granularity.HALF: 0.6,
    Granularity.YEAR: 0.7,
    Granularity.DECADE: 0.8,
    Granularity.CENTURY: 0.8,
}
HOVER_TITLE_CHARS = 90
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif'
INK, MUTED, RULE = "#1d1d1b", "#5c5a55", "#e4e1da"
COLORS = {
    Granularity.DAY: "#a61e22",
    Granularity.WEEK: "#6a4c93",
    Granularity.MONTH: "#1f5f8b",
    Granularity.SEASON: "#2e7d4f",
    Granularity.QUARTER: "#9a6b12",
    Granularity.HALF: "#5e6b73",
    Granularity.YEAR: "#34495e",
    Granularity.DECADE: "#7b5544",
    Granularity.CENTURY: "#4d4d4d",
}


@dataclass(frozen=True, slots=True)
class ChartItem:
    """One placed event as drawn: its row (y label), interval (inclusive) and hover text."""

    anchor: str  # DOM id of the event in the page's list
    row: str  # y label: the event's number in the list, or its lane
    granularity: Granularity
    first: date
    last: date
    title: str
    expression: str  # as written in the article
    value: str  # normalized (TIMEX3) value
    sources: str = ""  # the articles or sources that report it


@dataclass(frozen=True, slots=True)
class ChartText:
    """The words on a chart, in the page's language (from `templates/i18n/<lang>.toml`)."""

    lang: str
    legend_title: str
    expression: str
    value: str
    granularity: Mapping[str, str]  # Granularity.value -> legend label
    months: Sequence[str]
    short_months: Sequence[str]
    sources: str = "Sources"
    dir: str = "ltr"  # of the page: a right-to-left legend reads from the right


def figure(
    items: Sequence[ChartItem],
    text: ChartText,
    *,
    compact: bool = False,
    webgl: bool | None = None,
) -> go.Figure:
    """The plotly figure: one trace per granularity, in the order of `Granularity`.

    `compact` leaves the hover words out of the data (the page's script fills them in from
    the event list); `webgl` defaults to True from `WEBGL_FROM` items on.
    """
    return go.Figure(figure_data(items, text, compact=compact, webgl=webgl))


def figure_data(
    items: Sequence[ChartItem],
    text: ChartText,
    *,
    compact: bool = False,
    webgl: bool | None = None,
) -> dict[str, Any]:
    """The figure as plain data (`{"data": [...], "layout": {...}}`), as plotly's
    `Figure.to_plotly_json()` gives it, without the cost of plotly's validation (tens of
    milliseconds a chart, which a site of thousands of pages cannot afford)."""
    if webgl is None:
        webgl = len(items) >= WEBGL_FROM
    hover = (
        "<b>%{customdata[1]}</b><br>"
        f"{html.escape(text.expression)}: %{{customdata[2]}}<br>"
        f"{html.escape(text.value)}: %{{customdata[3]}}<br>"
        f"{html.escape(text.sources)}: %{{customdata[4]}}<extra></extra>"
    )
    traces = []
    # Coarse periods first, so that finer ones are drawn over them; the legend lists them
    # from the finest (day) on.
    for granularity in reversed(Granularity):
        group = [item for item in items if item.granularity is granularity]
        if group:
            traces.append(_trace(granularity, group, text, hover, compact=compact, webgl=webgl))
    first, last = _x_range(items)
    rows = list(dict.fromkeys(item.row for item in items))
    # Room for the longest row label (lane names): plotly's automargin does not always see it.
    left = min(MAX_LABEL_PX, 16 + LABEL_CHAR_PX * max((len(r) for r in rows), default=2))
    layout = {
        "template": {"data": {"scatter": [{"type": "scatter"}]}},  # plotly's "none"
        "height": max(MIN_HEIGHT, min(MAX_HEIGHT, 150 + ROW_PX * len(rows))),
        "margin": {"l": left, "r": 16, "t": 48, "b": 24},
        "font": {"family": FONT, "size": 13, "color": INK},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "#ffffff",
        "barmode": "overlay",
        "dragmode": "zoom",
        "hovermode": "closest",
        "hoverlabel": {"font": {"family": FONT, "size": 13}, "align": "auto"},
        "showlegend": True,
        "legend": _legend(text),
        "xaxis": {
            "type": "date",
            "range": [first.isoformat(), last.isoformat()],
            "showgrid": True,
            "gridcolor": RULE,
            "linecolor": MUTED,
            "ticks": "outside",
            "tickcolor": MUTED,
            "rangeslider": {
                "visible": True,
                "thickness": 0.08,
                "range": [first.isoformat(), last.isoformat()],
                "bgcolor": "#f4f2ee",
            },
        },
        "yaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": rows,
            "autorange": "reversed",
            "automargin": True,
            "fixedrange": True,
            "showgrid": True,
            "gridcolor": "#f0eee9",
            "tickfont": {"color": MUTED, "size": 11},
        },
    }
    return {"data": traces, "layout": layout}


def _legend(text: ChartText) -> dict[str, Any]:
    """The legend above the plot, from the finest precision (day) on, in the reading order
    of the page: the chart's axes read left to right in every language, but an Arabic
    reader starts a row of words at the right, so there the legend is anchored to the right,
    its title above its entries and the day entry rightmost."""
    rtl = text.dir == "rtl"
    return {
        "orientation": "h",
        "x": 1 if rtl else 0,
        "xanchor": "right" if rtl else "left",
        "y": 1.0,
        "yanchor": "bottom",
        "traceorder": "normal" if rtl else "reversed",
        "title": {
            "text": text.legend_title,
            "font": {"color": MUTED},
            **({"side": "top right"} if rtl else {}),
        },
    }


def _trace(
    granularity: Granularity,
    group: Sequence[ChartItem],
    text: ChartText,
    hover: str,
    *,
    compact: bool,
    webgl: bool,
) -> dict[str, Any]:
    common: dict[str, Any] = {
        "name": text.granularity.get(granularity.value, granularity.value),
        "legendgroup": granularity.value,
        "hovertemplate": hover,
    }
    data = [[item.anchor] if compact else _customdata(item) for item in group]
    color = COLORS[granularity]
    if granularity is Granularity.DAY:
        return {
            "type": "scattergl" if webgl else "scatter",
            "x": [item.first.isoformat() for item in group],
            "y": [item.row for item in group],
            "customdata": data,
            "mode": "markers",
            "marker": {
                "size": 9 if webgl else 11,
                "color": color,
                "line": {"color": "#fff", "width": 1.5},
            },
            **common,
        }
    if webgl:
        # WebGL has no bars: each period is a thick segment, its two ends carrying the hover.
        xs: list[str | None] = []
        ys: list[str | None] = []
        segment_data: list[list[str] | None] = []
        for item, custom in zip(group, data, strict=True):
            xs += [item.first.isoformat(), (item.last + timedelta(days=1)).isoformat(), None]
            ys += [item.row, item.row, None]
            segment_data += [custom, custom, None]
        return {
            "type": "scattergl",
            "x": xs,
            "y": ys,
            "customdata": segment_data,
            "mode": "lines",
            "line": {"color": color, "width": 8},
            "opacity": 0.78,
            "connectgaps": False,
            **common,
        }
    return {
        "type": "bar",
        "orientation": "h",
        "base": [item.first.isoformat() for item in group],
        "x": [((item.last - item.first).days + 1) * DAY_MS for item in group],
        "y": [item.row for item in group],
        "customdata": data,
        "width": BAR_WIDTH.get(granularity, 0.6),
        "marker": {"color": color, "opacity": 0.8, "line": {"width": 0}},
        **common,
    }


def chart_json(
    items: Sequence[ChartItem], text: ChartText, *, compact: bool = True
) -> dict[str, Any]:
    """The figure and plotly config as plain JSON data, keys sorted (byte-stable output).

    The page's script draws it with `Plotly.newPlot(div, data, layout, config)`.
    """
    return json.loads(chart_payload(items, text, compact=compact)[0])


def chart_payload(
    items: Sequence[ChartItem], text: ChartText, *, compact: bool = True
) -> tuple[str, int, bool]:
    """`chart_json` as the JSON text a page holds (compact, keys sorted, not ASCII-escaped),
    with the figure's height in pixels and whether it draws with WebGL."""
    fig_dict = figure_data(items, text, compact=compact)
    locale = {"format": {"months": list(text.months), "shortMonths": list(text.short_months)}}
    config = {
        "displaylogo": False,
        "locale": text.lang,
        "locales": {text.lang: locale},
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
        "responsive": True,
        "scrollZoom": False,
        "showSendToCloud": False,
    }
    plain = {"data": fig_dict["data"], "layout": fig_dict["layout"], "config": config}
    webgl = any(trace["type"] == "scattergl" for trace in fig_dict["data"])
    return page_json(plain), int(fig_dict["layout"]["height"]), webgl


def page_json(plain: dict[str, Any]) -> str:
    """A figure as the JSON text a page holds: compact, keys sorted, not ASCII-escaped."""
    return json.dumps(
        plain, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_jsonable
    )


def _jsonable(value: object) -> object:
    tolist = getattr(value, "tolist", None)  # numpy arrays that plotly may keep
    if tolist is not None:
        return tolist()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _customdata(item: ChartItem) -> list[str]:
    title = item.title
    if len(title) > HOVER_TITLE_CHARS:
        title = title[: HOVER_TITLE_CHARS - 1].rstrip() + "…"
    # plotly renders a subset of HTML in hover labels: escape what comes from articles.
    return [
        item.anchor,
        html.escape(title),
        html.escape(item.expression),
        html.escape(item.value),
        html.escape(item.sources),
    ]


def _x_range(items: Sequence[ChartItem]) -> tuple[date, date]:
    """The initial x range: all items with a margin of 4% of the span (at least 10 days)."""
    if not items:
        start = date(2000, 1, 1)  # an empty chart is never drawn on a page; any range will do
        return start, start + timedelta(days=365)
    first = min(item.first for item in items)
    last = max(item.last for item in items) + timedelta(days=1)
    pad = max(timedelta(days=10), (last - first) * 0.04)
    return first - pad, last + pad


OVERVIEW_HEIGHT = 170


def overview_json(bars: Sequence[tuple[int, int, str]], hover: str) -> dict[str, Any]:
    """The overview of a corpus timeline written over several pages: one bar per year, as
    high as the number of events that begin in it, and the address of the page where they
    begin (`bars`: year, count, address). `hover` says "{year}: {count} events" in the
    page's language, with plotly's `%{x}` and `%{y}` in place of the numbers."""
    data = [
        {
            "type": "bar",
            "x": [year for year, _, _ in bars],
            "y": [count for _, count, _ in bars],
            "customdata": [[href, str(year)] for year, _, href in bars],
            "hovertemplate": hover + "<extra></extra>",
            "marker": {"color": COLORS[Granularity.YEAR]},
        }
    ]
    layout = {
        "height": OVERVIEW_HEIGHT,
        "margin": {"l": 40, "r": 10, "t": 10, "b": 30},
        "font": {"family": FONT, "color": INK, "size": 12},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "xaxis": {"tickformat": "d", "gridcolor": RULE, "fixedrange": True},
        "yaxis": {"gridcolor": RULE, "fixedrange": True, "rangemode": "tozero"},
        "bargap": 0.15,
        "showlegend": False,
    }
    config = {"displayModeBar": False, "responsive": True}
    return {"data": data, "layout": layout, "config": config}
