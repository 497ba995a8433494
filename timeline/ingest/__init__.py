"""Read articles from files: the first stage of the pipeline.

A path is a file, a folder (walked recursively in sorted order) or a glob. The reader is
chosen by the file extension:

- `.txt`: line 1 is the title, the rest is the text. The text starts with a dateline, possibly
  glued to the first word of the body ("٣٠ ديسمبر ٢٠٢٢دعا ..."), in any digit script.
- `.json`: one object or a list of objects; `.jsonl`: one object per line. Fields: `text`
  (required), `published` (ISO date or datetime), `title`, `id`, `lang`, `url`, `source`.

Every article needs a publication date, the anchor of relative dates ("last month"), unless
`dct` gives one for all of them. A bad input is one `InputError`, handed to `on_error`, and
reading goes on with the next article. Texts are kept exactly as read (a UTF-8 byte order mark
aside): later stages point into them with offsets.
"""

from __future__ import annotations

import glob
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import dateparser
from dateparser.data import language_locale_dict
from dateparser.languages.loader import default_loader

from timeline.model import Article

__all__ = ["InputError", "detect_lang", "read_articles"]

_Items = Iterator["Article | InputError"]  # what the readers yield: articles and problems

_EXPECTED = ".txt, .json or .jsonl"
# A dateline is short: its year ends within this many characters of the line start.
_DATELINE_MAX = 40
_NO_DATE = "no publication date found; give --dct YYYY-MM-DD"

_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")  # \d matches the digits of every script
_YMD = re.compile(r"\s*(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")  # 2022-12-30, 2022/12/30
# The double month names of the Levant, "كانون الأول/ديسمبر" or "كانون الأول (ديسمبر)": the words
# on either side of the slash (or in the brackets) between the day and the year.
_DOUBLE_MONTH = re.compile(r"(?<=\d)\s+([^\d/()]+?)\s*[/(]\s*([^\d/()]+?)\)?(?=\s+\d)")
# dateparser's keys for the months of its language data (concepts, not words).
_MONTHS = tuple(
    "january february march april may june july august september october november december".split()
)
_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


class InputError(Exception):
    """A problem with one input: str(err) is one line 'PATH[:LINE]: message'."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        super().__init__(str(path), line, message)
        self.path = str(path)
        self.line = line
        self.message = " ".join(message.splitlines())

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


def read_articles(
    paths: Iterable[str | Path],
    *,
    dct: date | None = None,
    lang: str | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[Article]:
    """Yield the articles of every path (a file or a folder, walked recursively in sorted order,
    or a glob); each problem is passed to on_error (default: raise) and reading goes on with
    the next article.

    `dct` (document creation time) is the publication date of every article, overriding the
    files. `lang` is the language of the articles that do not name their own.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    if isinstance(dct, datetime):
        dct = dct.date()
    for item in _read_all(paths, dct, lang):
        if isinstance(item, Article):
            yield item
        elif on_error is None:
            raise item
        else:
            on_error(item)


def detect_lang(text: str) -> str:
    """The language of `text` by its script: "ar" when most letters are Arabic, else "en"."""
    letters = [char for char in text if char.isalpha()]
    arabic = sum(1 for char in letters if _ARABIC_LETTER.match(char))
    return "ar" if arabic * 2 > len(letters) else "en"


def _read_all(paths: Iterable[str | Path], dct: date | None, lang: str | None) -> _Items:
    seen: set[Path] = set()
    for given in paths:
        files = _expand(given)
        if isinstance(files, InputError):
            yield files
            continue
        for path in files:
            if path.resolve() not in seen:  # a file named twice is read once
                seen.add(path.resolve())
                yield from _read_file(path, dct, lang)


def _expand(given: str | Path) -> list[Path] | InputError:
    """The files named by one path argument, or the error that it names none."""
    path = Path(given)
    if path.is_file():
        return [path]
    if path.is_dir():
        files, where = _walk(path), "in this folder"
    elif path.exists():
        return InputError(given, None, "not a file or folder")
    elif glob.has_magic(str(given)):
        matches = [Path(match) for match in sorted(glob.glob(str(given), recursive=True))]
        files = [f for m in matches for f in (_walk(m) if m.is_dir() else [m]) if _readable(f)]
        where = "match this pattern"
    else:
        return InputError(given, None, "no such file or folder")
    return files or InputError(given, None, f"no {_EXPECTED} files {where}")


def _walk(folder: Path) -> list[Path]:
    """The article files under `folder` in sorted order, leaving out hidden files and folders."""
    return [
        path
        for path in sorted(folder.rglob("*"))
        if _readable(path)
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    ]


def _readable(path: Path) -> bool:
    return path.suffix.lower() in _READERS and path.is_file()


def _read_file(path: Path, dct: date | None, lang: str | None) -> _Items:
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        kind = repr(path.suffix) if path.suffix else "(no extension)"
        yield InputError(path, None, f"unsupported file type {kind}; expected {_EXPECTED}")
        return
    try:
        data = path.read_bytes()
    except OSError as err:
        yield InputError(path, None, f"cannot read: {err.strerror or err}")
        return
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        yield InputError(path, line, f"not valid UTF-8 (byte {err.start}); save it as UTF-8")
        return
    if not content.strip():
        yield InputError(path, None, "empty file")
        return
    yield from reader(path, content, dct, lang)


def _read_txt(path: Path, content: str, dct: date | None, lang: str | None) -> _Items:
    title, _, text = content.partition("\n")
    lang = lang or detect_lang(content)
    published = dct
    if published is None:
        # The dateline starts line 2 (or the first line after it that is not blank).
        lines = text.split("\n")
        number = next((n for n, line in enumerate(lines) if line.strip()), 0)
        published = _dateline_date(lines[number], lang)
        if published is None:
            yield InputError(path, number + 2, _NO_DATE)
            return
    yield Article(
        id=path.stem, text=text, title=title.strip(), published=published, lang=lang, path=str(path)
    )


def _read_json(path: Path, content: str, dct: date | None, lang: str | None) -> _Items:
    data = _loads(content, path, None)
    if not isinstance(data, list):
        yield _from_object(data, path, None, "", path.stem, dct, lang)
        return
    for n, obj in enumerate(data, start=1):
        yield _from_object(obj, path, None, f"item {n}: ", f"{path.stem}-{n}", dct, lang)


def _read_jsonl(path: Path, content: str, dct: date | None, lang: str | None) -> _Items:
    # Split on "\n" only: JSON strings may hold U+2028 and the other breaks of str.splitlines.
    for number, line in enumerate(content.split("\n"), start=1):
        if line.strip():
            obj = _loads(line, path, number)
            yield _from_object(obj, path, number, "", f"{path.stem}-{number}", dct, lang)


def _loads(text: str, path: Path, line: int | None) -> object:
    """The JSON value of `text`, or the InputError saying why it is not JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        return InputError(path, line or err.lineno, f"invalid JSON: {err.msg} (column {err.colno})")
    except RecursionError:
        return InputError(path, line, "invalid JSON: nested too deeply")


def _from_object(
    obj: object,
    path: Path,
    line: int | None,
    where: str,
    default_id: str,
    dct: date | None,
    lang: str | None,
) -> Article | InputError:
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
    for name in ("id", "title", "published", "lang", "url", "source"):
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            return InputError(path, line, f"{where}'{name}' must be a string, got {_kind(value)}")
        fields[name] = value or ""
    published = dct or _iso_date(fields["published"])
    if published is None:
        given = fields["published"]
        problem = f"invalid 'published' {given!r}" if given else "no 'published' date"
        return InputError(
            path, line, f"{where}{problem}: expected YYYY-MM-DD or an ISO datetime, or give --dct"
        )
    return Article(
        id=fields["id"] or default_id,
        text=text,
        title=fields["title"].strip(),
        published=published,
        lang=lang or fields["lang"] or detect_lang(text),
        url=fields["url"],
        source=fields["source"],
        path=str(path),
    )


def _kind(value: object) -> str:
    """How a JSON value is named in messages."""
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    return "null" if value is None else kinds.get(type(value), "a number")


def _iso_date(value: str) -> date | None:
    """The date of an ISO 8601 date or datetime (its own local date, whatever its time zone)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _dateline_date(line: str, lang: str) -> date | None:
    """The publication date at the start of a line, or None.

    A numeric year-month-day date, or else the shortest prefix ending with a four-digit year
    that dateparser reads as a full date (day, month and year), in the language and then in
    each of its regional variants (Levantine, Maghrebi month names, ...). Digits of any script
    count.
    """
    head = _ascii_digits(unicodedata.normalize("NFKC", line[: _DATELINE_MAX * 2]))
    if ymd := _YMD.match(head):
        try:
            return date(int(ymd[1]), int(ymd[3]), int(ymd[4]))
        except ValueError:
            pass
    for year in _YEAR.finditer(head):
        if year.end() > _DATELINE_MAX:
            break
        for candidate in _double_month_variants(head[: year.end()].strip()):
            for locale in _locales(lang):
                parsed = _parse(candidate, locale)
                if parsed is not None:
                    return parsed
    return None


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _double_month_variants(text: str) -> list[str]:
    """`text`, and if it names a month twice ("A/ B"), each name alone."""
    double = _DOUBLE_MONTH.search(text)
    if double is None:
        return [text]
    before, after = text[: double.start(1)], text[double.end() :]
    return [text, before + double[1] + after, before + double[2] + after]


@lru_cache(maxsize=16)
def _locales(lang: str) -> tuple[str | None, ...]:
    """`lang` and those of its regional locales that name the months differently.

    (None,) for a language dateparser does not know: it then guesses the language.
    """
    lang = lang.lower()
    if lang not in language_locale_dict:
        return (None,)
    by_months: dict[str, str] = {}  # the month names of a locale -> the first locale using them
    for code in [lang, *language_locale_dict[lang]]:
        info = default_loader.get_locale(code).info
        by_months.setdefault(repr([info.get(month) for month in _MONTHS]), code)
    return tuple(by_months.values())


@lru_cache(maxsize=4096)
def _parse(text: str, locale: str | None) -> date | None:
    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}
    parsed = dateparser.parse(text, locales=[locale] if locale else None, settings=settings)
    return parsed.date() if parsed else None


_READERS = {".txt": _read_txt, ".json": _read_json, ".jsonl": _read_jsonl}
