"""`.txt` articles: line 1 is the title, the rest is the text, which starts with a dateline,
possibly glued to the first word of the body ("٣٠ ديسمبر ٢٠٢٢دعا ..."), in any digit script."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from timeline.ingest.dates import NO_DATE, dateline_date
from timeline.ingest.decode import decode, normalize_newlines
from timeline.ingest.errors import Found, InputError, Item, Options
from timeline.ingest.language import choose_lang
from timeline.model import Article


def read_txt(path: Path, data: bytes, options: Options) -> Iterator[Item]:
    content = normalize_newlines(decode(data))
    title, _, text = content.partition("\n")
    lang = choose_lang(content, given=options.lang)
    published = options.dct
    if published is None:
        # The dateline starts line 2 (or the first line after it that is not blank).
        lines = text.split("\n")
        number = next((n for n, line in enumerate(lines) if line.strip()), 0)
        published = dateline_date(lines[number], lang)
        if published is None:
            yield InputError(path, number + 2, NO_DATE)
            return
    yield Found(
        Article(
            id=path.stem,
            text=text,
            title=title.strip(),
            published=published,
            lang=lang,
            path=str(path),
        )
    )
