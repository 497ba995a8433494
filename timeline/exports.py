"""Records of processed articles in the `timeline extract` contract (see the README)."""

from __future__ import annotations

from typing import Any

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
        "url": a.url or None,
        "source": a.source or None,
        "timexes": [timex_record(t) for t in result.timexes],
        "events": [event_record(e) for e in result.events],
    }
