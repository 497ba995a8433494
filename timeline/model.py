"""The data that flows through the pipeline: Article -> Mention -> TimeValue -> Event.

Dates are real `datetime.date` values with a granularity; the TIMEX3 and EDTF strings are
derived from them, never stored beside them.
"""

from __future__ import annotations

import calendar
import dataclasses
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from functools import lru_cache
from operator import attrgetter
from typing import Any


class Granularity(Enum):
    """How precise a date is. Declared from finest to coarsest: the order is meaningful.

    Seconds, minutes and hours only measure durations ("five hours"); dates are days or coarser.
    """

    SECOND = "second"
    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {g: i for i, g in enumerate(Granularity)}


class Mod(Enum):
    """TIMEX3 modifiers (TimeML `mod`)."""

    START = "START"
    MID = "MID"
    END = "END"
    APPROX = "APPROX"
    BEFORE = "BEFORE"
    AFTER = "AFTER"
    ON_OR_BEFORE = "ON_OR_BEFORE"
    ON_OR_AFTER = "ON_OR_AFTER"
    LESS_THAN = "LESS_THAN"
    MORE_THAN = "MORE_THAN"
    EQUAL_OR_LESS = "EQUAL_OR_LESS"
    EQUAL_OR_MORE = "EQUAL_OR_MORE"


class TimexType(Enum):
    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


class Ref(Enum):
    """Vague references to the past, present or future (TIMEX3 PAST_REF ...)."""

    PAST = "PAST_REF"
    PRESENT = "PRESENT_REF"
    FUTURE = "FUTURE_REF"


SEASON_CODES = ("SP", "SU", "FA", "WI")
# Northern meteorological seasons: first month of spring, summer, autumn, winter.
SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
# EDTF (level 1) season codes.
EDTF_SEASON = {"SP": 21, "SU": 22, "FA": 23, "WI": 24}
# Number of months in a period of each granularity (weeks and days are counted in days).
MONTHS_IN = {
    Granularity.MONTH: 1,
    Granularity.SEASON: 3,
    Granularity.QUARTER: 3,
    Granularity.HALF: 6,
    Granularity.YEAR: 12,
    Granularity.DECADE: 120,
    Granularity.CENTURY: 1200,
}


def add_months(d: date, months: int) -> date:
    """The first day of the month `months` after the month of `d`."""
    index = d.year * 12 + (d.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from a file. `text` is the body the offsets point into."""

    id: str
    text: str
    title: str = ""
    published: date | None = None
    lang: str = ""
    url: str = ""
    source: str = ""
    path: str = ""


@dataclass(frozen=True, slots=True)
class Spec:
    """A half-resolved value: what the words say, before any calendar arithmetic.

    "last September" is Spec(month=9, shift=-1); "next spring" Spec(season="SP", shift=1);
    "this week" Spec(unit=WEEK, shift=0); "today" Spec(offset=0); "three months"
    Spec(unit=MONTH, quantity=3, type=DURATION).
    """

    type: TimexType = TimexType.DATE
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday
    season: str | None = None  # SP SU FA WI
    quarter: int | None = None
    half: int | None = None
    decade: int | None = None  # 199 for the 1990s
    century: int | None = None  # 19 for the 1900s
    unit: Granularity | None = None  # for "this week", "three months"
    shift: int | None = None  # -1 last, 0 this, +1 next; n for "n units ago/later"
    offset: int | None = None  # days from the anchor: today 0, yesterday -1
    quantity: float | None = None  # durations; None with type DURATION means "several" (X)
    part: Mod | None = None  # START MID END, or APPROX LESS_THAN ... for durations
    ref: Ref | None = None
    hour: int | None = None  # times of day: 15 for "3 p.m.", with `minute`
    minute: int | None = None
    daypart: str | None = None  # MO AF EV NI (morning ... night), or "noon" / "midnight"
    # anchored to the last date mentioned instead of the publication date: "always", or
    # "unless-future" (counted periods: "after three days" narrates, unless said of the future)
    narrative: str | None = None
    calendar: str = "gregorian"  # or "hijri" (day, month and year are then Hijri)
    hijri_month: int | None = None
    holiday: str | None = None  # a key of the lexicon's holidays: "12-25", "easter", "hijri:10-01"
    # an event named by its day ("the Oct. 7 attack", "ثورة 25 يناير"): the year it happened,
    # taken when the anchor comes after that day (an older article names another one)
    event_year: int | None = None
    # one of the two dates of a range or a list ("من أكتوبر حتى مارس المقبل", "Dec. 28 to Jan.
    # 3"): "borrowed" when it took its year or shift from the other one, else "own"
    pair: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A time expression found in a text: its span and half-resolved value.

    `tense` is the tense of the surrounding words ("past", "future" or None), used to place
    bare month and weekday names. `event` joins it to an event the text tells of (see
    timeline/links.py): ("dates", kind) for the day of one, ("counts", kind) for a count from
    one. `frame` is the start of a year that heads its line or sentence and frames it ("2019 -
    Unions launch a campaign in March", "In 2019, ... in March"): a month named without a
    year after it there is of that year; or, for a month named alone, the start of the
    nearest month given with its year in the same sentence ("in December, a month after the
    November 2022 collapse"), whose year it takes when it falls near it.
    """

    text: str
    start: int
    end: int
    spec: Spec
    tense: str | None = None
    event: tuple[str, str] | None = None
    frame: int | None = None


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A resolved date: a period of some granularity, or a duration, or a vague reference.

    `period` is the first day of the period (a Monday for weeks, the first of the month for
    months and coarser). The interval is derived from it, narrowed by `mod`:
    START/MID/END take the first, middle or last part of the period (see `interval`).
    `last` overrides the period's last day for spans that are no calendar period (a Hijri
    month, Ramadan). `time` is the time of day of a TIME value: "15:00" or a part of the day
    (MO AF EV NI).
    """

    type: TimexType = TimexType.DATE
    granularity: Granularity | None = None
    period: date | None = None
    mod: Mod | None = None
    ref: Ref | None = None
    literal: str | None = None  # the value of durations (P3M) and sets (P1W, XXXX-WXX-2)
    time: str | None = None
    last: date | None = None

    @property
    def value(self) -> str:
        """The TIMEX3 value string."""
        if self.literal is not None:
            return self.literal
        if self.ref is not None:
            return self.ref.value
        if self.period is None or self.granularity is None:
            return ""
        p, g = self.period, self.granularity
        if g is Granularity.DAY:
            return p.isoformat() + (f"T{self.time}" if self.time else "")
        if g is Granularity.WEEK:
            iso = p.isocalendar()
            return f"{iso.year:04d}-W{iso.week:02d}" + (f"-{self.time}" if self.time else "")
        if g is Granularity.MONTH:
            return f"{p.year:04d}-{p.month:02d}"
        if g is Granularity.SEASON:
            code = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}[p.month]
            return f"{p.year:04d}-{code}"
        if g is Granularity.QUARTER:
            return f"{p.year:04d}-Q{(p.month - 1) // 3 + 1}"
        if g is Granularity.HALF:
            return f"{p.year:04d}-H{(p.month - 1) // 6 + 1}"
        if g is Granularity.YEAR:
            return f"{p.year:04d}"
        if g is Granularity.DECADE:
            return f"{p.year // 10:03d}"
        return f"{p.year // 100:02d}"

    @property
    def full_interval(self) -> tuple[date, date] | None:
        """First and last day of the whole period, ignoring `mod`."""
        if self.period is None or self.granularity is None:
            return None
        p, g = self.period, self.granularity
        if self.last is not None:
            return p, self.last
        if g is Granularity.DAY:
            return p, p
        if g is Granularity.WEEK:
            return (
                (p + timedelta(days=5), p + timedelta(days=6))
                if self.time == "WE"
                else (p, p + timedelta(days=6))
            )
        return p, month_end(add_months(p, MONTHS_IN[g] - 1))

    @property
    def interval(self) -> tuple[date, date] | None:
        """The concrete interval, narrowed by START/MID/END (see `_narrowed`); computed once
        per distinct value: ordering and drawing a corpus ask for it millions of times."""
        return _interval(self)

    def _narrowed(self) -> tuple[date, date] | None:
        """The concrete interval, narrowed by START/MID/END.

        Convention: for periods of three months or more, the start, middle or end is the
        first, middle or last sixth in whole months (at least one): the end of a year is
        November and December, the end of a season or quarter its last month. For months and
        weeks it is the first, middle or last third in days (a month: 1-10, 11-20, 21-end).
        """
        full = self.full_interval
        if full is None or self.mod not in (Mod.START, Mod.MID, Mod.END):
            return full
        first, last = full
        g = self.granularity
        assert g is not None
        if g in MONTHS_IN and MONTHS_IN[g] >= 3:
            n = MONTHS_IN[g]
            part = max(1, n // 6)
            if self.mod is Mod.START:
                return first, month_end(add_months(first, part - 1))
            if self.mod is Mod.END:
                return add_months(first, n - part), last
            mid = (n - part) // 2
            return add_months(first, mid), month_end(add_months(first, mid + part - 1))
        days = (last - first).days + 1
        if days == 1:
            return full
        third = days // 3
        if self.mod is Mod.START:
            return first, first + timedelta(days=third - 1)
        if self.mod is Mod.END:
            return last - timedelta(days=days - 2 * third - 1), last
        return first + timedelta(days=third), first + timedelta(days=2 * third - 1)

    @property
    def edtf(self) -> str:
        """The Extended Date/Time Format (ISO 8601-2) form, or "" where it has none."""
        if self.period is None or self.granularity is None:
            return ""
        p, g = self.period, self.granularity
        if self.last is not None:
            return f"{p.isoformat()}/{self.last.isoformat()}"
        if g is Granularity.DAY:
            return p.isoformat()
        if g in (Granularity.MONTH, Granularity.YEAR):
            return self.value
        if g is Granularity.SEASON:
            return f"{p.year:04d}-{EDTF_SEASON[self.value[-2:]]}"
        if g is Granularity.QUARTER:
            return f"{p.year:04d}-{32 + (p.month - 1) // 3 + 1}"
        if g is Granularity.HALF:
            return f"{p.year:04d}-{40 + (p.month - 1) // 6}"
        if g is Granularity.DECADE:
            return f"{p.year // 10:03d}X"
        if g is Granularity.CENTURY:
            return f"{p.year // 100:02d}XX"
        first, last = self.full_interval or (p, p)
        return f"{first.isoformat()}/{last.isoformat()}"

    @property
    def is_placed(self) -> bool:
        """True when the value has a concrete interval and can be drawn on a time axis."""
        return self.type in (TimexType.DATE, TimexType.TIME) and self.period is not None


_interval = lru_cache(maxsize=1 << 16)(TimeValue._narrowed)


@dataclass(frozen=True, slots=True)
class Timex:
    """A mention together with its resolved value."""

    mention: Mention
    value: TimeValue


@dataclass(frozen=True, slots=True)
class Event:
    """A dated statement: what happened (or is expected), when, in which article, per whom.

    `start`/`end` and `clause_start`/`clause_end` are offsets into the article text:
    `text == article.text[start:end]`, `clause == article.text[clause_start:clause_end]`."""

    id: str
    article_id: str
    timex: int  # index into the article's timexes
    value: TimeValue
    title: str  # at most ~120 characters, readable on its own
    text: str  # the sentence
    start: int  # sentence span in the article text
    end: int
    status: str = "happened"  # happened | planned | ongoing
    attribution: str = ""
    expressions: tuple[int, ...] = field(default=())  # every timex index dating this event
    clause: str = ""  # the clause of the (first) time expression, within the sentence
    clause_start: int = 0
    clause_end: int = 0


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """One processed article: its time expressions in text order, its events in timeline order."""

    article: Article
    timexes: tuple[Timex, ...]
    events: tuple[Event, ...]


def _pickled_as_tuples(cls: type) -> None:
    """Pickle instances of the frozen dataclass `cls` as its constructor and field values.

    The default of slotted dataclasses goes through pure-Python state functions field by
    field; a build moves every result through pickle (to and from worker processes, into
    and out of its spill file), and this is several times faster."""
    values = attrgetter(*(f.name for f in dataclasses.fields(cls)))

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]


for _cls in (Article, Spec, Mention, TimeValue, Timex, Event, ArticleResult):
    _pickled_as_tuples(_cls)
