"""Marker regexes (tense and status words) tried as one alternation, faster.

`re` tries every branch of an alternation at every position of the text. Markers are mostly
words (`\\bwas\\b`, `\\bwill \\w+`, `(?<!\\w)كان`): the branches that begin with the same
word-boundary assertion are grouped behind one copy of it, so that the engine checks it once
and then rejects the branches by their first letter. The groups only find where the next
marker begins; the plain alternation then matches there: the matches are exactly those of
`plain.finditer` (a test compares the two).
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterator
from functools import cache
from re import _constants as _c  # (the regex parser of `re`: which characters a match holds)
from re import _parser

from timeline.lang.index import first_chars, parse

LEADS = (r"\b", r"(?<!\w)")  # assertions that many branches begin with


class Markers:
    """An alternation of marker regexes (each a branch, tried in order)."""

    def __init__(self, branches: list[str]) -> None:
        self.plain = re.compile("|".join(f"(?:{b})" for b in branches))
        groups: dict[str, list[str]] = {}
        for branch in branches:
            lead = next((a for a in LEADS if branch.startswith(a)), "")
            groups.setdefault(lead, []).append(branch[len(lead) :])
        self.finders = tuple(
            re.compile(lead + "(?:" + "|".join(f"(?:{b})" for b in group) + ")")
            for lead, group in groups.items()
        )
        self.starter = _apart(self.finders)

    @property
    def pattern(self) -> str:
        return self.plain.pattern

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[re.Match[str]]:
        """What `self.plain.finditer(text, pos, endpos)` finds.

        When no two matches of the groups overlap, they are what the alternation finds (at
        the leftmost place where any branch matches only one group does, and each group's
        next match starts after the last one taken); else the alternation is followed step
        by step."""
        if len(self.finders) == 1:
            return list(self.finders[0].finditer(text, pos, endpos))
        found = [m for finder in self.finders for m in finder.finditer(text, pos, endpos)]
        found.sort(key=_start)
        for a, b in itertools.pairwise(found):
            if a.end() > b.start() or a.start() == b.start():
                return self._stepwise(text, pos, endpos)
        return found

    def spans(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[tuple[int, int]]:
        """The spans of `self.finditer(text, pos, endpos)`, faster: each group runs by its
        `starter`, or all of them at once by `self.starter`."""
        if self.starter is not None:
            found = []
            last = pos  # where the match before ends: finditer goes on from there
            for m in self.starter.finditer(text, pos, endpos):
                if m.start(1) >= last:
                    last = m.end(1)
                    found.append((m.start(1), last))
            return found
        found = sorted(span for f in self.finders for span in finditer_spans(f, text, pos, endpos))
        for (a_start, a_end), (b_start, _) in itertools.pairwise(found):
            if a_end > b_start or a_start == b_start:
                return [m.span() for m in self._stepwise(text, pos, endpos)]
        return found

    def _stepwise(self, text: str, pos: int, endpos: int) -> list[re.Match[str]]:
        """The groups find where the next match begins; the alternation matches there."""
        found: list[re.Match[str]] = []
        plain = self.plain
        upcoming = [finder.search(text, pos, endpos) for finder in self.finders]
        while True:
            for i, finder in enumerate(self.finders):  # each finder's next start at or after pos
                m = upcoming[i]
                if m is not None and m.start() < pos:
                    upcoming[i] = finder.search(text, pos, endpos)
            starts = [m.start() for m in upcoming if m is not None]
            if not starts:
                return found
            match = plain.match(text, min(starts), endpos)  # the branch the alternation takes
            assert match is not None
            found.append(match)
            pos = match.end() if match.end() > match.start() else match.start() + 1


def _apart(finders: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """A `starter` for the alternation of the groups, when each group begins with characters
    that no other begins with (all known): at any place at most one group can match, so that
    the alternation of the groups finds what the alternation of the branches finds, in one
    search (None when they are fewer than two, or may begin with the same character)."""
    if len(finders) < 2:
        return None
    seen: set[str] = set()
    for finder in finders:
        lead = next((a for a in LEADS if finder.pattern.startswith(a)), "")
        first = first_characters(finder.pattern[len(lead) :])
        chars = _literals(first)
        if chars is None or chars & seen:
            return None
        seen |= chars
    either = "|".join(f"(?:{finder.pattern})" for finder in finders)
    if re.search(r"\\\d|\(\?\(", either):
        return None
    try:
        return re.compile(f"[{re.escape(''.join(sorted(seen)))}](?<=(?=({either}))(?s:.))")
    except re.error:  # (global flags, say)
        return None


def _literals(chars: re.Pattern[str] | None) -> set[str] | None:
    """The characters of a class (`first_characters`) when it lists them one by one."""
    items = list(_parser.parse(chars.pattern)) if chars is not None else []
    if len(items) == 1 and items[0][0] is _c.LITERAL:
        return {chr(items[0][1])}
    if len(items) != 1 or items[0][0] is not _c.IN:
        return None
    if any(op is not _c.LITERAL for op, _ in items[0][1]):
        return None
    return {chr(av) for _, av in items[0][1]}


def _start(match: re.Match[str]) -> int:
    return match.start()


def finditer_spans(
    pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int = sys.maxsize
) -> list[tuple[int, int]]:
    """The spans of `pattern.finditer(text, pos, endpos)`, found faster: a pattern that
    begins with a lookahead or `\\b` (`(?=[.!?])...`, `\\bwill ...`) makes the regex engine
    try every position; its `starter` skips to the characters a match can begin with."""
    start = starter(pattern.pattern)
    if start is None:
        return [m.span() for m in pattern.finditer(text, pos, endpos)]
    spans = []
    last = pos  # where the match before ends: finditer goes on from there
    for m in start.finditer(text, pos, endpos):
        if m.start(1) >= last:
            spans.append(m.span(1))
            last = m.end(1)
    return spans


def iter_spans(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """The spans of `finditer_spans(pattern, text)`, one at a time: a caller that needs only
    the first ones does not pay for the rest."""
    start = starter(pattern.pattern)
    if start is None:
        yield from (m.span() for m in pattern.finditer(text))
        return
    last = 0
    for m in start.finditer(text):
        if m.start(1) >= last:
            last = m.end(1)
            yield m.start(1), last


@cache
def starter(pattern: str) -> re.Pattern[str] | None:
    """A regex that matches one character at every place where `pattern` matches, with that
    match captured (group 1): a class of the characters a match of `pattern` can begin with,
    then a lookbehind that steps back onto that character and looks ahead for `pattern`.
    `re` skips the characters outside a class that leads a pattern in its own loop, fast;
    before a lookahead or `\\b` it tries every position. None when those characters are
    unknown, or `pattern` can match nothing or names groups by number."""
    lead = next((a for a in LEADS if pattern.startswith(a)), "")  # zero-width: no character
    first = first_characters(pattern[len(lead) :])
    if first is None or re.search(r"\\\d|\(\?\(", pattern):
        return None
    try:
        return re.compile(f"{first.pattern}(?<=(?=({pattern}))(?s:.))")
    except re.error:  # (global flags, say)
        return None


@cache
def first_characters(pattern: str) -> re.Pattern[str] | None:
    """A regex for the characters a match of `pattern` can begin with (None: any, or it can
    match nothing)."""
    chars, nullable = first_chars(parse(pattern, {}), {})
    return None if chars is None or nullable or not chars else re.compile(f"[{chars}]")


class Around:
    """Finds the matches of a regex around a position without running it over the text
    before: the places where a match may start are found backwards (`str.rfind` of the
    characters its matches begin with), and `finditer` runs from a place after a character
    that no match holds (a `stop`), where it finds what it finds from anywhere before."""

    def __init__(
        self, starter: re.Pattern[str], firsts: str, parsed: _parser.SubPattern, reach: int
    ) -> None:
        self.starter = starter  # (see `starter`)
        self.firsts = firsts
        self.parsed = parsed
        # how far past the last character a match may hold its lookaheads read (and one
        # more for a `\b` or `$`)
        self.reach = reach
        self.ascii = bool(parsed.state.flags & re.ASCII)
        self.stops: dict[str, bool] = {}

    def stop(self, char: str) -> bool:
        """Whether no match holds `char` (what lookarounds read does not count)."""
        found = self.stops.get(char)
        if found is None:
            found = self.stops[char] = not _holds(self.parsed, char, self.ascii)
        return found

    def around(self, text: str, at: int, lower: int) -> tuple[int, tuple[int, int] | None]:
        """Where the last match of `finditer(text)` that starts before `at` ends (`lower`
        if none starts from `lower` on), and the span of the first one that starts at or
        after `at` (None: none), when `lower` is 0 or the end of one of those matches.

        The text is read back from `at` only to the start of the last match before it:
        `rfind` of each character a match may begin with, each search going on below the
        last; from the place before the second on, `finditer` runs only as far as it must
        to find the matches that start before the place tried last (`reach`): time stays
        linear in the text read back."""
        end = None
        after = None
        until = at  # no match starts from here to `at`
        endpos = len(text)
        firsts = self.firsts
        places = []  # where each of `firsts` was found last
        begin = -1
        for c in firsts:
            place = text.rfind(c, lower, until)
            places.append(place)
            if place > begin:
                begin = place
        start = self.starter
        while True:
            if begin < 0:
                begin = end = lower
            while begin > lower and not self.stop(text[begin - 1]):
                begin -= 1
            last = begin  # where the match before ends: finditer goes on from there
            for m in start.finditer(text, begin, endpos):
                if m.start(1) >= last:
                    if m.start(1) >= until:
                        if until == at:
                            after = m.span(1)
                        break
                    last = end = m.end(1)
            if end is not None:
                return end, after
            until = begin
            endpos = min(len(text), until + self.reach + 2)  # (no match reads further)
            for i, place in enumerate(places):
                if place >= until:  # (searched on below the last place)
                    places[i] = text.rfind(firsts[i], lower, until)
            begin = max(places)


@cache
def around(pattern: re.Pattern[str]) -> Around | None:
    """An `Around` for `pattern`; None when the characters its matches begin with are
    unknown or many, or it can match nothing or ignores case."""
    first = first_characters(pattern.pattern)
    start = starter(pattern.pattern)
    if first is None or start is None:
        return None
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    if parsed.getwidth()[0] == 0 or parsed.state.flags & (re.IGNORECASE | re.LOCALE):
        return None
    firsts = _literals(first)
    reach = _reach(parsed)
    if firsts is None or len(firsts) > 8 or reach is None:
        return None
    return Around(start, "".join(sorted(firsts)), parsed, reach)


def _reach(items: _parser.SubPattern | list) -> int | None:
    """The most characters a lookahead of a parsed regex may read (None: no bound)."""
    most = 0
    for op, av in items:
        if op is _c.ASSERT or op is _c.ASSERT_NOT:
            inner = _reach(av[1])
            width = av[1].getwidth()[1] if av[0] >= 0 else 0
            if inner is None or width >= _c.MAXREPEAT:
                return None
            most = max(most, width + inner)
        elif op is _c.SUBPATTERN:
            subs = [av[3]]
        elif op is _c.BRANCH:
            subs = av[1]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            subs = [av[2]]
        elif op is _c.ATOMIC_GROUP:
            subs = [av]
        elif op is _c.GROUPREF_EXISTS:
            subs = [av[1]] + ([av[2]] if av[2] is not None else [])
        else:
            continue
        if op is not _c.ASSERT and op is not _c.ASSERT_NOT:
            for sub in subs:
                inner = _reach(sub)
                if inner is None:
                    return None
                most = max(most, inner)
    return most


CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d",
    _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w",
    _c.CATEGORY_NOT_WORD: r"\W",
}


def _holds(items: _parser.SubPattern | list, char: str, ascii: bool) -> bool:
    """Whether a match of a parsed regex may hold `char` (lookarounds hold nothing; True
    when unsure)."""
    code = ord(char)
    for op, av in items:
        if op is _c.LITERAL:
            hit = av == code
        elif op is _c.NOT_LITERAL:
            hit = av != code
        elif op is _c.ANY:
            hit = True
        elif op is _c.IN:
            hit = _in_class(av, char, ascii)
        elif op is _c.SUBPATTERN:
            hit = bool(av[1] & (re.IGNORECASE | re.LOCALE)) or _holds(av[3], char, ascii)
        elif op is _c.BRANCH:
            hit = any(_holds(branch, char, ascii) for branch in av[1])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            hit = _holds(av[2], char, ascii)
        elif op is _c.ATOMIC_GROUP:
            hit = _holds(av, char, ascii)
        elif op is _c.GROUPREF_EXISTS:
            hit = _holds(av[1], char, ascii) or (av[2] is not None and _holds(av[2], char, ascii))
        elif op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT, _c.GROUPREF):
            hit = False  # (a group's text holds what the group can)
        else:
            hit = True
        if hit:
            return True
    return False


def _in_class(items: list, char: str, ascii: bool) -> bool:
    code = ord(char)
    negate = found = False
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            found = found or av == code
        elif op is _c.RANGE:
            found = found or av[0] <= code <= av[1]
        elif op is _c.CATEGORY and av in CATEGORIES:
            found = found or re.match(CATEGORIES[av], char, re.ASCII if ascii else 0) is not None
        else:
            return True
    return found != negate
