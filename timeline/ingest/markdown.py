"""Markdown articles (`.md`, `.markdown`) with YAML front matter:

    ---
    title: Talks to resume in Geneva
    date: 2022-12-30
    lang: en
    source: The Daily Ledger
    url: https://...
    ---
    The body, which offsets point into.

`date` (or `published`) is required unless --dct is given; `title` defaults to the first
`# heading` of the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from timeline.ingest.dates import any_date
from timeline.ingest.decode import decode, normalize_newlines
from timeline.ingest.errors import Found, InputError, Item, Options
from timeline.ingest.language import choose_lang
from timeline.model import Article

_FENCE = re.compile(r"^---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL | re.MULTILINE)
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_STRINGS = ("title", "lang", "source", "url", "id")


def read_markdown(path: Path, data: bytes, options: Options) -> Iterator[Item]:
    content = normalize_newlines(decode(data))
    fence = _FENCE.match(content)
    if fence is None:
        front: object = {}
        body = content
    else:
        body = content[fence.end() :]
        try:
            front = yaml.safe_load(fence[1]) or {}
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            line = mark.line + 2 if mark is not None else None  # +1 for the fence, +1 from 0
            problem = getattr(err, "problem", None) or "not YAML"
            yield InputError(path, line, f"invalid front matter: {problem}")
            return
    if not isinstance(front, dict):
        yield InputError(path, 2, "the front matter must be 'key: value' lines")
        return
    fields = {}
    for name in _STRINGS:
        value = front.get(name)
        if value is not None and not isinstance(value, str | int | float):
            yield InputError(path, None, f"front matter '{name}' must be text")
            return
        fields[name] = "" if value is None else str(value).strip()
    if not body.strip():
        yield InputError(path, None, "no text after the front matter")
        return
    raw = front.get("date", front.get("published"))
    published = options.dct or any_date(raw)
    if published is None:
        problem = f"invalid 'date' {raw!r}" if raw else "no 'date' in the front matter"
        yield InputError(path, None, f"{problem}: expected YYYY-MM-DD, or give --dct")
        return
    heading = _HEADING.search(body)
    article = Article(
        id=fields["id"] or path.stem,
        text=body,
        title=fields["title"] or (heading[1] if heading else ""),
        published=published,
        lang=choose_lang(body, given=options.lang, declared=fields["lang"]),
        url=fields["url"],
        source=fields["source"],
        path=str(path),
    )
    yield Found(article)
