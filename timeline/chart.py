"""chart: the plotly figure of a timeline, as a deterministic HTML fragment.

One row per event, earliest at the top. A day is a point; a coarser period (week, month,
season, quarter, year, ...) is a bar spanning exactly its interval, from its first day to the
end of its last day. Traces are grouped by granularity so the legend tells points from bars.
Each item carries its DOM anchor in `customdata[0]`; `templates/static/timeline.js` reads it
on click to scroll the event list.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from timeline.model import Granularity

__all__ = ["ChartItem", "ChartText", "chart_html", "figure"]

DAY_MS = 86_400_000
ROW_PX = 26
MIN_HEIGHT, MAX_HEIGHT = 300, 1000
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
    """One placed event as drawn: its row label, interval (inclusive) and hover text."""

    anchor: str  # DOM id of the event in the page's list
    row: str  # y label: the event's number in the list
    granularity: Granularity
    first: date
    last: date
    title: str
    expression: str  # as written in the article
    value: str  # normalized (TIMEX3) value


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


def figure(items: Sequence[ChartItem], text: ChartText) -> go.Figure:
    """The plotly figure: one trace per granularity, in the order of `Granularity`."""
    hover = (
        "<b>%{customdata[1]}</b><br>"
        f"{html.escape(text.expression)}: %{{customdata[2]}}<br>"
        f"{html.escape(text.value)}: %{{customdata[3]}}<extra></extra>"
    )
    fig = go.Figure()
    for granularity in Granularity:
        group = [item for item in items if item.granularity is granularity]
        if not group:
            continue
        common: dict[str, Any] = {
            "name": text.granularity.get(granularity.value, granularity.value),
            "legendgroup": granularity.value,
            "y": [item.row for item in group],
            "customdata": [_customdata(item) for item in group],
            "hovertemplate": hover,
        }
        color = COLORS[granularity]
        if granularity is Granularity.DAY:
            fig.add_trace(
                go.Scatter(
                    x=[item.first.isoformat() for item in group],
                    mode="markers",
                    marker={"size": 11, "color": color, "line": {"color": "#fff", "width": 1.5}},
                    **common,
                )
            )
        else:
            fig.add_trace(
                go.Bar(
                    orientation="h",
                    base=[item.first.isoformat() for item in group],
                    x=[((item.last - item.first).days + 1) * DAY_MS for item in group],
                    width=0.6,
                    marker={"color": color, "opacity": 0.78, "line": {"width": 0}},
                    **common,
                )
            )
    first, last = _x_range(items)
    rows = [item.row for item in items]
    fig.update_layout(
        template="none",
        height=max(MIN_HEIGHT, min(MAX_HEIGHT, 150 + ROW_PX * len(rows))),
        margin={"l": 44, "r": 16, "t": 48, "b": 24},
        font={"family": FONT, "size": 13, "color": INK},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="#ffffff",
        barmode="overlay",
        dragmode="zoom",
        hovermode="closest",
        hoverlabel={"font": {"family": FONT, "size": 13}, "align": "auto"},
        showlegend=True,
        legend={
            "orientation": "h",
            "x": 0,
            "y": 1.0,
            "yanchor": "bottom",
            "title": {"text": text.legend_title, "font": {"color": MUTED}},
        },
        xaxis={
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
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": rows,
            "autorange": "reversed",
            "fixedrange": True,
            "showgrid": True,
            "gridcolor": "#f0eee9",
            "tickfont": {"color": MUTED, "size": 11},
        },
    )
    return fig


def chart_html(items: Sequence[ChartItem], text: ChartText, *, div_id: str) -> str:
    """The chart as an HTML fragment (a div and an inline script calling `Plotly.newPlot`).

    plotly.js itself is not included: the page loads the site's one local copy. The figure
    JSON is written with sorted keys and the div id is fixed, so the output is byte-stable.
    """
    fig_dict = json.loads(json.dumps(figure(items, text).to_plotly_json(), sort_keys=True))
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
    return pio.to_html(
        fig_dict,
        config=config,
        include_plotlyjs=False,
        include_mathjax=False,
        full_html=False,
        div_id=div_id,
        validate=False,
        default_width="100%",
    )


def _customdata(item: ChartItem) -> list[str]:
    title = item.title
    if len(title) > HOVER_TITLE_CHARS:
        title = title[: HOVER_TITLE_CHARS - 1].rstrip() + "…"
    # plotly renders a subset of HTML in hover labels: escape what comes from articles.
    return [item.anchor, html.escape(title), html.escape(item.expression), html.escape(item.value)]


def _x_range(items: Sequence[ChartItem]) -> tuple[date, date]:
    """The initial x range: all items with a margin of 4% of the span (at least 10 days)."""
    if not items:
        today_free = date(2000, 1, 1)  # an empty chart is never drawn; any range will do
        return today_free, today_free + timedelta(days=365)
    first = min(item.first for item in items)
    last = max(item.last for item in items) + timedelta(days=1)
    pad = max(timedelta(days=10), (last - first) * 0.04)
    return first - pad, last + pad
