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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz

from timeline.events import order_key
from timeline.model import ArticleResult, Event, TimeValue
from timeline.statements import tokens, words

__all__ = ["MergedEvent", "merge", "similarity"]

THRESHOLD = 70.0
VAGUE_THRESHOLD = 95.0
MIN_SHARED = 2


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


@dataclass(slots=True)
class _Group:
    lang: str
    events: list[Event] = field(default_factory=list)
    words: list[list[str]] = field(default_factory=list)
    first: date = date.min
    last: date = date.max

    def articles(self) -> set[str]:
        return {e.article_id for e in self.events}


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
            items.append((event, lang, _content(result, event, lang)))
    items.sort(key=lambda item: order_key(item[0]))
    groups: list[_Group] = []
    active: list[_Group] = []  # groups whose shared interval may still overlap what comes
    vague: list[_Group] = []
    for event, lang, content in items:
        interval = event.value.interval if event.value.is_placed else None
        if interval is None:
            group = _best(vague, event, lang, content, VAGUE_THRESHOLD, same_value=True)
        else:
            active = [g for g in active if g.last >= interval[0]]
            group = _best(active, event, lang, content, threshold, same_value=False)
        if group is None:
            group = _Group(lang)
            groups.append(group)
            (vague if interval is None else active).append(group)
        group.events.append(event)
        group.words.append(content)
        if interval is not None:
            group.first, group.last = max(group.first, interval[0]), min(group.last, interval[1])
    merged = [_merged(g) for g in groups]
    merged.sort(key=lambda m: order_key(m.lead))
    return merged


def _best(
    candidates: Sequence[_Group],
    event: Event,
    lang: str,
    content: list[str],
    threshold: float,
    same_value: bool,
) -> _Group | None:
    """The group the event joins: the most alike one above the threshold, preferring one
    whose events have the event's very value."""
    interval = event.value.interval
    best, best_key = None, None
    for group in candidates:
        if group.lang != lang or event.article_id in group.articles():
            continue
        if same_value and group.events[0].value != event.value:
            continue
        if interval is not None and not (group.first <= interval[1] and interval[0] <= group.last):
            continue
        score = max(similarity(content, other) for other in group.words)
        if score < threshold:
            continue
        key = (any(e.value == event.value for e in group.events), score)
        if best_key is None or key > best_key:
            best, best_key = group, key
    return best


def _merged(group: _Group) -> MergedEvent:
    events = sorted(group.events, key=order_key)
    lead = min(events, key=lambda e: (_rank(e), order_key(e)))
    events.remove(lead)
    members = (lead, *events)
    digest = hashlib.sha1("\0".join(sorted(e.id for e in members)).encode()).hexdigest()
    shared = (group.first, group.last) if lead.value.is_placed and lead.value.interval else None
    return MergedEvent(id=digest[:10], events=members, interval=shared)


def _rank(event: Event) -> int:
    granularity = event.value.granularity
    return granularity.rank if granularity is not None else 99


def _content(result: ArticleResult, event: Event, lang: str) -> list[str]:
    """The content words of the event's sentence, its time expressions left out."""
    text = result.article.text
    pieces, at = [], event.start
    spans = sorted((t.mention.start, t.mention.end) for t in result.timexes)
    for start, end in spans:
        if end <= event.start or start >= event.end:
            continue
        pieces.append(text[at : max(at, start)])
        at = max(at, end)
    pieces.append(text[at : event.end])
    return tokens(" ".join(pieces), words(lang))
