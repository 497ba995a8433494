"""RSS and Atom feeds (`.rss`, `.atom`, and `.xml` files that are feeds), through feedparser:
each item is an article, its text the item's content (else its summary) as plain text, its date
the item's published (else updated) date in its own time zone, the feed's title its source."""

from __future__ import annotations

import xml.sax
from collections.abc import Iterator
from pathlib import Path

import feedparser
from lxml import html as lxml_html

from timeline.ingest.dates import any_date
from timeline.ingest.errors import Found, InputError, InputWarning, Item, Options
from timeline.ingest.language import choose_lang
from timeline.model import Article

# Elements after which the text of an HTML fragment breaks the line.
_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr section article".split()
)


def read_feed(path: Path, data: bytes, options: Options) -> Iterator[Item]:
    parsed = feedparser.parse(data.replace(b"\x00", b""))
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not parsed.version and not parsed.entries:
        why = f" ({_reason(problem)})" if isinstance(problem, xml.sax.SAXException) else ""
        yield InputError(path, None, f"not an RSS or Atom feed{why}")
        return
    if isinstance(problem, xml.sax.SAXException):
        yield InputWarning(
            path,
            None,
            f"malformed feed ({_reason(problem)}): read the {len(parsed.entries)} item(s) "
            "before the error",
        )
    if not parsed.entries:
        yield InputError(path, None, "empty feed: no items")
        return
    feed = parsed.feed
    source = " ".join(str(feed.get("title", "")).split())
    hint = str(feed.get("language", "")) or str(feed.get("title_detail", {}).get("language") or "")
    for n, entry in enumerate(parsed.entries, start=1):
        yield _article(entry, n, path, source, hint, options)


def _article(entry: dict, n: int, path: Path, source: str, hint: str, options: Options) -> Item:
    title = " ".join(str(entry.get("title", "")).split())
    where = f"item {n}" + (f" ({title[:60]!r})" if title else "")
    text = _text(entry)
    if not text:
        return InputError(path, None, f"{where}: no content or summary")
    # dict.get: feedparser maps a missing `updated` to `published` with a DeprecationWarning.
    raw = dict.get(entry, "published") or dict.get(entry, "updated") or ""
    published = options.dct or any_date(raw)
    if published is None:
        problem = f"invalid date {raw!r}" if raw else "no date"
        return InputError(path, None, f"{where}: {problem}; give --dct YYYY-MM-DD")
    link = str(entry.get("link", ""))
    article = Article(
        id=str(entry.get("id") or link or f"{path.stem}-{n}"),
        text=text,
        title=title,
        published=published,
        lang=choose_lang(text, given=options.lang, hint=_language(entry) or hint),
        url=link,
        source=source,
        path=str(path),
    )
    return Found(article, where=f"{article.id}: ")


def _text(entry: dict) -> str:
    """The item's content, else its summary, as plain text (paragraphs one per line)."""
    for detail in [*entry.get("content", []), entry.get("summary_detail")]:
        if detail and str(detail.get("value", "")).strip():
            value = str(detail["value"])
            return _html_text(value) if "html" in str(detail.get("type", "")) else value.strip()
    return ""


def _html_text(fragment: str) -> str:
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml_html.etree.ParserError):
        return fragment.strip()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _language(entry: dict) -> str:
    for key in ("content", "summary_detail"):
        details = entry.get(key) or []
        for detail in details if isinstance(details, list) else [details]:
            if detail.get("language"):
                return str(detail["language"])
    return ""


def _reason(problem: BaseException) -> str:
    if isinstance(problem, xml.sax.SAXParseException):
        return f"{problem.getMessage()} at line {problem.getLineNumber()}"
    return str(problem)
