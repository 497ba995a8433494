"""site: the static website of a timeline (index, article, embed and standalone pages, data).

The views the templates get are built by `timeline.views`; this module plans the files and
writes them.

As in pelican and mkdocs, the model is built before the files that show it: every article is
read first (slugs, languages, each article's ordered events, kept on disk), then the corpus
timeline is merged and written, `PAGE_EVENTS` happenings a page, while other processes
write the article pages, which depend on their own article alone. Files are written into a
temporary folder beside the output folder, swapped in only when the whole build succeeded:
a failed build leaves the previous site as it was. Same input, byte-identical output (fixed
chart ids, sorted keys, no timestamps).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import multiprocessing
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import plotly.graph_objects as go
from markupsafe import Markup

import timeline
from timeline import exports
from timeline.chart import ChartItem
from timeline.chart import figure as chart_figure
from timeline.eventhtml import event_html, paragraph_html
from timeline.events import order_key
from timeline.i18n import FALLBACK, UiText, load_ui_text
from timeline.merge import Report, merge_sorted, statement_words
from timeline.model import Article, ArticleResult, Event, Timex
from timeline.progress import progress
from timeline.publish import publish, write_text
from timeline.security import content_security_policy, safe_url
from timeline.spill import ReportFile, ResultFile
from timeline.statements import vocabulary
from timeline.views import (
    ArticleContext,
    ArticleView,
    IndexContext,
    Item,
    Link,
    PageContext,
    PageEvents,
    PageLink,
    chart_text,
    chart_view,
    event_anchors,
    expression_of,
    normalized_value,
    overview_view,
    page_events,
    paragraphs,
    source_label,
)

__all__ = ["build_site", "figure", "slugify", "templates_dir"]

STATIC_FILES = ("style.css", "timeline.js")
SCHEMA = "data.schema.json"  # in templates/, published as data/schema.json
MAX_ROWS = 60  # an article chart has one row per event up to this many, then precision lanes
PAGE_EVENTS = 1000  # events on a page of the corpus timeline (the index is the first)
# Names Windows will not give a file.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", *(f"{p}{n}" for p in ("com", "lpt") for n in range(10))]
)

# Embedding, override and isolate controls (not the marks U+200E/U+200F, which reorder nothing).
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


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
    results: Iterable[ArticleResult],
    out_dir: str | Path,
    *,
    ui_lang: str | None = None,
    standalone: bool | Callable[[int], bool] = True,
    jobs: int = 1,
) -> int:
    """Write the site of `results` into `out_dir`, replacing its content only on success;
    return the number of articles.

    `ui_lang` is the language of the index page; by default the most common article language.
    Article pages are in their article's language. `standalone` also writes one
    self-contained file per article (plotly inlined, about 5 MB each); a function of the
    number of articles decides once they are all read.

    `results` is read once. A sequence is used as it is; any other iterable streams: each
    result is kept in a temporary file (`timeline.spill.ResultFile`) and only one article's
    text at a time is loaded again to write its pages. What the corpus timeline needs of
    each event goes into a temporary database (`timeline.spill.ReportFile`), merged and
    written a page at a time (`PAGE_EVENTS`): memory stays flat as the corpus grows. An
    article's pages depend on that article alone (and on the slugs and index language of
    all), so they are written by `jobs` forked processes while this one writes the corpus
    timeline.
    """
    with contextlib.ExitStack() as stack:
        stack.enter_context(_fewer_collections())
        if isinstance(results, Sequence):
            writers = stack.enter_context(_Writers(results, jobs))
            writers.start()
            stream: Iterable[ArticleResult] = results
        else:
            spill = stack.enter_context(ResultFile())
            writers = stack.enter_context(_Writers(spill, jobs))
            stream = _spilled(results, spill, writers)
        store = stack.enter_context(ReportFile())  # its database made after the writers fork
        articles: list[tuple[Article, int]] = []  # without their text; their event counts
        for result in stream:
            store.add(len(articles), *_reports(result))
            articles.append((replace(result.article, text=""), len(result.events)))
            del result  # one text at a time
        if callable(standalone):
            standalone = standalone(len(articles))
        _build(writers, store, articles, Path(out_dir), ui_lang, standalone)
    return len(articles)


def _spilled(
    results: Iterable[ArticleResult], spill: ResultFile, writers: _Writers
) -> Iterator[ArticleResult]:
    for result in results:
        spill.append(result)
        writers.start()  # at the first result, while this process holds little
        yield result


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """The cyclic garbage collector run less often: a build makes millions of objects that
    live to its end (events, their words, page views) and few cycles, and at the default
    thresholds the collector's passes over them cost seconds."""
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _reports(result: ArticleResult) -> tuple[list[Report[None]], list[tuple[Event, str, str]]]:
    """What the corpus timeline needs of an article's events, in timeline order: what the
    merge weighs (`timeline.merge.Report`: the statement's words) and what the page shows
    (the event, its expression as written, its anchor on the article page)."""
    article = result.article
    events = sorted(result.events, key=order_key)
    anchors = event_anchors([event.id for event in events])
    spans = sorted((t.mention.start, t.mention.end) for t in result.timexes)
    v, text, lang = vocabulary(article.lang), article.text, article.lang
    reports = [
        Report(
            order_key(event),
            event.value,
            event.article_id,
            event.id,
            lang,
            statement_words(text, spans, event, v),
            None,
        )
        for event in events
    ]
    shown = [
        (event, expression_of(result.timexes, event.timex), anchor)
        for event, anchor in zip(events, anchors, strict=True)
    ]
    return reports, shown


def _build(
    writers: _Writers,
    store: ReportFile,
    articles: list[tuple[Article, int]],
    out_dir: Path,
    ui_lang: str | None,
    standalone: bool,
) -> None:
    templates = templates_dir()
    env = _environment(templates)
    text_for = _ui_texts(templates)
    index_lang = ui_lang or _majority_lang([a for a, _ in articles])
    slugs = slugify([a.id for a, _ in articles])

    def write(folder: Path) -> None:
        for sub in (
            "articles",
            "embed",
            "data",
            "assets",
            *(("standalone",) if standalone else ()),
        ):
            (folder / sub).mkdir()
        write_text(folder / "assets" / "plotly.min.js", _plotly_js())
        for name in STATIC_FILES:
            write_text(folder / "assets" / name, (templates / "static" / name).read_text("utf-8"))
        write_text(folder / "data" / "schema.json", (templates / SCHEMA).read_text("utf-8"))
        writers.submit(_ArticleJob(folder, index_lang, standalone), slugs)
        views = [
            _article_view(article, count, slug, text_for, index_lang)
            for (article, count), slug in zip(articles, slugs, strict=True)
        ]
        _write_corpus(env, folder, store, views, text_for(index_lang))
        writers.finish()

    publish(out_dir, write)


@dataclass(frozen=True, slots=True)
class _ArticleJob:
    """Where and how to write article pages (sent to the worker processes)."""

    folder: Path
    index_lang: str
    standalone: bool


ARTICLES_PER_TASK = 25
# What workers read the results from: set before they fork, so they inherit it.
_RESULTS: Sequence[ArticleResult] | None = None


class _Writers:
    """The processes that write the article pages (or this one: `jobs` 1, or no fork).

    They fork when `start()` is first called, early in a build, while this process holds
    little (a process forked later would share pages this one then changes: each change
    copies a page, and memory doubles). Once every article is read, `submit` hands them the
    articles (numbers, slugs and places in the spill file), and `finish` waits for them.
    """

    def __init__(self, results: Sequence[ArticleResult], jobs: int) -> None:
        self.results = results
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future[None]] = []
        self.tasks: list[tuple[_ArticleJob, list[tuple[int, str, tuple[int, int] | None]]]] = []

    def __enter__(self) -> _Writers:
        global _RESULTS
        _RESULTS = self.results
        return self

    def __exit__(self, *exc: object) -> None:
        global _RESULTS
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        _RESULTS = None

    def start(self) -> None:
        if self.pool is not None or self.jobs <= 1:
            return
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        gc.freeze()  # the collector of a worker leaves the pages it shares with this one alone
        try:
            fork = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=fork)
            self.pool.submit(_load_tools).result()  # they fork now, and load the templates
        finally:
            gc.unfreeze()

    def submit(self, job: _ArticleJob, slugs: Sequence[str]) -> None:
        spill = self.results if isinstance(self.results, ResultFile) else None
        items = [(n, slug, spill.span(n) if spill else None) for n, slug in enumerate(slugs)]
        self.tasks = [
            (job, items[at : at + ARTICLES_PER_TASK])
            for at in range(0, len(items), ARTICLES_PER_TASK)
        ]
        if self.pool is not None and len(self.tasks) >= 2:
            self.futures = [self.pool.submit(_write_articles, *task) for task in self.tasks]

    def finish(self) -> None:
        if not self.futures:
            for task in progress(self.tasks, "writing pages", unit="batch"):
                _write_articles(*task)
            return
        for future in progress(self.futures, "writing pages", unit="batch"):
            future.result()


@functools.cache
def _tools() -> tuple[jinja2.Environment, Callable[[str], UiText], dict[str, Markup]]:
    """The templates, UI words and inlined files of the process that writes pages."""
    templates = templates_dir()
    inline = {
        "css": Markup((templates / "static" / "style.css").read_text("utf-8")),
        "js": Markup((templates / "static" / "timeline.js").read_text("utf-8")),
        "plotly": Markup(""),  # read when a standalone page needs it
    }
    return _environment(templates), _ui_texts(templates), inline


def _load_tools() -> None:
    _tools()


def _write_articles(job: _ArticleJob, items: list[tuple[int, str, tuple[int, int] | None]]) -> None:
    """Write the pages of the articles `items` (number, slug, place in the spill file)."""
    env, text_for, inline = _tools()
    results = _RESULTS
    assert results is not None
    for n, slug, span in items:
        result = results.read(span) if span and isinstance(results, ResultFile) else results[n]
        pages, files = _article_files(
            result, slug, text_for, job.index_lang, standalone=job.standalone
        )
        for path, template, context in pages:
            if context["mode"] == "standalone":
                context = _inlined(context, inline)
            _write_page(env, template, context, job.folder / path)
        for path, content in files:
            write_text(job.folder / path, content)


def _inlined(context: PageContext, inline: dict[str, Markup]) -> PageContext:
    if not inline["plotly"]:
        inline["plotly"] = Markup(_plotly_js())
    chart = context["chart"]
    scripts = [inline["js"]] if chart is None else [inline["plotly"], inline["js"]]
    csp = content_security_policy(
        inline_scripts=scripts, webgl=chart is not None and chart["webgl"]
    )
    return {**context, "inline": inline, "csp": csp}  # type: ignore[typeddict-item]


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
            pairs = [(label, expression_of(thing.timexes, e.timex), e) for e in thing.events]
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
                    value=normalized_value(obj),
                    sources=sources,
                )
            )
    items.sort(key=lambda i: (i.first, -i.granularity.rank))
    items = [_replace_row(item, str(n)) for n, item in enumerate(items, 1)]
    return chart_figure(items, chart_text(text))


def _write_corpus(
    env: jinja2.Environment,
    folder: Path,
    store: ReportFile,
    views: list[ArticleView],
    text: UiText,
) -> None:
    """The corpus timeline: its happenings merged as the store's events stream by in
    timeline order (`timeline.merge.merge_sorted`), then written `PAGE_EVENTS` at a time:
    the first page is the index (with the list of articles), the others
    `timeline/<n>.html`; the corpus files (timeline.json, CSV, iCalendar, TimelineJS) are
    written along, a page of records at a time."""
    for happening in merge_sorted(store.reports()):
        store.keep(happening)
    pages = max(1, -(-store.count // PAGE_EVENTS))
    paging = _paging(store, pages)
    if pages > 1:
        (folder / "timeline").mkdir()
    articles = sorted(views, key=lambda v: (v["title"], v["slug"]))
    articles.sort(key=lambda v: v["published"], reverse=True)  # newest first, undated last
    document = exports.data_document(
        text.ui["site_title"],
        text.lang,
        [exports.data_article(v) for v in views],
        [],  # they come a page at a time
        schema="data/schema.json",
    )
    names = {"json": "timeline.json", "timelinejs": "timeline.timelinejs.json"}
    with exports.DocumentFiles(
        document,
        lambda kind: (folder / names.get(kind, f"timeline.{kind}")).open(
            "w", encoding="utf-8", newline="\n"
        ),
    ) as files:
        chunk: list[Item] = []
        number = 1
        for event, expression, anchor, at, reporting in store.happenings():
            sources = {views[n]["slug"]: views[n] for n in reporting}  # each article once
            chunk.append(Item(event, expression, anchor, views[at], tuple(sources.values())))
            if len(chunk) == PAGE_EVENTS and number < pages:
                _write_corpus_page(env, folder, chunk, number, paging, text, articles, files)
                chunk, number = [], number + 1
        _write_corpus_page(env, folder, chunk, number, paging, text, articles, files)


@dataclass(frozen=True, slots=True)
class _Paging:
    """The pages of a corpus timeline: the first and last start of the events of each page
    that have a place in time, and for each year the number of events that begin in it and
    the page where the first of them is."""

    spans: list[tuple[date | None, date | None]]
    years: list[tuple[int, int, int]]  # year, events, page number


def _paging(store: ReportFile, pages: int) -> _Paging:
    spans: list[tuple[date | None, date | None]] = [(None, None)] * pages
    years: dict[int, list[int]] = {}
    for n, start in enumerate(store.starts()):
        if start is not None:
            first, _ = spans[n // PAGE_EVENTS]
            spans[n // PAGE_EVENTS] = (first or start, start)
            years.setdefault(start.year, [0, n // PAGE_EVENTS + 1])[0] += 1
    return _Paging(spans, [(year, count, page) for year, (count, page) in sorted(years.items())])


def _page_href(number: int, root: str) -> str:
    return f"{root}index.html" if number == 1 else f"{root}timeline/{number}.html"


def _write_corpus_page(
    env: jinja2.Environment,
    folder: Path,
    items: list[Item],
    number: int,
    paging: _Paging,
    text: UiText,
    articles: list[ArticleView],
    files: exports.DocumentFiles,
) -> None:
    """Page `number` of the corpus timeline (the index when it is the first); its records
    go to the corpus files."""
    root = "" if number == 1 else "../"
    anchors = event_anchors([item.event.id for item in items])
    page = page_events(items, anchors, text, rows="lanes", prefix=f"{root}articles/")
    chart = chart_view(page.chart, text, "chart-index", "")
    page.chart.clear()
    files.add(page.data)
    title = text.ui["site_title"]
    if number > 1:
        title = f"{title}: {text.ui['page_n'].format(n=number, total=len(paging.spans))}"
    context = IndexContext(
        lang=text.lang,
        dir=text.dir,
        root=root,
        mode="page",
        inline={},
        csp=content_security_policy(webgl=chart is not None and chart["webgl"]),
        title=title,
        ui=dict(text.ui),
        placed=page.placed,
        unplaced=page.unplaced,
        chart=chart,
        filters=page.filters,
        downloads=_downloads(text, "timeline", "", False, corpus=True, root=root),
        embed_src="",
        embed_snippet="",
        articles=articles if number == 1 else [],
        pager=_pager(number, paging.spans, text),
        overview=overview_view(
            [(year, count, _page_href(at, root)) for year, count, at in paging.years],
            text,
            "chart-overview",
        )
        if len(paging.spans) > 1 and paging.years
        else None,
    )
    _write_page(env, "index.html", context, folder / _page_href(number, ""), stream=True)


def _pager(
    number: int, spans: list[tuple[date | None, date | None]], text: UiText
) -> list[PageLink]:
    """Links to every page of the corpus timeline from page `number` (none when it is one
    page), each with the years its events start in (`spans`: the first and last start of
    each page's events with a place in time)."""
    if len(spans) == 1:
        return []
    root = "" if number == 1 else "../"
    links = []
    for n, (first, last) in enumerate(spans, 1):
        title = text.ui["page_n"].format(n=n, total=len(spans))
        years = ""
        if first is not None and last is not None:
            title = f"{title}: {text.date(first)} – {text.date(last)}"
            years = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
        links.append(
            PageLink(
                href=_page_href(n, root),
                label=str(n),
                years=years,
                title=title,
                current=n == number,
            )
        )
    return links


def _article_view(
    article: Article,
    event_count: int,
    slug: str,
    text_for: Callable[[str], UiText],
    index_lang: str,
) -> ArticleView:
    """An article as the index lists it."""
    lang = article.lang or index_lang
    text = text_for(lang)
    index_text = text_for(index_lang)
    return ArticleView(
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
        url=safe_url(article.url),  # no javascript: links
        event_count=event_count,
    )


def _article_items(
    result: ArticleResult, slug: str, text_for: Callable[[str], UiText], index_lang: str
) -> tuple[ArticleView, list[Item]]:
    """An article as the index lists it, and its events in timeline order."""
    view = _article_view(result.article, len(result.events), slug, text_for, index_lang)
    events = sorted(result.events, key=order_key)
    anchors = event_anchors([event.id for event in events])
    items = [
        Item(event, expression_of(result.timexes, event.timex), anchor, view, (view,))
        for event, anchor in zip(events, anchors, strict=True)
    ]
    return view, items


def _article_files(
    result: ArticleResult,
    slug: str,
    text_for: Callable[[str], UiText],
    index_lang: str,
    *,
    standalone: bool,
) -> tuple[list[tuple[str, str, PageContext]], list[tuple[str, str]]]:
    """An article's pages (path, template, context) and data files (path, content)."""
    view, items = _article_items(result, slug, text_for, index_lang)
    article = result.article
    lang = view["lang"]
    text = text_for(lang)
    anchors = [item.anchor for item in items]
    pages: list[tuple[str, str, PageContext]] = []
    marks: dict[int, str] = {}  # timex index -> anchor of the first event it dates
    for item in items:
        for t in (item.event.timex, *item.event.expressions):
            marks.setdefault(t, item.anchor)
    rows = "number" if sum(i.event.value.is_placed for i in items) <= MAX_ROWS else "precision"
    page = page_events(items, anchors, text, rows=rows, marked=set(marks))
    chart = chart_view(page.chart, text, f"chart-{slug}", source_label(view))
    context = ArticleContext(
        lang=lang,
        dir=text.dir,
        root="../",
        mode="page",
        inline={},
        csp=content_security_policy(webgl=chart is not None and chart["webgl"]),
        title=view["title"],
        ui=dict(text.ui),
        placed=page.placed,
        unplaced=page.unplaced,
        chart=chart,
        filters=page.filters,
        downloads=_downloads(text, f"../data/{slug}", f"../standalone/{slug}.html", standalone),
        embed_src=f"../embed/{slug}.html",
        embed_snippet=_snippet(f"../embed/{slug}.html", view["title"], slug),
        article=view,
        published_label=text.date(article.published) if article.published else "",
        paragraphs=paragraphs(article.text, result.timexes, marks),
    )
    pages.append((view["href"], "article.html", context))
    # The embed shows no text: its events are the page's, without links into the text.
    placed = [{**event, "text_link": ""} for event in page.placed]
    unplaced = [{**event, "text_link": ""} for event in page.unplaced]
    pages.append(
        (
            f"embed/{slug}.html",
            "embed.html",
            {**context, "mode": "embed", "placed": placed, "unplaced": unplaced},  # type: ignore[typeddict-item]
        )
    )
    if standalone:
        pages.append((f"standalone/{slug}.html", "article.html", {**context, "mode": "standalone"}))
    document = _document(view["title"], lang, [view], page, "schema.json")
    return pages, _data_files(f"data/{slug}", document)


def _document(
    title: str, lang: str, articles: Sequence[ArticleView], page: PageEvents, schema: str
) -> dict[str, Any]:
    records = [exports.data_article(a) for a in articles]
    return exports.data_document(title, lang, records, page.data, schema=schema)


def _data_files(stem: str, document: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (f"{stem}.json", exports.dumps(document)),
        (f"{stem}.timelinejs.json", exports.dumps(exports.timelinejs_document(document))),
    ]


def _downloads(
    text: UiText,
    stem: str,
    standalone_href: str,
    standalone: bool,
    *,
    corpus: bool = False,
    root: str = "",
) -> list[Link]:
    """The data files of a page: an article's, or the corpus's (from a page `root` away from
    the site's root)."""
    ui = text.ui
    stem = root + stem
    links = [
        Link(href=f"{stem}.json", label=ui["download_json"], download=False),
        Link(href=f"{stem}.timelinejs.json", label=ui["download_timelinejs"], download=False),
    ]
    if corpus:
        links += [
            Link(href=f"{root}timeline.csv", label=ui["download_csv"], download=True),
            Link(href=f"{root}timeline.ics", label=ui["download_ics"], download=True),
        ]
    if standalone:
        links.append(Link(href=standalone_href, label=ui["download_standalone"], download=True))
    schema = f"{root}data/schema.json" if corpus else "../data/schema.json"
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
    """An attribute value of the snippet: escaped, without bidi controls (which would show the
    code to copy in another order than it is)."""
    value = value.translate(_BIDI_CONTROLS)
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _replace_row(item: ChartItem, row: str) -> ChartItem:
    fields = {name: getattr(item, name) for name in ChartItem.__slots__}  # type: ignore[attr-defined]
    return ChartItem(**{**fields, "row": row})


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


def _environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["event_html"] = event_html
    env.globals["paragraph_html"] = paragraph_html
    return env


def _majority_lang(results: Sequence[ArticleResult] | Sequence[Article]) -> str:
    """The most common article language (ties broken alphabetically), English if none."""
    langs = (r.lang if isinstance(r, Article) else r.article.lang for r in results)
    counts = Counter(lang for lang in langs if lang)
    if not counts:
        return FALLBACK
    return min(counts, key=lambda lang: (-counts[lang], lang))


def _slug_base(article_id: str) -> str:
    ascii_id = unicodedata.normalize("NFKD", article_id).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_id.lower()).strip("-")[:60].rstrip("-")


def _write_page(
    env: jinja2.Environment,
    template: str,
    context: PageContext,
    path: Path,
    *,
    stream: bool = False,
) -> None:
    """The rendered page; `stream`: written as it is rendered (the index of a large corpus
    is big)."""
    if not stream:
        write_text(path, env.get_template(template).render(context))
        return
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.writelines(env.get_template(template).generate(context))
