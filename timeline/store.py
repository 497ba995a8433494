"""store: a SQLite cache of processed articles, so that a rebuild only processes what changed.

An article is looked up by its content hash (text, publication date, language: all that its
expressions and events depend on) and the extractor version (the package version, the
lexicon files and the source of the modules that extract, resolve and build events). The
database keeps, for each article, its time expressions and events, one row each: columns for
reading them with any SQLite tool, and the whole object as JSON for loading it back. Event
ids and article ids are not stored: they are derived again from the article id, so the same
text under two ids is processed once.

A file that is not a timeline cache (another program's database, a damaged or truncated
file, an older schema) is never trusted: it is reported and replaced by a new cache.
Rows of other extractor versions are removed when the cache is closed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import time
import types
import typing
from collections.abc import Callable
from datetime import date
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import timeline
from timeline.events import event_id
from timeline.lang import LANG_DIR
from timeline.model import Article, ArticleResult, Event, TimeValue, Timex
from timeline.pipeline import process

__all__ = ["DEFAULT_NAME", "Cache", "content_key", "default_path", "extractor_version"]

DEFAULT_NAME = ".timeline-cache.sqlite"
APPLICATION_ID = 0x546C6E43  # "TlnC": marks the file as a timeline cache
SCHEMA_VERSION = 1
# the modules whose code decides expressions and events (with the lexicons)
_SOURCES = (
    "extract.py",
    "resolve.py",
    "calendars.py",
    "events.py",
    "statements.py",
    "text.py",
    "model.py",
    "pipeline.py",
    "lang/__init__.py",
    "lang/index.py",
    "lang/partial.py",
    "prefilter.py",
)
_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    content TEXT NOT NULL,      -- sha256 of the text, publication date and language
    extractor TEXT NOT NULL,    -- extractor_version()
    lang TEXT NOT NULL,
    published TEXT,
    UNIQUE (content, extractor)
);
CREATE TABLE expressions (
    article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,  -- index in the article's expressions (text order)
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    data TEXT NOT NULL,         -- the whole Timex as JSON
    PRIMARY KEY (article, position)
);
CREATE TABLE events (
    article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,  -- index in the article's events (timeline order)
    timex INTEGER NOT NULL,
    value TEXT NOT NULL,
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    data TEXT NOT NULL,         -- the Event as JSON, without its id and article id
    PRIMARY KEY (article, position)
);
"""


class CacheError(Exception):
    """A cache file that cannot be used (not a timeline cache, damaged, other schema)."""


def default_path(output: str | Path) -> Path:
    """The default cache of a site built into `output`: `.timeline-cache.sqlite` in the folder
    that holds the output folder (the output folder itself is replaced at each build)."""
    return Path(output).absolute().parent / DEFAULT_NAME


@cache
def extractor_version() -> str:
    """A hash of what decides an article's expressions and events: the package version,
    every lexicon file and the source of the modules that use them."""
    digest = hashlib.sha256(f"timeline {timeline.__version__}\n".encode())
    package = Path(timeline.__file__).parent
    files = sorted(LANG_DIR.rglob("*.toml")) + [package / name for name in _SOURCES]
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def content_key(article: Article) -> str:
    """The hash of what an article's expressions and events depend on."""
    published = article.published.isoformat() if article.published else ""
    payload = json.dumps([article.text, published, article.lang], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


# Stored articles are committed this many at a time, or once this many seconds passed since
# the first of them (a commit per article was half the time of storing it): a killed build,
# or an article that fails while stored, loses at most those; no article is stored in part.
COMMIT_ARTICLES = 64
COMMIT_SECONDS = 1.0


class Cache:
    """A cache of processed articles in a SQLite file (created when missing).

    `process(article)` returns the cached result or processes the article and stores it;
    `reused` and `extracted` count both. `on_warning` receives the message when a file had to
    be replaced. Use as a context manager, or call `close()`.
    """

    def __init__(self, path: str | Path, *, on_warning: Callable[[str], None] | None = None):
        self.path = Path(path)
        self.version = extractor_version()
        self.reused = 0
        self.extracted = 0
        self._pending = 0  # articles stored since the last commit
        self._begun = 0.0  # when the open transaction began (time.monotonic)
        self._warn = on_warning or (lambda message: None)
        try:
            self._db = self._open()
        except CacheError as err:
            self._warn(f"{self.path}: {err}; rebuilding it")
            self._remove()
            self._db = self._open()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            # No disk sync per commit (a build stores thousands of articles): a commit still
            # survives a killed build; what a power cut might damage is found by the check
            # below at the next open, and the cache rebuilt.
            db.execute("PRAGMA synchronous = OFF")
            app = db.execute("PRAGMA application_id").fetchone()[0]
            schema = db.execute("PRAGMA user_version").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if app == 0 and tables == 0:  # a new (or empty) file
                with db:
                    db.executescript(_SCHEMA)
                    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    db.execute("INSERT INTO meta VALUES ('created_by', ?)", (timeline.__version__,))
                return db
            if app != APPLICATION_ID:
                raise CacheError("not a timeline cache")
            if schema != SCHEMA_VERSION:
                raise CacheError(f"a timeline cache of another schema ({schema})")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise CacheError("the cache is damaged")
            return db
        except sqlite3.DatabaseError as err:
            db.close()
            raise CacheError(f"not a usable SQLite database ({err})") from None
        except CacheError:
            db.close()
            raise

    def _remove(self) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _rebuild(self, err: Exception) -> None:
        self._warn(f"{self.path}: the cache is damaged ({err}); rebuilding it")
        self._db.close()
        self._remove()
        self._db = self._open()
        self._pending = 0

    def close(self) -> None:
        """Drop the rows of other extractor versions and close the file."""
        try:
            with self._db:
                self._db.execute("DELETE FROM articles WHERE extractor != ?", (self.version,))
        except sqlite3.DatabaseError:
            pass
        self._db.close()

    def process(self, article: Article) -> ArticleResult:
        """The result of `timeline.pipeline.process(article)`, from the cache when it has it."""
        result = self.get(article)
        if result is not None:
            self.reused += 1
            return result
        result = process(article)
        self.extracted += 1
        self.put(result)
        return result

    def get(self, article: Article) -> ArticleResult | None:
        """The cached result of an article, or None."""
        key = content_key(article)
        try:
            row = self._db.execute(
                "SELECT id FROM articles WHERE content = ? AND extractor = ?", (key, self.version)
            ).fetchone()
            if row is None:
                return None
            timex_of, event_of = _converter(Timex), _converter(Event)
            value_of = _converter(TimeValue)
            timexes = [
                timex_of(json.loads(data))
                for (data,) in self._db.execute(
                    "SELECT data FROM expressions WHERE article = ? ORDER BY position", row
                )
            ]
            events = []
            for (data,) in self._db.execute(
                "SELECT data FROM events WHERE article = ? ORDER BY position", row
            ):
                fields = json.loads(data)
                value = fields["value"] = value_of(fields["value"])
                fields["article_id"] = article.id
                fields["id"] = event_id(article.id, fields["start"], value)
                events.append(event_of(fields))
        except sqlite3.DatabaseError as err:
            self._rebuild(err)
            return None
        except (ValueError, KeyError, TypeError):  # a row this code cannot read: a miss
            return None
        return ArticleResult(article, tuple(timexes), tuple(events))

    def put(self, result: ArticleResult, rows: Rows | None = None) -> None:
        """Store the result of an article (replacing an older one of the same content);
        `rows`: its `rows(result)`, when a worker process made them."""
        article = result.article
        key = content_key(article)
        published = article.published.isoformat() if article.published else None
        expressions, events = rows if rows is not None else result_rows(result)
        db = self._db
        try:
            if not db.in_transaction:
                self._begun = time.monotonic()
            try:
                db.execute(
                    "DELETE FROM articles WHERE content = ? AND extractor = ?", (key, self.version)
                )
                cursor = db.execute(
                    "INSERT INTO articles (content, extractor, lang, published) VALUES (?,?,?,?)",
                    (key, self.version, article.lang, published),
                )
                ident = cursor.lastrowid
                db.executemany(
                    "INSERT INTO expressions VALUES (?,?,?,?,?,?,?,?)",
                    [(ident, *row) for row in expressions],
                )
                db.executemany(
                    "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?)",
                    [(ident, *row) for row in events],
                )
            except BaseException:  # no article half stored: the uncommitted ones are dropped
                db.rollback()
                self._pending = 0
                raise
            self._pending += 1
            if self._pending >= COMMIT_ARTICLES or time.monotonic() - self._begun > COMMIT_SECONDS:
                db.commit()
                self._pending = 0
        except sqlite3.DatabaseError as err:
            self._rebuild(err)

    def __len__(self) -> int:
        """The number of articles cached for this extractor version."""
        query = "SELECT count(*) FROM articles WHERE extractor = ?"
        return int(self._db.execute(query, (self.version,)).fetchone()[0])


Rows = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]


def result_rows(result: ArticleResult) -> Rows:
    """The rows `Cache.put` stores for an article's expressions and events, without the
    article's row id: the encoding is the costly part of storing, and worker processes do it
    beside the extraction."""
    expressions = [
        (
            n,
            t.mention.start,
            t.mention.end,
            t.mention.text,
            t.value.type.value,
            t.value.value,
            _json(encode(t)),
        )
        for n, t in enumerate(result.timexes)
    ]
    events = []
    for n, e in enumerate(result.events):
        fields = encode(e)
        fields.pop("id", None)
        fields.pop("article_id", None)
        events.append((n, e.timex, e.value.value, e.status, e.title, e.start, e.end, _json(fields)))
    return expressions, events


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# --- the model as JSON and back (frozen dataclasses of enums, dates, tuples and scalars)


def encode(obj: Any) -> Any:
    """JSON data for a model object; dataclass fields equal to their default are left out."""
    defaults = _defaults(type(obj))
    if defaults is not None:
        out = {}
        for name, default in defaults:
            value = getattr(obj, name)
            if default is not dataclasses.MISSING and value == default:
                continue
            out[name] = encode(value)
        return out
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, tuple | list):
        return [encode(x) for x in obj]
    return obj


def decode(hint: Any, data: Any) -> Any:
    """The model object of type `hint` that `encode` turned into `data`."""
    return _converter(hint)(data)


_Convert = Callable[[Any], Any]


@cache
def _converter(hint: Any) -> _Convert:
    """A function that turns the JSON data of type `hint` back into its object (built once
    per type: reading a cache of a hundred thousand events must not inspect types each time).
    An event's `value` may already be a `TimeValue` (`Cache.get` decodes it first)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        convert = _converter(inner)
        return lambda data: None if data is None else convert(data)
    if origin is tuple:
        item = _converter(typing.get_args(hint)[0])
        if item is _same:
            return lambda data: None if data is None else tuple(data)
        return lambda data: None if data is None else tuple(map(item, data))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        cls = hint
        fields = {
            name: convert
            for name, field_hint in _hints(cls).items()
            if (convert := _converter(field_hint)) is not _same
        }

        def build(data: Any) -> Any:
            if data is None:
                return None
            if isinstance(data, cls):
                return data
            out = dict(data)
            for name, convert in fields.items():
                if name in out:
                    out[name] = convert(out[name])
            return cls(**out)

        return build
    if isinstance(hint, type) and issubclass(hint, Enum):
        members = {member.value: member for member in hint}
        enum = hint

        def member(data: Any) -> Any:
            if data is None:
                return None
            try:
                return members[data]
            except (KeyError, TypeError):
                return enum(data)  # raises ValueError as before

        return member
    if hint is date:
        return lambda data: None if data is None else date.fromisoformat(data)
    return _same  # str, int, float: as JSON has them


def _same(data: Any) -> Any:
    return data


@cache
def _defaults(cls: type) -> tuple[tuple[str, Any], ...] | None:
    """The fields of a dataclass and their defaults (MISSING for none); None for any other
    type."""
    if not dataclasses.is_dataclass(cls):
        return None
    fields = []
    for f in dataclasses.fields(cls):
        default = f.default
        if f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        fields.append((f.name, default))
    return tuple(fields)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)
