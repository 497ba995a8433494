"""spill: what a build needs of every article kept on disk instead of in memory.

A build reads each article's result twice: once for the corpus timeline, once for the
article's own pages. Holding every result (and so every text) in memory between the two
would make memory grow with the corpus; a `ResultFile` writes each result to disk as it
comes and loads it back when asked. Reads use `os.pread`, so forked processes can read the
same file at once.

The corpus timeline needs every event in timeline order: a `ReportFile` (a temporary
SQLite database) sorts them on disk and keeps the happenings they merge into.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import sqlite3
import tempfile
from array import array
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Self, overload

from timeline.memo import remembered
from timeline.merge import Happening, Report
from timeline.model import ArticleResult, Event, TimeValue

__all__ = ["ReportFile", "ResultFile"]


class _Temporary:
    """A temporary store, freed by `close` or at the end of a `with` block."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ResultFile(Sequence[ArticleResult], _Temporary):
    """A sequence of `ArticleResult`s stored in an unnamed temporary file.

    `append` adds one; `results[n]` loads one back. Close it (or use it as a context
    manager) to free the file.
    """

    def __init__(self, results: Iterable[ArticleResult] = (), *, folder: str | None = None):
        self._file = tempfile.TemporaryFile(prefix="timeline-results-", dir=folder)
        self._spans: list[tuple[int, int]] = []  # offset and size of each result
        self._end = 0
        for result in results:
            self.append(result)

    def append(self, result: ArticleResult) -> None:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        os.pwrite(self._file.fileno(), data, self._end)
        self._spans.append((self._end, len(data)))
        self._end += len(data)

    def __len__(self) -> int:
        return len(self._spans)

    @overload
    def __getitem__(self, index: int) -> ArticleResult: ...
    @overload
    def __getitem__(self, index: slice) -> list[ArticleResult]: ...
    def __getitem__(self, index: int | slice) -> ArticleResult | list[ArticleResult]:
        if isinstance(index, slice):
            return [self[n] for n in range(*index.indices(len(self)))]
        return self.read(self._spans[index])

    def span(self, index: int) -> tuple[int, int]:
        """Where result `index` is in the file (offset, size): a process forked before it
        was written reads it with `read`."""
        return self._spans[index]

    def read(self, span: tuple[int, int]) -> ArticleResult:
        offset, size = span
        return pickle.loads(os.pread(self._file.fileno(), size, offset))

    def __iter__(self) -> Iterator[ArticleResult]:
        for n in range(len(self)):
            yield self[n]

    def close(self) -> None:
        self._file.close()


class ReportFile(_Temporary):
    """The events of a corpus, each with what the site shows of it, kept in a temporary
    SQLite database: read back in timeline order (SQLite sorts on disk), merged into
    happenings as they stream by, and the happenings read back in timeline order. Memory
    stays flat however large the corpus.

    `add` stores one article's events (`Report`s without `ref`, and what to show:
    (event, expression, anchor) triples); `reports()` yields them as `Report`s in
    timeline order, `ref` being (row, article number); `keep` stores a happening;
    `happenings()` yields, in timeline order, each happening's lead (event, expression,
    anchor, article number) and the numbers of the articles that report it; `starts()`
    the first day of each.

    Rows are plain columns; only what varies is pickled. A value is pickled once and read
    back as one object (news repeats dates; pickling a value's enums and dates is most of
    the cost of pickling an event).
    """

    def __init__(self) -> None:
        self._connection: sqlite3.Connection | None = None
        self.count = 0  # happenings kept
        self._pickled: dict[TimeValue, bytes] = {}
        self._values: dict[bytes, TimeValue] = {}

    @property
    def _db(self) -> sqlite3.Connection:
        """The database, created at first use (processes forked before share none of it)."""
        if self._connection is None:
            self._connection = _database()
        return self._connection

    def add(
        self,
        number: int,
        reports: Sequence[Report[None]],
        shown: Sequence[tuple[Event, str, str]],
    ) -> None:
        rows = []
        for report, (event, expression, anchor) in zip(reports, shown, strict=True):
            rest = tuple(getattr(event, name) for name in _EVENT_FIELDS)
            rows.append(
                (
                    *_columns(report.key),
                    number,
                    report.lang,
                    _SEPARATOR.join(report.words),
                    self._pickle(report.value),
                    pickle.dumps((rest, expression, anchor), PICKLE),
                )
            )
        self._db.executemany(f"INSERT INTO report VALUES ({', '.join('?' * 11)})", rows)

    def reports(self) -> Iterator[Report[tuple[int, int]]]:
        rows = self._db.execute(
            f"SELECT {_ORDER}, rowid, number, lang, words, value FROM report"
            f" ORDER BY {_ORDER}, rowid"
        )
        for first, rank, article, start, timex, event_id, row, number, lang, words, value in rows:
            key = (date.fromordinal(first), rank, article, start, timex, event_id)
            content = words.split(_SEPARATOR) if words else []
            yield Report(key, self._value(value), article, event_id, lang, content, (row, number))

    def keep(self, happening: Happening[tuple[int, int]]) -> None:
        articles = array("q", [number for _, number in happening.refs]).tobytes()
        self._db.execute(
            "INSERT INTO happening VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*_columns(happening.key), happening.number, happening.refs[0][0], articles),
        )
        self.count += 1

    def happenings(self) -> Iterator[tuple[Event, str, str, int, list[int]]]:
        order = ", ".join(f"happening.{column}" for column in _ORDER.split(", "))
        rows = self._db.execute(
            "SELECT report.value, report.event, report.number, happening.articles"
            " FROM happening JOIN report ON report.rowid = happening.lead"
            f" ORDER BY {order}, happening.created"
        )
        for value, data, number, articles in rows:
            rest, expression, anchor = pickle.loads(data)
            event = Event(**dict(zip(_EVENT_FIELDS, rest, strict=True)), value=self._value(value))
            yield event, expression, anchor, number, array("q", articles).tolist()

    def starts(self) -> Iterator[date | None]:
        """The first day of each happening in timeline order (None: no place in time)."""
        rows = self._db.execute(f"SELECT first FROM happening ORDER BY {_ORDER}, created")
        unplaced = date.max.toordinal()
        for (first,) in rows:
            yield None if first == unplaced else date.fromordinal(first)

    def _pickle(self, value: TimeValue) -> bytes:
        return remembered(self._pickled, value, _dumps, MEMO)

    def _value(self, data: bytes) -> TimeValue:
        return remembered(self._values, data, pickle.loads, MEMO)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()


PICKLE = pickle.HIGHEST_PROTOCOL


def _dumps(value: object) -> bytes:
    return pickle.dumps(value, PICKLE)


MEMO = 5_000  # values remembered (pickled and read back) at most
_ORDER = "first, rank, article, start, timex, id"
# an `order_key` as columns: the ordinal of the first day, then as it is
_KEY = "first INTEGER, rank INTEGER, article TEXT, start INTEGER, timex INTEGER, id TEXT"
_SEPARATOR = "\x1f"  # between the words of a statement (never inside one)
_EVENT_FIELDS = tuple(f.name for f in dataclasses.fields(Event) if f.name != "value")


def _columns(key: tuple) -> tuple:
    """An `order_key` as columns SQLite orders alike (text compares as UTF-8 bytes, which is
    code point order, as Python compares strings)."""
    first, rank, article, start, timex, event_id = key
    return (first.toordinal(), rank, article, start, timex, event_id)


def _database() -> sqlite3.Connection:
    """A temporary SQLite database (a file deleted on close) with the tables of a
    `ReportFile`, in one transaction that is never committed."""
    db = sqlite3.connect("", isolation_level=None)
    db.executescript(
        f"""
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        PRAGMA temp_store = FILE;
        CREATE TABLE report ({_KEY}, number INTEGER, lang TEXT, words TEXT, value BLOB,
                             event BLOB);
        CREATE TABLE happening ({_KEY}, created INTEGER, lead INTEGER, articles BLOB);
        BEGIN;
        """
    )
    return db
