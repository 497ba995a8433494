"""views: what the templates see. The data handed to each page is a `TypedDict`; the
functions here turn ordered events into those views: event lists, filters, the chart, and the
article text with its time expressions marked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypedDict

from markupsafe import Markup

from timeline import exports
from timeline.chart import (
    OVERVIEW_HEIGHT,
    ChartItem,
    ChartText,
    chart_payload,
    overview_json,
    page_json,
)
from timeline.i18n import UiText
from timeline.model import Event, Timex

MAX_LANES = 30  # the corpus chart has one lane per source (or article) up to this many
LANE_CHARS = 28
_HTML_TIME = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?|-W[0-9]{2})?")


class ArticleView(TypedDict):
    """An article as listed on the index (labels in the index language)."""

    id: str
    slug: str
    href: str  # from the site root
    title: str
    published: str  # ISO date, "" when unknown
    published_label: str
    lang: str
    dir: str
    lang_name: str
    source: str
    url: str
    event_count: int


class SourceView(TypedDict):
    """An article that reports an event, as linked from the event."""

    key: str  # filter key, "s0", "s1" ...
    label: str  # the source's name, else the article title
    href: str
    lang: str
    dir: str


class EventView(TypedDict):
    anchor: str  # DOM id on the page that lists it
    number: int  # its row on the chart, 0 when the chart has lanes or it is not drawn
    title: str
    status: str
    status_label: str
    attribution: str
    value: str  # normalized (TIMEX3) value, with its modifier
    datetime: str  # for <time datetime>, "" when the value has no place in time
    first: str  # interval, ISO days ("" when not placed)
    last: str
    when: str  # the value as a reader would say it
    expression: str  # as written in the article
    granularity: str
    permalink: str  # the event on its page
    text_link: str  # its expression in the article text, "" when not on this page
    article: ArticleView
    sources: list[SourceView]
    source_keys: str  # space-separated filter keys


class Segment(TypedDict):
    text: str
    mark: bool
    mark_id: str
    href: str  # the event the time expression dates
    value: str


class Option(TypedDict):
    value: str
    label: str


class Filters(TypedDict):
    total: int
    sources: list[Option]
    statuses: list[Option]
    years: list[Option]


class ChartView(TypedDict):
    id: str
    height: int
    json: Markup  # the figure, safe inside <script type="application/json">
    sources: str  # hover "sources" of events that list none (an article page)
    webgl: bool  # drawn with WebGL traces (its page's policy allows them: timeline.security)


class Link(TypedDict):
    href: str
    label: str
    download: bool


class PageContext(TypedDict):
    lang: str
    dir: str
    root: str  # relative path from the page to the site root
    mode: str  # "page", "embed" or "standalone"
    inline: dict[str, Markup]  # css, js, plotly of a standalone page; empty otherwise
    csp: str  # the page's Content-Security-Policy (timeline.security)
    title: str
    ui: dict[str, str]
    placed: list[EventView]
    unplaced: list[EventView]
    chart: ChartView | None
    filters: Filters
    downloads: list[Link]
    embed_src: str
    embed_snippet: str


class PageLink(TypedDict):
    """A page of the corpus timeline, as its pager links it."""

    href: str
    label: str  # its number
    years: str  # the years its events start in ("" when none has a place in time)
    title: str
    current: bool


class IndexContext(PageContext):
    articles: list[ArticleView]  # on the first page only
    pager: list[PageLink]  # empty when the corpus timeline is one page
    overview: ChartView | None  # events by year over all pages (None: one page)


class ArticleContext(PageContext):
    article: ArticleView
    published_label: str  # in the article's language
    paragraphs: list[list[Segment]]


@dataclass(frozen=True, slots=True)
class Item:
    """An event with its article(s): the unit that is ordered and shown."""

    event: Event
    expression: str  # the time expression as written, "" when the index is out of range
    anchor: str  # its id on its article page
    article: ArticleView
    sources: tuple[ArticleView, ...] = field(default=())  # all reporting articles (merged)


@dataclass(slots=True)
class PageEvents:
    placed: list[EventView]
    unplaced: list[EventView]
    chart: list[ChartItem]
    filters: Filters
    data: list[dict[str, Any]]  # records of the data documents


def page_events(
    items: Sequence[Item],
    anchors: Sequence[str],
    text: UiText,
    *,
    rows: str,
    prefix: str = "",
    marked: set[int] | None = None,
) -> PageEvents:
    """The events of a page in timeline order: those on the time axis, the others, the chart.

    `rows`: "number" (a chart row per event), "precision" (a lane per granularity) or
    "lanes" (a lane per source, or per article; by precision when there are too many).
    `prefix` leads from the page to the article pages ("" on an article page); `marked` are
    the time expressions highlighted in the text shown on this page.
    """
    keys = {
        label: f"s{n}"
        for n, label in enumerate(sorted({source_label(s) for i in items for s in i.sources}))
    }
    if rows == "lanes" and len(keys) > MAX_LANES:
        rows = "precision"
    out = PageEvents([], [], [], Filters(total=len(items), sources=[], statuses=[], years=[]), [])
    years: set[int] = set()
    for item, anchor in zip(items, anchors, strict=True):
        event, value = item.event, item.event.value
        interval = value.interval if value.is_placed else None
        g = value.granularity.value if value.granularity else ""
        sources = [
            SourceView(
                key=keys[source_label(s)],
                label=source_label(s),
                href=f"{prefix}{s['slug']}.html" if prefix else s["href"],
                lang=s["lang"],
                dir=s["dir"],
            )
            for s in item.sources
        ]
        permalink = f"{prefix}{item.article['slug']}.html#{item.anchor}" if prefix else f"#{anchor}"
        view = EventView(
            anchor=anchor,
            number=len(out.placed) + 1 if interval and rows == "number" else 0,
            title=event.title or event.text,
            status=event.status,
            status_label=text.status_label(event.status),
            attribution=event.attribution,
            value=normalized_value(event),
            datetime=datetime_attr(value.value, interval[0]) if interval else "",
            first=interval[0].isoformat() if interval else "",
            last=interval[1].isoformat() if interval else "",
            when=text.when(value, item.expression),
            expression=item.expression,
            granularity=g,
            permalink=permalink,
            text_link=f"#tx-{event.timex}" if marked and event.timex in marked else "",
            article=item.article,
            sources=sources,
            source_keys=" ".join(dict.fromkeys(s["key"] for s in sources)),
        )
        out.data.append(
            exports.data_event(
                event,
                article_id=item.article["id"],
                anchor=anchor,
                permalink=f"{item.article['href']}#{item.anchor}",
                when=view["when"],
                expression=item.expression,
                sources=[exports.data_source(s) for s in item.sources],
            )
        )
        if interval is None:
            out.unplaced.append(view)
            continue
        out.placed.append(view)
        years.update(range(interval[0].year, interval[1].year + 1))
        assert value.granularity is not None
        if rows == "number":
            row = str(view["number"])
        elif rows == "precision":
            row = text.granularity.get(g, g)
        else:
            row = lane_label(source_label(item.sources[0]))
        out.chart.append(
            ChartItem(
                anchor=anchor,
                row=row,
                granularity=value.granularity,
                first=interval[0],
                last=interval[1],
                title=view["title"],
                expression=item.expression,
                value=view["value"],
                sources=", ".join(s["label"] for s in sources),
            )
        )
    out.filters["sources"] = [Option(value=k, label=label) for label, k in keys.items()]
    statuses = sorted({view["status"] for view in out.placed + out.unplaced})
    out.filters["statuses"] = [Option(value=s, label=text.status_label(s)) for s in statuses]
    out.filters["years"] = [Option(value=str(y), label=str(y)) for y in sorted(years)]
    return out


def chart_view(
    items: Sequence[ChartItem], text: UiText, div_id: str, sources: str
) -> ChartView | None:
    """The chart of a page, or nothing when no event has a place on the time axis."""
    if not items:
        return None
    payload, height, webgl = chart_payload(items, chart_text(text), compact=True)
    return _chart(div_id, payload, height, sources, webgl)


def overview_view(bars: Sequence[tuple[int, int, str]], text: UiText, div_id: str) -> ChartView:
    """The chart of events by year above every page of a corpus timeline written over
    several pages (`bars`: year, count, address of the page where its events begin)."""
    hover = text.ui["overview_hover"].format(year="%{x}", count="%{y}")
    return _chart(div_id, page_json(overview_json(bars, hover)), OVERVIEW_HEIGHT, "", False)


def _chart(div_id: str, payload: str, height: int, sources: str, webgl: bool) -> ChartView:
    return ChartView(
        id=div_id,
        height=height,
        # "<" never appears unescaped, so the JSON cannot close its <script> element.
        json=Markup(payload.replace("<", "\\u003c")),
        sources=sources,
        webgl=webgl,
    )


def chart_text(text: UiText) -> ChartText:
    return ChartText(
        lang=text.lang,
        legend_title=text.ui["legend_title"],
        expression=text.ui["expression"],
        value=text.ui["value"],
        granularity=text.granularity,
        months=text.months,
        short_months=text.short_months,
        sources=text.ui["sources"],
        dir=text.dir,
    )


def paragraphs(text: str, timexes: Sequence[Timex], marks: dict[int, str]) -> list[list[Segment]]:
    """The article text as paragraphs (one per line) of plain and marked segments.

    Each time expression is marked, linked to the event it dates where there is one.
    Overlapping or out-of-range spans are left unmarked.
    """
    segments: list[Segment] = []
    pos = 0
    spans = sorted(enumerate(timexes), key=lambda p: (p[1].mention.start, p[1].mention.end))
    for index, timex in spans:
        start, end = timex.mention.start, timex.mention.end
        if start < pos or end <= start or end > len(text):
            continue
        segments.append(Segment(text=text[pos:start], mark=False, mark_id="", href="", value=""))
        anchor = marks.get(index, "")
        segments.append(
            Segment(
                text=text[start:end],
                mark=True,
                mark_id=f"tx-{index}",
                href=f"#{anchor}" if anchor else "",
                value=timex.value.value,
            )
        )
        pos = end
    segments.append(Segment(text=text[pos:], mark=False, mark_id="", href="", value=""))

    paragraphs: list[list[Segment]] = [[]]
    for segment in segments:
        for n, part in enumerate(segment["text"].split("\n")):
            if n:
                paragraphs.append([])
            if part:  # a mark split by a line break keeps its id on its first part only
                piece = segment.copy()
                piece["text"], piece["mark_id"] = part, "" if n else segment["mark_id"]
                paragraphs[-1].append(piece)
    return [p for p in paragraphs if any(s["text"].strip() for s in p)]


def normalized_value(thing: Event | Timex) -> str:
    value = thing.value
    return value.value + (f" ({value.mod.value})" if value.mod else "")


def source_label(article: ArticleView) -> str:
    return article["source"] or article["title"]


def lane_label(label: str) -> str:
    return label if len(label) <= LANE_CHARS else label[: LANE_CHARS - 1].rstrip() + "…"


def expression_of(timexes: Sequence[Timex], index: int) -> str:
    return timexes[index].mention.text if 0 <= index < len(timexes) else ""


def event_anchors(event_ids: Sequence[str]) -> list[str]:
    """Unique permalink ids `ev-<event id>` (whitespace made hyphens, repeats numbered)."""
    seen: set[str] = set()
    anchors = []
    for event_id in event_ids:
        base = "ev-" + re.sub(r"\s+", "-", event_id.strip())
        anchor, n = base, 2
        while anchor in seen:
            anchor, n = f"{base}-{n}", n + 1
        seen.add(anchor)
        anchors.append(anchor)
    return anchors


def datetime_attr(value: str, first: date) -> str:
    """The `<time datetime>` of a value: the TIMEX3 value where it is a valid HTML date
    (2022-12-30, 2022-11, 2022, 2022-W52), else the first day of the interval."""
    if _HTML_TIME.fullmatch(value) and not value.startswith("0000"):
        return value
    return first.isoformat()
