"""site: the static website of a timeline (index, one page per article, local assets).

As in pelican and mkdocs, the whole model is built first (slugs, ordered events, anchors,
charts), then every page is written. Pages are written into a temporary folder beside the
output folder, swapped in only when the whole build succeeded: a failed build leaves the
previous site as it was. Same input, byte-identical output (fixed chart ids, sorted keys,
no timestamps).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypedDict

import jinja2
import plotly.offline
from markupsafe import Markup

import timeline
from timeline.chart import ChartItem, ChartText, chart_html
from timeline.events import order_key
from timeline.i18n import FALLBACK, UiText, load_ui_text
from timeline.model import ArticleResult, Event, Timex

__all__ = ["build_site", "slugify", "templates_dir"]

STATIC_FILES = ("style.css", "timeline.js")
KEEP = (".gitkeep",)  # files of the old output folder carried into the new one
# Names Windows will not give a file.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", *(f"{p}{n}" for p in ("com", "lpt") for n in range(10))]
)
_HTML_TIME = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?|-W[0-9]{2})?")


class ArticleView(TypedDict):
    """An article as listed on the index (labels in the index language)."""

    slug: str
    href: str  # from the index page
    title: str
    published: str  # ISO date, "" when unknown
    published_label: str
    lang: str
    dir: str
    lang_name: str
    source: str
    url: str
    event_count: int


class EventView(TypedDict):
    anchor: str  # DOM id on the page that lists it
    number: int  # its row on the chart, 0 when not on the chart
    title: str
    text: str
    status: str
    status_label: str
    attribution: str
    value: str  # normalized (TIMEX3) value, with its modifier
    datetime: str  # for <time datetime>, "" when the value has no place in time
    when: str  # the value as a reader would say it
    expression: str  # as written in the article
    granularity: str
    permalink: str  # the event on its article page
    text_link: str  # its expression in the article text, "" when not on this page
    article: ArticleView


class Segment(TypedDict):
    text: str
    mark: bool
    mark_id: str
    href: str  # the event the time expression dates
    value: str


class PageContext(TypedDict):
    lang: str
    dir: str
    root: str  # relative path from the page to the site root
    title: str
    ui: dict[str, str]
    placed: list[EventView]
    unplaced: list[EventView]
    chart: Markup


class IndexContext(PageContext):
    articles: list[ArticleView]


class ArticleContext(PageContext):
    article: ArticleView
    published_label: str  # in the article's language
    paragraphs: list[list[Segment]]


@dataclass(frozen=True, slots=True)
class _Item:
    """An event with its article: the unit that is ordered and shown."""

    event: Event
    expression: str  # the time expression as written, "" when the index is out of range
    anchor: str  # its id on its article page
    article: ArticleView


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
    results: Sequence[ArticleResult], out_dir: str | Path, *, ui_lang: str | None = None
) -> None:
    """Write the site of `results` into `out_dir`, replacing its content only on success.

    `ui_lang` is the language of the index page; by default the most common article language.
    Article pages are in their article's language.
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
    texts: dict[str, UiText] = {}

    def text_for(lang: str) -> UiText:
        if lang not in texts:
            texts[lang] = load_ui_text(templates / "i18n", lang)
        return texts[lang]

    index_lang = ui_lang or _majority_lang(results)
    pages = _plan(results, text_for, index_lang)  # the whole model, before any page is written

    def write(folder: Path) -> None:
        (folder / "articles").mkdir()
        assets = folder / "assets"
        assets.mkdir()
        _write_text(assets / "plotly.min.js", plotly.offline.get_plotlyjs())
        for name in STATIC_FILES:
            shutil.copyfile(templates / "static" / name, assets / name)
        for path, template, context in pages:
            _write_page(env, template, context, folder / path)

    _publish(Path(os.path.abspath(out_dir)), write)


def _plan(
    results: Sequence[ArticleResult], text_for: Callable[[str], UiText], index_lang: str
) -> list[tuple[str, str, PageContext]]:
    """Every page to write, as (path in the site, template, context): the index first."""
    pages: list[tuple[str, str, PageContext]] = []
    views: list[ArticleView] = []
    corpus: list[_Item] = []
    index_text = text_for(index_lang)
    for result, slug in zip(results, slugify([r.article.id for r in results]), strict=True):
        article = result.article
        lang = article.lang or index_lang
        text = text_for(lang)
        view = ArticleView(
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
            _Item(event, _expression(result.timexes, event.timex), anchor, view)
            for event, anchor in zip(events, anchors, strict=True)
        ]
        corpus.extend(items)
        marks: dict[int, str] = {}  # timex index -> anchor of the first event it dates
        for item in items:
            for t in (item.event.timex, *item.event.expressions):
                marks.setdefault(t, item.anchor)
        placed, unplaced, chart = _event_views(items, anchors, text, "", set(marks))
        context = ArticleContext(
            lang=lang,
            dir=text.dir,
            root="../",
            title=view["title"],
            ui=dict(text.ui),
            placed=placed,
            unplaced=unplaced,
            chart=_chart(chart, text, f"chart-{slug}"),
            article=view,
            published_label=text.date(article.published) if article.published else "",
            paragraphs=_paragraphs(result.article.text, result.timexes, marks),
        )
        pages.append((view["href"], "article.html", context))

    text = index_text
    corpus.sort(key=lambda item: order_key(item.event))
    anchors = _anchors([item.event.id for item in corpus])
    placed, unplaced, chart = _event_views(corpus, anchors, text, "articles/", set())
    articles = sorted(views, key=lambda v: (v["title"], v["slug"]))
    articles.sort(key=lambda v: v["published"], reverse=True)  # newest first, undated last
    index = IndexContext(
        lang=index_lang,
        dir=text.dir,
        root="",
        title=text.ui["site_title"],
        ui=dict(text.ui),
        placed=placed,
        unplaced=unplaced,
        chart=_chart(chart, text, "chart-index"),
        articles=articles,
    )
    return [("index.html", "index.html", index), *pages]


def _event_views(
    items: Sequence[_Item], anchors: Sequence[str], text: UiText, prefix: str, marked: set[int]
) -> tuple[list[EventView], list[EventView], list[ChartItem]]:
    """The events of a page in timeline order: those on the time axis, the others, the chart.

    `prefix` leads from the page to the article pages ("" on an article page); `marked` are
    the time expressions highlighted in the text shown on this page.
    """
    placed: list[EventView] = []
    unplaced: list[EventView] = []
    chart: list[ChartItem] = []
    for item, anchor in zip(items, anchors, strict=True):
        event, value = item.event, item.event.value
        interval = value.interval if value.is_placed else None
        normalized = value.value + (f" ({value.mod.value})" if value.mod else "")
        view = EventView(
            anchor=anchor,
            number=len(placed) + 1 if interval else 0,
            title=event.title or event.text,
            text=event.text if event.text != event.title else "",
            status=event.status,
            status_label=text.status_label(event.status),
            attribution=event.attribution,
            value=normalized,
            datetime=_datetime_attr(value.value, interval[0]) if interval else "",
            when=text.when(value, item.expression),
            expression=item.expression,
            granularity=value.granularity.value if value.granularity else "",
            permalink=f"{prefix}{item.article['slug']}.html#{item.anchor}"
            if prefix
            else f"#{anchor}",
            text_link=f"#tx-{event.timex}" if event.timex in marked else "",
            article=item.article,
        )
        if interval is None:
            unplaced.append(view)
            continue
        placed.append(view)
        assert value.granularity is not None
        chart.append(
            ChartItem(
                anchor=anchor,
                row=str(view["number"]),
                granularity=value.granularity,
                first=interval[0],
                last=interval[1],
                title=view["title"],
                expression=item.expression,
                value=normalized,
            )
        )
    return placed, unplaced, chart


def _chart(items: Sequence[ChartItem], text: UiText, div_id: str) -> Markup:
    """The chart fragment, or nothing when no event has a place on the time axis."""
    if not items:
        return Markup("")
    words = ChartText(
        lang=text.lang,
        legend_title=text.ui["legend_title"],
        expression=text.ui["expression"],
        value=text.ui["value"],
        granularity=text.granularity,
        months=text.months,
        short_months=text.short_months,
    )
    return Markup(chart_html(items, words, div_id=div_id))  # plotly's own markup


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
    _write_text(path, env.get_template(template).render(context))


def _write_text(path: Path, content: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(content)


def _publish(out: Path, write: Callable[[Path], None]) -> None:
    """Run `write` into a new folder beside `out`, then swap it in place of `out`.

    On any failure the new folder is removed and `out` is left untouched.
    """
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"not a folder: {out}")
    out.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        write(new)
        for name in KEEP:
            if (out / name).is_file():
                shutil.copyfile(out / name, new / name)
        new.chmod(0o755)  # mkdtemp made it private
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    old = out.parent / f".{out.name}.old-{secrets.token_hex(6)}" if out.exists() else None
    if old is not None:
        os.rename(out, old)
    try:
        os.rename(new, out)
    except BaseException:
        if old is not None:
            os.rename(old, out)
        shutil.rmtree(new, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
