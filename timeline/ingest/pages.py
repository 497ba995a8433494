"""Saved web pages (`.html`, `.htm`): the main text through trafilatura, the publication date
through htmldate, the title from `og:title` (else `<title>`), the URL and site name as the
source.

The date comes from the page's markup only (JSON-LD `datePublished`, `article:published_time`,
`<time>`, the URL ...), never from a guess in the running text: a wrong date silently shifts
every relative date of the article, a missing one is a clear message asking for --dct.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import htmldate
import trafilatura
from lxml import html as lxml_html

from timeline.ingest.decode import decode
from timeline.ingest.errors import Found, InputError, Item, Options
from timeline.ingest.language import choose_lang
from timeline.model import Article

# htmldate rejects dates outside its bounds (by default 1995 to today); we read every date
# and warn about the implausible ones ourselves.
_MIN_DATE, _MAX_DATE = date(1000, 1, 1), date(9999, 12, 31)
# The page is decoded already: its <meta charset> must not decode it a second time.
_PARSER = lxml_html.HTMLParser(encoding="utf-8")


def read_html(path: Path, data: bytes, options: Options) -> Iterator[Item]:
    page = decode(data)
    meta = _metadata(page)
    url = meta["og:url"] or meta["canonical"]
    doc = trafilatura.bare_extraction(
        page, url=url or None, include_comments=False, with_metadata=True, favor_precision=True
    )
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        yield InputError(path, None, "no article text found in this page")
        return
    title = meta["og:title"] or (doc.title or "") or meta["title"]
    first, _, rest = text.partition("\n")
    if rest and first.strip() == title.strip():
        text = rest  # the headline, kept apart as the title
    published = options.dct or _page_date(page, url)
    if published is None:
        yield InputError(path, None, "no publication date in this page; give --dct YYYY-MM-DD")
        return
    article = Article(
        id=path.stem,
        text=text,
        title=title.strip(),
        published=published,
        lang=choose_lang(text, given=options.lang, hint=meta["lang"]),
        url=url or (doc.url or ""),
        source=meta["og:site_name"] or (doc.sitename or ""),
        path=str(path),
    )
    yield Found(article)


def _page_date(page: str, url: str) -> date | None:
    found = htmldate.find_date(
        page,
        url=url or None,
        original_date=True,  # the publication, not the last update
        extensive_search=False,
        outputformat="%Y-%m-%d",
        min_date=_MIN_DATE.isoformat(),
        max_date=_MAX_DATE.isoformat(),
    )
    return date.fromisoformat(found) if found else None


def _metadata(page: str) -> dict[str, str]:
    """og:title, og:site_name, og:url, the canonical link, <title> and <html lang>."""
    meta = dict.fromkeys(("og:title", "og:site_name", "og:url", "canonical", "title", "lang"), "")
    try:
        tree = lxml_html.document_fromstring(page.encode("utf-8"), parser=_PARSER)
    except (ValueError, lxml_html.etree.ParserError):
        return meta
    for name in ("og:title", "og:site_name", "og:url"):
        values = tree.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content')
        meta[name] = next((v.strip() for v in values if v.strip()), "")
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    meta["canonical"] = canonical[0].strip() if canonical else ""
    titles = tree.xpath("//title/text()")
    meta["title"] = " ".join(titles[0].split()) if titles else ""
    meta["lang"] = (tree.get("lang") or "").strip()
    return meta
