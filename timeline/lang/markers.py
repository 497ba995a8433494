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
from functools import cache

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


def _start(match: re.Match[str]) -> int:
    return match.start()


def finditer_spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """The spans of `pattern.finditer(text)`, found faster: a pattern that begins with a
    lookahead (`(?=[.!?])...`) makes the regex engine try every position; the characters a
    match can begin with are found first, and the pattern tried there only."""
    first = first_characters(pattern.pattern)
    if first is None:
        return [m.span() for m in pattern.finditer(text)]
    spans = []
    pos = 0
    match = pattern.match
    for candidate in first.finditer(text):
        at = candidate.start()
        if at < pos:
            continue
        m = match(text, at)
        if m is not None and m.end() > at:
            spans.append(m.span())
            pos = m.end()
    return spans


@cache
def first_characters(pattern: str) -> re.Pattern[str] | None:
    """A regex for the characters a match of `pattern` can begin with (None: any, or it can
    match nothing)."""
    chars, nullable = first_chars(parse(pattern, {}), {})
    return None if chars is None or nullable or not chars else re.compile(f"[{chars}]")
