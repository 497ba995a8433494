"""The words around a date: clauses, short titles, status markers, attribution, and the
tokens two reports of one happening share.

What is language-specific comes from the lexicon file of the language (sections
`[sentences]` `clause`, `[status]`, `[attribution]`, `[merge]`, `[tense]`); this module only
compiles and applies it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from timeline.lang import DATE, DEFAULT_CLAUSE, LANG_DIR, Lexicon, folder_of, load
from timeline.lang.markers import Markers
from timeline.lang.partial import lexicon_data
from timeline.text import Folder, trimmed

TITLE_LENGTH = 120
ELLIPSIS = "…"
# what a title or a cut clause does not end (or start) with: spaces and the marks between
# clauses, Latin and Arabic
CLAUSE_ENDS = " ,،;؛:"
CONTEXT = 50  # a title shorter than this takes the clause before the focus first
MAIN_WORDS = 10  # the fewest characters of a main clause cut to its first words (who does what)
_PARENTHETICAL = re.compile(r"\s*\([^()]*\)")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")
# the bullet or dash of a list item ("- أبريل 2011: ...", "• 2019: ..."): no part of a title
_BULLET = re.compile(r"[-–—•*·▪]+\s+")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What comparing statements needs of a language (`tokens`). Read from its lexicon file
    alone, no rule compiled: the corpus timeline compares the statements of every language,
    and compiling a lexicon takes most of a second."""

    folder: Folder
    stopwords: frozenset[str]  # folded
    proclitics: tuple[str, ...]  # folded, longest first, with the article glued after them


@dataclass(frozen=True, slots=True)
class Words:
    """What events need of one language, compiled from its lexicon."""

    lex: Lexicon
    clause: re.Pattern[str]  # on the original text
    planned: Markers | None  # on folded text: planned or expected
    ongoing: Markers | None  # on folded text
    # a word that makes a past date the start of what goes on ("منذ"), at the end of the
    # folded text before the date
    since: re.Pattern[str] | None = None
    # the lexicon's `[statements]`, on folded text where `DATE` stands for a time expression:
    # two dates that make one span, a date that only qualifies a noun; and (on the sentence)
    # a question that heads what follows
    span: re.Pattern[str] | None = None
    qualifier: re.Pattern[str] | None = None
    heading: re.Pattern[str] | None = None
    # a figure counted since a date ("the total since January", "1200 حالة منذ مطلع أغسطس"):
    # a running total reported now, no event at the date (`[statements] running`)
    running: re.Pattern[str] | None = None
    # a "since" word at the start of a folded time expression ("منذ 24 عاما")
    since_head: re.Pattern[str] | None = None
    # words that, before a past date after "since", say what has not happened since: a state
    # that goes on ("has not appeared in public since December"; `[status] since_ongoing`)
    since_ongoing: re.Pattern[str] | None = None
    # a word that opens a dependent clause ("after", "بعد"): a title that starts with such a
    # clause takes the main clause first (`[sentences] subordinate`, on folded text)
    subordinate: re.Pattern[str] | None = None
    # the word that opens a reported clause ("that", "إن"): a status marker beyond it is of the
    # other clause (`[sentences] report`, on folded text)
    report: re.Pattern[str] | None = None

    @property
    def folder(self) -> Folder:
        return self.lex.folder

    def dependent(self, clause: str) -> bool:
        """Whether `clause` opens with a word of a dependent clause ("after", "بعد")."""
        return self.subordinate is not None and bool(
            self.subordinate.match(self.folder.fold(clause))
        )


@cache
def _data(code: str) -> dict:
    """The data of a language's lexicon file (or of its partial lexicon from dateparser)."""
    path = LANG_DIR / f"{code}.toml"
    if path.is_file():
        with path.open("rb") as f:
            return tomllib.load(f)
    return lexicon_data(code) or {}


@cache
def vocabulary(code: str) -> Vocabulary:
    """The statement vocabulary of a language (cached)."""
    data = _data(code)
    if "normalize" not in data:  # no lexicon: the compiled one says why
        load(code)
    folder = folder_of(data)
    morph = data.get("morphology", {})
    article = folder.fold(morph.get("article", ""))
    clitics = [folder.fold(p) for p in morph.get("proclitics", [])]
    prefixes = {c + article for c in clitics if article} | set(clitics)
    if article:
        prefixes.add(article)
    return Vocabulary(
        folder=folder,
        stopwords=frozenset(folder.fold(w) for w in data.get("merge", {}).get("stopwords", [])),
        proclitics=tuple(sorted(prefixes, key=len, reverse=True)),
    )


@cache
def words(code: str) -> Words:
    """The compiled event words of a language (cached)."""
    lex = load(code)
    data = _data(code)
    status = data.get("status", {})
    statements = data.get("statements", {})
    since = [lex.folder.fold(s) for s in status.get("since", [])]
    sentences = data.get("sentences", {})
    subordinate = sentences.get("subordinate", [])
    return Words(
        lex=lex,
        clause=re.compile(data.get("sentences", {}).get("clause", DEFAULT_CLAUSE)),
        planned=_any(status.get("planned", []), lex.folder),
        ongoing=_any(status.get("ongoing", []), lex.folder),
        since=re.compile("(?<!\\w)(?:" + "|".join(since) + ")\\s*$") if since else None,
        span=_dated(statements.get("span", []), lex.folder),
        qualifier=_dated(statements.get("qualifier", []), lex.folder),
        heading=re.compile(statements["heading"]) if "heading" in statements else None,
        running=_dated(statements.get("running", []), lex.folder),
        since_head=re.compile("(?:" + "|".join(since) + ")\\s+") if since else None,
        since_ongoing=_dated(status.get("since_ongoing", []), lex.folder),
        report=re.compile(lex.folder.fold_pattern(r)) if (r := sentences.get("report")) else None,
        subordinate=(
            re.compile("(?:" + "|".join(lex.folder.fold_pattern(p) for p in subordinate) + ")")
            if subordinate
            else None
        ),
    )


def _dated(patterns: Sequence[str], folder: Folder) -> re.Pattern[str] | None:
    """One regex of the `patterns` of `[statements]`, `{date}` standing for `DATE`."""
    if not patterns:
        return None
    folded = (folder.fold_pattern(p).replace("{date}", DATE) for p in patterns)
    return re.compile("|".join(f"(?:{p})" for p in folded))


def _any(patterns: Sequence[str], folder: Folder) -> Markers | None:
    if not patterns:
        return None
    return Markers([folder.fold_pattern(p) for p in patterns])


# --- clauses


def clause_spans(text: str, start: int, end: int, w: Words) -> list[tuple[int, int]]:
    """The clauses of the sentence `text[start:end]`, as spans trimmed of spaces (a clause
    keeps the mark that ends it)."""
    spans = []
    at = start
    for m in w.clause.finditer(text, start, end):
        spans.append((at, m.end()))
        at = m.end()
    spans.append((at, end))
    return trimmed(text, spans) or [(start, end)]


def clause_of(at: int, clauses: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The clause that holds position `at` (the last one that starts at or before it)."""
    found = clauses[0]
    for span in clauses:
        if span[0] <= at:
            found = span
    return found


# --- titles


def make_title(
    text: str,
    start: int | None = None,
    end: int | None = None,
    focus: tuple[int, int] | None = None,
    clauses: Sequence[tuple[int, int]] = (),
    limit: int = TITLE_LENGTH,
    dependent: Callable[[str], bool] | None = None,
) -> str:
    """A short title for the statement `text[start:end]` about the words at `focus`.

    The whole sentence when it fits in `limit` characters (asides in brackets dropped unless
    they hold the focus); else the clause of the focus, the clauses before it while that is
    short, the first clause of the sentence (who does what) if it fits, then the neighbours as
    long as they fit, with an ellipsis where clauses are left out; a single clause too long is
    cut at word boundaries around the focus. A title that would start with a dependent clause
    (`dependent`: "after his win on Saturday ...") starts with the sentence's first clause, the
    rest cut after the focus. Quotes left unbalanced by the cut are removed.
    """
    start = 0 if start is None else start
    end = len(text) if end is None else end
    focus = focus or (start, start)
    clauses = [c for c in clauses if c[0] < end and c[1] > start] or [(start, end)]

    def piece(s: int, e: int) -> str:
        return _squash(_drop_asides(text, s, e, focus))

    whole = piece(start, end)
    if len(whole) <= limit:
        return _tidy(whole)
    k = next((i for i, c in enumerate(clauses) if c[0] <= focus[0] < c[1]), 0)
    chosen = {k}
    parts = {i: piece(*c) for i, c in enumerate(clauses)}

    def length(indices: set[int]) -> int:
        """The length of the title made of these clauses, ellipses included."""
        ordered = sorted(indices)
        gaps = sum(1 for a, b in zip(ordered, ordered[1:], strict=False) if b != a + 1)
        gaps += ordered[0] != 0
        tail = 1 if ordered[-1] + 1 < len(parts) else 0
        return sum(len(parts[i]) + 1 for i in ordered) + 2 * gaps + tail

    if len(parts[k]) + 2 > limit:
        return _tidy(_window(text, clauses[k], focus, limit, k > 0))
    left, right = k - 1, k + 1
    # a short clause needs the words before it (its verb, its subject) before anything else
    while left >= 0 and length(chosen) < CONTEXT and length(chosen | {left}) <= limit:
        chosen.add(left)
        left -= 1
    if 0 not in chosen and length(chosen | {0}) <= limit:
        chosen.add(0)
    while True:
        grown = False
        if right < len(parts) and length(chosen | {right}) <= limit:
            chosen.add(right)
            right += 1
            grown = True
        if left > 0 and left not in chosen and length(chosen | {left}) <= limit:
            chosen.add(left)
            left -= 1
            grown = True
        if not grown:
            break
    ordered = sorted(chosen)
    if ordered[0] != 0 and dependent is not None and dependent(parts[ordered[0]]):
        main = _with_main(parts, ordered, k, piece(clauses[k][0], focus[1]), limit)
        if main is not None:
            return _tidy(main)
    lo = k
    while lo - 1 in chosen:
        lo -= 1
    tail = ""  # a short title takes the last words of the clause before, when that is too long
    if lo > 0 and length(chosen) < CONTEXT:
        room = limit - length(chosen) - 4
        for word in reversed(parts[lo - 1].split(" ")):
            if len(tail) + len(word) + 1 > room:
                break
            tail = f"{word} {tail}"
    out = "" if ordered[0] == 0 else ELLIPSIS + " "
    for n, i in enumerate(ordered):
        if n and i != ordered[n - 1] + 1:
            out = out.rstrip(CLAUSE_ENDS) + " " + ELLIPSIS + " "
        elif n:
            out += " "
        out += (tail if i == lo else "") + parts[i]
    if ordered[-1] + 1 < len(parts):
        room = limit - len(out) - 2
        if len(out) < CONTEXT and room > CONTEXT // 2:  # too short to read alone
            cut = parts[ordered[-1] + 1][:room]
            out += " " + (cut[: cut.rindex(" ")] if " " in cut else cut)
        out = out.rstrip(CLAUSE_ENDS) + ELLIPSIS
    return _tidy(out)


def _with_main(
    parts: dict[int, str], ordered: list[int], k: int, to_focus: str, limit: int
) -> str | None:
    """The first clause of the sentence (the main one), then the clauses `ordered` (the
    focus's, `k`, among them) cut at a word boundary after the focus (`to_focus`: clause `k`
    up to the end of the focus); None when the two do not fit in `limit`."""
    head = parts[0] + ("" if ordered[0] == 1 else " " + ELLIPSIS)
    rest = " ".join(parts[i] for i in ordered)
    prefix = " ".join([*(parts[i] for i in ordered if i < k), to_focus])
    if len(head) + len(prefix) + 2 > limit:  # the main clause's first words: who does what
        room = limit - len(prefix) - 4
        cut = parts[0][:room]
        if " " not in cut or cut.rindex(" ") < MAIN_WORDS:
            return None
        head = cut[: cut.rindex(" ")].rstrip(CLAUSE_ENDS) + " " + ELLIPSIS
    room = limit - len(head) - 2
    if len(rest) > room:
        cut = rest[:room]
        rest = cut[: cut.rindex(" ")] if cut.rfind(" ") >= len(prefix) else prefix
        rest = rest.rstrip(CLAUSE_ENDS) + ELLIPSIS
    elif ordered[-1] + 1 < len(parts):
        rest = rest.rstrip(CLAUSE_ENDS) + ELLIPSIS
    return f"{head} {rest}"


def _window(text: str, span: tuple[int, int], focus: tuple[int, int], limit: int, mid: bool) -> str:
    """A clause too long for a title, cut at word boundaries so that the focus stays in."""
    before = _squash(text[span[0] : focus[0]]) if focus[0] > span[0] else ""
    rest = _squash(text[max(span[0], focus[0]) : span[1]])
    lead = ELLIPSIS + " " if mid else ""
    if len(before) + len(_squash(text[focus[0] : focus[1]])) + 4 > limit:
        kept: list[str] = []  # the focus lies too far in: start a few words before it
        for word in reversed(before.split(" ")):
            if sum(len(x) + 1 for x in kept) + len(word) > limit // 3:
                break
            kept.insert(0, word)
        before, lead = " ".join(kept), ELLIPSIS + " "
    raw = f"{before} {rest}".strip()
    if len(lead) + len(raw) <= limit:
        return lead + raw
    cut = raw[: limit - len(lead) - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return lead + cut.rstrip(CLAUSE_ENDS) + ELLIPSIS


def _drop_asides(text: str, start: int, end: int, focus: tuple[int, int]) -> str:
    """`text[start:end]` without the asides in brackets that do not hold the focus."""
    out, at = [], start
    for m in _PARENTHETICAL.finditer(text, start, end):
        if m.start() <= focus[0] < m.end():
            continue
        out.append(text[at : m.start()])
        at = m.end()
    out.append(text[at:end])
    return "".join(out)


def _squash(s: str) -> str:
    return _SPACES.sub(" ", s).strip()


def _tidy(title: str) -> str:
    """Remove quote marks a cut left unbalanced, spaces before punctuation and the bullet of
    a list item."""
    straight = title.count('"')
    if straight % 2:
        title = title.replace('"', "")
    for a, b in (("«", "»"), ("“", "”")):
        if title.count(a) != title.count(b):
            title = title.replace(a, "").replace(b, "")
    title = re.sub(r"\s+([,،;؛:.!?؟])", r"\1", title)
    title = _squash(title).strip(CLAUSE_ENDS)
    bullet = _BULLET.match(title)
    return title[bullet.end() :] if bullet else title


# --- status and attribution


def markers(
    folded: str, start: int, end: int, w: Words, skip: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, str]]:
    """The status markers in `folded[start:end]`, as (position, "planned"|"past"|"ongoing"),
    leaving out those inside the `skip` spans (the time expressions themselves)."""
    found: list[tuple[int, str]] = []
    patterns = (
        ("planned", w.lex.future),
        ("planned", w.planned),
        ("ongoing", w.ongoing),
        ("past", w.lex.past),
    )
    for kind, pattern in patterns:
        if pattern is None:
            continue
        for m in pattern.finditer(folded, start, end):
            if not any(s <= m.start() < e for s, e in skip):
                found.append((m.start(), kind))
    return found


def attribution(sentence: str, w: Words) -> str:
    """Who says so, when the sentence names it ("according to Reuters", "قال بوتين")."""
    for pattern in w.lex.attribution:
        match = pattern.search(sentence)
        if match:
            who = " ".join(match.group("who").split()).strip(" \"'«»“”.,،")
            if who:
                return who
    return ""


# --- comparison


def tokens(text: str, v: Vocabulary) -> list[str]:
    """The content words of a statement, folded, without proclitics, the article and stop
    words: what two reports of one happening have in common."""
    out = []
    for word in _WORD.findall(v.folder.fold(text)):
        for p in v.proclitics:
            if word.startswith(p) and len(word) - len(p) >= 3:
                word = word[len(p) :]
                break
        if word not in v.stopwords:
            out.append(word)
    return out
