"""resolve: half-resolved value + anchor date -> TimeValue. Calendar arithmetic only.

Anchoring conventions (documented in the README):
- "last/next <unit>" moves the period that contains the anchor: last month of 2022-12-30 is
  2022-11, this week is 2022-W52.
- "last <month>" is the most recent such month before the anchor's month, "next <month>" the
  first one after it, "this <month>" the one in the anchor's year.
- Seasons are northern meteorological seasons (spring = March-May; winter = December of one
  year to February of the next, named by its December). "this <season>" is the current one,
  or the one that ended less than a month ago, or else the coming one; "last" is the one a
  year before it; "next" is it when it has not started yet, else the one a year later.
- A bare month or weekday follows the tense of its sentence: future -> the next one on or
  after the anchor, past -> the last one on or before it; no tense -> the anchor's year
  (months) or the last one (weekdays).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from timeline.model import (
    MONTHS_IN,
    SEASON_START_MONTH,
    Granularity,
    Mention,
    Spec,
    TimeValue,
    Timex,
    TimexType,
    add_months,
)

# A season that ended less than this many days ago is still "this" season.
JUST_ENDED_DAYS = 31

DURATION_CODES = {
    Granularity.DAY: "D",
    Granularity.WEEK: "W",
    Granularity.MONTH: "M",
    Granularity.QUARTER: "Q",
    Granularity.YEAR: "Y",
    Granularity.DECADE: "DE",
    Granularity.CENTURY: "CE",
}


def resolve_all(mentions: Iterable[Mention], anchor: date) -> list[Timex]:
    """Resolve every mention against the anchor; mentions that cannot be resolved are dropped."""
    timexes = []
    for mention in mentions:
        value = resolve(mention.spec, anchor, mention.tense)
        if value is not None:
            timexes.append(Timex(mention, value))
    return timexes


def resolve(spec: Spec, anchor: date, tense: str | None = None) -> TimeValue | None:
    """The TimeValue of a half-resolved value, or None when the words do not make a date."""
    if spec.type is TimexType.DURATION:
        if spec.unit is None:
            return None
        amount = "X" if spec.quantity is None else _amount(spec.quantity)
        unit = DURATION_CODES.get(spec.unit)
        if unit is None:
            return None
        if len(unit) == 2:  # decades and centuries as years
            factor = 10 if spec.unit is Granularity.DECADE else 100
            amount = "X" if spec.quantity is None else _amount(spec.quantity * factor)
            unit = "Y"
        return TimeValue(type=TimexType.DURATION, duration=f"P{amount}{unit}")
    if spec.ref is not None:
        return TimeValue(ref=spec.ref)
    value = _date(spec, anchor, tense)
    if value is None:
        return None
    granularity, period = value
    return TimeValue(type=spec.type, granularity=granularity, period=period, mod=spec.part)


def _amount(q: float) -> str:
    return str(int(q)) if q == int(q) else str(q)


def _date(spec: Spec, anchor: date, tense: str | None) -> tuple[Granularity, date] | None:
    day, month, year = spec.day, spec.month, spec.year
    if spec.offset is not None:
        return Granularity.DAY, anchor + timedelta(days=spec.offset)
    if month is not None and day is not None:
        if year is None:
            year = _year_of(month, day, anchor, spec.shift, tense)
        try:
            return Granularity.DAY, date(year, month, day)
        except ValueError:
            return None
    if month is not None:
        if year is None:
            year = _year_of(month, None, anchor, spec.shift, tense)
        return Granularity.MONTH, date(year, month, 1)
    if spec.season is not None:
        return Granularity.SEASON, _season(spec.season, year, anchor, spec.shift, tense)
    if spec.quarter is not None or spec.half is not None:
        size = 3 if spec.quarter is not None else 6
        n = spec.quarter if spec.quarter is not None else spec.half
        granularity = Granularity.QUARTER if spec.quarter is not None else Granularity.HALF
        if year is None:
            year = anchor.year + (spec.shift or 0)
        return granularity, date(year, (n - 1) * size + 1, 1)
    if spec.weekday is not None:
        return Granularity.DAY, _weekday(spec.weekday, anchor, spec.shift, tense)
    if spec.decade is not None:
        return Granularity.DECADE, date(spec.decade * 10, 1, 1)
    if year is not None:
        return Granularity.YEAR, date(year, 1, 1)
    if spec.unit is not None and spec.shift is not None:
        return spec.unit, shift_period(spec.unit, anchor, spec.shift)
    return None


def period_start(unit: Granularity, d: date) -> date:
    """The first day of the period of `unit` that contains `d`."""
    if unit is Granularity.DAY:
        return d
    if unit is Granularity.WEEK:
        return d - timedelta(days=d.weekday())
    if unit is Granularity.SEASON:
        # winter starts in December: shift by one month so seasons align with quarters
        first = add_months(date(d.year, d.month, 1), 1)
        quarter = add_months(first, -((first.month - 1) % 3))
        return add_months(quarter, -1)
    n = MONTHS_IN[unit]
    index = (d.year * 12 + d.month - 1) // n * n
    return date(index // 12, index % 12 + 1, 1)


def shift_period(unit: Granularity, anchor: date, n: int) -> date:
    """The first day of the period `n` periods of `unit` away from the one containing `anchor`."""
    start = period_start(unit, anchor)
    if unit is Granularity.DAY:
        return start + timedelta(days=n)
    if unit is Granularity.WEEK:
        return start + timedelta(weeks=n)
    return add_months(start, n * MONTHS_IN[unit])


def _year_of(
    month: int, day: int | None, anchor: date, shift: int | None, tense: str | None
) -> int:
    """The year of a month (and day) named without one."""
    this = (month, day or 1)
    now = (anchor.month, anchor.day if day is not None else 1)
    if shift == -1 or (shift is None and tense == "past"):
        strictly = shift == -1
        return anchor.year if (this < now or (not strictly and this == now)) else anchor.year - 1
    if shift == 1 or (shift is None and tense == "future"):
        strictly = shift == 1
        return anchor.year if (this > now or (not strictly and this == now)) else anchor.year + 1
    return anchor.year


def _season(
    code: str, year: int | None, anchor: date, shift: int | None, tense: str | None
) -> date:
    month = SEASON_START_MONTH[code]
    if year is not None:
        return date(year, month, 1)
    # "this <season>": the current one, or the one that ended less than a month ago, or else
    # the coming one
    this = date(anchor.year - (1 if month > anchor.month else 0), month, 1)
    end = add_months(this, 3) - timedelta(days=1)
    if (anchor - end).days > JUST_ENDED_DAYS:
        this = this.replace(year=this.year + 1)
    if shift == -1:
        return this.replace(year=this.year - 1)
    if (shift == 1 or (shift is None and tense == "future")) and this <= anchor:
        return this.replace(year=this.year + 1)
    return this


def _weekday(weekday: int, anchor: date, shift: int | None, tense: str | None) -> date:
    if shift == 0:
        return anchor + timedelta(days=weekday - anchor.weekday())
    if shift == 1 or (shift is None and tense == "future"):
        ahead = (weekday - anchor.weekday()) % 7
        return anchor + timedelta(days=ahead or (7 if shift == 1 else 0))
    back = (anchor.weekday() - weekday) % 7
    return anchor - timedelta(days=back or (7 if shift == -1 else 0))
