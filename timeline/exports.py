"""exports: processed articles and timelines as data.

The records of the `timeline extract` contract (see the README); the site's data documents
and the TimelineJS3, CSV and iCalendar files derived from them.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any, TextIO

from timeline.lang.partial import support
from timeline.model import ArticleResult, Event, TimeValue, Timex


def interval_record(value: TimeValue) -> list[str] | None:
    interval = value.interval
    return [interval[0].isoformat(), interval[1].isoformat()] if interval else None


def timex_record(timex: Timex) -> dict[str, Any]:
    v = timex.value
    return {
        "text": timex.mention.text,
        "start": timex.mention.start,
        "end": timex.mention.end,
        "type": v.type.value,
        "value": v.value,
        "mod": v.mod.value if v.mod else None,
        "granularity": v.granularity.value if v.granularity else ("fuzzy" if v.ref else None),
        "interval": interval_record(v),
        "edtf": v.edtf or None,
    }


def event_record(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "timex": event.timex,
        "expressions": list(event.expressions),
        "value": event.value.value,
        "title": event.title,
        "text": event.text,
        "start": event.start,
        "end": event.end,
        "clause": event.clause,
        "clause_start": event.clause_start,
        "clause_end": event.clause_end,
        "status": event.status,
        "attribution": event.attribution or None,
        "interval": interval_record(event.value),
    }


def article_record(result: ArticleResult) -> dict[str, Any]:
    """One line of `timeline extract --format jsonl`."""
    a = result.article
    return {
        "id": a.id,
        "title": a.title,
        "published": a.published.isoformat() if a.published else None,
        "lang": a.lang,
        "support": support(a.lang),  # full (a lexicon file), partial (dateparser's data) or none
        "url": a.url or None,
        "source": a.source or None,
        "timexes": [timex_record(t) for t in result.timexes],
        "events": [event_record(e) for e in result.events],
    }


# The site's data documents (data/<slug>.json, timeline.json; schema: templates/data.schema.json)
# and the formats derived from them: TimelineJS3, CSV, iCalendar.

DATA_VERSION = 1
CSV_COLUMNS = (
    "id",
    "article",
    "article_title",
    "source",
    "published",
    "lang",
    "value",
    "mod",
    "granularity",
    "start",
    "end",
    "edtf",
    "when",
    "expression",
    "status",
    "attribution",
    "title",
    "text",
    "permalink",
)
_DAY_PRECISION = frozenset({"day", "week"})  # interval ends known to the day
_YEAR_PRECISION = frozenset({"year", "decade", "century"})


def dumps(document: dict[str, Any]) -> str:
    """JSON as the site writes it: UTF-8 text, sorted keys, one trailing newline.

    The very text of `json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1)`,
    written without the pure-Python encoder that `indent` brings (several times slower):
    strings go through the C string encoder. `DocumentFiles` writes a corpus document this
    way a list of events at a time."""
    return _encode(document, "\n") + "\n"


_INDENT1, _INDENT2 = "\n ", "\n  "
_KEYS: dict[str, str] = {}  # string keys, encoded once (a document repeats a few keys)
_string = json.encoder.encode_basestring  # the C function where there is one


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A key as json writes it (sort_keys sorts the keys before they are made strings)."""
    if isinstance(key, str):
        return _string(key)
    if key is True or key is False or key is None:
        return _string(json.dumps(key))
    if isinstance(key, int):
        return _string(int.__repr__(key))
    if isinstance(key, float):
        return _string(_float(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _new_key(key: Any) -> str:
    encoded = _key(key)
    if type(key) is str and len(_KEYS) < 10_000:
        _KEYS[key] = encoded
    return encoded


def _encode(value: Any, indent: str) -> str:
    """`value` as json.dumps(indent=1, sort_keys=True, ensure_ascii=False) writes it at the
    depth of `indent` ("\n" and one space a level)."""
    kind = type(value)  # the common exact types first; subclasses take the general way
    if kind is str:
        return _string(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = indent + " "
        keys = _KEYS
        body = ("," + inner).join(
            [
                (keys[k] if k in keys else _new_key(k)) + ": " + _encode(v, inner)
                for k, v in sorted(value.items())
            ]
        )
        return "{" + inner + body + indent + "}"
    if value is None:
        return "null"
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = indent + " "
        body = ("," + inner).join([_encode(v, inner) for v in value])
        return "[" + inner + body + indent + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + " "
        body = ("," + inner).join(
            [_key(k) + ": " + _encode(v, inner) for k, v in sorted(value.items())]
        )
        return "{" + inner + body + indent + "}"
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def data_source(article: Mapping[str, Any]) -> dict[str, Any]:
    """An article that reports an event (from a site `ArticleView`)."""
    return {
        "article": article["id"],
        "title": article["title"],
        "source": article["source"] or None,
        "url": article["url"] or None,
        "page": article["href"],
    }


def data_article(article: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": article["id"],
        "slug": article["slug"],
        "title": article["title"],
        "published": article["published"] or None,
        "lang": article["lang"],
        "source": article["source"] or None,
        "url": article["url"] or None,
        "page": article["href"],
        "events": article["event_count"],
    }


def data_event(
    event: Event,
    *,
    article_id: str,
    anchor: str,
    permalink: str,
    when: str,
    expression: str,
    sources: list[dict[str, Any]],
) -> dict[str, Any]:
    v = event.value
    placed = v.is_placed and v.interval is not None
    return {
        "id": event.id,
        "article": article_id,
        "anchor": anchor,
        "permalink": permalink,
        "title": event.title,
        "text": event.text,
        "status": event.status,
        "attribution": event.attribution or None,
        "value": v.value,
        "mod": v.mod.value if v.mod else None,
        "granularity": v.granularity.value if v.granularity else ("fuzzy" if v.ref else None),
        "interval": interval_record(v) if placed else None,
        "edtf": v.edtf or None,
        "when": when,
        "expression": expression,
        "sources": sources,
    }


def data_document(
    title: str,
    lang: str,
    articles: list[dict[str, Any]],
    events: list[dict[str, Any]],
    *,
    schema: str = "schema.json",
) -> dict[str, Any]:
    """A timeline as data: its articles and its events in timeline order.

    `schema` is the address of the JSON Schema from where the document is written."""
    return {
        "$schema": schema,
        "version": DATA_VERSION,
        "generator": "timeline",
        "title": title,
        "lang": lang,
        "articles": articles,
        "events": events,
    }


def timelinejs_document(document: dict[str, Any]) -> dict[str, Any]:
    """The TimelineJS3 JSON of a data document (placed events only).

    Dates carry only the precision that is known: a month has a year and a month, a year a
    year; the end date is left out where it says nothing more than the start.
    """
    articles = {a["id"]: a for a in document["articles"]}
    items = (_timelinejs_item(e, articles) for e in document["events"])
    return {
        "title": {"text": {"headline": html.escape(document["title"])}},
        "events": [item for item in items if item is not None],
    }


def _timelinejs_item(e: dict[str, Any], articles: dict[str, Any]) -> dict[str, Any] | None:
    """The TimelineJS3 slide of an event record (None when it has no place in time)."""
    if not e["interval"]:
        return None
    first, last = (date.fromisoformat(d) for d in e["interval"])
    precision = _precision(e["granularity"], e["mod"], first, last)
    start, end = _tjs_date(first, precision), _tjs_date(last, precision)
    article = articles.get(e["article"], {})
    item: dict[str, Any] = {
        "start_date": start,
        "display_date": e["when"],
        "text": {"headline": html.escape(e["title"]), "text": _timelinejs_text(e)},
        "group": (e["sources"][0]["source"] or e["sources"][0]["title"])
        if e["sources"]
        else article.get("title", ""),
        "unique_id": e["anchor"],
    }
    if end != start:
        item["end_date"] = end
    return item


# What a spreadsheet opening a CSV file takes for the start of a formula: a cell "- April
# 2011: ..." (an item of a list of key dates) shows as #NAME?, and "=HYPERLINK(...)" in an
# article would run. Such cells start with an apostrophe (as OWASP advises).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # Excel reads a CSV file as UTF-8 only with it (else Arabic is garbled)


def _timelinejs_text(e: dict[str, Any]) -> str:
    """The body of a slide: the sentence, unless the headline already is the whole sentence
    (TimelineJS would show it twice)."""
    sentence = " ".join(e["text"].split())
    return "" if sentence == " ".join(e["title"].split()) else html.escape(e["text"])


def csv_text(document: dict[str, Any]) -> str:
    """One row per event (`CSV_COLUMNS`), RFC 4180 (CRLF line ends), UTF-8 with a byte order
    mark; no cell starts a formula (`_FORMULA_START`)."""
    out = io.StringIO()
    write_csv(document, out)
    return out.getvalue()


def write_csv(document: dict[str, Any], out: Any) -> None:
    """`csv_text(document)` written to the text file `out` row by row."""
    articles = {a["id"]: a for a in document["articles"]}
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in document["events"]:
        writer.writerow(_csv_row(e, articles))


def _csv_row(e: dict[str, Any], articles: dict[str, Any]) -> list[str]:
    a = articles[e["article"]]
    first, last = e["interval"] or ("", "")
    row = [
        e["id"],
        a["id"],
        a["title"],
        "; ".join(s["source"] or s["title"] for s in e["sources"]),
        a["published"] or "",
        a["lang"],
        e["value"],
        e["mod"] or "",
        e["granularity"] or "",
        first,
        last,
        e["edtf"] or "",
        e["when"],
        e["expression"],
        e["status"],
        e["attribution"] or "",
        e["title"],
        " ".join(e["text"].split()),
        e["permalink"],
    ]
    return ["'" + cell if cell.startswith(_FORMULA_START) else cell for cell in row]


def ics_text(document: dict[str, Any]) -> str:
    """An iCalendar file (RFC 5545): one all-day VEVENT over the interval of each placed event.

    DTSTAMP is the article's publication day (at midnight UTC), so the file is stable.
    Written directly (properties in the order icalendar gives them, TEXT values escaped,
    lines folded at 75 octets): icalendar takes about a millisecond an event, too slow for
    a corpus of a hundred thousand events; the tests read the file back with icalendar.
    """
    parts: list[str] = []
    write_ics(document, parts.append)
    return "".join(parts)


def write_ics(document: dict[str, Any], write: Callable[[str], Any]) -> None:
    """`ics_text(document)` handed to `write` one event at a time."""
    articles = {a["id"]: a for a in document["articles"]}
    write(_ics_head(document["title"]))
    for e in document["events"]:
        write(_ics_event(e, articles))
    write("END:VCALENDAR\r\n")


def _ics_head(title: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//timeline//timeline//EN",
        "CALSCALE:GREGORIAN",
        _ics_line("X-WR-CALNAME:" + _ics_text(title)),
    ]
    return "".join(line + "\r\n" for line in lines)


def _ics_event(e: dict[str, Any], articles: dict[str, Any]) -> str:
    """The VEVENT of an event record ("" when it has no place in time)."""
    if not e["interval"]:
        return ""
    a = articles[e["article"]]
    first, last = (date.fromisoformat(d) for d in e["interval"])
    stamp = date.fromisoformat(a["published"]) if a["published"] else date(1970, 1, 1)
    uid = hashlib.sha1(f"{a['id']}\0{e['id']}".encode()).hexdigest()
    lines = [" ".join(e["text"].split()), f"{e['expression']} → {e['when']} ({e['value']})"]
    lines += [s["source"] or s["title"] for s in e["sources"]]
    out = [
        "BEGIN:VEVENT",
        _ics_line("SUMMARY:" + _ics_text(e["title"])),
        f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
        f"DTEND;VALUE=DATE:{last + timedelta(days=1):%Y%m%d}",  # exclusive
        f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
        f"UID:{uid}@timeline",
        _ics_line("CATEGORIES:" + _ics_text(e["status"])),
        _ics_line("DESCRIPTION:" + _ics_text("\n".join(lines))),
        "TRANSP:TRANSPARENT",
    ]
    if a["url"]:
        out.append(_ics_line("URL:" + a["url"]))
    out.append("END:VEVENT")
    return "".join(line + "\r\n" for line in out)


class DocumentFiles:
    """A data document written into its JSON, TimelineJS3, CSV and iCalendar files as its
    event records come, a list at a time (`add`), then `close`: the very bytes of `dump`,
    `timelinejs_document`, `write_csv` and `write_ics` of the whole document, without
    ever holding its events. The events of `document` are left out (they are added);
    `files` opens a file of the four by name ("json", "timelinejs", "csv", "ics")."""

    def __init__(self, document: dict[str, Any], files: Callable[[str], TextIO]) -> None:
        self.articles = {a["id"]: a for a in document["articles"]}
        self.out = {kind: files(kind) for kind in ("json", "timelinejs", "csv", "ics")}
        self.json = _ListWriter(document, "events", self.out["json"].write)
        title = {"text": {"headline": html.escape(document["title"])}}
        self.timelinejs = _ListWriter(
            {"events": [], "title": title}, "events", self.out["timelinejs"].write
        )
        self.out["csv"].write(BOM)
        self.csv = csv.writer(self.out["csv"], lineterminator="\r\n")
        self.csv.writerow(CSV_COLUMNS)
        self.out["ics"].write(_ics_head(document["title"]))

    def add(self, records: list[dict[str, Any]]) -> None:
        articles = self.articles
        self.json.add(records)
        self.timelinejs.add(
            [item for e in records if (item := _timelinejs_item(e, articles)) is not None]
        )
        self.csv.writerows([_csv_row(e, articles) for e in records])
        self.out["ics"].write("".join([_ics_event(e, articles) for e in records]))

    def close(self) -> None:
        """The files completed and closed."""
        try:
            self.json.close()
            self.timelinejs.close()
            self.out["ics"].write("END:VCALENDAR\r\n")
        finally:
            for f in self.out.values():
                f.close()

    def __enter__(self) -> DocumentFiles:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if kind is None:
            self.close()
        else:  # a failed build: the files are left incomplete (and removed with the site)
            for f in self.out.values():
                f.close()


class _ListWriter:
    """`dumps(document)` handed to `write` piece by piece, the items of its list `key` added
    a few at a time (what `document` holds under `key` is not written)."""

    def __init__(self, document: dict[str, Any], key: str, write: Callable[[str], Any]) -> None:
        keys = sorted(document)
        at = keys.index(key)
        self.write = write
        self.rest = [(k, document[k]) for k in keys[at + 1 :]]
        self.count = 0
        write("{")
        for n, k in enumerate(keys[:at]):
            write(f"{',' if n else ''}\n {_key(k)}: {_encode(document[k], _INDENT1)}")
        write(f"{',' if at else ''}\n {_key(key)}: ")

    def add(self, items: list[Any]) -> None:
        write, n = self.write, self.count
        for item in items:
            write(f"{',' if n else '['}\n  {_encode(item, _INDENT2)}")
            n += 1
        self.count = n

    def close(self) -> None:
        self.write("\n ]" if self.count else "[]")
        for k, value in self.rest:
            self.write(f",\n {_key(k)}: {_encode(value, _INDENT1)}")
        self.write("\n}\n")


def _ics_text(text: str) -> str:
    """An iCalendar TEXT value: backslash, semicolon and comma escaped, line ends as \\n."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _ics_line(line: str, limit: int = 75) -> str:
    """A content line folded before `limit` octets (never inside a character or right after
    the backslash of an escape), continuation lines starting with a space."""
    if len(line) < limit // 4 or len(line.encode()) < limit:
        return line
    data = line.encode()
    parts: list[bytes] = []
    start, size = 0, limit - 1  # each line takes as many whole characters as fit in `size`
    while len(data) - start > size:
        end = start + size
        while data[end] & 0xC0 == 0x80:  # inside a character: cut before it
            end -= 1
        if end - start > 1 and data[end - 1] == 0x5C:  # a backslash goes with what it escapes
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return "\r\n ".join(part.decode() for part in parts)


def _precision(granularity: str | None, mod: str | None, first: date, last: date) -> str:
    if granularity in _DAY_PRECISION:
        return "day"
    if granularity in _YEAR_PRECISION and not (
        mod in ("START", "MID", "END") and granularity == "year"
    ):
        return "year"
    return "month"


def _tjs_date(d: date, precision: str) -> dict[str, int]:
    if precision == "day":
        return {"year": d.year, "month": d.month, "day": d.day}
    if precision == "month":
        return {"year": d.year, "month": d.month}
    return {"year": d.year}
