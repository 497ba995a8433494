"""Calendars and holidays for resolve: Hijri (Umm al-Qura, hijridate) and Solar Hijri
(jdatetime) dates and months, and holidays (fixed days, computed days, Hijri days), each
chosen among its yearly recurrences by shift or tense. The days of lunisolar holidays
(Chinese, Hebrew, Hindu) come from the tables and computations of the `holidays` package."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from functools import cache

import jdatetime
from hijridate import Gregorian, Hijri

from timeline.model import Granularity, Spec, add_months

Resolved = tuple[Granularity, date, date | None]
# A day named without a year this close to the anchor is that one, whichever its year.
NEAR_DAYS = 60
# A month named without a year or a tense this far ahead of the anchor's month is last year's.
UNTENSED_AHEAD_MONTHS = 4
# A Hijri month that begins this few days after the anchor is the month after the anchor's.
NEXT_MONTH_DAYS = 30


def pick(
    candidates: list[date],
    anchor: date,
    shift: int | None,
    tense: str | None,
    this: date | None = None,
) -> date:
    """Choose among yearly recurrences of a day: by shift, else by tense, else the one within
    `NEAR_DAYS` of the anchor ("New Year" in a report of 30 December), else this year's: `this`
    when given (the one of the anchor's year in another calendar), else the one in the anchor's
    Gregorian year."""
    if shift == -1 or (shift is None and tense == "past"):
        before = [d for d in candidates if d < anchor or (shift is None and d == anchor)]
        return max(before) if before else min(candidates)
    if shift == 1 or (shift is None and tense == "future"):
        after = [d for d in candidates if d > anchor or (shift is None and d == anchor)]
        return min(after) if after else max(candidates)
    near = [d for d in candidates if abs((d - anchor).days) <= NEAR_DAYS]
    if near:
        return min(near, key=lambda d: abs((d - anchor).days))
    if this is not None:
        return this
    return min(candidates, key=lambda d: (abs(d.year - anchor.year), abs((d - anchor).days)))


# Holidays: "MM-DD" is a fixed Gregorian day; named rules compute the day of a year.
def easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    x = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * x) // 451
    month, day = divmod(h + x - 7 * m + 114, 31)
    return date(year, month, day + 1)


def orthodox_easter(year: int) -> date:
    """Orthodox Easter Sunday: Easter of the Julian calendar (Meeus), as a Gregorian day
    (the calendars are 13 days apart from 1900 to 2099)."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    return date(year, month, day + 1) + timedelta(days=13)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def nowruz(year: int) -> date:
    """The Persian New Year: 1 Farvardin of the Solar Hijri year that begins in `year`."""
    return jdatetime.date(year - 621, 1, 1).togregorian()


def lunisolar(calendar: str, method: str) -> Callable[[int], date | None]:
    """The day of a holiday of the Chinese, Hebrew or Hindu calendar in a Gregorian year, by
    the name of its method in the `holidays` package ("diwali_date"); None outside its
    tables (the Hindu ones run from 2001 to 2035). Imported when first needed."""

    def day(year: int) -> date | None:
        from holidays import calendars

        found = getattr(_calendar(calendars, calendar), method)(year)
        if isinstance(found, tuple):  # (day, estimated)
            found = found[0]
        if isinstance(found, set):  # Hanukkah: the days it begins on within the year
            found = min((d for d in found if d.year == year), default=None)
        return found

    return day


@cache
def _calendar(module: object, name: str) -> object:
    return getattr(module, name)()


HOLIDAY_RULES: dict[str, Callable[[int], date | None]] = {
    "easter": easter,
    "good_friday": lambda y: easter(y) - timedelta(days=2),
    "thanksgiving_us": lambda y: nth_weekday(y, 11, 3, 4),
    "labor_day_us": lambda y: nth_weekday(y, 9, 0, 1),
    "memorial_day_us": lambda y: (
        nth_weekday(y, 5, 0, 5) if nth_weekday(y, 5, 0, 5).month == 5 else nth_weekday(y, 5, 0, 4)
    ),
    "mlk_day_us": lambda y: nth_weekday(y, 1, 0, 3),
    "presidents_day_us": lambda y: nth_weekday(y, 2, 0, 3),
    "columbus_day_us": lambda y: nth_weekday(y, 10, 0, 2),
    "mothers_day_us": lambda y: nth_weekday(y, 5, 6, 2),
    "fathers_day": lambda y: nth_weekday(y, 6, 6, 3),
    "black_friday": lambda y: nth_weekday(y, 11, 3, 4) + timedelta(days=1),
    "cyber_monday": lambda y: nth_weekday(y, 11, 3, 4) + timedelta(days=4),
    "easter_monday": lambda y: easter(y) + timedelta(days=1),
    # the Tuesday after the first Monday of November
    "election_day_us": lambda y: nth_weekday(y, 11, 0, 1) + timedelta(days=1),
    "remembrance_sunday": lambda y: nth_weekday(y, 11, 6, 2),
    "orthodox_easter": orthodox_easter,
    "nowruz": nowruz,
    "lunar_new_year": lunisolar("_ChineseLunisolar", "lunar_new_year_date"),
    "passover": lunisolar("_HebrewLunisolar", "passover_date"),
    "rosh_hashanah": lunisolar("_HebrewLunisolar", "rosh_hashanah_date"),
    "yom_kippur": lunisolar("_HebrewLunisolar", "yom_kippur_date"),
    "sukkot": lunisolar("_HebrewLunisolar", "sukkot_date"),
    "hanukkah": lunisolar("_HebrewLunisolar", "hanukkah_date"),
    "purim": lunisolar("_HebrewLunisolar", "purim_date"),
    "shavuot": lunisolar("_HebrewLunisolar", "shavuot_date"),
    "diwali": lunisolar("_HinduLunisolar", "diwali_india_date"),
    "holi": lunisolar("_HinduLunisolar", "holi_date"),
}


# A national holiday: "national:GH:Independence Day" (an ISO 3166 country, "CA/ON" with a
# subdivision, and the holiday's English name in the `holidays` package; names after a "|"
# are tried when the first is not found: "Independence Day|Jamhuri Day").
NATIONAL = "national:"
# between two holiday keys: the first, else (when it has no day) the second ("national:IN:
# Independence Day else 07-04", of a country named next to "Independence Day")
OTHERWISE = " else "
NATIONAL_REACH = 5  # years on either side in which to find a holiday missing from a year


@cache
def national(key: str) -> Callable[[int], date | None]:
    """The day of a country's holiday in a year, from the `holidays` package; None when the
    package does not know the country, or the holiday in that year."""
    country, _, names = key[len(NATIONAL) :].partition(":")
    code, _, subdiv = country.partition("/")

    def named(year: int) -> date | None:
        found = _national_days(code, subdiv or None, year)
        for name in names.split("|"):
            days = [d for d, n in found if n == name or n.startswith(name + " (")]
            if days:
                return min(days)
        return None

    def day(year: int) -> date | None:
        """The day in `year`; else, for a holiday the package leaves out of some years (not
        a day off then: Ukraine's holidays under martial law) but keeps on one day of the
        year in the years nearest it has (two at least), that day."""
        found = named(year)
        if found is not None:
            return found
        seen = [
            (d.month, d.day)
            for delta in range(1, NATIONAL_REACH + 1)
            for d in (named(year - delta), named(year + delta))
            if d is not None
        ]
        if len(seen) < 2 or len(set(seen)) != 1:
            return None
        month, day_of_month = seen[0]
        try:
            return date(year, month, day_of_month)
        except ValueError:
            return None

    return day


@cache
def _national_days(code: str, subdiv: str | None, year: int) -> tuple[tuple[date, str], ...]:
    import holidays

    try:
        found = holidays.country_holidays(code, subdiv=subdiv, years=year, language="en_US")
    except (NotImplementedError, KeyError, ValueError):
        return ()
    return tuple((d, n) for d, names in sorted(found.items()) for n in names.split("; "))


# A year this large given with a Hijri holiday is a Gregorian one (Hijri years of news are
# 1300-1499): "Eid al-Fitr 2024".
GREGORIAN_ERA = 1600
NEW_YEAR = "year:new"  # the year a New Year's Day begins: "العام الجديد"


def holiday(
    key: str, year: int | None, anchor: date, shift: int | None, tense: str | None
) -> Resolved | None:
    """A holiday's day (or span, for Hijri months); `NEW_YEAR` is a whole year: the one that
    begins on the New Year's Day `pick` takes, whatever the tense ("the new year" in a
    report of 28 December is the coming one, in January the one just begun)."""
    if OTHERWISE in key:
        first, _, other = key.partition(OTHERWISE)
        found = holiday(first, year, anchor, shift, tense)
        return found if found is not None else holiday(other, year, anchor, shift, tense)
    if key == NEW_YEAR:
        if year is not None:
            return Granularity.YEAR, date(year, 1, 1), None
        candidates = [date(anchor.year + k, 1, 1) for k in (-1, 0, 1)]
        return Granularity.YEAR, pick(candidates, anchor, shift, None), None
    if key.startswith("hijri:"):
        month_day = key.split(":", 1)[1]
        month, _, day = month_day.partition("-")
        spec = Spec(hijri_month=int(month), day=int(day) if day else None, year=year)
        if year is not None and year >= GREGORIAN_ERA:  # "Eid al-Fitr 2024": of that year
            return _hijri_in(spec, year, anchor)
        return hijri(spec, anchor, tense, shift)
    if key in HOLIDAY_RULES:
        rule = HOLIDAY_RULES[key]
    elif key.startswith(NATIONAL):
        rule = national(key)
    else:
        month, day = (int(x) for x in key.split("-"))

        def rule(y: int) -> date | None:
            return date(y, month, day)

    if year is not None:
        found = rule(year)
        return (Granularity.DAY, found, None) if found is not None else None
    candidates = [d for k in (-1, 0, 1) if (d := rule(anchor.year + k)) is not None]
    if not candidates:  # a holiday of a table that does not reach the anchor's years
        return None
    return Granularity.DAY, pick(candidates, anchor, shift, tense), None


def _hijri_in(spec: Spec, year: int, anchor: date) -> Resolved | None:
    """A Hijri day or month named with a Gregorian year: the first that begins in it."""
    now = Gregorian(year, 1, 1).to_hijri().year
    for y in (now, now + 1):
        found = hijri(replace(spec, year=y), anchor, None)
        if found is not None and found[1].year == year:
            return found
    return None


@cache
def _hijri_year(day: date) -> int:
    return Gregorian(day.year, day.month, day.day).to_hijri().year


@cache
def _hijri_span(year: int, month: int, day: int | None) -> tuple[date, date]:
    """The Gregorian days of a Hijri day, or of a Hijri month (`day` None)."""
    if day is not None:
        d = date(*Hijri(year, month, day).to_gregorian().datetuple())
        return d, d
    first = date(*Hijri(year, month, 1).to_gregorian().datetuple())
    return first, first + timedelta(days=Hijri(year, month, 1).month_length() - 1)


def hijri(spec: Spec, anchor: date, tense: str | None, shift: int | None = None) -> Resolved | None:
    """A Hijri date (with a day) or month (without one), or a year named alone or by a shift
    ("العام الهجري الحالي"), as Gregorian days.

    A Hijri year is about 354 days and lies across two Gregorian years (1444 AH is
    2022-07-30 .. 2023-07-18): its interval is exact, and its value the Gregorian year it
    begins in (as for a Solar Hijri year, and a Hijri month, whose value is the month it
    begins in): TIMEX3 has no value for a year of another calendar."""
    month = spec.hijri_month or spec.month
    if month is None:
        year = spec.year
        if year is None and shifted_year(spec):  # "the current Hijri year": the anchor's, moved
            year = Gregorian(anchor.year, anchor.month, anchor.day).to_hijri().year + spec.shift
        if year is None:
            return None
        first = date(*Hijri(year, 1, 1).to_gregorian().datetuple())
        after = date(*Hijri(year + 1, 1, 1).to_gregorian().datetuple())
        return Granularity.YEAR, first, after - timedelta(days=1)
    if spec.year is None and shifted_year(spec):  # "رمضان من العام الماضي": of that year
        assert spec.shift is not None
        return _hijri_in(replace(spec, unit=None, shift=None), anchor.year + spec.shift, anchor)
    if shift is None:
        shift = spec.shift
    if spec.year is not None:
        years = [spec.year]
    else:
        now = _hijri_year(anchor)
        years = [now - 1, now, now + 1]
    spans = {s[0]: s for s in (_hijri_span(y, month, spec.day) for y in years)}
    if spec.day is not None and spec.weekday is not None and spec.year is None:
        # "يوم الأحد 29 شعبان": the year whose day is that weekday
        named = {first: s for first, s in spans.items() if first.weekday() == spec.weekday}
        spans = named or spans
    if shift == -1 and spec.day is None:  # "رمضان الماضي" during Ramadan: the one before
        spans = {first: s for first, s in spans.items() if s[1] < anchor} or spans
    # untensed, far from the anchor: the last one begun up to `UNTENSED_AHEAD_MONTHS` after
    # the anchor, as for a Gregorian month (a Hijri year is no Gregorian one: "عيد الفطر" in
    # December 2022 is that of April 2023, not that of May 2022, eight months ago)
    ahead = add_months(anchor, UNTENSED_AHEAD_MONTHS + 1)  # (the first day after the months)
    this = max((d for d in spans if d < ahead), default=None) if len(spans) > 1 else None
    # a month that holds the anchor is that one, whatever the tense ("Ramadan ends this week",
    # "قبل شهر رمضان" said during Ramadan)
    current = [s for s in spans.values() if shift is None and s[0] <= anchor <= s[1]]
    soon = anchor + timedelta(days=NEXT_MONTH_DAYS)
    coming = [s for s in spans.values() if anchor < s[0] <= soon]
    if current:
        first = current[0]
    elif spec.day is None and shift is None and tense == "past" and coming:
        # the month after the anchor's is the coming one, even in past narration ("دعت إلى تحري
        # هلال شهر رمضان" two days before it), as for a Gregorian month
        first = coming[0]
    elif len(spans) > 1:
        first = spans[pick(list(spans), anchor, shift, tense, this)]
    else:
        first = next(iter(spans.values()))
    if spec.day is not None:
        return Granularity.DAY, first[0], None
    return Granularity.MONTH, first[0], first[1]


def shifted_year(spec: Spec) -> bool:
    """Whether a month, season or day is named in a year moved from the anchor's ("of last
    year": the unit is the year and the shift counts years)."""
    return spec.unit is Granularity.YEAR and spec.shift is not None and spec.year is None


def jalali(spec: Spec, anchor: date, tense: str | None) -> Resolved | None:
    """A Solar Hijri (Persian) date, month or year, as Gregorian days (jdatetime).

    Without a year, the one around the anchor chosen as for Gregorian dates; "of last year"
    (a year shift) counts Solar Hijri years."""
    month, shift = spec.month, spec.shift
    now = jdatetime.date.fromgregorian(date=anchor).year
    if spec.year is not None:
        years = [spec.year]
    elif shifted_year(spec):
        years, shift = [now + (spec.shift or 0)], None
    else:
        years = [now - 1, now, now + 1]

    def span(y: int) -> tuple[date, date]:
        if month is None:  # a whole year
            first = jdatetime.date(y, 1, 1).togregorian()
            return first, jdatetime.date(y + 1, 1, 1).togregorian() - timedelta(days=1)
        if spec.day is not None:
            d = jdatetime.date(y, month, spec.day).togregorian()
            return d, d
        first = jdatetime.date(y, month, 1).togregorian()
        after = jdatetime.date(y + month // 12, month % 12 + 1, 1).togregorian()
        return first, after - timedelta(days=1)

    if month is None and spec.year is None:
        return None
    spans = {s[0]: s for s in map(span, years)}
    first, last = (
        spans[pick(list(spans), anchor, shift, tense)]
        if len(spans) > 1
        else next(iter(spans.values()))
    )
    if month is None:
        return Granularity.YEAR, first, last
    if spec.day is not None:
        return Granularity.DAY, first, None
    return Granularity.MONTH, first, last
