"""site: the static website of a timeline (index, article, embed and standalone pages, data).

The views the templates get are built by `timeline.views`; this module plans the files and
writes them.

As in pelican and mkdocs, the model is built before the files that show it: every article is
read first (slugs, languages, each article's ordered events), then the corpus timeline is
merged and written while other processes write the article pages, which depend on their own
article alone. Files are written into a temporary
folder beside the output folder, swapped in only when the whole build succeeded: a failed
build leaves the previous site as it was. Same input, byte-identical output (fixed chart ids,
sorted keys, no timestamps).
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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

import jinja2
import plotly.graph_objects as go
from markupsafe import Markup

import timeline
from timeline import exports
from timeline.chart import ChartItem
from timeline.chart import figure as chart_figure
from timeline.eventhtml import event_html
from timeline.events import order_key
from timeline.i18n import FALLBACK, UiText, load_ui_text
from timeline.merge import merge_items, statement_words
from timeline.model import Article, ArticleResult, Event, Timex
from timeline.progress import progress
from timeline.publish import publish, write_text
from timeline.security import content_security_policy, safe_url
from timeline.spill import ResultFile
from timeline.statements import words
from timeline.views import (
    ArticleContext,
    ArticleView,
    IndexContext,
    Item,
    Link,
    PageContext,
    PageEvents,
    chart_text,
    chart_view,
    event_anchors,
    expression_of,
    normalized_value,
    page_events,
    paragraphs,
    source_label,
)

__all__ = ["build_site", "figure", "slugify", "templates_dir"]

STATIC_FILES = ("style.css", "timeline.js")
SCHEMA = "data.schema.json"  # in templates/, published as data/schema.json
MAX_ROWS = 60  # an article chart has one row per event up to this many, then precision lanes
# Names Windows will not give a file.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", *(f"{p}{n}" for p in ("com", "lpt") for n in range(10))]
)

# Embedding, override and isolate controls (not the marks U+200E/U+200F, which reorder nothing).
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


@dataclass(slots=True)
class _Site:
    """Everything to write: pages (path, template, context) and data files (path, content)."""

    pages: list[tuple[str, str, PageContext]] = field(default_factory=list)
    files: list[tuple[str, str | Callable[[TextIO], None]]] = field(default_factory=list)


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
    result is kept in a temporary file (`timeline.spill.ResultFile`) with only what the
    corpus timeline needs in memory, and only one article's text at a time is loaded again
    to write its pages. An article's pages depend on that article alone (and on the slugs
    and index language of all), so they are written by `jobs` forked processes while this
    one plans and writes the corpus timeline.
    """
    with contextlib.ExitStack() as stack:
        stack.enter_context(_fewer_collections())
        if isinstance(results, Sequence):
            writers = stack.enter_context(_Writers(results, jobs))
            writers.start()
            reports = [_Reports.of(result) for result in results]
        else:
            spill = stack.enter_context(ResultFile())
            writers = stack.enter_context(_Writers(spill, jobs))
            reports = []
            for result in results:
                spill.append(result)
                writers.start()  # at the first result, while this process holds little
                reports.append(_Reports.of(result))
                del result  # one text at a time
        count = len(reports)
        if callable(standalone):
            standalone = standalone(count)
        _build(writers, reports, Path(out_dir), ui_lang, standalone)
    return count


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


@dataclass(slots=True)
class _Reports:
    """What the corpus timeline needs of one article: the article without its text, and
    each of its events in timeline order with its expression, anchor and statement words
    (`timeline.merge.statement_words`)."""

    article: Article
    events: list[tuple[Event, str, str, list[str]]]

    @classmethod
    def of(cls, result: ArticleResult) -> _Reports:
        article = result.article
        events = sorted(result.events, key=order_key)
        anchors = event_anchors([event.id for event in events])
        spans = sorted((t.mention.start, t.mention.end) for t in result.timexes)
        w, text = words(article.lang), article.text
        return cls(
            replace(article, text=""),
            [
                (
                    event,
                    expression_of(result.timexes, event.timex),
                    anchor,
                    statement_words(text, spans, event, w),
                )
                for event, anchor in zip(events, anchors, strict=True)
            ],
        )


def _build(
    writers: _Writers,
    reports: list[_Reports],
    out_dir: Path,
    ui_lang: str | None,
    standalone: bool,
) -> None:
    templates = templates_dir()
    env = _environment(templates)
    text_for = _ui_texts(templates)
    index_lang = ui_lang or _majority_lang([r.article for r in reports])
    slugs = slugify([r.article.id for r in reports])

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
        site = _plan(reports, slugs, text_for, index_lang)
        reports.clear()  # merged: what remains of each event is on the index
        for path, template, context in site.pages:
            _write_page(env, template, context, folder / path, stream=True)
        for path, content in site.files:
            _write_file(folder / path, content)
        del site
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


def _plan(
    reports: Sequence[_Reports],
    slugs: Sequence[str],
    text_for: Callable[[str], UiText],
    index_lang: str,
) -> _Site:
    """The index and the corpus files. Article pages are written apart (`_article_files`)."""
    site = _Site()
    views: list[ArticleView] = []
    corpus: list[Item] = []
    merging: list[tuple[Event, str, list[str]]] = []
    index_text = text_for(index_lang)
    for report, slug in zip(reports, slugs, strict=True):
        view = _article_view(report.article, len(report.events), slug, text_for, index_lang)
        views.append(view)
        lang = report.article.lang
        for event, expression, anchor, content in report.events:
            corpus.append(Item(event, expression, anchor, view, (view,)))
            merging.append((event, lang, content))

    text = index_text
    corpus = _merged(corpus, merging)  # in timeline order (of each happening's lead)
    del merging
    anchors = event_anchors([item.event.id for item in corpus])
    page = page_events(corpus, anchors, text, rows="lanes", prefix="articles/")
    del corpus
    chart = chart_view(page.chart, text, "chart-index", "")
    page.chart.clear()
    articles = sorted(views, key=lambda v: (v["title"], v["slug"]))
    articles.sort(key=lambda v: v["published"], reverse=True)  # newest first, undated last
    index = IndexContext(
        lang=index_lang,
        dir=text.dir,
        root="",
        mode="page",
        inline={},
        csp=content_security_policy(webgl=chart is not None and chart["webgl"]),
        title=text.ui["site_title"],
        ui=dict(text.ui),
        placed=page.placed,
        unplaced=page.unplaced,
        chart=chart,
        filters=page.filters,
        downloads=_downloads(text, "timeline", "", False, corpus=True),
        embed_src="",
        embed_snippet="",
        articles=articles,
    )
    site.pages.insert(0, ("index.html", "index.html", index))
    document = _document(text.ui["site_title"], index_lang, views, page, "data/schema.json")
    site.files += [
        ("timeline.json", lambda f: exports.dump(document, f.write)),
        (
            "timeline.timelinejs.json",
            lambda f: exports.dump(exports.timelinejs_document(document), f.write),
        ),
        ("timeline.csv", lambda f: exports.write_csv(document, f)),
        ("timeline.ics", lambda f: exports.write_ics(document, f.write)),
    ]
    return site


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


def _merged(items: Sequence[Item], reports: list[tuple[Event, str, list[str]]]) -> list[Item]:
    """The corpus timeline: one item per happening (`timeline.merge`), shown as its lead
    report and listing every article that reports it."""
    by_event = {id(item.event): item for item in items}
    merged = []
    for happening in merge_items(reports):
        found = [by_event[id(event)] for event in happening.events]
        sources = {report.article["slug"]: report.article for report in found}
        merged.append(replace(found[0], sources=tuple(sources.values())))
    return merged


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


def _write_file(path: Path, content: str | Callable[[TextIO], None]) -> None:
    """A data file: its text, or what writes it into the open file (UTF-8, "\\n" lines)."""
    if isinstance(content, str):
        write_text(path, content)
        return
    with path.open("w", encoding="utf-8", newline="\n") as f:
        content(f)
