"""links: which dates give the day of an event the text tells of, and which counts count from one.

"the Oct. 23 slaying" dates a killing; "ten days before the shooting" then counts from 23
October, whatever date the text named last; "was shot to death at 10 p.m." is on that day. A
clock time is on the day of a date just after it in its clause ("at 3 p.m. local time on the
outskirts of Kabul on Tuesday").

A lexicon's `[events]` section lists the words for what happens, by kind (a killing:
"shooting", "slaying", "death", "killed"); in one text, the words of a kind are taken to name
one event. Three regexes over the folded text say how the words are joined: `before`, from an
event word to a date after it ("was shot to death last", "the attack on"); `after`, from a date
to an event noun after it ("'s attack", " sniper shooting"); `counted`, from a count to the
event it counts from (" the shooting", " his death"). `{noun}` and `{verb}` in them stand for
the words of every kind (the regexes say where a word may end: Arabic glues pronouns to it);
the event word is the group whose name begins with "event".
Words of the language stay in the data; this module only joins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from timeline.model import Granularity, Mention, Spec
from timeline.text import Folder

if TYPE_CHECKING:  # (timeline.lang compiles the links of a lexicon: imported at run time)
    from timeline.lang import Lexicon

# How far from a mention the words joining it to an event may reach, in characters.
REACH = 60
# A clock time with no day is on the day of a date this near after it in its clause ("at 6
# a.m. near the house 10 days before the murder").
CLOCK_REACH = 50
# the fields of a Spec that say which day (a clock time has none of them)
DATE_FIELDS = (
    "year", "month", "day", "weekday", "season", "quarter", "half", "decade", "century",
    "unit", "shift", "offset", "holiday", "hijri_month", "ref",
)  # fmt: skip
# the link of a clock time to the date after it
ON_NEXT = ("on", "next")
# the link of a clock time that heads a paragraph ("9:15 a.m.: The Coast Guard said ...",
# "الساعة 10:15: قال ..."): the time stamp of a live report, on the publication day
ON_ANCHOR = ("on", "anchor")
# the link of a day named just after a count of years back ("two years ago «on Tuesday»"): the
# anniversary, that day the years before (`[events] anniversary`)
ANNIVERSARY = ("on", "anniversary")
# the link of a relative day in a quote opened after a day ("said on Monday he was ready for
# talks «tomorrow»"): counted from that day, the day of the saying (`[events] quoted`)
QUOTED = ("on", "quoted")
# the role of a count set just after a day ("on Jan. 2, «nine days before the attack»"): it
# restates that day, and dates the event it counts from (`[events] restated`)
RESTATES = "restates"
_STAMP_BEFORE = re.compile(r"(?:^|\n)[ \t]*\Z")
_STAMP_AFTER = re.compile(r"[ \t]*[:\-–—]")


@dataclass(frozen=True, slots=True)
class Links:
    """The compiled `[events]` section of a lexicon."""

    kinds: dict[str, str]  # folded event word -> its kind
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    counted: re.Pattern[str] | None
    # what joins a count of years back to the day after it ("ago on"), and a day to a relative
    # day inside a quote opened after it ('said on Monday he was ready for talks "'), fullmatch
    anniversary: re.Pattern[str] | None = None
    quoted: re.Pattern[str] | None = None
    restated: re.Pattern[str] | None = None  # from a day to a count that restates it (", ")

    def at(self, folded: str, start: int, end: int, spec: Spec) -> tuple[str, str] | None:
        """("counts", kind) for a count from an event of that kind ("ten days before the
        shooting"), ("dates", kind) for a date joined to one ("the Oct. 23 slaying"), or None.
        `start`, `end`: the mention's span in the folded text."""
        if counts(spec):
            role = "counts"
            found = self.counted.match(folded, end, end + REACH) if self.counted else None
        else:
            role = "dates"
            found = self.after.match(folded, end, end + REACH) if self.after else None
            if found is None and self.before is not None:
                found = self.before.search(folded, max(0, start - REACH), start)
        if found is None:
            return None
        words = found.groupdict().items()  # the event word: in a group named event...
        word = next(w for k, w in words if w and k.startswith("event"))
        return role, self.kinds[" ".join(word.split())]  # ("gunned\ndown")


def clock_alone(spec: Spec) -> bool:
    """Whether `spec` is a clock time with no day at all ("at 2:15 a.m.", "at noon"; not
    "this morning", which is today's)."""
    return (spec.hour is not None or spec.daypart in ("noon", "midnight")) and all(
        getattr(spec, name) is None for name in DATE_FIELDS
    )


def stamp(text: str, start: int, end: int) -> bool:
    """Whether the clock time `text[start:end]` heads its line and a colon or a dash follows
    it: the time stamp of a live report."""
    return (
        _STAMP_BEFORE.search(text, max(0, start - 8), start) is not None
        and _STAMP_AFTER.match(text, end) is not None
    )


def on_next(folded: str, clock_end: int, start: int, breaks: re.Pattern[str]) -> bool:
    """Whether a clock time ending at `clock_end` is on the day of the date starting at
    `start`: near after it, in its clause (no match of `breaks` between them)."""
    return start - clock_end <= CLOCK_REACH and breaks.search(folded, clock_end, start) is None


def link_all(
    mentions: list[Mention], spans: list[tuple[int, int]], folded: str, text: str, lex: Lexicon
) -> None:
    """Join the mentions to the events the text tells of, and clock times to the date after
    them. The dates of events are looked for only for the kinds of events a count counts
    from or a clock time is joined to: the others have no use for them."""
    links = lex.links  # (None: a lexicon without [events])
    events: list[tuple[str, str] | None] = [None] * len(mentions)
    clocks = [i for i, m in enumerate(mentions) if clock_alone(m.spec)]
    if links is not None:
        counted = [i for i, m in enumerate(mentions) if counts(m.spec)]
        for i in (*counted, *clocks):
            events[i] = links.at(folded, *spans[i], mentions[i].spec)
        # the kinds of events counted from or timed: the dates of those are looked for
        wanted = {event[1] for event in events if event is not None}
        if wanted:
            for i, m in enumerate(mentions):
                if events[i] is None and not counts(m.spec) and not clock_alone(m.spec):
                    found = links.at(folded, *spans[i], m.spec)
                    if found is not None and found[1] in wanted:
                        events[i] = found
    for i in clocks:
        if events[i] is None and stamp(text, mentions[i].start, mentions[i].end):
            events[i] = ON_ANCHOR  # "9:15 a.m.: ...", a live report's time stamp
            continue
        if (
            i + 1 < len(mentions)
            and on_next(folded, spans[i][1], spans[i + 1][0], lex.clause_breaks)
            and not _other_zone(folded, spans[i][1], spans[i + 1][0], mentions[i + 1])
        ):
            # "the blast occurred at 3 p.m. ... on Tuesday": the time is Tuesday's, and so is
            # the event it dated
            events[i + 1] = events[i + 1] or events[i]
            events[i] = ON_NEXT
    if links is not None:
        _said_days(mentions, spans, folded, links, events)
    for i, event in enumerate(events):
        if event is not None:
            mentions[i] = replace(mentions[i], event=event)


def _said_days(
    mentions: list[Mention],
    spans: list[tuple[int, int]],
    folded: str,
    links: Links,
    events: list[tuple[str, str] | None],
) -> None:
    """Mark the day of an anniversary ("two years ago on Tuesday"), a relative day in a
    quote that a day before it dates ('said on Monday ... "tomorrow"') and a count that
    restates the day just before it ("on Jan. 2, nine days before the attack"); a look at the
    words between two mentions only when their kinds fit."""
    for i in range(1, len(mentions)):
        a, b = mentions[i - 1].spec, mentions[i].spec
        between = (spans[i - 1][1], spans[i][0])
        link = events[i]
        if link is not None:
            if (
                link[0] == "counts"
                and links.restated is not None
                and (a.day is not None or a.weekday is not None)
                and a.hour is None
                and links.restated.fullmatch(folded, *between)
            ):
                events[i] = (RESTATES, link[1])
            continue
        if (
            links.anniversary is not None
            and _years_back(a)
            and _a_day(b)
            and links.anniversary.fullmatch(folded, *between)
        ):
            events[i] = ANNIVERSARY
        elif (
            links.quoted is not None
            and b.offset is not None
            and b.narrative is None
            and (a.day is not None or a.weekday is not None)
            and links.quoted.fullmatch(folded, *between)
        ):
            events[i] = QUOTED


def _years_back(spec: Spec) -> bool:
    """Whether `spec` counts whole years back from the anchor ("two years ago")."""
    return (
        spec.unit is Granularity.YEAR
        and isinstance(spec.shift, int)
        and spec.shift < 0
        and spec.narrative is None
        and spec.year is None
    )


def _a_day(spec: Spec) -> bool:
    """Whether `spec` is a day near the anchor: a weekday alone, or today."""
    alone = spec.year is None and spec.month is None and spec.day is None and spec.shift is None
    return alone and (spec.weekday is not None or spec.offset == 0)


def _other_zone(folded: str, clock_end: int, start: int, after: Mention) -> bool:
    """Whether the mention after a clock time is the same moment in another zone, in brackets
    with its own day ("9 p.m. (0200 GMT Saturday)"): its day is not the clock's."""
    return after.spec.hour is not None and "(" in folded[clock_end:start]


def counts(spec: Spec) -> bool:
    """Whether a mention counts from an event: a narrative shift ("ten days before", "the day
    after")."""
    return spec.narrative is not None and spec.shift is not None


def compile_links(
    data: dict, folder: Folder, alternation: Callable[[list[str]], str]
) -> Links | None:
    """The links of a lexicon's `[events]` section (None without one); `alternation` writes a
    list of words as one regex (a trie: tried fast at every place of a window)."""
    if not data:
        return None
    kinds: dict[str, str] = {}
    nouns: list[str] = []
    verbs: list[str] = []
    for kind, words in data.get("kinds", {}).items():
        for role, into in (("nouns", nouns), ("verbs", verbs)):
            for word in words.get(role, []):
                form = " ".join(folder.fold(word).split())
                kinds.setdefault(form, kind)
                into.append(form)

    # (no words: a group that matches nothing, not the empty string)
    fill = {
        "{noun}": f"(?:{alternation(nouns)})" if nouns else "(?!)",
        "{verb}": f"(?:{alternation(verbs)})" if verbs else "(?!)",
    }

    def pattern(key: str) -> re.Pattern[str] | None:
        source = data.get(key)
        if not source:
            return None
        source = folder.fold_pattern(source)
        for placeholder, regex in fill.items():
            source = source.replace(placeholder, regex)
        compiled = re.compile(source)
        if not any(name.startswith("event") for name in compiled.groupindex):
            raise ValueError(f"[events] {key}: no group named event... holds the event word")
        return compiled

    joins = {
        k: re.compile(folder.fold_pattern(data[k]))
        for k in ("anniversary", "quoted", "restated")
        if k in data
    }
    return Links(
        kinds,
        pattern("before"),
        pattern("after"),
        pattern("counted"),
        joins.get("anniversary"),
        joins.get("quoted"),
        joins.get("restated"),
    )
