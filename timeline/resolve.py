"""resolve: half-resolved value + anchor date -> TimeValue. Calendar arithmetic only.

Anchoring conventions (documented in the README):
- The anchor is the publication date; narrative expressions ("the next day", "a year
  earlier", "نفس الشهر") take the last date the text mentioned before them instead, or the
  date of the event they count from ("ten days before the shooting": timeline/links.py).
- A month or day without a year, named just after a day or month of an older story, is of
  that story's year ("killed on 4 November 1995. On 10 November he was buried").
- "last/next <unit>" moves the period that contains the anchor: last month of 2022-12-30 is
  2022-11, this week is 2022-W52.
- "last <month>" is the most recent such month before the anchor's month, "next <month>" the
  first one after it, "this <month>" the one in the anchor's year.
- Seasons are northern meteorological seasons (spring = March-May; winter = December of one
  year to February of the next, named by its December). "this <season>" is the current one,
  or the one that ended less than a month ago, or else the coming one when it begins in the
  anchor's year ("this winter" in November), else the one of the anchor's year ("this
  summer" in November: the one just gone); "last" is the one a year before the current or
  coming one; "next" is it when it has not started yet, else the one a year later.
- A bare month, weekday or holiday follows the tense of its sentence: future -> the next one on
  or after the anchor, past -> the last one on or before it; no tense -> the anchor's year
  (months, holidays), unless the month is more than `UNTENSED_AHEAD_MONTHS` ahead of the
  anchor's: then the year before (news reports without a future marker tell what happened:
  "worth $130 million in October" in January is last October), and January named in
  December is the coming one; weekdays: the last one.
  A day or holiday named without a year that falls within `NEAR_DAYS` of the anchor is that
  one ("New Year" on 30 December is the coming one).
- "the week of March 6" is the week that holds the day; "Labor Day weekend" the weekend before
  a Monday holiday, else the weekend of the holiday's own week.
- Hijri dates are converted with the Umm al-Qura calendar (hijridate).
- Solar Hijri (Persian) dates are converted with jdatetime; "<month> of last year" is the
  month in the year before the anchor's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from timeline.calendars import (
    NEAR_DAYS,
    UNTENSED_AHEAD_MONTHS,
    Resolved,
    hijri,
    holiday,
    jalali,
    pick,
    shifted_year,
)
from timeline.links import ANNIVERSARY, ON_ANCHOR, ON_NEXT, QUOTED, RESTATES, clock_alone
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

# The units shorter than a day, in seconds: a shift by them moves the day ("two hours ago").
SECONDS_IN = {Granularity.HOUR: 3600, Granularity.MINUTE: 60, Granularity.SECOND: 1}
DAY_SECONDS = 86400
# A season that ended less than this many days ago is still "this" season.
JUST_ENDED_DAYS = 31
# Companies report on a quarter within this many days after it ends: "will report
# third-quarter results" in October is the quarter that just ended.
REPORTING_LAG_DAYS = 45

DURATION_CODES = {
    Granularity.SECOND: "TS",
    Granularity.MINUTE: "TM",
    Granularity.HOUR: "TH",
    Granularity.DAY: "D",
    Granularity.WEEK: "W",
    Granularity.MONTH: "M",
    Granularity.QUARTER: "Q",
    Granularity.YEAR: "Y",
    Granularity.DECADE: "DE",
    Granularity.CENTURY: "CE",
}
DAYPART_TIMES = {"noon": "12:00", "midnight": "24:00"}


# Granularities of the periods companies report on ("the third quarter", "the first half").
REPORTING = (Granularity.QUARTER, Granularity.HALF)


def resolve_all(mentions: Iterable[Mention], anchor: date) -> list[Timex]:
    """Resolve every mention in text order; mentions that make no date are dropped.

    Narrative mentions are anchored to the last date resolved before them, or, when they
    count from an event the text dated (`Mention.event`), to that event's date; a clock time
    joined to the date after it takes that date's day. Financial news
    compares a reporting period with the one a year before: "the quarter" (narrative mode
    `reporting`) is the period the text reports on: of the quarters and halves it named
    that are over (or said in the past: a fiscal quarter), the one that ends last (the last
    named of those that end together), else the last quarter before the anchor's; a quarter
    called fiscal (mode `fiscal`) is the one reported on from there on. "a year
    earlier" (mode `period`, or `period-or-anchor` for "a year ago") after a reporting period
    is that period a year before, else a year before the last date (the anchor). The period
    such a comparison shifts is the last one named, or referred to ("the 1989 period"); a
    span of several months named after it ("the first nine months") makes comparisons whole
    years. Comparisons anchor nothing; a date in mode `aside` ("the quarter ended Sept. 30":
    the end of the period named) leaves the reporting period as it is. A mention in mode
    `day` ("overnight") counts from the last date when it is a day, else from the anchor. The
    end of a range (mode `range`: "from October «through March»") is the first one on or after
    the date placed before it, its start. A date of numbers whose day and month may be read
    either way (mode `either-order`: "10/03/2024") is read day first when the text writes
    another date so (mode `day-first`: "15/03/2024"), or when only that reading agrees with
    its tense (in the past, not after the anchor). A holiday in mode `near` ("ahead of
    Christmas", "in the run-up to Lunar New Year") is the one near the anchor, past or to
    come, else the one its tense places; a month in mode `until-now` ("has not been seen
    since December") is the last one before the anchor, not of an older story told before.
    Modes `begun` ("the coming year"), `reported` ("full-year profit") and `passed` ("the
    end of the year") place a year just begun or just over (see `_begun`, `_reported`,
    `_passed`); a month alone framed by a month of an older year in its sentence (a
    `Mention.frame` that is no year) takes that year when it falls near it."""
    mentions = list(mentions)
    day_first = any(m.spec.narrative == DAY_FIRST for m in mentions)
    timexes = []
    last = anchor
    last_value: TimeValue | None = None  # the last placed value
    reports = _Reports(anchor)
    # values worked out in this text, by Spec object (a text repeats its expressions and
    # they share Spec objects; each is kept here, so that no other takes its id)
    done: dict[tuple[int, date, str | None], tuple[Spec, TimeValue | None]] = {}
    day_at: int | None = None  # where the last date was, when it was a day
    last_at = 0  # where the last date was
    events: dict[str, tuple[date, TimeValue]] = {}  # the date of each event dated, by kind
    clock: int | None = None  # the timex of a clock time on the day of the date after it
    years: dict[int, int] = {}  # the years named, by where they start (see `Mention.frame`)
    stamp: Spec | None = None  # the last time stamp of a live report, and its days after the anchor
    stamp_days = 0
    # the months named with their years, by where they start (a frame of a month alone)
    named = {m.start: m.spec for m in mentions if m.spec.month is not None and m.spec.year}
    for mention in mentions:
        spec = mention.spec
        narrative = spec.narrative
        link = mention.event
        happened = events.get(link[1]) if link is not None else None
        counted = happened is not None and link is not None and link[0] == "counts"
        if (
            narrative == "unless-future"
            and mention.tense == "future"
            and not counted
            and not _planned(last, anchor, day_at, mention.start)
        ):
            narrative = None  # "in a week", said of the future: from the anchor
        aside, fiscal = narrative == "aside", narrative == "fiscal"
        if aside or fiscal:
            narrative = None
        tense = mention.tense
        until_now = narrative == UNTIL_NOW
        if until_now and spec.month is not None and spec.year is None and spec.shift is None:
            # "has been jailed since June", in May: the last June, not the one to come
            ahead = (spec.month, spec.day or 1) > (anchor.month, anchor.day)
            spec = replace(spec, year=anchor.year - 1 if ahead else anchor.year)
        if narrative in (DAY_FIRST, UNTIL_NOW):
            narrative = None
        elif narrative == BEGUN:
            narrative = None
            spec = _begun(spec, anchor)
        elif narrative == PASSED:
            narrative = None
            spec = _passed(spec, anchor, tense)
        elif narrative == REPORTED:
            narrative = None
            spec = _reported(spec, anchor, tense)
        elif narrative == EITHER_ORDER:
            narrative = None
            spec = _either_order(spec, anchor, tense, day_first)
        elif narrative == NEAR_ANCHOR:
            narrative = None
            tense = _near_or(spec, anchor, tense)
        if narrative == "range":  # the end of a range: the first one on or after its start
            tense = "future"
        from_event = narrative == "event" or (
            narrative == "unless-future" and link is not None and link[0] == "counts"
        )
        if from_event and not counted:
            # "two days after the vote", "the day after the vote", of a vote not dated: how long
            spec = _span(spec)
            if spec is None:
                continue
            narrative = None
        framed = years.get(mention.frame) if mention.frame is not None else None
        partner = named.get(mention.frame) if mention.frame is not None else None
        if framed is not None and _framed(spec, narrative):
            spec = replace(spec, year=framed)  # "2019 - ... in March": March 2019
        elif (
            partner is not None
            and narrative is None
            and mention.tense != "future"
            and (year := _partner_year(spec, partner, anchor)) is not None
        ):
            spec = replace(spec, year=year)  # "in December, ... the November 2022 collapse"
        elif (
            narrative is None
            and not until_now
            and mention.tense != "future"
            and _in_story(spec, last, last_value, anchor, mention.tense)
        ):
            if mention.start - last_at < NEAR:  # "On Nov. 10" after "Nov. 4, 1995": of 1995
                spec = replace(spec, year=last.year)
        value = None
        if link is not None and link[0] == RESTATES and day_at is not None and last_value:
            # "on Jan. 2, nine days before the attack": Jan. 2, and the attack is on Jan. 11
            value = last_value
            if spec.shift is not None:
                moved = resolve(replace(spec, shift=-spec.shift), last, tense)
                if moved is not None and moved.period is not None:
                    events.setdefault(link[1], (moved.period, moved))
            narrative = None
        if narrative == "around-event":
            # "the weeks before the shooting": when the month or year of the shooting holds them
            value = _around(happened[1], spec) if counted else None  # type: ignore[index]
            if value is None:
                continue
            narrative = None
        if narrative == "reporting":
            value = reports.period(spec)
        elif narrative in ("period", "period-or-anchor"):
            value = reports.compared(spec)
        if value is None and narrative != "reporting":
            # what a narrative count counts from: the last date, or the event it names
            base, base_value = happened if counted else (last, last_value)  # type: ignore[misc]
            reference = base if narrative and narrative != "period-or-anchor" else anchor
            if clock_alone(spec):
                if link == ON_ANCHOR:  # "9:15 a.m.: ...", a live report's time stamp
                    if _past_midnight(stamp, spec):  # "11:50 p.m.: ...", then "12:30 a.m.: ..."
                        stamp_days += 1
                    elif stamp is not None and _past_midnight(
                        spec, stamp
                    ):  # newest first: "12:30 a.m.", "11:50 p.m."
                        stamp_days -= 1
                    reference = anchor + timedelta(days=stamp_days)
                    stamp = spec
                elif happened is not None:  # "was shot to death at 10 p.m.": on that day
                    reference = happened[0]
                elif day_at is not None and mention.start - day_at < NEAR:
                    reference = last  # "on Sunday ... at 2:15 a.m.": on that Sunday
            elif link == QUOTED and day_at is not None:
                reference = last  # 'said on Monday ... "tomorrow"': the day after the saying
            if narrative and reference is base and _after_period(spec, base_value):
                reference = base_value.interval[1]  # type: ignore[union-attr, index]
            if narrative and reference is base and _coarser(base_value, spec):
                if spec.weekday is None and narrative != "day":
                    if spec.shift == 0 and spec.quantity is None:
                        # "that same day" after "last October": a day of it, which one the
                        # text does not tell (TIMEX3 "1998-10-XX")
                        value = _unknown_part(base_value, spec)
                        if value is None:
                            continue
                    else:
                        # "two hours later" after a day: how long, as TimeML has it
                        spec = _span(spec)
                        if spec is None:
                            continue
                else:
                    reference = anchor  # "the previous Friday" after "in 1987": the anchor's
            if value is None:
                key = (id(spec), reference, tense)
                if key not in done:
                    done[key] = spec, resolve(spec, reference, tense)
                value = done[key][1]
        if value is None:
            continue
        if link == ANNIVERSARY and timexes and value.period is not None:
            # "two years ago on Tuesday": that Tuesday's date, the years before; the count
            # too is that day
            value = _years_before(value, timexes[-1].mention.spec.shift)
            timexes[-1] = Timex(timexes[-1].mention, value)
        if narrative == "range" and timexes and mention.tense == "future":
            under_way = _under_way(timexes[-1], spec, anchor)
            if under_way is not None:
                timexes[-1], value = under_way
        timexes.append(Timex(mention, value))
        if value.granularity is Granularity.YEAR and value.period is not None and not value.mod:
            years[mention.start] = value.period.year
        if clock is not None:  # "at 6 a.m. near the house 10 days before": on that day
            if value.granularity is Granularity.DAY and value.period is not None:
                earlier = timexes[clock].mention
                timed = resolve(earlier.spec, value.period, earlier.tense)
                timexes[clock] = Timex(earlier, timed or timexes[clock].value)
            clock = None
        if link == ON_NEXT:
            clock = len(timexes) - 1
        comparison = narrative in ("period", "period-or-anchor") or (
            narrative == "reporting" and (spec.shift or spec.year is not None)
        )
        placed = value.is_placed and value.period is not None and not comparison
        if placed:
            last, last_value = value.period, value
            day_at = mention.start if value.granularity is Granularity.DAY else None
            last_at = mention.start
            if link is not None and link[0] == "dates":
                events[link[1]] = last, value
        reports.saw(value, spec, mention.tense, placed=placed, aside=aside, fiscal=fiscal)
    _in_order(timexes)
    return timexes


def _years_before(value: TimeValue, shift: int | None) -> TimeValue:
    """The day of `value` the years of `shift` (negative) before (28 February for a 29th)."""
    day = value.period
    assert day is not None and shift is not None
    try:
        moved = day.replace(year=day.year + shift)
    except ValueError:  # 29 February
        moved = date(day.year + shift, 2, 28)
    return replace(value, period=moved)


def _after_period(spec: Spec, base: TimeValue | None) -> bool:
    """Whether a month or season after the one named last counts from the end of that
    period: "The law passed in 2019. The following March": March 2020."""
    return (
        spec.shift == 1
        and (spec.month is not None or spec.season is not None)
        and base is not None
        and base.interval is not None
    )


# A month named alone next to a month of an older year (its partner, `Mention.frame`) is of
# the year that puts it from this many months before the partner to this many after.
PARTNER_BACK_MONTHS, PARTNER_AHEAD_MONTHS = 1, 6


def _partner_year(spec: Spec, partner: Spec, anchor: date) -> int | None:
    """The year of a month named alone in the sentence of a month of an older year ("won a
    landslide in December, a month after the November 2022 collapse": 2022), when it falls
    near that month; None when the partner is of the anchor's year or later."""
    if spec.month is None or spec.year is not None or partner.month is None:
        return None
    if partner.year is None or partner.year >= anchor.year or partner.shift is not None:
        return None
    for year in (partner.year - 1, partner.year, partner.year + 1):
        months = (year - partner.year) * 12 + spec.month - partner.month
        if -PARTNER_BACK_MONTHS <= months <= PARTNER_AHEAD_MONTHS:
            return year
    return None


def _begun(spec: Spec, anchor: date) -> Spec:
    """ "the coming year": the next one, but the one just begun when the anchor is within
    `NEAR_DAYS` of its start ("the coming year" in January)."""
    if spec.unit is not None and (anchor - period_start(spec.unit, anchor)).days <= NEAR_DAYS:
        return replace(spec, shift=0)
    return spec


# A year a company reports on, said in the past this many months into the next one, is over.
REPORTED_MONTHS = 3


def _reported(spec: Spec, anchor: date, tense: str | None) -> Spec:
    """ "full-year profit rose": in the first months of a year, said in the past, the year just
    over (companies report on it then), else the year the text is about."""
    if tense == "past" and anchor.month <= REPORTED_MONTHS:
        return replace(spec, shift=(spec.shift or 0) - 1)
    return spec


def _passed(spec: Spec, anchor: date, tense: str | None) -> Spec:
    """ "the end of the year" said in the past: of the period before, when this one's part has
    not begun ("sales fell in the final weeks of the year", in January)."""
    if tense != "past" or spec.part is None:
        return spec
    value = resolve(spec, anchor, tense)
    interval = value.interval if value is not None else None
    if interval is not None and interval[0] > anchor:
        return replace(spec, shift=(spec.shift or 0) - 1)
    return spec


def _framed(spec: Spec, narrative: str | None) -> bool:
    """Whether a year that heads its line or sentence gives its year to this date: a month
    (and day) named without a year, a shift or a weekday, whatever the tense ("2025 -
    Elections will be held in May"), the end of a range too ("from May to August")."""
    return (
        spec.month is not None
        and spec.calendar == "gregorian"
        and narrative in (None, "range")
        and all(x is None for x in (spec.year, spec.shift, spec.holiday, spec.weekday, spec.unit))
    )


# Modes of reading (`Spec.narrative`) that only change how a date is placed.
DAY_FIRST, EITHER_ORDER, NEAR_ANCHOR, UNTIL_NOW = "day-first", "either-order", "near", "until-now"
BEGUN, REPORTED, PASSED = "begun", "reported", "passed"


def _either_order(spec: Spec, anchor: date, tense: str | None, day_first: bool) -> Spec:
    """A date of numbers read day first ("10/03/2024": 10 March) when the text writes its
    dates so, or when only that reading agrees with the tense of its sentence (a past day
    not after the anchor, a day to come not before it); else as written."""
    if spec.year is None or spec.month is None or spec.day is None or spec.day > 12:
        return spec
    swapped = replace(spec, month=spec.day, day=spec.month)
    if day_first:
        return swapped
    try:
        written = date(spec.year, spec.month, spec.day)
        other = date(spec.year, spec.day, spec.month)
    except ValueError:
        return spec
    if (tense == "past" and written > anchor >= other) or (
        tense == "future" and written < anchor <= other
    ):
        return swapped
    return spec


def _near_or(spec: Spec, anchor: date, tense: str | None) -> str | None:
    """No tense when the date read without one is near the anchor ("surged ahead of the
    Lunar New Year" five days before it: that one), else the tense."""
    value = resolve(spec, anchor, None)
    if value is not None and value.period is not None:
        if abs((value.period - anchor).days) <= NEAR_DAYS:
            return None
    return tense


def _under_way(start: Timex, end_spec: Spec, anchor: date) -> tuple[Timex, TimeValue] | None:
    """A range said of the future that is under way ("voting will take place between March
    and May" in April): its end the first one that ends after the anchor, its start the last
    one before that end; None when the range is not under way (its start is to come)."""
    end = resolve(end_spec, anchor, "future")
    interval = end.full_interval if end is not None else None
    if end is None or end.period is None or interval is None or interval[1] <= anchor:
        return None
    first = resolve(start.mention.spec, end.period, "past")
    if first is None or first.period is None or start.value.period is None:
        return None
    if not first.period < start.value.period or first.period > anchor:
        return None
    return Timex(start.mention, first), end


# A month named without a year, this many days after the date of an older story told just
# before it (or a month before it), is in that story's year.
STORY_AHEAD_DAYS = 183
STORY_BACK_DAYS = 31
# the dates that tell a story: a day, a week or a month ("dating to 1994. In January, ..." is
# no story of 1994)
STORY_GRANULARITIES = (Granularity.DAY, Granularity.WEEK, Granularity.MONTH)


def _in_story(
    spec: Spec, last: date, last_value: TimeValue | None, anchor: date, tense: str | None
) -> bool:
    """Whether a month (and day) named without a year belongs to the year of the last date,
    a day or month far from the anchor: "He was killed on Nov. 4, 1995. On Nov. 10 he was
    buried" in an article of 2023 (not the last 10 November). A day near the anchor is the
    anchor's ("the August 1988 cease-fire ... the invasion of Kuwait on Aug. 2", in August
    1990). The caller checks that the last date was named just before."""
    if spec.month is None or spec.calendar != "gregorian" or abs((last - anchor).days) <= NEAR_DAYS:
        return False
    if last_value is None or last_value.granularity not in STORY_GRANULARITIES:
        return False
    if spec.day is not None and (near := _near(anchor, spec.month, spec.day)) is not None:
        # a near day is the anchor's, unless it is still to come and told in the past tense
        # ("on Feb. 6, 2023 ... No convoy entered until Feb. 9", in an article of 6 Feb. 2024)
        if tense != "past" or date(near, spec.month, spec.day) <= anchor:
            return False
    if any(
        x is not None
        for x in (spec.year, spec.shift, spec.event_year, spec.holiday, spec.weekday, spec.unit)
    ):
        return False
    try:
        days = (date(last.year, spec.month, spec.day or 1) - last).days
    except ValueError:  # 29 February
        return False
    return -STORY_BACK_DAYS <= days <= STORY_AHEAD_DAYS and last.year != anchor.year


# "the days before" an event: this many of them
AROUND = 3


def _around(event: TimeValue, spec: Spec) -> TimeValue | None:
    """Some days, weeks or months before (or after) an event, as the month or else the year
    that holds them ("the weeks before" 23 October: October), or None when neither does (the
    weeks before 3 October). An event known only by a coarser period is that period ("the
    days before" a killing "last fall": the fall)."""
    if spec.unit is None or spec.shift is None or spec.unit.rank >= Granularity.YEAR.rank:
        return None
    if event.granularity is None or event.period is None:
        return None
    if event.granularity.rank > spec.unit.rank:
        return event if event.granularity.rank <= Granularity.YEAR.rank else None
    day = event.period
    far = shift_period(spec.unit, day, spec.shift * AROUND)
    if spec.unit is not Granularity.DAY:  # as far as the same day of that week or month
        far = far + (day - period_start(spec.unit, day))
    near = day + timedelta(days=spec.shift)
    for granularity in (Granularity.MONTH, Granularity.YEAR):
        if period_start(granularity, far) == period_start(granularity, near):
            return TimeValue(granularity=granularity, period=period_start(granularity, near))
    return None


PAIRED = (Granularity.DAY, Granularity.MONTH, Granularity.SEASON)


def _in_order(timexes: list[Timex]) -> None:
    """The two dates of a range or a list in order, across a year's end: "from October to
    next March" and "from October to March 2024" are the October before that March, "from
    December to February" (untensed, in November) the February after that December. The date
    that took its year from the other moves; of two bare ones, the second: they are out of
    order only when the anchor falls between them, in a span that runs on across the year's
    end ("schools closed from December to February", in December)."""
    for i in range(len(timexes) - 1):
        a, b = timexes[i], timexes[i + 1]
        sa, sb = a.mention.spec, b.mention.spec
        va, vb = a.value, b.value
        if sa.pair is None or sb.pair is None or va.period is None or vb.period is None:
            continue
        if va.granularity not in PAIRED or vb.granularity not in PAIRED:
            continue
        if _weekdays(sa, sb):
            _weekday_pair(timexes, i)
            continue
        if va.period <= vb.period or sa.calendar != "gregorian" or sb.calendar != "gregorian":
            continue
        if sa.pair == "borrowed":
            k, years = i, -1
        elif sb.pair == "borrowed":
            k, years = i + 1, 1
        elif any(s.year is not None or s.shift is not None for s in (sa, sb)):
            continue  # both said with their years: as written
        else:
            k, years = i + 1, 1
        t = timexes[k]
        period = t.value.period
        assert period is not None
        try:
            moved = period.replace(year=period.year + years)
        except ValueError:  # 29 February
            continue
        timexes[k] = Timex(t.mention, replace(t.value, period=moved))


def _weekdays(sa: Spec, sb: Spec) -> bool:
    """Whether two specs are weekdays named without a date, the shift of the second shared
    ("between Monday and Wednesday next")."""
    return (
        sa.weekday is not None
        and sb.weekday is not None
        and sa.month is None
        and sb.month is None
        and sa.day is None
        and sb.day is None
        and sa.offset is None
        and sb.offset is None
        and sa.pair == "borrowed"
        and sb.shift is not None
        and sb.shift != 0
    )


def _weekday_pair(timexes: list[Timex], i: int) -> None:
    """Two weekdays that share a shift are days of one span: coming ones, the first placed
    by the shift and the second the first such weekday after it ("between Monday and
    Wednesday next", on a Tuesday: the coming Monday and the Wednesday after it); past ones,
    the second placed and the first the last such weekday before it."""
    a, b = timexes[i], timexes[i + 1]
    va, vb = a.value, b.value
    assert va.period is not None and vb.period is not None
    gap = (vb.period.weekday() - va.period.weekday()) % 7 or 7
    if (b.mention.spec.shift or 0) > 0:
        moved, k = va.period + timedelta(days=gap), i + 1
    else:
        moved, k = vb.period - timedelta(days=gap), i
    t = timexes[k]
    timexes[k] = Timex(t.mention, replace(t.value, period=moved))


def _span(spec: Spec) -> Spec | None:
    """ "two hours later", "three days before" as the span it counts, when there is no time fine
    enough to count it from (None for "that day", which counts nothing)."""
    if spec.shift is None or spec.unit is None or spec.shift == 0:
        return None
    return Spec(type=TimexType.DURATION, unit=spec.unit, quantity=float(abs(spec.shift)))


@dataclass(slots=True)
class _Reports:
    """The periods a financial text reports on, as `resolve_all` reads its mentions."""

    anchor: date
    reported: TimeValue | None = None  # the reporting period
    current: TimeValue | None = None  # the reporting period comparisons shift, if any
    months: bool = False  # whether a span of months was named since `current` (year to date)

    def period(self, spec: Spec) -> TimeValue:
        """ "the quarter", "the year-ago quarter" (mode `reporting`): the reporting period,
        moved as `spec` says; it becomes the one comparisons shift."""
        value = _reporting(spec, self.reported, self.anchor, whole_years=self.months)
        if not self.months:
            self.current = _reporting(Spec(), self.reported, self.anchor)
        return value

    def compared(self, spec: Spec) -> TimeValue | None:
        """ "a year earlier" (mode `period`) after a reporting period: that period moved;
        None when there is none to move."""
        current = self.current
        if current is None or current.granularity is None or not _reports(current, spec):
            return None
        g = current.granularity
        shift = (spec.shift or 0) * 12 // MONTHS_IN[g]
        return TimeValue(granularity=g, period=shift_period(g, current.period, shift))

    def saw(
        self,
        value: TimeValue,
        spec: Spec,
        tense: str | None,
        *,
        placed: bool,
        aside: bool,
        fiscal: bool,
    ) -> None:
        """Take in a value resolved (`placed`: a date that anchors what follows)."""
        if _span_of_months(value, spec):
            self.months, self.current = True, None
        if not placed:
            return
        if not aside:
            self.current = value if value.granularity in REPORTING else None
        if self.current is value:
            self.months = False
            reported = self.reported
            if fiscal or (
                _over(value, self.anchor, tense, reported) and _ends_later(value, reported)
            ):
                self.reported = value


def _over(value: TimeValue, anchor: date, tense: str | None, reported: TimeValue | None) -> bool:
    """Whether a reporting period is over: before the anchor, or, as the first one named,
    said in the past (a fiscal quarter: "reported a decline in fourth-quarter earnings" in
    November; not "the impact on fourth-quarter results" in a third-quarter report)."""
    interval = value.full_interval
    return interval is not None and (interval[1] < anchor or (tense == "past" and reported is None))


def _ends_later(value: TimeValue, reported: TimeValue | None) -> bool:
    """Whether `value` ends no earlier than `reported` (a period named in passing, "after a
    flat second quarter", is not the one a third-quarter report is about)."""
    if reported is None:
        return True
    new, old = value.full_interval, reported.full_interval
    return new is not None and (old is None or new[1] >= old[1])


def _span_of_months(value: TimeValue, spec: Spec) -> bool:
    """Whether a value is a span of several months ("the first nine months"): the period a
    year-to-date comparison is about."""
    return (
        value.type is TimexType.DURATION
        and spec.unit is Granularity.MONTH
        and spec.quantity is not None
        and spec.quantity > MONTHS_IN[Granularity.QUARTER]
    )


# A clock time without a day is on the day mentioned last, if that is this near before it
# (the same sentence or the one before), else on the anchor's day.
NEAR = 250


# A live report's time stamp this early, after one this late, is of the next day.
SMALL_HOURS, EVENING = 6, 18


def _past_midnight(before: Spec | None, spec: Spec) -> bool:
    """Whether a live report's time stamp follows the one before it across midnight ("11:50
    p.m.: ...", then "12:30 a.m.: ..."): a report told in order, from the evening on. (The
    other way round, a report told newest first goes back to the day before.)"""
    if before is None:
        return False
    then, now = _time(before), _time(spec)
    if then is None or now is None or not then[:2].isdigit() or not now[:2].isdigit():
        return False
    return int(then[:2]) >= EVENING and int(now[:2]) < SMALL_HOURS


def _planned(last: date, anchor: date, day_at: int | None, at: int) -> bool:
    """Whether a future count ("a week later", "the return leg a week after") is counted from
    the day mentioned last: a day after the anchor, this near before it ("on 1 April ...,
    the return leg a week later")."""
    return day_at is not None and last > anchor and at - day_at < NEAR


def _unknown_part(value: TimeValue | None, spec: Spec) -> TimeValue | None:
    """ "that day" after a month: a day of that month, which one unknown. Its interval is the
    month's, its TIMEX3 value the month's with the day unspecified ("1998-10-XX"); None after
    anything but a month (a day of a year or a season is no date a text narrates)."""
    if (
        value is None
        or value.period is None
        or value.granularity is not Granularity.MONTH
        or spec.unit is not Granularity.DAY
        or value.mod is not None
    ):
        return None
    return replace(value, literal=f"{value.value}-XX")


def _coarser(value: TimeValue | None, spec: Spec) -> bool:
    """Whether `value` (None: the anchor, a day) is coarser than the unit `spec` counts in (a
    year, for "that day"; a weekday counts in days)."""
    g = value.granularity if value is not None else Granularity.DAY
    unit = Granularity.DAY if spec.weekday is not None and spec.unit is None else spec.unit
    return g is not None and unit is not None and g.rank > unit.rank


def _reports(value: TimeValue | None, spec: Spec) -> bool:
    """Whether `value` is a reporting period that a count of years ("a year earlier") shifts."""
    return (
        value is not None
        and value.period is not None
        and value.granularity in REPORTING
        and spec.unit is Granularity.YEAR
        and spec.shift is not None
    )


def _reporting(
    spec: Spec, reported: TimeValue | None, anchor: date, *, whole_years: bool = False
) -> TimeValue:
    """The reporting period (`reported`, else the quarter before the anchor's) moved by
    `spec.shift` years, or put in `spec.year`; `spec.quarter` names the quarter. With
    `whole_years` (after "the first nine months"), a period moved or put in a year is that
    year."""
    if reported is not None and reported.period is not None and reported.granularity:
        g, period = reported.granularity, reported.period
    else:
        g, period = Granularity.QUARTER, shift_period(Granularity.QUARTER, anchor, -1)
    period = period.replace(year=period.year + (spec.shift or 0))
    if spec.year is not None:
        period = period.replace(year=spec.year)
    if spec.quarter is not None:
        g, period = Granularity.QUARTER, date(period.year, (spec.quarter - 1) * 3 + 1, 1)
    elif whole_years and (spec.shift or spec.year is not None):
        g, period = Granularity.YEAR, date(period.year, 1, 1)
    return TimeValue(granularity=g, period=period)


# the holiday of "on this day in 1948": the anchor's month and day, in the year named (the
# link of "two years ago on Tuesday" is `links.ANNIVERSARY`)
THIS_DAY = "anniversary"


def resolve(spec: Spec, anchor: date, tense: str | None = None) -> TimeValue | None:
    """The TimeValue of a half-resolved value, or None when the words do not make a date."""
    if spec.type is TimexType.DURATION:
        literal = _duration(spec)
        return TimeValue(type=spec.type, literal=literal, mod=spec.part) if literal else None
    if spec.type is TimexType.SET:
        return _set(spec)
    if spec.ref is not None:
        return TimeValue(ref=spec.ref)
    if spec.holiday == THIS_DAY:  # "on this day in 1948": the anchor's day of that year
        spec = replace(spec, holiday=None, month=anchor.month, day=anchor.day)
    try:
        value = _date(spec, anchor, tense)
    except (ValueError, OverflowError):
        return None
    if value is None:
        if spec.hour is None and spec.daypart is None:
            return None
        value = Granularity.DAY, anchor, None  # a time of day alone: the anchor's day
    granularity, period, last = value
    time = _time(spec)
    if time is not None and granularity is Granularity.DAY:
        return TimeValue(TimexType.TIME, granularity, period, spec.part, time=time)
    if spec.daypart == "WE":
        return TimeValue(spec.type, granularity, period, spec.part, time="WE")
    return TimeValue(spec.type, granularity, period, spec.part, last=last)


def _amount(q: float) -> str:
    return str(int(q)) if q == int(q) else str(q)


# A fraction of a unit in the next smaller one: two and a half years = P2Y6M.
FRACTION_UNITS = {
    "Y": ("M", 12),
    "M": ("D", 30),
    "W": ("D", 7),
    "D": ("TH", 24),
    "TH": ("TM", 60),
    "TM": ("TS", 60),
}


def _duration(spec: Spec) -> str | None:
    if spec.unit is None or spec.unit not in DURATION_CODES:
        return None
    code = DURATION_CODES[spec.unit]
    quantity = spec.quantity
    if code == "CE" and quantity is None:  # centuries: PXC (TimeML's unit letter)
        return "PXC"
    if code in ("DE", "CE"):  # decades and centuries as years
        quantity = None if quantity is None else quantity * (10 if code == "DE" else 100)
        code = "Y"
    if quantity is None:
        return f"PTX{code[1]}" if code.startswith("T") else f"PX{code}"
    whole, fraction = int(quantity), quantity - int(quantity)
    parts = [(whole, code)] if whole else []
    smaller, factor = FRACTION_UNITS.get(code, ("", 0))
    if fraction and factor and (fraction * factor).is_integer():
        parts.append((int(fraction * factor), smaller))
    elif fraction:  # no whole number of the smaller unit (half a week): P2.5W
        parts = [(quantity, code)]
    date_part = "".join(f"{_amount(n)}{c}" for n, c in parts if not c.startswith("T"))
    time_part = "".join(f"{_amount(n)}{c[1]}" for n, c in parts if c.startswith("T"))
    return "P" + date_part + (f"T{time_part}" if time_part else "")


def _set(spec: Spec) -> TimeValue | None:
    if spec.daypart == "WE":  # every weekend
        return TimeValue(type=TimexType.SET, literal="XXXX-WXX-WE")
    if spec.calendar != "gregorian" and spec.unit is Granularity.YEAR:
        # a day of another calendar every year: no TIMEX3 value names it, a yearly set
        return TimeValue(type=TimexType.SET, literal="P1Y")
    if spec.month is not None:
        day = f"-{spec.day:02d}" if spec.day is not None else ""  # every 30 July: XXXX-07-30
        return TimeValue(type=TimexType.SET, literal=f"XXXX-{spec.month:02d}{day}")
    if spec.day is not None:  # every month on that day: XXXX-XX-01
        return TimeValue(type=TimexType.SET, literal=f"XXXX-XX-{spec.day:02d}")
    if spec.season is not None:
        return TimeValue(type=TimexType.SET, literal=f"XXXX-{spec.season}")
    if spec.quarter is not None:  # usually in the fourth quarter: XXXX-Q4
        return TimeValue(type=TimexType.SET, literal=f"XXXX-Q{spec.quarter}")
    if spec.weekday is not None:
        part = f"T{spec.daypart}" if spec.daypart in ("MO", "AF", "EV", "NI") else ""
        return TimeValue(type=TimexType.SET, literal=f"XXXX-WXX-{spec.weekday + 1}{part}")
    if spec.unit is not None:
        literal = _duration(
            Spec(type=TimexType.DURATION, unit=spec.unit, quantity=spec.quantity or 1)
        )
        return TimeValue(type=TimexType.SET, literal=literal) if literal else None
    return None


def _time(spec: Spec) -> str | None:
    """The time of day: "15:30", "12:00" for noon, or a part of the day (TMO ...)."""
    if spec.hour is not None:
        hour = spec.hour
        if spec.daypart in ("AF", "EV", "NI", "pm") and hour < 12:
            hour += 12
        if spec.daypart == "am" and hour == 12:
            hour = 0
        if spec.daypart == "NI" and hour == 12:  # "12 at night": midnight, as "منتصف الليل"
            hour = 24
        return f"{hour:02d}:{spec.minute or 0:02d}"
    if spec.daypart in DAYPART_TIMES:
        return DAYPART_TIMES[spec.daypart]
    if spec.daypart in ("MO", "AF", "EV", "NI"):
        return spec.daypart
    return None


def _date(spec: Spec, anchor: date, tense: str | None) -> Resolved | None:
    if spec.calendar == "jalali":
        return jalali(spec, anchor, tense)
    if spec.event_year is not None and spec.month is not None and spec.day is not None:
        # an event named by its day: of its year, unless the article is older than it
        happened = date(spec.event_year, spec.month, spec.day) <= anchor
        spec = replace(spec, year=spec.event_year if happened else None, event_year=None)
    if (spec.month is not None or spec.season is not None) and shifted_year(spec):
        # "September of last year", "spring of next year": in the shifted year
        spec = replace(spec, year=anchor.year + (spec.shift or 0), unit=None, shift=None)
    if spec.calendar == "hijri" or spec.hijri_month is not None:
        return hijri(spec, anchor, tense)
    if spec.holiday is not None and spec.unit is Granularity.WEEK:
        # "as Easter week began": the week that holds the holiday; the nearest one, as the
        # week may have begun before the anchor while its holiday is still to come
        found = holiday(spec.holiday, spec.year, anchor, spec.shift, None)
        if found is None:
            return None
        return Granularity.WEEK, period_start(Granularity.WEEK, found[1]), None
    if spec.holiday is not None and spec.daypart == "WE":
        return _holiday_weekend(spec.holiday, spec.year, anchor, spec.shift, tense)
    if spec.holiday is not None and shifted_year(spec):  # "Nowruz next year"
        return holiday(spec.holiday, anchor.year + (spec.shift or 0), anchor, None, None)
    if spec.holiday is not None:
        return holiday(spec.holiday, spec.year, anchor, spec.shift, tense)
    day, month, year = spec.day, spec.month, spec.year
    if spec.offset is not None and spec.weekday is not None and spec.shift is not None:
        # "the day before last Tuesday": days from a weekday placed by its shift
        weekday = _weekday(spec.weekday, anchor, spec.shift, tense)
        return Granularity.DAY, weekday + timedelta(days=spec.offset), None
    if spec.offset is not None:
        day_of = anchor + timedelta(days=spec.offset)
        if spec.weekday is not None and spec.weekday != day_of.weekday():
            # "today, Thursday" in an article dated Friday: the calendar names the day
            ahead = (spec.weekday - day_of.weekday()) % 7
            day_of += timedelta(days=ahead if ahead <= 3 else ahead - 7)
        return Granularity.DAY, day_of, None
    if month is not None and day is not None:
        if year is None:
            year = _year_of(month, day, anchor, spec.shift, tense)
            if spec.weekday is not None and spec.shift is None:
                year = _year_of_weekday(spec.weekday, month, day, year)
        if spec.unit is Granularity.WEEK:  # "the week of March 6": the week that holds it
            return Granularity.WEEK, period_start(Granularity.WEEK, date(year, month, day)), None
        return Granularity.DAY, date(year, month, day), None
    if day is not None and month is None and spec.unit in (None, Granularity.MONTH):
        base = shift_period(Granularity.MONTH, anchor, spec.shift or 0)  # "the 17th of the month"
        return Granularity.DAY, base.replace(day=day), None
    if month is not None:
        if year is None:
            year = _year_of(month, None, anchor, spec.shift, tense)
        return Granularity.MONTH, date(year, month, 1), None
    if spec.season is not None:
        return Granularity.SEASON, _season(spec.season, year, anchor, spec.shift, tense), None
    if spec.quarter is not None or spec.half is not None:
        size, n, granularity = (
            (3, spec.quarter, Granularity.QUARTER)
            if spec.quarter is not None
            else (6, spec.half, Granularity.HALF)
        )
        first_month = (n - 1) * size + 1  # type: ignore[operator]
        if year is not None:
            return granularity, date(year, first_month, 1), None
        if spec.shift is not None:
            return granularity, date(anchor.year + spec.shift, first_month, 1), None
        candidates = [date(anchor.year + k, first_month, 1) for k in (-1, 0, 1)]
        if tense == "past":  # the last one begun
            return granularity, max(d for d in candidates if d <= anchor), None
        if tense == "future":  # the next one not yet over, or not yet reported on (of "the
            # year" named, not yet over: "a recovery in the second half of the year")
            lag = 0 if spec.unit is Granularity.YEAR else REPORTING_LAG_DAYS
            soon = anchor - timedelta(days=lag)
            return granularity, min(d for d in candidates if add_months(d, size) > soon), None
        if first_month - anchor.month > UNTENSED_AHEAD_MONTHS:  # as a month: last year's
            return granularity, candidates[0], None
        return granularity, candidates[1], None
    if spec.weekday is not None:
        return Granularity.DAY, _weekday(spec.weekday, anchor, spec.shift, tense), None
    if spec.decade is not None:
        return Granularity.DECADE, date(spec.decade * 10, 1, 1), None
    if spec.century is not None:
        return Granularity.CENTURY, date(max(spec.century * 100, 1), 1, 1), None
    if spec.daypart == "WE":
        return Granularity.WEEK, _weekend(anchor, spec.shift, tense), None
    if year is not None:
        return Granularity.YEAR, date(year, 1, 1), None
    if spec.unit is not None and spec.shift is not None and spec.unit.rank >= Granularity.DAY.rank:
        return spec.unit, shift_period(spec.unit, anchor, spec.shift), None
    if spec.unit in SECONDS_IN and spec.shift is not None:
        # "two hours ago", "in 48 hours": the day it falls on, counted from the anchor's noon
        # (the time of day of the anchor is not known)
        days = (DAY_SECONDS // 2 + SECONDS_IN[spec.unit] * spec.shift) // DAY_SECONDS
        return Granularity.DAY, anchor + timedelta(days=days), None
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


def _holiday_weekend(
    key: str, year: int | None, anchor: date, shift: int | None, tense: str | None
) -> Resolved | None:
    """ "Labor Day weekend", "Easter weekend": the weekend a holiday falls on or next to (a
    Monday holiday ends the weekend before it, a Thursday one leads to its own). The weekend,
    not the holiday, is placed by the shift or tense, and one under way is that one ("the
    Fourth of July weekend is expected to see record travel" on 5 July: the coming days)."""
    if key.startswith("hijri:"):  # a Hijri day: the one the tense places
        found = holiday(key, year, anchor, shift, tense)
        days = [found[1]] if found is not None and found[0] is Granularity.DAY else []
    else:
        years = [year] if year is not None else [anchor.year + k for k in (-1, 0, 1)]
        days = [d for y in years if (d := _holiday_day(key, y, anchor)) is not None]
    if not days:
        return None
    saturdays = [
        period_start(Granularity.WEEK, d - timedelta(days=1 if d.weekday() == 0 else 0))
        + timedelta(days=5)
        for d in days
    ]
    current = [d for d in saturdays if shift is None and d <= anchor <= d + timedelta(days=1)]
    saturday = current[0] if current else pick(saturdays, anchor, shift, tense)
    return Granularity.WEEK, period_start(Granularity.WEEK, saturday), None


def _holiday_day(key: str, year: int, anchor: date) -> date | None:
    found = holiday(key, year, anchor, None, None)
    return found[1] if found is not None and found[0] is Granularity.DAY else None


def _year_of(
    month: int, day: int | None, anchor: date, shift: int | None, tense: str | None
) -> int:
    """The year of a month (and day) named without one.

    A day named without a year that falls within `NEAR_DAYS` of the anchor is that one
    (news style writes the year only for other years: "the offer, extended to Nov. 20",
    "payable Dec. 7"), unless it is still to come and said in the past ("announced on 3
    July", in May: last July; the words of a schedule nearer to the day than the verb leave
    it untensed: timeline/extract.py); otherwise the tense decides, and without one the
    anchor's year, or the year before for a month well ahead of the anchor's."""
    if shift == 0:
        return anchor.year
    near = _near(anchor, month, day) if shift is None and day is not None else None
    if (
        near is not None
        and day is not None
        and (tense != "past" or date(near, month, day) <= anchor)
    ):
        return near
    if shift is None and day is None and month == anchor.month + 1:
        # the month after the anchor's is the coming one, even in past narration ("told
        # companies of a cutback in September", in August: eleven months back is "last
        # September"); but a review of the year, in December, tells of its January
        return anchor.year
    if shift is None and tense is None:
        if month + 12 - anchor.month == 1:  # January in December, untensed: the coming one
            return anchor.year + 1
        return anchor.year - 1 if month - anchor.month > UNTENSED_AHEAD_MONTHS else anchor.year
    this = (month, day or 1)
    now = (anchor.month, anchor.day if day is not None else 1)
    if shift == -1 or (shift is None and tense == "past"):
        strictly = shift == -1
        return anchor.year if (this < now or (not strictly and this == now)) else anchor.year - 1
    strictly = shift == 1
    return anchor.year if (this > now or (not strictly and this == now)) else anchor.year + 1


def _year_of_weekday(weekday: int, month: int, day: int, year: int) -> int:
    """The year of a day named with its weekday ("Monday 6 February"): `year` if the weekday
    is that day's there, else the year before or after whose day it is (before first)."""
    for y in (year, year - 1, year + 1):
        if _weekday_of(y, month, day) == weekday:
            return y
    return year


def _weekday_of(year: int, month: int, day: int) -> int | None:
    try:
        return date(year, month, day).weekday()
    except ValueError:  # 29 February
        return None


def _near(anchor: date, month: int, day: int) -> int | None:
    """The year in which a month and day fall within `NEAR_DAYS` of the anchor, if any."""
    for year in (anchor.year, anchor.year - 1, anchor.year + 1):
        try:
            if abs((date(year, month, day) - anchor).days) <= NEAR_DAYS:
                return year
        except ValueError:  # February 29 of a common year
            continue
    return None


def _season(
    code: str, year: int | None, anchor: date, shift: int | None, tense: str | None
) -> date:
    month = SEASON_START_MONTH[code]
    if year is not None:
        return date(year, month, 1)
    # the current one, or the one that ended less than a month ago, or else the coming one
    this = date(anchor.year - (1 if month > anchor.month else 0), month, 1)
    end = add_months(this, 3) - timedelta(days=1)
    if (anchor - end).days > JUST_ENDED_DAYS:
        this = this.replace(year=this.year + 1)
    if shift == 0 and this.year > anchor.year:  # "this summer" in November: this year's
        return this.replace(year=anchor.year)
    if shift == -1 or (shift is None and tense == "past" and this > anchor):
        return this.replace(year=this.year - 1)
    if shift == 1 and this <= anchor:
        return this.replace(year=this.year + 1)
    if shift is None and tense == "future" and add_months(this, 3) <= anchor:
        # one under way is still to come ("opens in late spring" in March), as a month is
        return this.replace(year=this.year + 1)
    return this


def _weekday(weekday: int, anchor: date, shift: int | None, tense: str | None) -> date:
    if shift == 0:
        return anchor + timedelta(days=weekday - anchor.weekday())
    if shift is not None and shift > 0 or (shift is None and tense == "future"):
        ahead = (weekday - anchor.weekday()) % 7
        weeks = max(shift or 1, 1) - 1
        return anchor + timedelta(days=(ahead or (7 if shift else 0)) + 7 * weeks)
    back = (anchor.weekday() - weekday) % 7
    weeks = max(-(shift or -1), 1) - 1
    return anchor - timedelta(days=(back or (7 if shift else 0)) + 7 * weeks)


def _weekend(anchor: date, shift: int | None, tense: str | None) -> date:
    """The Monday of the week whose weekend is meant: "this/last/next weekend", "the weekend"
    (untensed on a Friday, the one it begins: in much of the Arab world Friday is part of it)."""
    monday = anchor - timedelta(days=anchor.weekday())
    if shift is not None:
        return monday + timedelta(weeks=shift)
    friday = anchor.weekday() == 4 and tense is None
    if tense == "future" or anchor.weekday() >= 5 or friday:
        return monday
    return monday - timedelta(weeks=1)
