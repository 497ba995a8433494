"""extract: text + language lexicon -> Mentions with half-resolved values (`Spec`).

Knows words, not calendars: "أيلول/ سبتمبر الماضي" becomes Spec(month=9, shift=-1), and
only `resolve` turns that into 2022-09. Every rule of the lexicon runs over the folded text;
overlapping matches are settled by length (longest first), then rule order, then position.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

from timeline.lang import DIGIT_CLASSES, Lexicon, Rule, load
from timeline.model import Granularity, Mention, Mod, Ref, Spec, TimexType
from timeline.text import original_span, sentence_spans

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
    "decade": int,
}
# Digit classes -> (field, value).
DIGITS: dict[str, Callable[[str], tuple[str, object]]] = {
    "day": lambda v: ("day", int(v)),
    "month_num": lambda v: ("month", int(v)),
    "year": lambda v: ("year", int(v)),
    "year_short": lambda v: ("year", int(v) + (2000 if int(v) < 50 else 1900)),
    "number_digits": lambda v: ("number", float(v.replace(",", "."))),
    "decade_digits": lambda v: ("decade", int(v) // 10),
    "hijri_year": lambda v: ("year", int(v)),
    "decade_short": lambda v: ("decade", 190 + int(v) // 10),
    "century_num": lambda v: ("century", int(v) - 1),
    "hour_num": lambda v: ("hour", int(v)),
    "minute_num": lambda v: ("minute", int(v)),
}
FIELD_OF_WORD_CLASS = {"ordinal": "day", "mod": "part"}


def extract(text: str, lang: str) -> list[Mention]:
    """Every time expression of `text` in a language, in text order, without overlaps."""
    lex = load(lang)
    folded, offsets = lex.folder.fold_with_offsets(text)
    candidates = []
    for order, rule in enumerate(lex.rules):
        for match in rule.regex.finditer(folded):
            for start, end, fields in _matches(match, rule, lex):
                if end > start:
                    candidates.append((start, end, order, fields))
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken: list[tuple[int, int]] = []
    chosen = []
    for start, end, _order, fields in candidates:
        i = bisect.bisect_left(taken, (start, end))
        if (i > 0 and taken[i - 1][1] > start) or (i < len(taken) and taken[i][0] < end):
            continue
        taken.insert(i, (start, end))
        chosen.append((start, end, fields))
    chosen.sort(key=lambda c: c[0])
    sentences = sentence_spans(text, lex.sentence_end, lex.abbreviations, lex.folder)
    mentions = []
    for start, end, fields in chosen:
        s, e = original_span(offsets, start, end, len(text))
        spec = to_spec(fields)
        if spec is None:
            continue
        mentions.append(Mention(text[s:e], s, e, spec, _tense(text, s, sentences, lex)))
    return mentions


def _matches(match: re.Match[str], rule: Rule, lex: Lexicon):
    """The mentions of one rule match: (start, end, fields) in folded-text offsets."""
    shared: dict[str, Any] = dict(rule.set)
    per_span: list[dict[str, Any]] = [{} for _ in range(rule.spans)]
    for name, cls in rule.groups.items():
        value = match.group(name)
        if value is None:
            continue
        field, concept = _field(cls, value, lex)
        target = shared
        for k in range(rule.spans):
            if (
                match.start(f"span{k + 1}")
                <= match.start(name)
                < max(match.end(f"span{k + 1}"), match.start(f"span{k + 1}") + 1)
            ):
                target = per_span[k]
        target.setdefault(field, concept)
    spans = [
        (match.start(f"span{k + 1}"), match.end(f"span{k + 1}"), {**shared, **per_span[k]})
        for k in range(rule.spans)
        if match.group(f"span{k + 1}") is not None
    ]
    return spans or [(match.start(), match.end(), shared)]


def _field(cls: str, value: str, lex: Lexicon) -> tuple[str, object]:
    if cls in DIGIT_CLASSES:
        return DIGITS[cls](value)
    key = lex.words[cls][" ".join(value.split())]
    base = concept_of(cls)
    return FIELD_OF_WORD_CLASS.get(base, base), CONCEPTS[base](key)


def concept_of(cls: str) -> str:
    """The concept of a word class: its name, less suffixes such as `_abbr` or `_plural`."""
    while cls not in CONCEPTS and "_" in cls:
        cls = cls.rsplit("_", 1)[0]
    return cls


SPEC_FIELDS = (
    "year", "month", "day", "weekday", "season", "quarter", "half", "decade", "century", "offset",
    "part",
    "hour", "minute", "daypart", "hijri_month", "holiday",
)  # fmt: skip


def to_spec(fields: dict[str, Any]) -> Spec | None:
    """Build the half-resolved value from the fields a rule captured (None: not a date)."""
    if fields.get("reject"):
        return None
    kind = TimexType(fields.get("type", "DATE"))
    unit = fields.get("unit")
    if isinstance(unit, str):
        unit = Granularity(unit)
    quantity = fields.get("quantity", fields.get("number"))
    part = fields.get("part")
    if isinstance(part, str):
        part = Mod(part)
    if kind is TimexType.DURATION:
        return Spec(type=kind, unit=unit, quantity=quantity, part=part)
    shift = fields.get("shift")
    direction = fields.get("direction")
    if direction is not None:
        if quantity is None:
            return Spec(ref=Ref.PAST if direction < 0 else Ref.FUTURE)
        shift = int(direction) * int(quantity)
    ref = fields.get("ref")
    if isinstance(ref, str):
        ref = Ref(ref)
    values = {name: fields.get(name) for name in SPEC_FIELDS}
    values["part"] = part
    return Spec(
        type=kind,
        unit=unit,
        shift=shift,
        ref=ref,
        quantity=quantity if kind is TimexType.SET else None,
        narrative=_narrative(fields.get("narrative")),
        calendar=str(fields.get("calendar", "gregorian")),
        **values,
    )


def _narrative(flag: object) -> str | None:
    if flag is True:
        return "always"
    return str(flag) if flag else None


def _tense(text: str, at: int, sentences: list[tuple[int, int]], lex: Lexicon) -> str | None:
    """ "future" or "past": the tense marker of the sentence nearest to `at`, else None."""
    i = bisect.bisect_right(sentences, (at, len(text))) - 1
    start, end = sentences[i] if i >= 0 else (0, len(text))
    sentence = lex.folder.fold(text[start:end])
    here = at - start
    best: tuple[int, str] | None = None
    for tense, pattern in (("future", lex.future), ("past", lex.past)):
        if pattern is None:
            continue
        for m in pattern.finditer(sentence):
            distance = min(abs(m.start() - here), abs(m.end() - here))
            if best is None or distance < best[0]:
                best = (distance, tense)
    return best[1] if best else None
