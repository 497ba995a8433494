"""site: the static website of a timeline (index, article, embed and standalone pages, data).

As in pelican and mkdocs, the whole model is built first (slugs, ordered events, anchors,
charts, data documents), then every file is written. Files are written into a temporary
folder beside the output folder, swapped in only when the whole build succeeded: a failed
build leaves the previous site as it was. Same input, byte-identical output (fixed chart ids,
sorted keys, no timestamps).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, TypedDict

import jinja2
import plotly.graph_objects as go
from markupsafe import Markup

import timeline
from timeline import exports
from timeline.chart import ChartItem, ChartText, chart_json
from timeline.chart import figure as chart_figure
from timeline.events import order_key
from timeline.i18n import FALLBACK, UiText, load_ui_text
from timeline.merge import merge
from timeline.model import ArticleResult, Event, Timex
from timeline.publish import publish, write_text

__all__ = ["build_site", "figure", "slugify", "templates_dir"]

STATIC_FILES = ("style.css", "timeline.js")
SCHEMA = "data.schema.json"  # in templates/, published as data/schema.json
MAX_ROWS = 60  # an article chart has one row per event up to this many, then precision lanes
MAX_LANES = 30  # the corpus chart has one lane per source (or article) up to this many
LANE_CHARS = 28
# Names Windows will not give a file.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", *(f"{p}{n}" for p in ("com", "lpt") for n in range(10))]
)
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
    title: str
    ui: dict[str, str]
    placed: list[EventView]
    unplaced: list[EventView]
    chart: ChartView | None
    filters: Filters
    downloads: list[Link]
    embed_src: str
    embed_snippet: str


class IndexContext(PageContext):
    articles: list[ArticleView]


class ArticleContext(PageContext):
    article: ArticleView
    published_label: str  # in the article's language
    paragraphs: list[list[Segment]]


@dataclass(frozen=True, slots=True)
class _Item:
    """An event with its article(s): the unit that is ordered and shown."""

    event: Event
    expression: str  # the time expression as written, "" when the index is out of range
    anchor: str  # its id on its article page
    article: ArticleView
    sources: tuple[ArticleView, ...] = field(default=())  # all reporting articles (merged)


@dataclass(slots=True)
class _Site:
    """Everything to write: pages (path, template, context) and data files (path, content)."""

    pages: list[tuple[str, str, PageContext]] = field(default_factory=list)
    files: list[tuple[str, str]] = field(default_factory=list)


def templates_dir() -> Path:
    """The templates of an installed wheel, else those of the source tree."""
    installed = Path(timeline.__file__).parent / "templates"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "templates"


def slugify(ids: Sequence[str]) -> list[str]:
    """A file-name-safe, unique slug for each article id (ASCII letters, digits, hyphens).

    Ids that give no usable ASCII (Arabic titles, ...) or collide get a hash of the id.
    """
    bases = [_slug_base(i) for i in ids]
    counts = Counter(bases)
    seen: set[str] = set()
    slugs = []
    for article_id, base in zip(ids, bases, strict=True):
        slug = base
        if not base or counts[base] > 1 or base in _RESERVED:
            digest = hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:10]
            slug = f"{base or 'a'}-{digest}"
        candidate, n = slug, 2
        while candidate in seen:  # the very same id twice
            candidate, n = f"{slug}-{n}", n + 1
        seen.add(candidate)
        slugs.append(candidate)
    return slugs


def build_site(
    results: Sequence[ArticleResult],
    out_dir: str | Path,
    *,
    ui_lang: str | None = None,
    standalone: bool = True,
) -> None:
    """Write the site of `results` into `out_dir`, replacing its content only on success.

    `ui_lang` is the language of the index page; by default the most common article language.
    Article pages are in their article's language. `standalone` also writes one
    self-contained file per article (plotly inlined, about 5 MB each).
    """
    templates = templates_dir()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    text_for = _ui_texts(templates)
    index_lang = ui_lang or _majority_lang(results)
    site = _plan(results, text_for, index_lang, standalone=standalone)  # before any write

    def write(folder: Path) -> None:
        for sub in (
            "articles",
            "embed",
            "data",
            "assets",
            *(("standalone",) if standalone else ()),
        ):
            (folder / sub).mkdir()
        plotly_js = _plotly_js()
        write_text(folder / "assets" / "plotly.min.js", plotly_js)
        for name in STATIC_FILES:
            write_text(folder / "assets" / name, (templates / "static" / name).read_text("utf-8"))
        write_text(folder / "data" / "schema.json", (templates / SCHEMA).read_text("utf-8"))
        inline = {
            "css": Markup((templates / "static" / "style.css").read_text("utf-8")),
            "js": Markup((templates / "static" / "timeline.js").read_text("utf-8")),
            "plotly": Markup(plotly_js),
        }
        for path, template, context in site.pages:
            if context["mode"] == "standalone":
                context = {**context, "inline": inline}  # type: ignore[typeddict-item]
            _write_page(env, template, context, folder / path)
        for path, content in site.files:
            write_text(folder / path, content)

    publish(Path(out_dir), write)


def figure(events: Any, *, lang: str = FALLBACK) -> go.Figure:
    """A plotly Figure of events, for notebooks and report scripts.

    `events`: an `ArticleResult`, or a sequence of `ArticleResult`s, `Event`s or `Timex`es
    (those without a place on the time axis are left out). Words are in `lang`.
    """
    text = _ui_texts(templates_dir())(lang)
    things = [events] if isinstance(events, ArticleResult) else list(events)
    items: list[ChartItem] = []
    for thing in things:
        pairs: list[tuple[str, str, Timex | Event]]
        if isinstance(thing, ArticleResult):
            label = thing.article.source or thing.article.title or thing.article.id
            pairs = [(label, _expression(thing.timexes, e.timex), e) for e in thing.events]
        elif isinstance(thing, Timex):
            pairs = [("", thing.mention.text, thing)]
        else:
            pairs = [("", "", thing)]
        for sources, expression, obj in pairs:
            value = obj.value
            if not value.is_placed or value.interval is None or value.granularity is None:
                continue
            title = obj.title if isinstance(obj, Event) else obj.mention.text
            items.append(
                ChartItem(
                    anchor=obj.id if isinstance(obj, Event) else f"t{len(items)}",
                    row=str(len(items) + 1),
                    granularity=value.granularity,
                    first=value.interval[0],
                    last=value.interval[1],
                    title=title,
                    expression=expression,
                    value=_normalized(obj),
                    sources=sources,
                )
            )
    items.sort(key=lambda i: (i.first, -i.granularity.rank))
    items = [_replace_row(item, str(n)) for n, item in enumerate(items, 1)]
    return chart_figure(items, _chart_text(text))


def _plan(
    results: Sequence[ArticleResult],
    text_for: Callable[[str], UiText],
    index_lang: str,
    *,
    standalone: bool,
) -> _Site:
    """Every page and data file to write: the index first."""
    site = _Site()
    views: list[ArticleView] = []
    corpus: list[_Item] = []
    index_text = text_for(index_lang)
    for result, slug in zip(results, slugify([r.article.id for r in results]), strict=True):
        article = result.article
        lang = article.lang or index_lang
        text = text_for(lang)
        view = ArticleView(
            id=article.id,
            slug=slug,
            href=f"articles/{slug}.html",
            title=article.title or article.id,
            published=article.published.isoformat() if article.published else "",
            published_label=index_text.date(article.published) if article.published else "",
            lang=lang,
            dir=text.dir,
            lang_name=index_text.language_name(lang),
            source=article.source,
            url=article.url,
            event_count=len(result.events),
        )
        views.append(view)
        events = sorted(result.events, key=order_key)
        anchors = _anchors([event.id for event in events])
        items = [
            _Item(event, _expression(result.timexes, event.timex), anchor, view, (view,))
            for event, anchor in zip(events, anchors, strict=True)
        ]
        corpus.extend(items)
        marks: dict[int, str] = {}  # timex index -> anchor of the first event it dates
        for item in items:
            for t in (item.event.timex, *item.event.expressions):
                marks.setdefault(t, item.anchor)
        rows = "number" if sum(i.event.value.is_placed for i in items) <= MAX_ROWS else "precision"
        page = _page_events(items, anchors, text, rows=rows, marked=set(marks))
        context = ArticleContext(
            lang=lang,
            dir=text.dir,
            root="../",
            mode="page",
            inline={},
            title=view["title"],
            ui=dict(text.ui),
            placed=page.placed,
            unplaced=page.unplaced,
            chart=_chart(page.chart, text, f"chart-{slug}", _label(view)),
            filters=page.filters,
            downloads=_downloads(text, f"../data/{slug}", f"../standalone/{slug}.html", standalone),
            embed_src=f"../embed/{slug}.html",
            embed_snippet=_snippet(f"../embed/{slug}.html", view["title"], slug),
            article=view,
            published_label=text.date(article.published) if article.published else "",
            paragraphs=_paragraphs(result.article.text, result.timexes, marks),
        )
        site.pages.append((view["href"], "article.html", context))
        embed = _page_events(items, anchors, text, rows=rows, marked=set())
        site.pages.append(
            (
                f"embed/{slug}.html",
                "embed.html",
                {**context, "mode": "embed", "placed": embed.placed, "unplaced": embed.unplaced},
            )
        )
        if standalone:
            site.pages.append(
                (f"standalone/{slug}.html", "article.html", {**context, "mode": "standalone"})
            )
        document = _document(view["title"], lang, [view], page, "schema.json")
        site.files += _data_files(f"data/{slug}", document)

    text = index_text
    corpus = _merged(corpus, results)
    corpus.sort(key=lambda item: order_key(item.event))
    anchors = _anchors([item.event.id for item in corpus])
    page = _page_events(corpus, anchors, text, rows="lanes", prefix="articles/")
    articles = sorted(views, key=lambda v: (v["title"], v["slug"]))
    articles.sort(key=lambda v: v["published"], reverse=True)  # newest first, undated last
    index = IndexContext(
        lang=index_lang,
        dir=text.dir,
        root="",
        mode="page",
        inline={},
        title=text.ui["site_title"],
        ui=dict(text.ui),
        placed=page.placed,
        unplaced=page.unplaced,
        chart=_chart(page.chart, text, "chart-index", ""),
        filters=page.filters,
        downloads=_downloads(text, "timeline", "", False, corpus=True),
        embed_src="",
        embed_snippet="",
        articles=articles,
    )
    site.pages.insert(0, ("index.html", "index.html", index))
    document = _document(text.ui["site_title"], index_lang, views, page, "data/schema.json")
    site.files += _data_files("timeline", document)
    site.files.append(("timeline.csv", exports.csv_text(document)))
    site.files.append(("timeline.ics", exports.ics_text(document)))
    return site


def _merged(items: Sequence[_Item], results: Sequence[ArticleResult]) -> list[_Item]:
    """The corpus timeline: one item per happening (`timeline.merge`), shown as its lead
    report and listing every article that reports it."""
    by_event = {id(item.event): item for item in items}
    merged = []
    for happening in merge(results):
        reports = [by_event[id(event)] for event in happening.events]
        sources = {report.article["slug"]: report.article for report in reports}
        merged.append(replace(reports[0], sources=tuple(sources.values())))
    return merged


@dataclass(slots=True)
class _PageEvents:
    placed: list[EventView]
    unplaced: list[EventView]
    chart: list[ChartItem]
    filters: Filters
    data: list[dict[str, Any]]  # records of the data documents


def _page_events(
    items: Sequence[_Item],
    anchors: Sequence[str],
    text: UiText,
    *,
    rows: str,
    prefix: str = "",
    marked: set[int] | None = None,
) -> _PageEvents:
    """The events of a page in timeline order: those on the time axis, the others, the chart.

    `rows`: "number" (a chart row per event), "precision" (a lane per granularity) or
    "lanes" (a lane per source, or per article; by precision when there are too many).
    `prefix` leads from the page to the article pages ("" on an article page); `marked` are
    the time expressions highlighted in the text shown on this page.
    """
    keys = {
        label: f"s{n}"
        for n, label in enumerate(sorted({_label(s) for i in items for s in i.sources}))
    }
    if rows == "lanes" and len(keys) > MAX_LANES:
        rows = "precision"
    out = _PageEvents([], [], [], Filters(total=len(items), sources=[], statuses=[], years=[]), [])
    years: set[int] = set()
    for item, anchor in zip(items, anchors, strict=True):
        event, value = item.event, item.event.value
        interval = value.interval if value.is_placed else None
        g = value.granularity.value if value.granularity else ""
        sources = [
            SourceView(
                key=keys[_label(s)],
                label=_label(s),
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
            value=_normalized(event),
            datetime=_datetime_attr(value.value, interval[0]) if interval else "",
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
            row = _lane(_label(item.sources[0]))
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


def _chart(items: Sequence[ChartItem], text: UiText, div_id: str, sources: str) -> ChartView | None:
    """The chart of a page, or nothing when no event has a place on the time axis."""
    if not items:
        return None
    data = chart_json(items, _chart_text(text), compact=True)
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return ChartView(
        id=div_id,
        height=int(data["layout"]["height"]),
        # "<" never appears unescaped, so the JSON cannot close its <script> element.
        json=Markup(payload.replace("<", "\\u003c")),
        sources=sources,
    )


def _chart_text(text: UiText) -> ChartText:
    return ChartText(
        lang=text.lang,
        legend_title=text.ui["legend_title"],
        expression=text.ui["expression"],
        value=text.ui["value"],
        granularity=text.granularity,
        months=text.months,
        short_months=text.short_months,
        sources=text.ui["sources"],
    )


def _document(
    title: str, lang: str, articles: Sequence[ArticleView], page: _PageEvents, schema: str
) -> dict[str, Any]:
    records = [exports.data_article(a) for a in articles]
    return exports.data_document(title, lang, records, page.data, schema=schema)


def _data_files(stem: str, document: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (f"{stem}.json", exports.dumps(document)),
        (f"{stem}.timelinejs.json", exports.dumps(exports.timelinejs_document(document))),
    ]


def _downloads(
    text: UiText, stem: str, standalone_href: str, standalone: bool, *, corpus: bool = False
) -> list[Link]:
    ui = text.ui
    links = [
        Link(href=f"{stem}.json", label=ui["download_json"], download=False),
        Link(href=f"{stem}.timelinejs.json", label=ui["download_timelinejs"], download=False),
    ]
    if corpus:
        links += [
            Link(href="timeline.csv", label=ui["download_csv"], download=True),
            Link(href="timeline.ics", label=ui["download_ics"], download=True),
        ]
    if standalone:
        links.append(Link(href=standalone_href, label=ui["download_standalone"], download=True))
    schema = "data/schema.json" if corpus else "../data/schema.json"
    links.append(Link(href=schema, label=ui["download_schema"], download=False))
    return links


def _snippet(src: str, title: str, slug: str) -> str:
    """The <iframe> to paste into a report, and the few lines that let it take its height.

    `src` is relative here; the page's script makes it absolute from the page's address.
    """
    return (
        f'<iframe src="{src}" title="{_attr(title)}" data-timeline="{slug}" loading="lazy"'
        ' style="width:100%;height:640px;border:0"></iframe>\n'
        "<script>addEventListener('message',function(e){var d=e.data;"
        "if(!d||d.type!=='timeline:height')return;"
        "document.querySelectorAll('iframe[data-timeline]').forEach(function(f){"
        "if(f.contentWindow===e.source)f.style.height=Math.ceil(d.height)+'px'})});</script>"
    )


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _paragraphs(text: str, timexes: Sequence[Timex], marks: dict[int, str]) -> list[list[Segment]]:
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


def _normalized(thing: Event | Timex) -> str:
    value = thing.value
    return value.value + (f" ({value.mod.value})" if value.mod else "")


def _replace_row(item: ChartItem, row: str) -> ChartItem:
    fields = {name: getattr(item, name) for name in ChartItem.__slots__}  # type: ignore[attr-defined]
    return ChartItem(**{**fields, "row": row})


def _label(article: ArticleView) -> str:
    return article["source"] or article["title"]


def _lane(label: str) -> str:
    return label if len(label) <= LANE_CHARS else label[: LANE_CHARS - 1].rstrip() + "…"


def _expression(timexes: Sequence[Timex], index: int) -> str:
    return timexes[index].mention.text if 0 <= index < len(timexes) else ""


def _anchors(event_ids: Sequence[str]) -> list[str]:
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


def _datetime_attr(value: str, first: date) -> str:
    """The `<time datetime>` of a value: the TIMEX3 value where it is a valid HTML date
    (2022-12-30, 2022-11, 2022, 2022-W52), else the first day of the interval."""
    if _HTML_TIME.fullmatch(value) and not value.startswith("0000"):
        return value
    return first.isoformat()


def _ui_texts(templates: Path) -> Callable[[str], UiText]:
    texts: dict[str, UiText] = {}

    def text_for(lang: str) -> UiText:
        if lang not in texts:
            texts[lang] = load_ui_text(templates / "i18n", lang)
        return texts[lang]

    return text_for


def _plotly_js() -> str:
    import plotly.offline

    return plotly.offline.get_plotlyjs()


def _majority_lang(results: Sequence[ArticleResult]) -> str:
    """The most common article language (ties broken alphabetically), English if none."""
    counts = Counter(r.article.lang for r in results if r.article.lang)
    if not counts:
        return FALLBACK
    return min(counts, key=lambda lang: (-counts[lang], lang))


def _slug_base(article_id: str) -> str:
    ascii_id = unicodedata.normalize("NFKD", article_id).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_id.lower()).strip("-")[:60].rstrip("-")


def _write_page(env: jinja2.Environment, template: str, context: PageContext, path: Path) -> None:
    write_text(path, env.get_template(template).render(context))
