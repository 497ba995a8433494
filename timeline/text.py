"""Text folding for matching, with offsets back into the original, and sentence spans.

Matching runs on a folded copy of the text (lower case, digits of every script as ASCII,
diacritics and tatweel removed, letter variants folded as the lexicon says); every offset
reported to the user points into the original text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from timeline.memo import remembered

# a run of two or more white space characters (`\s{2,}`): written as a class of them, then one
# of them or more, which `re` searches twice as fast (it skips to the class's characters)
SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
SPACE_RUN = re.compile(f"[{SPACES}][{SPACES}]+")
WORDS = 4096  # words a Folder remembers (`fold_word`)


def _one_space(run: re.Match[str]) -> str:
    """What `Folder.fold_with_offsets` keeps of a run of white space."""
    return "\n" if "\n" in run.group() else run.group()[0]


@dataclass(frozen=True, slots=True)
class Folder:
    """Folds text the way a lexicon's `[normalize]` section says."""

    lowercase: bool = False
    remove: str = ""  # a regex character-class body: characters dropped
    folds: dict[str, str] = field(default_factory=dict)  # character -> replacement
    _cache: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _changing: list[re.Pattern[str]] = field(default_factory=list, compare=False, repr=False)
    _words: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def char(self, c: str) -> str:
        folded = self._cache.get(c)
        if folded is None:
            folded = self._fold_char(c)
            self._cache[c] = folded
        return folded

    def _fold_char(self, c: str) -> str:
        if c.isdecimal():
            return str(unicodedata.decimal(c))
        out = []
        for d in unicodedata.normalize("NFKC", c):
            if self.lowercase:
                d = d.lower()
            if self.remove and re.fullmatch(f"[{self.remove}]", d):
                continue
            out.append(self.folds.get(d, d))
        return "".join(out)

    def _ascii_plain(self) -> bool:
        """Whether folding an ASCII text is at most lower-casing it."""
        plain = self._cache.get("\0ascii")
        if plain is None:
            ascii_chars = [chr(i) for i in range(128)]
            plain = all(self.char(c) == (c.lower() if self.lowercase else c) for c in ascii_chars)
            self._cache["\0ascii"] = "y" if plain else ""
        return bool(plain)

    def changes(self, text: str) -> dict[str, str]:
        """The characters of `text` that folding changes, and what they fold to. (A regex
        finds the candidates: a set of every character of a long text is slower.)"""
        if not self._changing:  # every character folding may change, below U+3000 or not
            kept = [i for i in range(0x3000) if self.char(chr(i)) == chr(i)]
            ranges, start = [], kept[0]
            for prev, i in zip(kept, kept[1:] + [-1], strict=True):
                if i != prev + 1:
                    ranges.append(re.escape(chr(start)) + "-" + re.escape(chr(prev)))
                    start = i
            self._changing.append(re.compile("[^" + "".join(ranges) + "]"))
        folds = {c: self.char(c) for c in set(self._changing[0].findall(text))}
        return {c: f for c, f in folds.items() if f != c}

    def fold(self, text: str) -> str:
        """`fold_with_offsets(text)[0]`, without working out the offsets."""
        if text.isascii() and self._ascii_plain():
            folded = text.lower() if self.lowercase else text
        else:
            changes = self.changes(text)
            if all(len(f) <= 1 for f in changes.values()):
                table = {ord(c): f for c, f in changes.items()}
                folded = text.translate(table) if table else text
            else:
                folded = "".join([changes.get(c, c) for c in text])
        return SPACE_RUN.sub(_one_space, folded)

    def fold_word(self, word: str) -> str:
        """`fold(word)`, remembered (`WORDS` at most): for the short strings folded again and
        again, such as the words before the periods of a text."""
        return remembered(self._words, word, self.fold, WORDS)

    def fold_with_offsets(self, text: str) -> tuple[str, OffsetMap | None]:
        """The folded text and the map of its offsets back into `text` (None when the two
        line up one to one). Every run of white space is folded to one character (a line
        break if it holds one): rules then know how long a space is."""
        folded, offsets = self._fold_chars(text)
        runs = list(SPACE_RUN.finditer(folded))
        if not runs:
            return folded, offsets
        parts = []
        dropped: list[int] = []  # folded positions removed
        last = 0
        for run in runs:
            parts.append(folded[last : run.start()])
            parts.append("\n" if "\n" in run.group() else run.group()[0])
            dropped.extend(range(run.start() + 1, run.end()))
            last = run.end()
        parts.append(folded[last:])
        if offsets is not None and offsets.table is not None:
            gone = set(dropped)
            table = [o for f, o in enumerate(offsets.table) if f not in gone]
            return "".join(parts), OffsetMap(table=table, length=offsets.length)
        removed = [offsets.original(f) for f in dropped] if offsets else dropped
        if offsets is not None:
            removed = sorted(removed + offsets.removed)
        return "".join(parts), OffsetMap(removed=removed)

    def _fold_chars(self, text: str) -> tuple[str, OffsetMap | None]:
        if text.isascii() and self._ascii_plain():
            return (text.lower() if self.lowercase else text), None
        changes = self.changes(text)
        if all(len(f) <= 1 for f in changes.values()) and not any(
            f in changes for f in changes.values()
        ):
            # characters replaced one by one or removed: str.replace is fastest
            folded = text
            for c, f in changes.items():
                folded = folded.replace(c, f)
            removed = "".join(re.escape(c) for c, f in changes.items() if not f)
            if not removed:
                return folded, None
            positions = [m.start() for m in re.finditer(f"[{removed}]", text)]
            return folded, OffsetMap(removed=positions)
        parts = [changes.get(c, c) for c in text]
        offsets: list[int] = []
        for i, p in enumerate(parts):
            offsets.extend([i] * len(p))
        return "".join(parts), OffsetMap(table=offsets, length=len(text))

    def fold_pattern(self, pattern: str) -> str:
        """Fold the literal letters of a regex written in the lexicon.

        ASCII is left alone, regex syntax included: templates are written in lower case."""
        return "".join(c if c.isascii() or not c.isalpha() else self.char(c) for c in pattern)


class OffsetMap:
    """Offsets of a folded text back into the original: from the sorted positions of the
    characters folding removed, or from a table (when folding also expanded characters)."""

    def __init__(
        self, removed: list[int] | None = None, table: list[int] | None = None, length: int = 0
    ) -> None:
        self.removed = removed or []
        # the j-th removed character sits before folded index removed[j] - j
        self.shifts = [r - j for j, r in enumerate(self.removed)]
        self.table = table
        self.length = length

    def original(self, folded_index: int) -> int:
        """The original index of the folded character at `folded_index` (the folded length
        maps to the original length)."""
        if self.table is not None:
            return self.table[folded_index] if folded_index < len(self.table) else self.length
        return folded_index + bisect.bisect_right(self.shifts, folded_index)


def original_span(offsets: OffsetMap | None, start: int, end: int) -> tuple[int, int]:
    """Map a span of the folded text back to the original text.

    The end extends over characters that folding removed (a final diacritic belongs to
    its word)."""
    if offsets is None:
        return start, end
    return offsets.original(start), offsets.original(end)


DOTTED_WORD = re.compile(r"\w+(?:\.\w+)*")  # the same read backwards


def _word_before(text: str, at: int) -> str:
    """The word (perhaps dotted: "U.S") that ends at `at`, within 64 characters: matched on
    the reversed text (a search for it anchored at `at` tries every place before)."""
    start = max(0, at - 64)
    if at > start and text[at - 1] == "\n":  # as `$` does: the end, or before a last newline
        at -= 1
    match = DOTTED_WORD.match(text[start:at][::-1])
    return match.group()[::-1] if match else ""


def sentence_spans(
    text: str, end: re.Pattern[str], abbreviations: frozenset[str], folder: Folder
) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`, trimmed of surrounding space.

    A sentence ends at a match of `end`, except a period after a known abbreviation
    ("Dec.", "U.S."), a single letter (an initial) or between digits."""
    from timeline.lang.markers import finditer_spans  # (timeline.lang imports this module)

    spans = []
    start = 0
    for m_start, m_end in finditer_spans(end, text):
        if (
            text[m_start] == "."
            and "\n" not in text[m_start:m_end]
            and _goes_on(text, m_start, m_end, abbreviations, folder)
        ):
            continue
        spans.append((start, m_end))
        start = m_end
    if start < len(text):
        spans.append((start, len(text)))
    return trimmed(text, spans)


def _goes_on(
    text: str, m_start: int, m_end: int, abbreviations: frozenset[str], folder: Folder
) -> bool:
    """Whether the sentence goes on past the period at `m_start`: a lower-case letter or a
    digit follows ("3.5", "Dec. 30"), or it ends an initial, a dotted word or an abbreviation.
    (The cheap test first: most periods end a sentence, and they need the word before.)"""
    following = text[m_end : m_end + 40].lstrip()[:1]
    if following and (following.islower() or following.isdigit()):
        return True
    word = _word_before(text, m_start)
    if (len(word) == 1 and word.isalpha()) or "." in word:
        return True
    return folder.fold_word(word + ".") in abbreviations


def trimmed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of `text` without the white space at their ends; empty ones dropped."""
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out
