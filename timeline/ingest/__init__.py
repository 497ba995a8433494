"""Read articles from files: the first stage of the pipeline.

An input is a file, a folder (walked recursively in sorted order), a glob, or `-` for JSON
Lines on standard input. The reader is chosen by the file extension:

- `.txt`: line 1 is the title, then a dateline and the text (`plain`);
- `.json`, `.jsonl`, `.ndjson`: objects with `text`, `published`, ... (`records`);
- `.html`, `.htm`: saved web pages (`pages`); `.rss`, `.atom`, `.xml`: feeds (`feeds`);
- `.md`, `.markdown`: Markdown with YAML front matter (`markdown`).

Any encoding is read (`decode`), the language is given, declared or identified (`language`).
Every article needs a publication date, the anchor of relative dates ("last month"), unless
`dct` gives one for all of them.

A bad input is one `InputError` (one line naming the file and the problem) handed to
`on_error`, and reading goes on with the next article: nothing else is lost. A doubt that
loses nothing (a publication date before 1900 or in the future, a language without a lexicon,
a symbolic link loop) is an `InputWarning` handed to `on_warning`; under `strict` it is an
error instead, and the article it is about is not read. Texts are kept as read: later stages
point into them with offsets.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from timeline.ingest.dates import doubt
from timeline.ingest.decode import NotText
from timeline.ingest.errors import (
    MAX_ARTICLES,
    MAX_BYTES,
    MAX_CHARS,
    MAX_CORPUS_CHARS,
    Found,
    InputError,
    InputWarning,
    Item,
    LimitError,
    Options,
    size,
)
from timeline.ingest.feeds import read_feed
from timeline.ingest.language import detect_lang, unsupported
from timeline.ingest.markdown import read_markdown
from timeline.ingest.pages import read_html
from timeline.ingest.paths import expand
from timeline.ingest.plain import read_txt
from timeline.ingest.records import read_json, read_jsonl
from timeline.model import Article

__all__ = ["InputError", "InputWarning", "LimitError", "detect_lang", "read_articles"]

# Readers of whole files: (path, bytes, options) -> articles and problems.
_WHOLE = {
    ".txt": read_txt,
    ".json": read_json,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
    ".md": read_markdown,
    ".markdown": read_markdown,
}
_STREAMED = frozenset({".jsonl", ".ndjson"})  # JSON Lines: read line by line
SUFFIXES = frozenset(_WHOLE) | _STREAMED
STDIN = "-"
_SURROGATE = re.compile("[\ud800-\udfff]")  # from JSON or YAML escapes: not Unicode text


def read_articles(
    paths: Iterable[str | Path] | str | Path,
    *,
    dct: date | None = None,
    lang: str | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_warning: Callable[[InputWarning], None] | None = None,
    strict: bool = False,
    max_bytes: int = MAX_BYTES,
    max_chars: int = MAX_CHARS,
    max_articles: int = MAX_ARTICLES,
    max_corpus_chars: int = MAX_CORPUS_CHARS,
    stdin: BinaryIO | None = None,
) -> Iterator[Article]:
    """Yield the articles of every path (a file, a folder walked recursively in sorted order,
    a glob, or "-" for JSON Lines on `stdin`, by default the standard input).

    Each problem is passed to `on_error` (default: raise it) and reading goes on with the next
    article; each warning to `on_warning` (default: `warnings.warn`). Under `strict` warnings
    are errors, and the article a warning is about is left out. `dct` (document creation time)
    is the publication date of every article, overriding the files; `lang` the language of
    every article. Files larger than `max_bytes` are refused, except JSON Lines, which are
    streamed (each line at most `max_bytes`); so are articles longer than `max_chars`
    characters. More than `max_articles` articles or `max_corpus_chars` characters in all
    raise `LimitError`.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    if isinstance(dct, datetime):
        dct = dct.date()
    options = Options(dct=dct, lang=lang, max_bytes=max_bytes, max_chars=max_chars)
    count = chars = 0

    def report(problem: InputError) -> None:
        if isinstance(problem, InputWarning):
            if strict:
                problem = InputError(problem.path, problem.line, problem.message)
            elif on_warning is not None:
                on_warning(problem)
                return
            else:
                warnings.warn(problem, stacklevel=3)
                return
        if on_error is None:
            raise problem
        on_error(problem)

    for item in _read_all(paths, options, stdin):
        if isinstance(item, InputError):
            report(item)
            continue
        problems = _problems(item, options)
        for problem in problems:
            report(problem)
        if not any(strict or type(p) is InputError for p in problems):
            count, chars = count + 1, chars + len(item.article.text)
            if count > max_articles:
                raise LimitError(f"more than {max_articles:,} articles: the limit of one build")
            if chars > max_corpus_chars:
                raise LimitError(
                    f"more than {max_corpus_chars:,} characters of text in all: "
                    "the limit of one build"
                )
            yield item.article


def _problems(found: Found, options: Options) -> list[InputError]:
    """What is wrong with an article that was read: its language, its date."""
    article = found.article
    problems: list[InputError] = []
    path = article.path or article.id.encode("utf-8", "backslashreplace").decode("utf-8")
    for name in ("text", "title", "id", "source", "url", "lang"):
        if match := _SURROGATE.search(getattr(article, name)):
            message = (
                f"'{name}' is not Unicode text: a lone surrogate (U+{ord(match[0]):04X}) "
                f"at character {match.start()}"
            )
            return [InputError(path, found.line, found.where + message)]
    if len(article.text) > options.max_chars:
        message = (
            f"article too long ({len(article.text):,} characters; the limit is "
            f"{options.max_chars:,}): split it"
        )
        return [InputError(path, found.line, found.where + message)]
    if lang_problem := unsupported(article.lang):
        message, fatal = lang_problem
        kind = InputError if fatal else InputWarning
        problems.append(kind(path, found.line, found.where + message))
    if options.dct is None and article.published is not None:
        if message := doubt(article.published, options.today):
            problems.append(InputWarning(path, found.line, found.where + message))
    return problems


def _read_all(
    paths: Iterable[str | Path], options: Options, stdin: BinaryIO | None
) -> Iterator[Item]:
    seen: set[Path] = set()
    for given in paths:
        if str(given) == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_jsonl(stream, "<stdin>", "stdin", options)
            continue
        for entry in expand(given, SUFFIXES):
            if isinstance(entry, InputError):
                yield entry
            elif (key := entry.resolve()) not in seen:  # a file named twice is read once
                seen.add(key)
                yield from _read_file(entry, options)


def _read_file(path: Path, options: Options) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        kind = repr(path.suffix) if path.suffix else "(no extension)"
        expected = ", ".join(sorted(SUFFIXES))
        yield InputError(path, None, f"unsupported file type {kind}; expected one of {expected}")
        return
    try:
        if suffix in _STREAMED:
            with path.open("rb", buffering=64 * 1024) as stream:
                yield from read_jsonl(stream, str(path), path.stem, options)
            return
        with path.open("rb") as stream:
            data = stream.read(options.max_bytes + 1)
    except OSError as err:
        yield InputError(path, None, f"cannot read: {err.strerror or err}")
        return
    if len(data) > options.max_bytes:
        yield InputError(path, None, _too_large(path, options.max_bytes))
        return
    if not data.strip(b" \t\r\n\f\v\x00\xef\xbb\xbf\xfe\xff"):
        yield InputError(path, None, "empty file")
        return
    try:
        yield from _WHOLE[suffix](path, data, options)
    except NotText as err:
        yield InputError(path, None, str(err))


def _too_large(path: Path, limit: int) -> str:
    try:
        actual = size(path.stat().st_size)
    except OSError:
        actual = "more"
    return (
        f"file too large ({actual}; the limit is {size(limit)}): split it, or convert it to "
        "JSON Lines (.jsonl), which is read line by line"
    )
