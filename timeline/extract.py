"""extract: text + language lexicon -> Mentions with half-resolved values (`Spec`).

Knows words, not calendars: "أيلول/ سبتمبر الماضي" becomes Spec(month=9, shift=-1), and
only `resolve` turns that into 2022-09. Every rule of the lexicon runs over the folded text;
overlapping matches are settled by length (longest first), then rule order, then position.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import cache
from typing import Any

from timeline.calendars import NATIONAL, OTHERWISE
from timeline.lang import DATE, DIGIT_CLASSES, MASKED, Lexicon, Rule, load
from timeline.lang.index import digit_key
from timeline.lang.markers import iter_spans
from timeline.links import link_all
from timeline.memo import remembered
from timeline.model import Granularity, Mention, Mod, Ref, Spec, TimexType
from timeline.text import original_span

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "winter": "WI"}
SHIFTS = {"before_last": -2, "last": -1, "this": 0, "next": 1, "after_next": 2}
OFFSETS = {
    "day_before_yesterday": -2,
    "yesterday": -1,
    "today": 0,
    "tomorrow": 1,
    "day_after_tomorrow": 2,
}
PARTS = {"start": Mod.START, "mid": Mod.MID, "end": Mod.END}
MODS = {
    "approx": Mod.APPROX,
    "less_than": Mod.LESS_THAN,
    "more_than": Mod.MORE_THAN,
    "equal_or_less": Mod.EQUAL_OR_LESS,
    "equal_or_more": Mod.EQUAL_OR_MORE,
    "before": Mod.BEFORE,
    "after": Mod.AFTER,
}
DAYPARTS = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "noon": "noon",
    "midnight": "midnight",
    "am": "am",
    "pm": "pm",
}
HIJRI_MONTHS = (
    "muharram", "safar", "rabi_al_awwal", "rabi_al_thani", "jumada_al_ula", "jumada_al_akhira",
    "rajab", "shaban", "ramadan", "shawwal", "dhu_al_qadah", "dhu_al_hijjah",
)  # fmt: skip
REFS = {"past": Ref.PAST, "present": Ref.PRESENT, "future": Ref.FUTURE}


def _number(key: str) -> float | None:
    return None if not key[:1].isdigit() else float(key)


# Concept key of each word class -> the value of its field.
CONCEPTS: dict[str, Callable[[str], object]] = {
    "month": lambda k: MONTHS.index(k) + 1,
    "weekday": WEEKDAYS.index,
    "season": SEASONS.__getitem__,
    "unit": Granularity,
    "shift": SHIFTS.__getitem__,
    "offset": OFFSETS.__getitem__,
    "part": PARTS.__getitem__,
    "ref": REFS.__getitem__,
    "number": _number,
    "ordinal": int,
    "quarter": int,
    "half": int,
    "hour": int,
    "mod": MODS.__getitem__,
    "daypart": DAYPARTS.__getitem__,
    "hijri_month": lambda k: HIJRI_MONTHS.index(k) + 1,
    "holiday": str,
    "country": str,  # an ISO 3166 code ("GH"), of a national holiday
    "decade": int,
    "decade_in_century": int,  # the first decade of a century: 1
    "century": lambda k: int(k) - 1,  # the twentieth: 19 (the 1900s)
    # a year spelled out, as the sum of its parts: "nineteen" 1900 + "ninety" 90 + "six" 6
    "year_century": int,
    "year_tens": int,
    "year_units": int,
    "year_teens": int,
    # a number spelled out as units and tens: "خمسة وعشرين" 5 + 20
    "number_tens": int,
}
YEAR_PARTS = ("year_century", "year_tens", "year_units", "year_teens")
# Digit classes -> (field, value).
DIGITS: dict[str, Callable[[str], tuple[str, object]]] = {
    "day": lambda v: ("day", int(v)),
    "month_num": lambda v: ("month", int(v)),
    "year": lambda v: ("year", int(v)),
    "year_short": lambda v: ("year", int(v) + (2000 if int(v) < 50 else 1900)),
    "number_digits": lambda v: ("number", _number(v)),
    "decade_digits": lambda v: ("decade", int(v) // 10),
    "hijri_year": lambda v: ("year", int(v)),
    "decade_short": lambda v: ("decade", 190 + int(v) // 10),
    "century_num": lambda v: ("century", int(v) - 1),
    "century_digits": lambda v: ("century", int(v) - 1),
    "hour_num": lambda v: ("hour", int(v)),
    "minute_num": lambda v: ("minute", int(v)),
    "hhmm": lambda v: ("hhmm", int(v)),
}
FIELD_OF_WORD_CLASS = {"ordinal": "day", "mod": "part"}
THOUSANDS = re.compile(r"\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3})+)")


def _number(digits: str) -> float:
    """A number in digits: "2,000" and "2.000" are thousands, "1.5" and "2,5" fractions."""
    if THOUSANDS.fullmatch(digits):
        return float(digits.replace(",", "").replace(".", ""))
    return float(digits.replace(",", "."))


# Rules that cannot be tried word by word run in windows of this many characters around a
# trigger word or a digit.
REACH = 40
NON_WORD = re.compile(r"\W")


def extract(
    text: str, lang: str, *, exhaustive: bool = False, prefilter: bool = True
) -> list[Mention]:
    """Every time expression of `text` in a language, in text order, without overlaps.

    A rule is tried only at the places where the lexicon's prefilter saw its matches may
    start (timeline/prefilter.py), or, without one (or `prefilter=False`), around the words
    that every match of it must hold (its anchor in the lexicon's index; `REACH` characters
    on both sides; rules without one around every trigger word). `exhaustive` runs every
    rule over the whole text instead: the same result, slower (tests compare the three).
    Web addresses and chains of numbers (`MASKED`) are not read: masked first, when the
    prefilter saw one (or always, without it)."""
    lex = load(lang)
    folded, offsets = lex.folder.fold_with_offsets(text)
    rules = lex.rules
    starts: dict[int, list[int]] = {}
    found_starts = lex.prefilter.starts(folded) if prefilter and not exhaustive else None
    masked = len(rules)  # the prefilter's id of MASKED, after the rules
    if found_starts is None or masked in found_starts or masked in lex.prefilter.left_out:
        folded = MASKED.sub(_blank, folded)
        if found_starts is not None:
            found_starts = lex.prefilter.starts(folded)
    if exhaustive:
        spans = {order: [(0, len(folded))] for order in range(len(rules))}
    elif found_starts is not None:
        found_starts.pop(masked, None)
        starts = found_starts
        spans = {}
        if lex.prefilter.left_out:  # rules too large for hyperscan: near their anchors
            near = _spans(folded, lex)
            spans = {order: near[order] for order in lex.prefilter.left_out if order in near}
    else:
        spans = _spans(folded, lex)
    # each candidate mention by its rank, one integer that sorts it: longest first, then by
    # rule order, then position (start, end and rule are read back from it); sorting and
    # keeping integers is faster than tuples, and leaves the garbage collector less to walk
    found: dict[int, re.Match[str]] = {}  # rank -> match (the first one found)
    kth: dict[int, int] = {}  # rank -> which «» span of its match, when not the first
    size, width = len(folded) + 1, len(rules)
    step = width * size
    conjunctions = lex.conjunctions
    for order, match in _matches(folded, rules, starts, spans):
        rule = rules[order]
        base = order * size
        if not rule.spans:
            start, end = match.span()
            if end > start and folded.startswith(conjunctions, start):
                # ranked by its extent: a glued "و" makes no match longer than another
                start = _after_conjunction(folded, start, end, match, rule, lex)
            if end > start:
                found.setdefault((start - end) * step + base + start, match)
            continue
        for k, (start, end) in enumerate(_spans_of(match, rule)):
            rank = (start - end) * step + base + start
            if end > start and rank not in found:
                found[rank] = match
                if k:
                    kth[rank] = k
    taken = bytearray(len(folded))  # 1 where a chosen match is
    chosen = {}  # start -> rank (chosen mentions do not overlap)
    for rank in sorted(found):
        rest, start = divmod(rank, size)
        end = start - rest // width
        if taken.find(1, start, end) < 0:
            taken[start:end] = b"\x01" * (end - start)
            chosen[start] = rank
    tenses = Tenses(folded, lex)
    needs: dict[int, bool] = {}  # whether a Spec (by id: the mentions keep them) needs a tense
    mentions: list[Mention] = []
    spans: list[tuple[int, int]] = []  # of the mentions, in the folded text
    for start in sorted(chosen):
        rank = chosen[start]
        rest = rank // size
        end, order, match = start - rest // width, rest % width, found[rank]
        spec = _spec(match, order, kth.get(rank, 0), lex)
        if spec is None:
            continue
        spans.append((start, end))
        if rules[order].spans and folded.startswith(conjunctions, start):  # (one call)
            start = _after_conjunction(folded, start, end, match, rules[order], lex)
        s, e = original_span(offsets, start, end) if offsets else (start, end)
        need = needs.get(id(spec))
        if need is None:
            need = needs[id(spec)] = _needs_tense(spec)
        tense = tenses.at(start, end) if need else None
        if tense == "past" and _near_candidate(spec) and tenses.scheduled(start, end):
            tense = None  # "أعلنت فتح باب التسجيل حتى 30 يونيو": the near one
        if spec.narrative == IF_FUTURE:
            spec, start = _if_future(spec, tense, folded, start, end)
            spans[-1] = (start, end)
            s, e = original_span(offsets, start, end) if offsets else (start, end)
        mentions.append(Mention(text[s:e], s, e, spec, tense))
    link_all(mentions, spans, folded, text, lex)
    if lex.frame is not None:
        _frames(mentions, spans, folded, lex)
    _partners(mentions, spans, tenses)
    if "holiday_national" in lex.words:
        _national(mentions, spans, folded, lex, tenses)
    if lex.same_day is not None:
        _same_days(mentions, text, lex)
    return mentions


# how far before a year the start of its line or sentence may be, for it to head them
FRAME_REACH = 30


def _frames(
    mentions: list[Mention], spans: list[tuple[int, int]], folded: str, lex: Lexicon
) -> None:
    """A date that heads its line ("2019 - Unions launch a campaign ...", "- 2021: ...") or
    its sentence ("In 2019, ...") frames the dates after it there (`Mention.frame`), as the
    lexicon's `[sentences] frame` says (its group `line`: to the end of the line). Whether it
    is a year, `resolve_all` sees."""
    assert lex.frame is not None
    scope_end, frame = -1, 0  # the end of the line or sentence of the last frame, its start
    for i, (start, end) in enumerate(spans):
        if start < scope_end:
            mentions[i] = replace(mentions[i], frame=frame)
            continue
        before = folded[max(0, start - FRAME_REACH) : start]
        m = lex.frame.search(
            ("\n" if start <= FRAME_REACH else "") + before + DATE + folded[end : end + 3]
        )
        if m is None:
            continue
        if m.group("line") is not None:
            scope_end = folded.find("\n", end)
        else:
            stop = lex.sentence_end.search(folded, end)
            scope_end = stop.start() if stop is not None else -1
        if scope_end < 0:
            scope_end = len(folded)
        frame = mentions[i].start


def _bare_month(spec: Spec) -> bool:
    """A month named alone: no day, year, shift or anything else that places it."""
    return (
        spec.month is not None
        and spec.calendar == "gregorian"
        and spec.narrative is None
        and all(
            x is None
            for x in (spec.day, spec.year, spec.shift, spec.holiday, spec.weekday, spec.unit)
        )
        and spec.event_year is None
    )


def _partners(mentions: list[Mention], spans: list[tuple[int, int]], tenses: Tenses) -> None:
    """A month named alone in the same sentence as a month given with its year ("won a
    landslide in December, a month after the November 2022 collapse") is framed by it
    (`Mention.frame`, the nearest such): whether it is of that year, `resolve_all` sees."""
    named = [
        i
        for i, m in enumerate(mentions)
        if m.spec.month is not None
        and m.spec.year is not None
        and m.spec.shift is None
        and m.spec.calendar == "gregorian"
    ]
    if not named:
        return
    starts = [spans[j][0] for j in named]
    for i, m in enumerate(mentions):
        if m.frame is not None or not _bare_month(m.spec):
            continue
        start, end = spans[i]
        first, last = _sentence_around(tenses, start, end)
        lo, hi = bisect.bisect_left(starts, first), bisect.bisect_left(starts, last)
        near = [
            (start - spans[j][1] if spans[j][0] < start else spans[j][0] - end, j)
            for j in named[lo:hi]
            if spans[j][0] != start and spans[j][1] <= last
        ]
        if near:
            mentions[i] = replace(m, frame=mentions[min(near)[1]].start)


def _sentence_around(tenses: Tenses, start: int, end: int) -> tuple[int, int]:
    """The sentence of `folded[start:end]`, as far as `Tenses.SCOPE` on either side."""
    first, last = tenses.sentence(start)
    return max(first, start - Tenses.SCOPE), min(last, end + Tenses.SCOPE)


# how far into the text a dateline may name its place ("NEW DELHI, Aug. 15 (Reuters) - ")
DATELINE_REACH = 40


def _national(
    mentions: list[Mention],
    spans: list[tuple[int, int]],
    folded: str,
    lex: Lexicon,
    tenses: Tenses,
) -> None:
    """A holiday each country keeps on its own day, named alone ("Independence Day"), is
    that of the country its sentence names (the nearest one: "Modi used his Independence Day
    speech in New Delhi"), else the dateline's; else, or when that country has none, the
    one the lexicon gives the name alone (`[words.holiday]`)."""
    names = lex.words["holiday_national"]
    finder = _country_finder(lex.code)
    if finder is None:
        return
    for i, m in enumerate(mentions):
        key = m.spec.holiday
        if key is None or key.startswith(NATIONAL) or m.spec.calendar != "gregorian":
            continue
        start, end = spans[i]
        words = " ".join(folded[start:end].split())
        name = names.get(words) or names.get(words.split(" ", 1)[-1])
        if name is None:
            continue
        first, last = _sentence_around(tenses, start, end)
        found = [
            (min(abs(c.start() - end), abs(start - c.end())), c.group())
            for c in finder.finditer(folded, first, last)
            if c.end() <= start or c.start() >= end
        ] or [(0, c.group()) for c in finder.finditer(folded, 0, DATELINE_REACH)][:1]
        if found:
            country = _country_of(lex, min(found)[1])
            spec = replace(m.spec, holiday=f"{NATIONAL}{country}:{name}{OTHERWISE}{key}")
            mentions[i] = replace(m, spec=spec)


@cache
def _country_finder(code: str) -> re.Pattern[str] | None:
    """The names of countries ([words.country]) and of their cities ([words.country_city])."""
    lex = load(code)
    forms = [f for cls in ("country", "country_city") for f in lex.words.get(cls, {})]
    if not forms:
        return None
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


def _country_of(lex: Lexicon, form: str) -> str:
    return lex.words["country"].get(form) or lex.words["country_city"][form]


def _same_days(mentions: list[Mention], text: str, lex: Lexicon) -> None:
    """One day written in two calendars ("12 رمضان 1445 الموافق 21 مارس 2024", "21 مارس
    2024، 11 رمضان 1445هـ") is the Gregorian day: a lunar calendar's day differs from place
    to place (sighting, Umm al-Qura), the Gregorian day it is said to fall on does not."""
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        if _lunar_day(a.spec) and _solar_day(b.spec):
            k, day = i, b.spec
        elif _lunar_day(b.spec) and _solar_day(a.spec):
            k, day = i + 1, a.spec
        else:
            continue
        assert lex.same_day is not None
        if lex.same_day.fullmatch(lex.folder.fold(text[a.end : b.start])):
            m = mentions[k]
            spec = replace(m.spec, calendar="gregorian", hijri_month=None, year=day.year)
            mentions[k] = replace(m, spec=replace(spec, month=day.month, day=day.day))


def _lunar_day(spec: Spec) -> bool:
    return spec.calendar != "gregorian" and spec.day is not None and spec.holiday is None


def _solar_day(spec: Spec) -> bool:
    return (
        spec.calendar == "gregorian"
        and spec.month is not None
        and spec.day is not None
        and spec.holiday is None
        and spec.narrative is None
    )


def _blank(match: re.Match[str]) -> str:
    """What a masked span is read as: characters that are neither words nor spaces."""
    return "\0" * (match.end() - match.start())


def _after_conjunction(
    folded: str, start: int, end: int, match: re.Match[str], rule: Rule, lex: Lexicon
) -> int:
    """Where a mention starts: after a conjunction glued to its first word ("وأمس": "أمس"),
    which the rule matched as (the first letters of) a proclitic: the rule's own, before a
    word it spells out, or that of a word class before the placeholder that comes first. A
    word of the rule that begins with the same letter stays whole ("فصل الربيع")."""
    glued = None
    if start == match.start() and "proclitic" in match.re.groupindex:
        glued = match.group("proclitic")
    if not glued:
        first = min((s for s in map(match.start, rule.groups) if s >= start), default=start)
        glued = folded[start:first] if folded[start:first] in lex.proclitics else ""
    for conj in lex.conjunctions:
        if glued.startswith(conj) and end - start > len(conj):
            return start + len(conj)
    return start


def _spans(folded: str, lex: Lexicon) -> dict[int, list[tuple[int, int]]]:
    """For each rule worth trying, the (merged) spans of the folded text to run it over."""
    index = lex.index
    by_key: dict[str, list[tuple[int, int]]] = {}
    triggers: list[tuple[int, int]] = []
    for m in lex.finder.finditer(folded):  # the uncommon words of the index, and digits
        token = m.group()
        word = (m.start(), m.end())
        triggers.append((max(0, m.start() - REACH), m.end() + REACH))
        for key in (digit_key(token),) if token[0].isdigit() else index[token]:
            by_key.setdefault(key, []).append(word)
    spans: dict[int, list[tuple[int, int]]] = {}
    for (anchor, before, after), orders in lex.anchors.items():
        before, after = min(before, REACH), min(after, REACH)
        windows = [
            (max(0, start - before), end + after)
            for key in anchor
            for start, end in by_key.get(key, ())
        ]
        if windows:
            merged = _merged(folded, windows)
            for order in orders:
                spans[order] = merged
    if triggers:
        everywhere = _merged(folded, triggers)
        for order in lex.unanchored:
            spans[order] = everywhere
    return spans


def _matches(
    folded: str,
    rules: tuple[Rule, ...],
    starts: dict[int, list[int]],
    spans: dict[int, list[tuple[int, int]]],
) -> Iterator[tuple[int, re.Match[str]]]:
    """The matches of each rule (by its order): tried at the places where they may start
    (`starts`, sorted), or over the spans of the text (`spans`). Tried at its places, a rule
    finds what `finditer` over the whole text finds: the match at the first place where one
    starts, then at the first after its end, and so on."""
    for order, places in starts.items():
        match_at = rules[order].regex.match
        after = 0  # where the last match ends
        for place in places:
            if place >= after and (match := match_at(folded, place)) is not None:
                after = match.end()
                yield order, match
    for order, rule_spans in spans.items():
        finditer = rules[order].regex.finditer
        for span_start, span_end in rule_spans:
            for match in finditer(folded, span_start, span_end):
                yield order, match


def _merged(folded: str, windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping windows merged, each ending where a word ends (so that no word is cut)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return _word_ends(folded, merged)


def _word_ends(folded: str, merged: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each window ending where a word ends."""
    out = []
    for start, end in merged:
        # end where a word ends (lookaheads see no further); in text without any (a line of
        # letters and no spaces), at most REACH further: windows stay short, time linear
        stop = NON_WORD.search(folded, end, end + REACH) if end < len(folded) else None
        out.append((start, stop.start() if stop else min(len(folded), end + REACH)))
    return out


def _spans_of(match: re.Match[str], rule: Rule) -> list[tuple[int, int]]:
    """The mention spans of a rule match (folded-text offsets): its «» spans, or itself."""
    if rule.spans:
        found = [match.span(f"span{k + 1}") for k in range(rule.spans)]
        found = [span for span in found if span[0] >= 0]
        if found:
            return found
    return [match.span()]


def _spec(match: re.Match[str], order: int, k: int, lex: Lexicon) -> Spec | None:
    """The value of the k-th mention of a match of rule `order`. A rule without «» spans
    gives the same value for the same words: those are remembered (news repeats "last year",
    "on Tuesday"; the memo is cleared when it holds `MEMO` of them)."""
    rule = lex.rules[order]
    if rule.spans:
        return to_spec(_fields(match, rule, k, lex))
    return remembered(
        lex.specs, (order, match.groups()), lambda _: to_spec(_fields(match, rule, k, lex)), MEMO
    )


MEMO = 20_000


def _fields(match: re.Match[str], rule: Rule, k: int, lex: Lexicon) -> dict[str, Any]:
    """The fields of the k-th mention of a rule match: from the placeholders inside its span
    and those outside every span, plus the rule's fixed fields."""
    groups = rule.groups
    if not rule.spans:  # one mention: every placeholder is its own
        fields: dict[str, Any] = dict(rule.set)
        for name, value in match.groupdict().items():
            if value is not None and name in groups:
                field, concept = _field(groups[name], value, lex)
                fields.setdefault(field, concept)
        return fields
    spans = [match.span(f"span{j + 1}") for j in range(rule.spans)]
    spans = [span for span in spans if span[0] >= 0]
    mine = spans[k] if spans else None
    shared: dict[str, Any] = dict(rule.set)
    own: dict[str, Any] = {}
    # fields of the other mentions fill in what this one leaves out: "من 13 إلى 18 جوان"
    others: dict[str, Any] = {}
    for name, value in match.groupdict().items():
        if value is None or name not in rule.groups:
            continue
        at = match.start(name)
        inside = [sp for sp in spans if sp[0] <= at < max(sp[1], sp[0] + 1)]
        field, concept = _field(rule.groups[name], value, lex)
        if inside and inside[0] != mine:
            others.setdefault(field, concept)  # a placeholder of another mention
            continue
        (own if inside else shared).setdefault(field, concept)
    if len(spans) == 2:  # a range or a list: the first date comes before the second
        taken = ("year", "shift", "unit")
        borrowed = any(k in others and k not in own and k not in shared for k in taken)
        own["pair"] = "borrowed" if borrowed else "own"
    fields = {**others, **shared, **own}
    if k == 0 and fields.get("narrative") == "range":  # a range's start is placed as usual
        del fields["narrative"]
    return fields


def _field(cls: str, value: str, lex: Lexicon) -> tuple[str, object]:
    if cls in DIGIT_CLASSES:
        return DIGITS[cls](value)
    forms = lex.words[cls]
    key = forms.get(value)
    if key is None:  # spaced otherwise than the lexicon writes it
        key = forms[" ".join(value.split())]
    base = concept_of(cls)
    return FIELD_OF_WORD_CLASS.get(base, base), CONCEPTS[base](key)


@cache
def concept_of(cls: str) -> str:
    """The concept of a word class: its name, less suffixes such as `_abbr` or `_plural`."""
    while cls not in CONCEPTS and "_" in cls:
        cls = cls.rsplit("_", 1)[0]
    return cls


SPEC_FIELDS = frozenset((
    "year", "month", "day", "weekday", "season", "quarter", "half", "decade", "century", "offset",
    "hour", "minute", "daypart", "hijri_month", "holiday", "event_year",
))  # fmt: skip
TYPES = {t.value: t for t in TimexType}


def to_spec(fields: dict[str, Any]) -> Spec | None:
    """Build the half-resolved value from the fields a rule captured (None: not a date)."""
    if fields.get("reject"):
        return None
    if any(part in fields for part in YEAR_PARTS):
        fields = {**fields, "year": sum(int(fields.get(part, 0)) for part in YEAR_PARTS)}
    if "decade_in_century" in fields and "century" in fields:  # the first decade of the 21st
        fields = {**fields, "decade": fields["century"] * 10 + fields["decade_in_century"] - 1}
        del fields["century"]
    if "number_tens" in fields:  # "خمسة وعشرين": 25
        fields = {**fields, "number": fields.get("number", 0) + fields["number_tens"]}
    if fields.get("minute") == "number":  # a rule that counts the minutes in words
        fields = {**fields, "minute": int(fields.pop("number"))}
    if "hhmm" in fields:  # 1300 GMT
        fields = {**fields, "hour": fields["hhmm"] // 100, "minute": fields["hhmm"] % 100}
    kind = TYPES.get(fields.get("type", "DATE")) or TimexType(fields["type"])
    unit = fields.get("unit")
    if isinstance(unit, str):
        unit = Granularity(unit)
    quantity = fields.get("quantity", fields.get("number"))
    if quantity is not None and fields.get("fraction"):  # "2 1/2 years"
        quantity += float(fields["fraction"])
    part = fields.get("part")
    if isinstance(part, str):
        part = Mod(part)
    if kind is TimexType.DURATION:
        return Spec(type=kind, unit=unit, quantity=quantity, part=part)
    shift = fields.get("shift")
    direction = fields.get("direction")
    if direction is not None:
        if quantity is None and fields.get("narrative") == "around-event":
            # "the weeks before the shooting": some units next to an event, if the text dates it
            return Spec(unit=unit, shift=int(direction), narrative="around-event")
        if quantity is None and fields.get("narrative"):
            # "a few days later", "several months before": a span counted from an event, as
            # TimeML annotates it (the count is unknown, so there is no day to place)
            return Spec(type=TimexType.DURATION, unit=unit)
        if quantity is None:  # "a few days ago"
            return Spec(ref=Ref.PAST if direction < 0 else Ref.FUTURE)
        shift = int(direction) * int(quantity)
    ref = fields.get("ref")
    if isinstance(ref, str):
        ref = Ref(ref)
    values = {name: fields[name] for name in SPEC_FIELDS.intersection(fields)}
    values["part"] = part
    if "country" in fields and "holiday" in fields:  # "Ghana's Independence Day"
        values["holiday"] = f"national:{fields['country']}:{fields['holiday']}"
    return Spec(
        type=kind,
        unit=unit,
        shift=shift,
        ref=ref,
        quantity=quantity if kind is TimexType.SET else None,
        narrative=_narrative(fields.get("narrative")),
        pair=fields.get("pair"),
        calendar=str(fields.get("calendar", "gregorian")),
        **values,
    )


def _narrative(flag: object) -> str | None:
    if flag is True:
        return "always"
    return str(flag) if flag else None


# the mode of a count that is one only in the future (`Spec.narrative`)
IF_FUTURE = "if-future"


def _if_future(
    spec: Spec, tense: str | None, folded: str, start: int, end: int
) -> tuple[Spec, int]:
    """A count that is one only when said of the future ("تقام مباراة الإياب بعد أسبوع في
    القاهرة": a week after the day named before it, or after the anchor); otherwise how long,
    without the word before the number ("خرج من المستشفى بعد يومين في العناية المركزة": two
    days spent there). Returns the spec and where the mention starts."""
    if tense == "future":
        return replace(spec, narrative="unless-future"), start
    count = abs(spec.shift) if spec.shift is not None else spec.quantity
    space = folded.find(" ", start, end)
    duration = Spec(type=TimexType.DURATION, unit=spec.unit, quantity=float(count or 1))
    return duration, (space + 1 if space >= 0 else start)


def _near_candidate(spec: Spec) -> bool:
    """Whether a value is a day of a month named without a year or a shift: said in the past
    it is the last one, even when the same day is near ahead ("announced on 3 July", in May),
    unless a word of a schedule is nearer to it than the verb (`Tenses.scheduled`)."""
    return (
        spec.day is not None
        and spec.month is not None
        and spec.year is None
        and spec.shift is None
        and spec.calendar == "gregorian"
    )


def _needs_tense(spec: Spec) -> bool:
    """Whether resolving the value looks at the tense: a month, weekday, season, holiday,
    quarter or weekend named without a year or a shift, or a count that narrates unless in
    the future."""
    if spec.narrative in ("unless-future", "either-order", "near", "reported", "passed", IF_FUTURE):
        return True
    if spec.year is not None or spec.shift is not None or spec.offset is not None:
        return False
    if spec.daypart == "WE":  # "over the weekend": the last one, or the coming one
        return True
    named = (spec.month, spec.weekday, spec.season, spec.holiday, spec.hijri_month)
    return any(x is not None for x in named) or spec.quarter is not None or spec.half is not None


class Tenses:
    """The tense markers of the sentence around a position of a (folded) text.

    The sentence is found by its end marks alone, and cut to `SCOPE` characters on either
    side (abbreviations are not told apart: for a tense that is close enough). End marks and
    the markers of a sentence are found once, when first needed (the marks only as far as the
    mentions asked about, which come in text order): time stays linear in the text even with
    no sentence end in sight (a list of month names)."""

    SCOPE = 300

    def __init__(self, folded: str, lex: Lexicon) -> None:
        self.folded = folded
        self.lex = lex
        # sentence end marks, in text order: found as far as the positions asked about need
        self.marks: list[tuple[int, int]] = []
        self.more: Iterator[tuple[int, int]] | None = iter_spans(lex.sentence_end, folded)
        self.markers: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        self.clause_ends: dict[tuple[int, int], list[int]] = {}  # of each sentence
        self.scheduled_markers: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        # where the markers of each tense may start (one prefilter scan of the whole text, on
        # first need; None: no prefilter here, each sentence is scanned)
        self.places: dict[str, list[int]] | None = None
        self.scanned = False

    def _places(self) -> dict[str, list[int]] | None:
        if not self.scanned:
            self.scanned = True
            prefilter = self.lex.tense_prefilter
            starts = prefilter.starts(self.folded) if prefilter is not None else None
            if starts is not None and not prefilter.left_out:  # type: ignore[union-attr]
                self.places, first = {}, 0
                for marker, pattern in (("future", self.lex.future), ("past", self.lex.past)):
                    if pattern is not None:
                        ids = range(first, first + len(pattern.finders))
                        first += len(pattern.finders)
                        self.places[marker] = sorted({p for i in ids for p in starts.get(i, ())})
        return self.places

    def _markers(self, start: int, end: int, scheduled: bool = False) -> list[tuple[int, int, str]]:
        """The markers of the sentence `folded[start:end]`, by position (with `scheduled`,
        the words of schedules as well)."""
        found = self.markers.get((start, end))
        if found is None:
            found = []
            places = self._places()
            for marker, pattern in (("future", self.lex.future), ("past", self.lex.past)):
                if pattern is None:
                    continue
                if places is None:
                    spans = pattern.spans(self.folded, start, end)
                else:
                    spans = pattern.spans_at(self.folded, places[marker], start, end)
                found += [(s, e, marker) for s, e in spans]
            found.sort()
            self.markers[start, end] = found
        if scheduled and self.lex.scheduled is not None:
            more = self.scheduled_markers.get((start, end))
            if more is None:
                spans = self.lex.scheduled.spans(self.folded, start, end)
                # (a past that holds a word of a schedule, or is one, is none: "had been due to
                # expire", "has invited")
                kept = [m for m in found if not any(m[0] < e and s < m[1] for s, e in spans)]
                more = sorted([*kept, *((s, e, "scheduled") for s, e in spans)])
                self.scheduled_markers[start, end] = more
            return more
        return found

    def scheduled(self, at: int, until: int) -> bool:
        """Whether a word of a deadline or a schedule is the marker nearest to `at:until`
        (of its clause first, as `at`), nearer than any verb."""
        return self.lex.scheduled is not None and self.at(at, until, True) == "scheduled"

    def sentence(self, at: int) -> tuple[int, int]:
        """The sentence around `at`, by its end marks alone: from the end of the mark before
        it to the start of the next one."""
        marks = self.marks
        while self.more is not None and (not marks or marks[-1][0] < at):
            mark = next(self.more, None)
            if mark is None:
                self.more = None
            else:
                marks.append(mark)
        i = bisect.bisect_left(marks, (at, -1))  # the first mark at or after `at`
        first = marks[i - 1][1] if i else 0
        return first, marks[i][0] if i < len(marks) else len(self.folded)

    def at(self, at: int, until: int | None = None, scheduled: bool = False) -> str | None:
        """ "future" or "past": the marker nearest to `at` in its sentence, else None.
        On a tie, future wins ("will be held": "held" is no past). With a lexicon's
        `[tense] clause`, a marker of the clause of `at:until` comes first ("Sales fell in
        the three months to March 31, and the firm expects ...": March 31 is past)."""
        first, last = self.sentence(at)
        start, end = max(first, at - self.SCOPE), min(last, at + self.SCOPE)
        markers = self._markers(first, last, scheduled)
        if not markers:
            return None
        if self.lex.tense_clause is not None:
            ends = self.clause_ends.get((first, last))
            if ends is None:  # once a sentence: a text with no sentence end stays linear
                clause = self.lex.tense_clause.finditer(self.folded, first, last)
                ends = self.clause_ends[first, last] = [m.start() for m in clause]
            j = bisect.bisect_left(ends, at)
            k = bisect.bisect_left(ends, until if until is not None else at)
            lo = ends[j - 1] if j else first
            hi = ends[k] if k < len(ends) else last
            tense = self._nearest(markers, max(start, lo), min(end, hi), at)
            if tense is not None:
                return tense
        return self._nearest(markers, start, end, at)

    @staticmethod
    def _nearest(markers: list[tuple[int, int, str]], start: int, end: int, at: int) -> str | None:
        best: tuple[int, bool] | None = None
        tense = None
        for m_start, m_end, marker in markers[bisect.bisect_left(markers, (start, -1, "")) :]:
            if m_start >= end:
                break
            if m_end > end:
                continue
            rank = (min(abs(m_start - at), abs(m_end - at)), marker != "future")
            if best is None or rank < best:
                best, tense = rank, marker
        return tense
