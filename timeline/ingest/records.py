"""JSON articles: `.json` (one object or a list of them) and JSON Lines (`.jsonl`, `.ndjson`,
or `-` for standard input), one object per line, read line by line so that a file of any size
is streamed.

Fields: `text` (required), `published` (ISO date or datetime), `title`, `id`, `lang`, `url`,
`source`. The text is kept exactly as given: offsets point into it.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from timeline.ingest.dates import iso_date
from timeline.ingest.decode import NotText, decode, sniff
from timeline.ingest.errors import Found, InputError, Item, Options, size
from timeline.ingest.language import choose_lang
from timeline.model import Article

_FIELDS = ("id", "title", "published", "lang", "url", "source")


def read_json(path: Path, data: bytes, options: Options) -> Iterator[Item]:
    value = _loads(decode(data), path, None)
    if not isinstance(value, list):
        yield from_object(value, path, None, "", path.stem, options)
        return
    for n, obj in enumerate(value, start=1):
        yield from_object(obj, path, None, f"item {n}: ", f"{path.stem}-{n}", options)


def read_jsonl(stream: BinaryIO, name: str, stem: str, options: Options) -> Iterator[Item]:
    """The articles of a JSON Lines stream; `name` names it in messages, `stem` prefixes ids.

    Lines are read one at a time (no line longer than `options.max_bytes`), so memory stays
    flat whatever the size of the file.
    """
    if not isinstance(stream, io.BufferedReader):
        stream = io.BufferedReader(stream)  # type: ignore[arg-type]  # for peek()
    empty = True
    for number, line in _lines(stream, name, options.max_bytes):
        if isinstance(line, InputError):
            empty = False
            yield line
            continue
        if line.strip():
            empty = False
            obj = _loads(line.lstrip("\ufeff"), name, number)  # files joined with their BOMs
            yield from_object(obj, name, number, "", f"{stem}-{number}", options)
    if empty:
        yield InputError(name, None, "empty file")


def _lines(
    stream: io.BufferedReader, name: str, limit: int
) -> Iterator[tuple[int, str | InputError]]:
    """(number, text) of each line; an InputError in place of a line that cannot be read
    (and, when nothing after it can be, as the last item)."""
    head = stream.peek(64 * 1024)
    try:
        encoding = codecs.lookup(sniff(head, complete=False) if head else "utf-8").name
    except NotText as err:
        yield 1, InputError(name, None, str(err))
        return
    if encoding.startswith(("utf-16", "utf-32")):
        yield from _wide_lines(stream, name, encoding, limit)
        return
    number = 0
    while raw := stream.readline(limit + 1):
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := stream.readline(limit)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the line
            yield number, InputError(name, number, f"line longer than {size(limit)}; skipped")
            continue
        try:
            text = raw.decode(encoding if number == 1 else encoding.replace("-sig", ""))
        except UnicodeDecodeError as err:
            yield number, InputError(name, number, f"cannot decode byte {err.start} as {encoding}")
            continue
        yield number, text.replace("\x00", "")


def _wide_lines(
    stream: BinaryIO, name: str, encoding: str, limit: int
) -> Iterator[tuple[int, str | InputError]]:
    """The lines of a UTF-16 or UTF-32 stream (whose line ends are not a single byte)."""
    reader = io.TextIOWrapper(stream, encoding=encoding, newline="")
    number = 0
    try:
        while line := reader.readline(limit + 1):
            number += 1
            if len(line) > limit and not line.endswith("\n"):
                yield number, InputError(name, number, f"line longer than {size(limit)}; skipped")
                while (rest := reader.readline(limit)) and not rest.endswith("\n"):
                    pass
                continue
            yield number, line.replace("\x00", "")
    except UnicodeDecodeError as err:
        message = f"cannot decode as {encoding} ({err.reason}); the rest of the file is skipped"
        yield number + 1, InputError(name, number + 1, message)
    finally:
        reader.detach()


def _loads(text: str, path: str | Path, line: int | None) -> object:
    """The JSON value of `text`, or the InputError saying why it is not JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        return InputError(path, line or err.lineno, f"invalid JSON: {err.msg} (column {err.colno})")
    except RecursionError:
        return InputError(path, line, "invalid JSON: nested too deeply")


def from_object(
    obj: object,
    path: str | Path,
    line: int | None,
    where: str,
    default_id: str,
    options: Options,
) -> Item:
    """The article of one JSON object; `line` and `where` ("item 3: ") locate it in its file."""
    if isinstance(obj, InputError):
        return obj
    if not isinstance(obj, dict):
        return InputError(path, line, f"{where}expected a JSON object, got {_kind(obj)}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        got = "an empty string" if isinstance(text, str) else _kind(text)
        return InputError(path, line, f"{where}'text' must be a non-empty string, got {got}")
    if isinstance(obj.get("id"), int) and not isinstance(obj["id"], bool):
        obj = {**obj, "id": str(obj["id"])}
    fields: dict[str, str] = {}
    for name in _FIELDS:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            return InputError(path, line, f"{where}'{name}' must be a string, got {_kind(value)}")
        fields[name] = value or ""
    published = options.dct or iso_date(fields["published"])
    if published is None:
        given = fields["published"]
        problem = f"invalid 'published' {given!r}" if given else "no 'published' date"
        return InputError(
            path, line, f"{where}{problem}: expected YYYY-MM-DD or an ISO datetime, or give --dct"
        )
    article = Article(
        id=fields["id"] or default_id,
        text=text,
        title=fields["title"].strip(),
        published=published,
        lang=choose_lang(text, given=options.lang, declared=fields["lang"]),
        url=fields["url"],
        source=fields["source"],
        path=str(path),
    )
    return Found(article, line, where)


def _kind(value: object) -> str:
    """How a JSON value is named in messages."""
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    return "null" if value is None else kinds.get(type(value), "a number")
