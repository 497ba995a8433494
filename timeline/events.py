"""events: dated statements become events, in one total timeline order.

An event is the sentence around a time expression. Several expressions with the same value
in one sentence make one event; a dateline that restates the publication date at the very
start of the text is a header, not a statement, and makes no event. Durations and sets are
not events. Vague references (PAST_REF ...) are events without a place on the time axis.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date

from timeline.lang import Lexicon, load
from timeline.model import Article, Event, Timex, TimexType
from timeline.text import sentence_spans

TITLE_LENGTH = 120


def order_key(event: Event) -> tuple:
    """The total order of the timeline.

    1. the first day of the event's interval (events without one come last);
    2. on the same first day, the coarser granularity first: "2023" before "January 2023"
       before "1 January 2023", a container before what it contains;
    3. the article id, then the position in the article, then the event id.
    """
    interval = event.value.interval
    start = interval[0] if interval else date.max
    rank = event.value.granularity.rank if event.value.granularity else -1
    return (start, -rank, event.article_id, event.start, event.timex, event.id)


def order(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=order_key)


def build_events(article: Article, timexes: Sequence[Timex]) -> list[Event]:
    """The events of one article, in timeline order."""
    lex = load(article.lang)
    text = article.text
    sentences = sentence_spans(text, lex.sentence_end, lex.abbreviations, lex.folder)
    groups: dict[tuple[int, str, str], list[int]] = {}
    for index, timex in enumerate(timexes):
        if timex.value.type in (TimexType.DURATION, TimexType.SET):
            continue
        if _is_dateline(timex, article):
            continue
        s_start, s_end = _sentence_of(timex.mention.start, sentences, len(text))
        key = (s_start, timex.value.value, timex.value.mod.value if timex.value.mod else "")
        groups.setdefault(key, []).append(index)
    events = []
    for (s_start, _value, _mod), indices in groups.items():
        first = timexes[indices[0]]
        s_start, s_end = _sentence_of(first.mention.start, sentences, len(text))
        sentence = text[s_start:s_end]
        events.append(
            Event(
                id=_event_id(article.id, s_start, first.value.value),
                article_id=article.id,
                timex=indices[0],
                value=first.value,
                title=make_title(sentence),
                text=sentence,
                start=s_start,
                end=s_end,
                status=_status(sentence, first, article.published, lex),
                attribution=_attribution(sentence, lex),
                expressions=tuple(indices),
            )
        )
    return order(events)


def make_title(sentence: str, limit: int = TITLE_LENGTH) -> str:
    """The sentence, cut at a word boundary to at most `limit` characters."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,،;؛:") + "…"


def _is_dateline(timex: Timex, article: Article) -> bool:
    return (
        not article.text[: timex.mention.start].strip()
        and timex.value.period == article.published
        and timex.value.interval is not None
        and timex.value.interval[0] == timex.value.interval[1]
    )


def _sentence_of(at: int, sentences: Sequence[tuple[int, int]], length: int) -> tuple[int, int]:
    for start, end in sentences:
        if start <= at < end:
            return start, end
    return at, min(length, at + TITLE_LENGTH)


def _event_id(article_id: str, start: int, value: str) -> str:
    digest = hashlib.sha1(f"{article_id}\0{start}\0{value}".encode()).hexdigest()
    return digest[:10]


def _status(sentence: str, timex: Timex, published: date | None, lex: Lexicon) -> str:
    """planned (after the publication date, or said in the future tense), ongoing (a period
    that contains the publication date) or happened."""
    interval = timex.value.interval
    if published is not None and interval is not None and interval[0] > published:
        return "planned"
    still_open = interval is None or published is None or interval[1] > published
    if still_open and lex.future is not None and lex.future.search(lex.folder.fold(sentence)):
        return "planned"
    if published is not None and interval is not None and interval[0] < published <= interval[1]:
        return "ongoing"
    return "happened"


def _attribution(sentence: str, lex: Lexicon) -> str:
    for pattern in lex.attribution:
        match = pattern.search(sentence)
        if match:
            return " ".join(match.group("who").split()).strip(" \"'«»“”")
    return ""
