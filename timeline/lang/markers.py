"""Marker regexes (tense and status words) tried as one alternation, faster.

`re` tries every branch of an alternation at every position of the text. Markers are mostly
words (`\\bwas\\b`, `\\bwill \\w+`, `(?<!\\w)كان`): the branches that begin with the same
word-boundary assertion are grouped behind one copy of it, so that the engine checks it once
and then rejects the branches by their first letter. The groups only find where the next
marker begins; the plain alternation then matches there: the matches are exactly those of
`plain.finditer` (a test compares the two).
"""

from __future__ import annotations

import bisect
import itertools
import re
import sys
from collections.abc import Iterator
from functools import cache
from re import _constants as _c  # (the regex parser of `re`: the characters of a class)
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
            return list(_started(self.starter, text, pos, endpos))
        found = sorted(span for f in self.finders for span in finditer_spans(f, text, pos, endpos))
        for (a_start, a_end), (b_start, _) in itertools.pairwise(found):
            if a_end > b_start or a_start == b_start:
                return [m.span() for m in self._stepwise(text, pos, endpos)]
        return found

    def spans_at(
        self, text: str, places: list[int], pos: int = 0, endpos: int = sys.maxsize
    ) -> list[tuple[int, int]]:
        """`self.spans(text, pos, endpos)` when a match can only start at one of `places`
        (sorted: where the prefilter saw that one may): the alternation is tried there alone,
        each place after the end of the match before, as `finditer` goes."""
        found: list[tuple[int, int]] = []
        match = self.plain.match
        after = pos
        for place in places[bisect.bisect_left(places, pos) :]:
            if place >= endpos:
                break
            if place >= after and (m := match(text, place, endpos)) is not None:
                found.append(m.span())
                after = m.end() if m.end() > place else place + 1
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
    return list(iter_spans(pattern, text, pos, endpos))


def iter_spans(
    pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int = sys.maxsize
) -> Iterator[tuple[int, int]]:
    """The spans of `finditer_spans(pattern, text, pos, endpos)`, one at a time: a caller that
    needs only the first ones does not pay for the rest."""
    start = starter(pattern.pattern)
    if start is None:
        return (m.span() for m in pattern.finditer(text, pos, endpos))
    return _started(start, text, pos, endpos)


def _started(start: re.Pattern[str], text: str, pos: int, endpos: int) -> Iterator[tuple[int, int]]:
    """The spans of the matches a `starter` captures, as `finditer` takes them (each from
    the end of the one before)."""
    last = pos  # where the match before ends: finditer goes on from there
    for m in start.finditer(text, pos, endpos):
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
