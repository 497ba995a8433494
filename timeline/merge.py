"""merge: one event per happening across articles, listing every article that reports it.

Readers of many articles on one story want each happening once. Two events are reports of
one happening when

- they come from two different articles in the same language;
- their intervals overlap: an event joins a group only when its interval overlaps the
  interval all the group's events share, so events with disjoint intervals never merge;
- their statements are alike: the content words of their sentences (folded as the lexicon
  says, without proclitics, the article, stop words and the time expressions themselves)
  share at least `MIN_SHARED` words and rapidfuzz's token-set ratio reaches `threshold`.

Vague references (PAST_REF ...) have no interval: they merge only with the same value and
near-identical statements (`VAGUE_THRESHOLD`), as when one article is given twice.
Each group becomes a `MergedEvent`; its lead is the most precise report (the finest
granularity, then timeline order), which places it on the timeline.
"""

from __future__ import annotations

import hashlib
import heapq
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any, Generic, TypeVar

from rapidfuzz import fuzz

from timeline.events import order_key
from timeline.model import ArticleResult, Event, TimeValue
from timeline.statements import Vocabulary, tokens, vocabulary

__all__ = ["Happening", "MergedEvent", "Report", "merge", "merge_sorted", "similarity"]

THRESHOLD = 70.0
VAGUE_THRESHOLD = 95.0
MIN_SHARED = 2
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One happening, as reported by one or more articles.

    `events` holds every report, the lead first (the most precise one), the others in
    timeline order; `interval` is the interval they all share (None for vague references).
    """

    id: str
    events: tuple[Event, ...]
    interval: tuple[date, date] | None

    @property
    def lead(self) -> Event:
        return self.events[0]

    @property
    def value(self) -> TimeValue:
        return self.lead.value

    @property
    def title(self) -> str:
        return self.lead.title

    @property
    def status(self) -> str:
        return self.lead.status

    @property
    def sources(self) -> tuple[str, ...]:
        """The ids of the articles that report it, each once, in the order of `events`."""
        return tuple(dict.fromkeys(e.article_id for e in self.events))

    @property
    def attributions(self) -> tuple[str, ...]:
        """Who says so, across the reports (each once)."""
        return tuple(dict.fromkeys(e.attribution for e in self.events if e.attribution))


_Member = tuple[tuple, int, str, Any]  # order key, granularity rank (coarse: high), event id, ref


@dataclass(frozen=True, slots=True)
class Report(Generic[R]):
    """An event as the merge weighs it: its `order_key`, what it says, and `ref`: what the
    caller wants back (the event itself, or where it keeps it)."""

    key: tuple
    value: TimeValue
    article_id: str
    event_id: str
    lang: str
    words: list[str]
    ref: R


@dataclass(frozen=True, slots=True)
class Happening(Generic[R]):
    """A group once closed: the `ref`s of its reports, the lead first (as `MergedEvent`)."""

    key: tuple  # the lead's order key: the happening's place on the timeline
    number: int  # creation order (ties of `key`)
    id: str
    refs: tuple[R, ...]
    interval: tuple[date, date] | None


@dataclass(slots=True)
class _Group:
    lang: str
    number: int = 0  # creation order: candidates are weighed in this order
    value: TimeValue | None = None  # of its first report (a vague group's reports share it)
    values: set[TimeValue] = field(default_factory=set)
    members: list[_Member] = field(default_factory=list)  # in timeline order
    distinct: dict[tuple[str, ...], None] = field(default_factory=dict)  # words, each once
    first: date = date.min
    last: date = date.max
    sources: set[str] = field(default_factory=set)
    alive: bool = True  # False once its shared interval ends before what comes
    placed: bool = True  # False: a vague reference's (no interval)


class _Index:
    """Groups by content word, so that an event is weighed only against the groups with
    which it shares at least `MIN_SHARED` words (any other scores 0): merging stays
    near-linear in the number of events instead of comparing each with every open group."""

    def __init__(self) -> None:
        self.postings: dict[str, list[_Group]] = {}

    def add(self, group: _Group, words: Iterable[str]) -> None:
        for word in set(words):
            posting = self.postings.setdefault(word, [])
            if not posting or posting[-1] is not group:
                posting.append(group)

    def candidates(self, words: Iterable[str]) -> list[_Group]:
        hits: dict[int, int] = {}
        groups: dict[int, _Group] = {}
        for word in set(words):
            posting = self.postings.get(word)
            if not posting:
                continue
            if not posting[0].alive or not posting[-1].alive:
                posting[:] = [g for g in posting if g.alive]
            for group in posting:
                if group.alive:
                    hits[group.number] = hits.get(group.number, 0) + 1
                    groups[group.number] = group
        return [groups[n] for n in sorted(hits) if hits[n] >= MIN_SHARED]

    def compact(self) -> None:
        """Closed groups forgotten (postings of words no event uses again keep them)."""
        postings = {}
        for word, posting in self.postings.items():
            alive = [g for g in posting if g.alive]
            if alive:
                postings[word] = alive
        self.postings = postings


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """How alike two statements are, 0-100, from their content words."""
    if len(set(a) & set(b)) < MIN_SHARED:
        return 0.0
    return fuzz.token_set_ratio(" ".join(a), " ".join(b))


def merge(results: Iterable[ArticleResult], *, threshold: float = THRESHOLD) -> list[MergedEvent]:
    """The events of all `results`, near-duplicates across articles merged, in timeline order
    (the order of each group's lead; see `timeline.events.order_key`)."""
    items: list[tuple[Event, str, list[str]]] = []
    for result in results:
        lang = result.article.lang
        for event in result.events:
            items.append((event, lang, content_words(result, event, lang)))
    return merge_items(items, threshold=threshold)


def merge_items(
    items: list[tuple[Event, str, list[str]]], *, threshold: float = THRESHOLD
) -> list[MergedEvent]:
    """`merge` of (event, language, `content_words`) triples."""
    reports = [
        Report(order_key(event), event.value, event.article_id, event.id, lang, content, event)
        for event, lang, content in items
    ]
    reports.sort(key=attrgetter("key"))
    happenings = sorted(merge_sorted(reports, threshold=threshold), key=attrgetter("key", "number"))
    return [MergedEvent(h.id, h.refs, h.interval) for h in happenings]


def merge_sorted(
    reports: Iterable[Report[R]], *, threshold: float = THRESHOLD
) -> Iterator[Happening[R]]:
    """The happenings of `reports` given in timeline order (their `key`), each yielded as
    soon as no report to come can join it (not in timeline order): a corpus streams through,
    only the groups still open are held."""
    active: list[_Group] = []  # groups whose shared interval may still overlap what comes
    ends: list[tuple[date, int, _Group]] = []  # heap of (last, number): when groups close
    vague: list[_Group] = []
    placed_index: dict[str, _Index] = {}  # by language
    vague_index: dict[tuple[str, object], _Index] = {}  # by language and value
    scan_all = threshold <= 0  # then a group sharing no word can still be chosen
    created = closed = since = 0  # groups made, closed, closed since the index was compacted
    for report in reports:
        value, lang, content = report.value, report.lang, report.words
        interval = value.interval if value.is_placed else None
        if interval is None:
            index = vague_index.setdefault((lang, value), _Index())
            pool = vague if scan_all else index.candidates(content)
            group = _best(pool, report, None, VAGUE_THRESHOLD, same_value=True)
        else:
            while ends and ends[0][0] < interval[0]:
                last, _, closing = heapq.heappop(ends)
                if closing.last == last and closing.alive:  # else a stale entry
                    closing.alive = False
                    closed, since = closed + 1, since + 1
                    yield _happening(closing)
            if since > max(COMPACT, created - closed):  # more closed than open
                for each in placed_index.values():
                    each.compact()
                active = [g for g in active if g.alive]
                since = 0
            index = placed_index.setdefault(lang, _Index())
            if scan_all:
                active = [g for g in active if g.alive]
                pool = active
            else:
                pool = index.candidates(content)
            group = _best(pool, report, interval, threshold, same_value=False)
        if group is None:
            group = _Group(lang, number=created, value=value, placed=interval is not None)
            created += 1
            (vague if interval is None else active).append(group)
        granularity = value.granularity
        rank = granularity.rank if granularity is not None else 99
        group.members.append((report.key, rank, report.event_id, report.ref))
        group.values.add(value)
        group.distinct[tuple(content)] = None
        group.sources.add(report.article_id)
        index.add(group, content)
        if interval is not None:
            last = group.last
            group.first, group.last = max(group.first, interval[0]), min(group.last, interval[1])
            if group.last != last:
                heapq.heappush(ends, (group.last, group.number, group))
    rest = [g for g in active if g.alive] + vague
    rest.sort(key=attrgetter("number"))
    for group in rest:
        yield _happening(group)


COMPACT = 1000  # closed groups forgotten by the word index at least this many at a time


def _best(
    candidates: Sequence[_Group],
    report: Report[Any],
    interval: tuple[date, date] | None,
    threshold: float,
    same_value: bool,
) -> _Group | None:
    """The group the report joins: the most alike one above the threshold, preferring one
    whose reports have the report's very value."""
    best, best_key = None, None
    for group in candidates:
        if group.lang != report.lang or report.article_id in group.sources:
            continue
        if same_value and group.value != report.value:
            continue
        if interval is not None and not (group.first <= interval[1] and interval[0] <= group.last):
            continue
        score = _score(report.words, group)
        if score < threshold:
            continue
        key = (report.value in group.values, score)
        if best_key is None or key > best_key:
            best, best_key = group, key
    return best


def _score(content: list[str], group: _Group) -> float:
    """The similarity of the event's words with the group's most alike report."""
    best = 0.0
    for other in group.distinct:
        best = max(best, similarity(content, other))
        if best >= 100.0:
            break
    return best


def _happening(group: _Group) -> Happening[Any]:
    """The group as a happening: its lead is the most precise report (then the first in
    timeline order), the others follow in timeline order."""
    members = group.members  # in timeline order
    at = min(range(len(members)), key=lambda n: (members[n][1], members[n][0]))
    lead = members[at]
    ordered = (lead, *members[:at], *members[at + 1 :])
    digest = hashlib.sha1("\0".join(sorted(m[2] for m in ordered)).encode()).hexdigest()
    shared = (group.first, group.last) if group.placed else None
    return Happening(lead[0], group.number, digest[:10], tuple(m[3] for m in ordered), shared)


def content_words(result: ArticleResult, event: Event, lang: str) -> list[str]:
    """The content words of the event's sentence, its time expressions left out."""
    spans = sorted((t.mention.start, t.mention.end) for t in result.timexes)
    return statement_words(result.article.text, spans, event, vocabulary(lang))


def statement_words(
    text: str, spans: Sequence[tuple[int, int]], event: Event, v: Vocabulary
) -> list[str]:
    """`content_words` of an event of `text`, given the sorted spans of the article's time
    expressions and the words of its language. Each word is interned: a corpus of a hundred
    thousand events repeats the same words."""
    pieces, at = [], event.start
    for start, end in spans:
        if end <= event.start or start >= event.end:
            continue
        pieces.append(text[at : max(at, start)])
        at = max(at, end)
    pieces.append(text[at : event.end])
    return [sys.intern(word) for word in tokens(" ".join(pieces), v)]
