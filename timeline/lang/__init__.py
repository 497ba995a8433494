"""Language lexicons: the words of each language, read from `timeline/lang/<code>.toml`.

A lexicon file has the same sections in every language (docs/languages.md is the guide):

- `[language]`: code, name, direction.
- `[normalize]`: how text is folded for matching (case, characters removed or folded).
- `[morphology]`: proclitics and the definite article glued to words, and the spellings
  that change where they meet (Arabic ل + ال = لل).
- `[sentences]`: what ends a sentence or a clause; abbreviations that do not.
- `[words.<class>]`: canonical English concept -> surface forms, e.g. `[words.month]`
  `september = ["أيلول", "سبتمبر"]`. A class named `month_abbr` sets the same field as `month`.
- `[index] skip`: common words that never make a time expression alone (see
  timeline/lang/index.py: extraction runs each rule only around uncommon words).
- `[macros]`: named regex fragments reused in rules (`{@name}`).
- `[[rule]]`: `match` is a regex template over word classes (`{month}`, `{year}` ...); a space
  means one or more spaces, `~` optional space; `«...»` marks the mention's span when it is
  not the whole match (several spans give several mentions). `set` adds fixed fields;
  `reject = true` makes a match that is no time expression ("قوى 14 آذار").
- `[tense]`, `[status]`: regexes that mark future, past, planned or ongoing statements;
  `[tense] scheduled`: the words of deadlines and schedules, which keep a near day ahead
  whatever the verb ("extended to Nov. 20").
- `[attribution]`: regexes whose `who` group names the source of a statement.
- `[merge]`: stop words left out when events of two articles are compared.
- `[events]`: words for what happens, by kind, and how a date or a count is joined to one
  (timeline/links.py).
- `[calendars] same_day`: a regex of what may stand between one day written in two calendars
  ("12 رمضان 1445 الموافق 21 مارس 2024"): the day is the Gregorian one's.

Python code never names a word of any language: it only compiles these files.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from timeline.lang.index import DIGIT_KEYS, FAR, first_chars, tokens
from timeline.lang.index import build as build_index
from timeline.lang.index import parse as parse_template
from timeline.lang.markers import Markers
from timeline.links import Links, compile_links
from timeline.prefilter import Prefilter
from timeline.text import Folder

LANG_DIR = Path(__file__).parent

# Where a clause ends, unless a lexicon says otherwise ([sentences] clause).
DEFAULT_CLAUSE = r"[,;:](?!\d)|\s[-–—](?=\s)"

# Text that is not read at all, in any language (masked before the rules run: see
# timeline/extract.py): web addresses, and four or more numbers joined by slashes, a path or
# a code ("12/3/2022/14/05") rather than a date. (A final mark of punctuation stays out.)
MASKED = re.compile(
    r"(?:https?://|www\.)\S*[^\s.,;:!?)\]\"'»”’]|(?<![\w/])\d+(?:/\d+){3,}",
)

# Classes whose values are numbers written with digits (any script: text is folded to ASCII).
DIGIT_CLASSES = {
    "day": r"(?<!\d)(?:3[01]|[12]\d|0?[1-9])(?!\d)",
    "month_num": r"(?<!\d)(?:1[0-2]|0?[1-9])(?!\d)",
    # not after "1." or "1," (a decimal), unless after a day and a month: "30.12.2022"
    "year": r"(?<!\d)(?:(?<!\d[.,])|(?<=\d\.\d\.)|(?<=\d\.\d\d\.))"
    r"(?:1[5-9]\d\d|20\d\d|2100)(?!\d|[.,]\d)",
    "year_short": r"(?<!\d)\d\d(?!\d)",
    # groups of three digits after a comma or a point are thousands ("2,000 years", "2.000
    # Jahre"); any other digits after one, a fraction ("1.5 years", "2,5 ans")
    # (four digits and more too: "2000 years", which rules tell from the year by the unit after)
    "number_digits": r"(?<!\d)(?<!\d[.,])(?:\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3})+|[.,]\d+)?|\d{4,})"
    r"(?!\d|[.,]\d)",
    "decade_digits": r"(?<!\d)(?:1[5-9]|20)\d0(?!\d)",
    "decade_short": r"(?<=')\d0(?=s)",
    "century_num": r"(?<!\d)(?:1\d|2[01]|[1-9])(?=st|nd|rd|th)",
    "century_digits": r"(?<!\d)(?:1\d|2[01]|[1-9])(?!\d)",  # a century's number, bare
    "hijri_year": r"(?<!\d)1[34]\d\d(?!\d)",
    "hour_num": r"(?<!\d)(?:[01]?\d|2[0-4])(?!\d)",
    "minute_num": r"(?<!\d)[0-5]\d(?!\d)",
    "hhmm": r"(?<!\d)(?:[01]\d|2[0-3])[0-5]\d(?!\d)",  # a clock time without a colon: 1300 GMT
}


def _lengths(*lengths: int) -> frozenset[str]:
    return frozenset(DIGIT_KEYS[n] for n in lengths)


# The lengths of the first run of digits of each digit class's numbers (for the index).
DIGIT_SHAPES = {
    "day": _lengths(1, 2),
    "month_num": _lengths(1, 2),
    "year": _lengths(4),
    "year_short": _lengths(2),
    "number_digits": _lengths(1, 2, 3, 4, 5),
    "decade_digits": _lengths(4),
    "decade_short": _lengths(2),
    "century_num": _lengths(1, 2),
    "century_digits": _lengths(1, 2),
    "hijri_year": _lengths(4),
    "hour_num": _lengths(1, 2),
    "minute_num": _lengths(2),
    "hhmm": _lengths(4),
}
# The longest number of each digit class (FAR: no bound).
DIGIT_LENGTHS = {
    "day": 2,
    "month_num": 2,
    "year": 4,
    "year_short": 2,
    "number_digits": FAR,
    "decade_digits": 4,
    "decade_short": 2,
    "century_num": 2,
    "century_digits": 2,
    "hijri_year": 4,
    "hour_num": 2,
    "minute_num": 2,
    "hhmm": 4,
}
PLACEHOLDER = re.compile(r"\{(@?)([a-z_0-9]+)\}")
SECTIONS = ("language", "normalize", "morphology", "words", "macros", "rule", "tense")


class LexiconError(ValueError):
    """A lexicon file that does not follow the schema."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled rule: the regex, the class of each named group, and fixed fields."""

    regex: re.Pattern[str]
    groups: dict[str, str]  # group name -> class name
    spans: int  # number of «» spans (0: the whole match is one mention)
    set: dict[str, object]
    source: str


# stands for a time expression in a stretch of folded text that a lexicon's regex reads
# (`{date}` in the regex): `[sentences] frame`, `[statements]`
DATE = "\ue000"


@dataclass(frozen=True, slots=True)
class Lexicon:
    code: str
    name: str
    direction: str
    folder: Folder
    words: dict[str, dict[str, str]]  # class -> normalized form -> concept key
    rules: tuple[Rule, ...]
    future: Markers | None
    past: Markers | None
    # the words of deadlines and schedules ([tense] scheduled): nearer to a day than a past
    # verb, they leave it untensed (the near one: "extended to Nov. 20", "payable Dec. 7")
    scheduled: Markers | None
    sentence_end: re.Pattern[str]
    abbreviations: frozenset[str]
    attribution: tuple[re.Pattern[str], ...]
    index: dict[str, frozenset[str]]  # token -> keys (see timeline.lang.index)
    skip: frozenset[str]  # tokens of the index that open no scan window
    # (keys one of which every match holds, reach before and after that word) -> rules
    anchors: dict[tuple[frozenset[str], int, int], tuple[int, ...]]
    unanchored: tuple[int, ...]  # rules without such a rare key: scanned near every trigger
    finder: re.Pattern[str]  # the uncommon words of the index, and digits
    prefilter: Prefilter  # where each rule may match, for all rules in one scan
    conjunctions: tuple[str, ...] = ()  # proclitics left out of an extent (و in "وأمس")
    proclitics: tuple[str, ...] = ()  # folded: "و", "ب", "وب" ...
    # with `[tense] clause = true`: the clause ends ([sentences] clause), folded; the tense
    # of a date is looked for in its clause first
    tense_clause: re.Pattern[str] | None = None
    links: Links | None = None  # how dates and counts are joined to events (`[events]`)
    # where a clause or sentence ends (the clause ends of `[sentences]` and the sentence ends)
    clause_breaks: re.Pattern[str] = re.compile(DEFAULT_CLAUSE)
    # what may stand between one day written in two calendars ([calendars] same_day), folded
    same_day: re.Pattern[str] | None = None
    # a year that heads its line or sentence ([sentences] frame, folded; DATE stands for it)
    frame: re.Pattern[str] | None = None
    # where the groups of the future and past markers may match, found in one scan (`Tenses`)
    tense_prefilter: Prefilter | None = None
    # the values of matches seen, by rule and words (see timeline.extract._spec)
    specs: dict[tuple[int, tuple[str | None, ...]], Any] = field(default_factory=dict)


def available() -> list[str]:
    """Codes of every language that has a lexicon file."""
    return sorted(p.stem for p in LANG_DIR.glob("*.toml"))


@cache
def load(code: str) -> Lexicon:
    """The compiled lexicon of a language (cached)."""
    path = LANG_DIR / f"{code}.toml"
    if not path.exists():  # partial support from dateparser's data, if it knows the language
        from timeline.lang.partial import lexicon_data

        if (data := lexicon_data(code)) is not None:
            return compile_lexicon(data, f"<partial lexicon {code!r} from dateparser>")
        raise LexiconError(f"no lexicon for language {code!r} (have: {', '.join(available())})")
    with path.open("rb") as f:
        data = tomllib.load(f)
    return compile_lexicon(data, str(path))


def folder_of(data: dict) -> Folder:
    """The folding of a lexicon's data (its `[normalize]` section)."""
    norm = data["normalize"]
    return Folder(
        lowercase=bool(norm.get("lowercase", False)),
        remove=str(norm.get("remove", "")),
        folds=dict(norm.get("fold", {})),
    )


def compile_lexicon(data: dict, origin: str = "<lexicon>") -> Lexicon:
    missing = [s for s in SECTIONS if s not in data]
    if missing:
        raise LexiconError(f"{origin}: missing sections {missing}")
    folder = folder_of(data)
    morph = data["morphology"]
    words: dict[str, dict[str, str]] = {}
    class_regex: dict[str, str] = dict(DIGIT_CLASSES)
    article = folder.fold(morph.get("article", ""))
    proclitics = [folder.fold(p) for p in morph.get("proclitics", [])]
    contractions = {
        folder.fold(k): folder.fold(v) for k, v in morph.get("contractions", {}).items()
    }
    for cls, table in data["words"].items():
        forms: dict[str, str] = {}
        for concept, surface in table.items():
            for form in surface:
                form = " ".join(folder.fold(form).split())
                forms.setdefault(form, str(concept))
                if article and form.startswith(article):  # "للعام" is ل + "العام"
                    for joined in _contracted(form, proclitics, contractions):
                        forms.setdefault(joined, str(concept))
        words[cls] = forms
        class_regex[cls] = word_regex(forms, morph, folder)
    macros = {k: str(v) for k, v in data["macros"].items()}
    lead = ""  # a rule starts at a word, perhaps after a proclitic ("وفي 2010"): captured
    if proclitics:
        longest_first = sorted(proclitics, key=len, reverse=True)
        lead = "(?P<proclitic>" + "|".join(re.escape(p) for p in longest_first) + ")?"
    rules = tuple(
        compile_rule(r["match"], class_regex, macros, folder, dict(r.get("set", {})), origin, lead)
        for r in data["rule"]
    )
    skip = {tok for w in data.get("index", {}).get("skip", []) for tok in tokens(folder.fold(w))}
    skip |= {p + tok for tok in skip for p in proclitics}
    templates = [folder.fold_pattern(_expand(r["match"], macros)) for r in data["rule"]]
    index, anchors = build_index(words, templates, skip, proclitics, DIGIT_SHAPES, DIGIT_LENGTHS)
    rules = _first_char_rules(rules, templates, words, proclitics)
    by_anchor: dict[frozenset[str], tuple[list[int], int, int]] = {}
    for order, anchor in enumerate(anchors):
        if anchor is not None:  # rules with one anchor share windows: the widest
            clause, before, after = anchor
            orders, b, a = by_anchor.get(clause, ([], 0, 0))
            by_anchor[clause] = ([*orders, order], max(b, before), max(a, after))
    tense = data["tense"]
    future = _alternation(tense.get("future", []), folder)
    past = _alternation(tense.get("past", []), folder)
    sentences = data.get("sentences", {})
    same_day = data.get("calendars", {}).get("same_day")
    return Lexicon(
        code=data["language"]["code"],
        name=data["language"]["name"],
        direction=data["language"].get("direction", "ltr"),
        folder=folder,
        words=words,
        rules=rules,
        future=future,
        past=past,
        scheduled=_alternation(tense.get("scheduled", []), folder),
        sentence_end=re.compile(sentences.get("end", r"[.!?\n]+")),
        abbreviations=frozenset(folder.fold(a) for a in sentences.get("abbreviations", [])),
        attribution=tuple(re.compile(p) for p in data.get("attribution", {}).get("rules", [])),
        index=index,
        skip=frozenset(skip),
        anchors={(k, b, a): tuple(v) for k, (v, b, a) in by_anchor.items()},
        unanchored=tuple(i for i, anchor in enumerate(anchors) if anchor is None),
        finder=re.compile(
            r"(?<![^\W\d_])(?:" + trie_regex(t for t in index if t not in skip) + r")(?![^\W\d_])"
            r"|\d+"
        ),
        # the rules, then MASKED (reported once: whether the text holds any)
        prefilter=Prefilter((*(rule.regex.pattern for rule in rules), MASKED.pattern), once=1),
        conjunctions=tuple(folder.fold(c) for c in morph.get("conjunctions", [])),
        proclitics=tuple(proclitics),
        tense_clause=(
            re.compile(folder.fold_pattern(sentences.get("clause", DEFAULT_CLAUSE)))
            if tense.get("clause")
            else None
        ),
        links=compile_links(data.get("events", {}), folder, trie_regex),
        clause_breaks=re.compile(
            folder.fold_pattern(sentences.get("clause", DEFAULT_CLAUSE))
            + "|"
            + sentences.get("end", r"[.!?\n]+")
        ),
        same_day=re.compile(folder.fold_pattern(same_day)) if same_day else None,
        frame=(
            re.compile(folder.fold_pattern(sentences["frame"]).replace("{date}", DATE))
            if "frame" in sentences
            else None
        ),
        tense_prefilter=(
            Prefilter(tuple(f.pattern for m in (future, past) if m for f in m.finders))
            if future or past
            else None
        ),
    )


def _first_char_rules(
    rules: tuple[Rule, ...],
    templates: list[str],
    words: dict[str, dict[str, str]],
    proclitics: list[str],
) -> tuple[Rule, ...]:
    """Each rule regex led by a lookahead for the characters its matches can begin with: the
    regex engine then skips other positions fast (a speed-up only)."""
    lead = "".join(re.escape(p[0]) for p in proclitics)
    starts = {
        cls: "".join(sorted({re.escape(f[0]) for f in forms if f})) + lead
        for cls, forms in words.items()
    }
    starts.update({cls: "0-9" for cls in DIGIT_CLASSES})
    out = []
    for rule, template in zip(rules, templates, strict=True):
        chars, nullable = first_chars(parse_template(template, DIGIT_SHAPES), starts)
        if chars and not nullable:
            rule = replace(rule, regex=re.compile(f"(?=[{chars}{lead}])" + rule.regex.pattern))
        out.append(rule)
    return tuple(out)


def _expand(template: str, macros: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1) and match.group(2) in macros:
            return _expand(macros[match.group(2)], macros)
        return match.group(0)

    return PLACEHOLDER.sub(one, template)


def _contracted(form: str, proclitics: list[str], contractions: dict[str, str]) -> list[str]:
    """The spellings of proclitic + form that change where the two meet."""
    out = []
    for p in proclitics:
        joined = p + form
        for old, new in contractions.items():
            joined = joined.replace(old, new, 1)
        if joined != p + form:
            out.append(joined)
    return out


def _alternation(patterns: list[str], folder: Folder) -> Markers | None:
    """One alternation of a list of regexes; plain words (`\\bwas\\b`) are merged into one
    trie, tried last; the lists of words inside a regex are tries too (`WORD_LIST`)."""
    if not patterns:
        return None
    words = [p[2:-2] for p in patterns if re.fullmatch(r"\\b[\w' ]+\\b", p)]
    others = [p for p in patterns if p[2:-2] not in words]
    branches = [WORD_LIST.sub(_as_trie, folder.fold_pattern(p)) for p in others]
    if words:
        branches.append(r"\b" + trie_regex(folder.fold(w) for w in words) + r"\b")
    return Markers(branches)


# A group of words to the end of a word ("(?:كان|كانت|قال)(?!\w)"): the regex engine tries each
# word in turn; as a trie it rejects a place at its first letters. (Which word of the group
# matches makes no difference: each must run to the end of the word.)
WORD_LIST = re.compile(r"\(\?:([^\W\d_]+(?:\|[^\W\d_]+)+)\)(?=\(\?!\\w\)|\\b)")


def _as_trie(group: re.Match[str]) -> str:
    return "(?:" + trie_regex(group.group(1).split("|")) + ")"


def word_regex(forms: dict[str, str], morph: dict, folder: Folder) -> str:
    """A regex for the word forms of a class (as a trie: one branch per shared prefix, so that
    the regex engine rejects a non-matching position fast), with optional proclitics before."""
    proclitics = [folder.fold(p) for p in morph.get("proclitics", [])]
    pre = ""
    if proclitics:
        pre = "(?:" + "|".join(re.escape(p) for p in sorted(proclitics, key=len, reverse=True))
        pre += ")?"
    return pre + "(?P<{group}>" + trie_regex(forms) + r")(?!\w)"


def trie_regex(words: Iterable[str]) -> str:
    """One regex matching any of `words` (spaces inside a word match any run of spaces);
    where one word is a prefix of another, the longer is tried first."""
    trie: dict = {}
    for word in words:
        node = trie
        for unit in re.findall(r"\s+|.", word, re.S):
            node = node.setdefault(" " if unit.isspace() else unit, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [
            (r"\s+" if unit == " " else re.escape(unit)) + emit(child)
            for unit, child in sorted(node.items())
            if unit
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


def compile_rule(
    template: str,
    class_regex: dict[str, str],
    macros: dict[str, str],
    folder: Folder,
    fixed: dict[str, object],
    origin: str,
    lead: str = "",
) -> Rule:
    """Turn a rule template into a regex with one uniquely named group per placeholder."""

    def expand(match: re.Match[str]) -> str:
        if match.group(1):
            name = match.group(2)
            if name not in macros:
                raise LexiconError(f"{origin}: unknown macro {{@{name}}} in {template!r}")
            return PLACEHOLDER.sub(expand, macros[name])
        return match.group(0)

    text = PLACEHOLDER.sub(expand, template)
    text = folder.fold_pattern(text)
    text = text.replace(" ?", "~").replace(" ", r"\s+").replace("~", r"\s*")
    groups: dict[str, str] = {}
    spans = 0

    def substitute(match: re.Match[str]) -> str:
        cls = match.group(2)
        if cls not in class_regex:
            raise LexiconError(f"{origin}: unknown class {{{cls}}} in {template!r}")
        name = f"{cls}__{len(groups)}"
        groups[name] = cls
        regex = class_regex[cls]
        if cls in DIGIT_CLASSES:
            return f"(?P<{name}>{regex})"
        return r"(?<!\w)" + regex.replace("{group}", name)

    def span(match: re.Match[str]) -> str:
        nonlocal spans
        spans += 1
        return f"(?P<span{spans}>"

    text = PLACEHOLDER.sub(substitute, text)
    text = re.sub("«", span, text).replace("»", ")")
    try:
        # a match begins at a word and never ends inside one ("quarter" in "quarterly")
        regex = re.compile(r"(?<!\w)" + lead + "(?:" + text + r")(?:(?<![^\W\d_])|(?![^\W\d_]))")
    except re.error as err:
        raise LexiconError(f"{origin}: rule {template!r} does not compile: {err}") from None
    return Rule(regex=regex, groups=groups, spans=spans, set=fixed, source=template)
