"""events: dated statements become events, in one total timeline order.

An event is the statement around a time expression: its sentence and clause, a short title,
the resolved value, the article, a status (happened, planned, ongoing) and who says so.
Several expressions with the same value in one sentence make one event, and so do a day and a
time of that day (the time's), and a date restated just after it by a finer one that it holds
("a week later, on Jan. 4": the day's). A dateline that
restates the publication date at the very start of the text is a header, not a statement:
it makes no event of its own but dates the article's lead (its first sentence) when the lead
has no date of its own. Durations and sets are not events. Vague references (PAST_REF ...)
are events without a place on the time axis: they are listed apart (see `partition`).

Events of several articles that report one happening are merged by `timeline.merge`.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from timeline.links import ON_ANCHOR
from timeline.model import Article, Event, Granularity, Ref, TimeValue, Timex, TimexType
from timeline.statements import (
    DATE,
    TITLE_LENGTH,
    Words,
    attribution,
    clause_of,
    clause_spans,
    make_title,
    markers,
    words,
)
from timeline.text import sentence_spans

__all__ = ["build_events", "make_title", "order", "order_key", "partition"]

# what may stand between a dateline and the lead: spaces, dashes, colons, commas
_AFTER_DATELINE = re.compile(r"(?:[\s\-–—:,،.]|\([^()\n]{0,40}\))*")
# a lead that ends with a colon introduces what follows ("Here's the latest on the wildfires:",
# "إليكم آخر التطورات:"): no statement for the dateline to date
_INTRO = re.compile(r":\s*$")
# what may stand before a dateline: nothing, a place in capitals and a comma ("CAIRO, ",
# "New York, "), or a place (a region after a comma, an agency in brackets) and a dash
# ("القاهرة (رويترز) - ", "BUFFALO, N.Y. (AP) -- ")
# (twice: a place and its country, "MARRAKECH, Morocco, ", or a place and an outlet, "مراكش -
# هسبريس - ")
# (on the line of the date: "Here's the latest:" on a line of its own is no place)
_BEFORE_DATELINE = re.compile(
    r"\s*(?:(?:[A-Z][\w.'’-]*[^\S\n]?){1,3},[^\S\n]*"
    r"|(?:[^\W\d_][\w.'’-]*,?[^\S\n]?){1,4}(?:\([^()\n]{1,30}\)[^\S\n]*)?[-–—:]+[^\S\n]*){0,2}"
)

# a place that heads the text before a dash, with no date ("GENEVA - ", "MANCHESTER, England
# (Sports Desk) - "): a header, not a part of the lead (its words capitalized: see `_place`)
_PLACE = re.compile(
    r"\s*((?:[^\W\d_][\w.'’-]*,?[^\S\n]){1,3})(?:\([^()\n]{1,30}\)[^\S\n]*)?[-–—]{1,2}[^\S\n]+"
)
# the kind of a position in the markers of a sentence where a reported clause opens
REPORT = "report"
# how far before and after a time expression `[statements]` looks (in its sentence)
_REACH = 90


def order_key(event: Event) -> tuple:
    """The total order of the timeline.

    1. the first day of the event's interval (events without one come last);
    2. on the same first day, the coarser granularity first: "2023" before "January 2023"
       before "1 January 2023", a container before what it contains;
    3. the article id, then the position in the article, then the event id.
    """
    interval = event.value.interval
    start = interval[0] if interval else date.max
    rank = event.value.granularity.rank if event.value.granularity else -1
    return (start, -rank, event.article_id, event.start, event.timex, event.id)


def order(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=order_key)


def partition(events: Iterable[Event]) -> tuple[list[Event], list[Event]]:
    """The events with a place on the time axis, and those listed apart (vague references:
    "recently", "in the past months"), each in timeline order."""
    placed, apart = [], []
    for event in order(events):
        (placed if event.value.is_placed and event.value.interval else apart).append(event)
    return placed, apart


def build_events(article: Article, timexes: Sequence[Timex]) -> list[Event]:
    """The events of one article, in timeline order."""
    w = words(article.lang)
    text = article.text
    sentences = sentence_spans(text, w.lex.sentence_end, w.lex.abbreviations, w.folder)
    dateline = _dateline(timexes, article)
    lead_from = _place(text)
    head = -1  # the last mention of the dateline
    if dateline is not None:
        head = _restated(timexes, dateline, text, w)
        lead_from = _AFTER_DATELINE.match(text, timexes[head].mention.end).end()
    named = _names(text, article.source)
    groups: dict[tuple[int, int, str, str], list[int]] = {}
    running: dict[tuple[int, int], int] = {}  # sentences that count a figure since a date
    for index, timex in enumerate(timexes):
        if timex.value.type in (TimexType.DURATION, TimexType.SET) or index <= head:
            continue
        if named and _inside(timex.mention.start, named):
            continue  # the name of the outlet ("المصري اليوم", "USA Today"): no date
        span = _sentence_of(timex.mention.start, sentences, len(text), lead_from)
        if _heading(text, span, w) or _qualifies(text, timex, span, w):
            continue
        if _running(text, timex, span, w):
            running.setdefault(span, index)  # a total since the date: reported now
            continue
        key = (*span, timex.value.value, timex.value.mod.value if timex.value.mod else "")
        groups.setdefault(key, []).append(index)
    if lead_from is not None and dateline is not None and lead_from < len(text):
        lead = _sentence_of(lead_from, sentences, len(text), lead_from)
        if _INTRO.search(text, *lead) is None and not any(
            k[:2] == lead and timexes[v[0]].value.is_placed for k, v in groups.items()
        ):
            value = timexes[dateline].value
            groups[(*lead, value.value, "")] = [dateline]
    _merge_days_into_times(groups, timexes)
    _merge_appositions(groups, timexes, text)
    spans = _merge_spans(groups, timexes, text, w)
    _date_running(groups, spans, running, timexes, article.published)
    skip = [(t.mention.start, t.mention.end) for t in timexes]
    found: dict[tuple[int, int], list[tuple[int, str]]] = {}  # the markers of each sentence
    events = [
        _event(article, timexes, indices, (key[0], key[1]), w, skip, found, spans.get(key))
        for key, indices in groups.items()
    ]
    return order(events)


def _event(
    article: Article,
    timexes: Sequence[Timex],
    indices: list[int],
    span: tuple[int, int],
    w: Words,
    skip: Sequence[tuple[int, int]],
    found: dict[tuple[int, int], list[tuple[int, str]]],
    value: TimeValue | None = None,
) -> Event:
    """The event of the expressions `indices` of one sentence; `value` (the span of a range)
    dates it instead of its first expression's."""
    text = article.text
    s_start, s_end = span
    first = timexes[indices[0]]
    value = value or first.value
    focus = (first.mention.start, first.mention.end)
    if not s_start <= focus[0] < s_end:  # the dateline dates the lead: no expression inside
        focus = (s_start, s_start)
    clauses = clause_spans(text, s_start, s_end, w)
    c_start, c_end = clause_of(focus[0], clauses)
    sentence = text[s_start:s_end]
    since = _since(text, focus[0], w)
    tense = None
    if since and _around(text, first, span, w, w.since_ongoing):
        tense = "ongoing"  # "has not appeared in public since December": a state since then
    elif _status_needs_tense(value, article.published, since):
        tense = _tense(text, span, focus, clauses, w, skip, found)
    return Event(
        id=event_id(article.id, s_start, first.value),
        article_id=article.id,
        timex=indices[0],
        value=value,
        title=make_title(text, s_start, s_end, focus, clauses, dependent=w.dependent),
        text=sentence,
        start=s_start,
        end=s_end,
        # (a live report's own time stamps tell what happened, after midnight too)
        status="happened"
        if first.mention.event == ON_ANCHOR
        else status(value, article.published, tense),
        attribution=attribution(sentence, w),
        expressions=tuple(indices),
        clause=text[c_start:c_end],
        clause_start=c_start,
        clause_end=c_end,
    )


def _date_running(
    groups: dict[tuple[int, int, str, str], list[int]],
    spans: dict[tuple[int, int, str, str], TimeValue],
    running: dict[tuple[int, int], int],
    timexes: Sequence[Timex],
    published: date | None,
) -> None:
    """A figure counted since a date ("bringing the total since January to 310", "تسجيل
    1200 حالة منذ مطلع أغسطس") is a running total reported now: the sentence's other date
    dates it, else the publication date (the date since which it counts is then the event's
    expression, not its value)."""
    if published is None:
        return
    today = TimeValue(granularity=Granularity.DAY, period=published)
    for span, index in running.items():
        if any(k[:2] == span and timexes[v[0]].value.is_placed for k, v in groups.items()):
            continue
        key = (*span, today.value, "")
        groups[key] = [index]
        spans[key] = today


def _merge_days_into_times(
    groups: dict[tuple[int, int, str, str], list[int]], timexes: Sequence[Timex]
) -> None:
    """A day and a time of that day in one sentence make one event, the time's (the first
    time's, when the sentence names several: "polls open at 8 a.m. on Sunday and close at 6
    p.m."), whatever comes first ("saw the car at 6 a.m. near the home 10 days before the
    murder": one sighting, at 06:00 that day)."""
    times: dict[tuple[int, int, str], tuple[int, int, str, str]] = {}
    for k, v in groups.items():
        if timexes[v[0]].value.type is TimexType.TIME and not k[3]:
            times.setdefault((k[0], k[1], timexes[v[0]].value.value.split("T")[0]), k)
    if not times:
        return
    for key in list(groups):
        time_key = times.get((key[0], key[1], key[2]))
        if time_key is not None and not key[3]:
            head, *rest = groups[time_key]  # the time's expression dates the event
            groups[time_key] = [head, *sorted(rest + groups.pop(key))]


# what stands between a date and another that restates it more finely: spaces ("Thursday last
# week"), or a comma, a bracket or a dash and one short word ("a week later, on Jan. 4"; not
# "Thursday and the week's")
_APPOSITION = re.compile(r"\s*(?:[,،(\-–—][\s,،(\-–—]*(?:[^\W\d_]{1,3}\s+)?)?")


def _merge_appositions(
    groups: dict[tuple[int, int, str, str], list[int]], timexes: Sequence[Timex], text: str
) -> None:
    """A date restated just after it by a finer one that it holds ("Less than a week later,
    on Jan. 4, ...") is one event, the finer date's."""
    key_of = {i: k for k, v in groups.items() for i in v}
    for i in range(len(timexes) - 1):
        a, b = timexes[i], timexes[i + 1]
        ka, kb = key_of.get(i), key_of.get(i + 1)
        if ka is None or kb is None or ka == kb or ka[:2] != kb[:2]:
            continue
        if not _APPOSITION.fullmatch(text, a.mention.end, b.mention.start):
            continue
        coarse, fine = (ka, kb) if _holds(a.value, b.value) else (kb, ka)
        if not _holds(timexes[groups[coarse][0]].value, timexes[groups[fine][0]].value):
            continue
        head, *rest = groups[fine]
        groups[fine] = [head, *sorted(rest + groups.pop(coarse))]
        for j in groups[fine]:
            key_of[j] = fine


def _merge_spans(
    groups: dict[tuple[int, int, str, str], list[int]],
    timexes: Sequence[Timex],
    text: str,
    w: Words,
) -> dict[tuple[int, int, str, str], TimeValue]:
    """Two dates that are the start and the end of one span ("decisions made between 2016
    and 2019", "بين أبريل 2021 وأبريل 2022", as the lexicon's `[statements] span` says) make
    one event, dated by the span from the first to the end of the second (the first's TIMEX3
    value, its interval running on: `TimeValue.last`). Returns the span of each such event."""
    spans: dict[tuple[int, int, str, str], TimeValue] = {}
    if w.span is None:
        return spans
    key_of = {i: k for k, v in groups.items() for i in v}
    for i in range(len(timexes) - 1):
        a, b = timexes[i], timexes[i + 1]
        ka, kb = key_of.get(i), key_of.get(i + 1)
        if ka is None or kb is None or ka == kb or ka[:2] != kb[:2] or kb in spans:
            continue
        first, second = a.value.interval, b.value.interval
        if first is None or second is None or second[1] <= first[1] or a.value.mod or b.value.mod:
            continue
        window = w.folder.fold(text[max(ka[0], a.mention.start - _REACH) : a.mention.start])
        between = w.folder.fold(text[a.mention.end : b.mention.start])
        if not w.span.search(window + DATE + between + DATE):
            continue
        groups[ka] = sorted(groups[ka] + groups.pop(kb), key=lambda j: j != i)
        spans[ka] = replace(a.value, last=second[1], time=None)
        for j in groups[ka]:
            key_of[j] = ka
    return spans


def _around(
    text: str, timex: Timex, sentence: tuple[int, int], w: Words, pattern: re.Pattern[str] | None
) -> bool:
    """Whether `pattern` (of `[statements]`, `DATE` standing for the time expression) matches
    the words around the expression in its sentence, folded. A "since" word that the
    expression holds ("منذ 24 عاما") is read as one before it."""
    if pattern is None:
        return False
    start, end = timex.mention.start, timex.mention.end
    before = w.folder.fold(text[max(sentence[0], start - _REACH) : start])
    if w.since_head is not None:
        head = w.since_head.match(w.folder.fold(timex.mention.text))
        if head is not None:
            before = f"{before}{head.group(0)}"
    after = w.folder.fold(text[end : min(sentence[1], end + _REACH)])
    return pattern.search(before + DATE + after) is not None


def _running(text: str, timex: Timex, sentence: tuple[int, int], w: Words) -> bool:
    """Whether the date is the start of a running total (`[statements] running`): a figure
    counted since a calendar period ("the total since January", "تسجيل 1200 حالة منذ مطلع
    أغسطس"). Since a day or an hour, it counts from what happened then ("30 ألف شخص نزحوا منذ
    فجر أمس", when the dams burst): that stays an event."""
    g = timex.value.granularity
    return (
        timex.value.is_placed
        and g is not None
        and g.rank > Granularity.DAY.rank
        and _around(text, timex, sentence, w, w.running)
    )


def _qualifies(text: str, timex: Timex, sentence: tuple[int, int], w: Words) -> bool:
    """Whether the date only qualifies a noun (`[statements] qualifier`): a comparison base
    ("compared with 2019 levels"), a text's name ("the finance bill 2024"), a reporting period
    as a label ("fourth-quarter results"), a cut-off ("born after April 5, 1960"). It dates no
    event of its own."""
    return _around(text, timex, sentence, w, w.qualifier)


def _heading(text: str, sentence: tuple[int, int], w: Words) -> bool:
    """Whether the sentence is a short question on a line of its own that heads what follows
    ("Why now?", "متى يبدأ التطبيق؟"): no statement of its own."""
    if w.heading is None or not w.heading.search(text[sentence[0] : sentence[1]]):
        return False
    rest = text[sentence[1] : sentence[1] + 40].lstrip(" \t")
    return not rest or rest[0] in "\r\n"


def _place(text: str) -> int | None:
    """Where the lead starts after a place that heads the text with no date ("GENEVA - ",
    "MANCHESTER, England (Sports Desk) - "), each word of the place capitalized; else None."""
    m = _PLACE.match(text)
    if m is None or not all(word[0].isupper() for word in m.group(1).split()):
        return None
    return m.end()


def _holds(outer: TimeValue, inner: TimeValue) -> bool:
    """Whether `outer` is coarser than `inner` and holds it."""
    if outer.interval is None or inner.interval is None:
        return False
    if outer.granularity is None or inner.granularity is None:
        return False
    return (
        outer.granularity.rank > inner.granularity.rank
        and outer.interval[0] <= inner.interval[0]
        and inner.interval[1] <= outer.interval[1]
    )


def event_id(article_id: str, start: int, value: TimeValue) -> str:
    """A stable id: the article, the sentence and the value (with its modifier)."""
    mod = value.mod.value if value.mod else ""
    digest = hashlib.sha1(f"{article_id}\0{start}\0{value.value}\0{mod}".encode()).hexdigest()
    return digest[:10]


def _status_needs_tense(value: TimeValue, published: date | None, since: bool = False) -> bool:
    """Whether `status` looks at the tense: not for a vague reference, nor for a period all
    after the publication date, nor for one all before it unless it follows a "since"
    word (what began then may be said to go on)."""
    if value.ref is not None:
        return False
    interval = value.interval
    if interval is None or published is None:
        return True
    return interval[0] <= published and (since or published <= interval[1])


def _since(text: str, at: int, w: Words) -> bool:
    """Whether the expression at `at` follows a "since" word of the lexicon ("منذ")."""
    return (
        w.since is not None
        and w.since.search(w.folder.fold(text[max(0, at - 16) : at])) is not None
    )


def status(value: TimeValue, published: date | None, tense: str | None) -> str:
    """planned, ongoing or happened.

    A vague reference follows its word (FUTURE_REF planned, PRESENT_REF ongoing). A period
    that starts after the publication date is planned, one that ended before it happened
    (unless said to go on: "لا تزال ... منذ مطلع الشهر", "still ... since March"). A
    period that contains the publication date is planned when said in the future ("will",
    "من المقرر", "سيزور"), ongoing when said so ("still", "لا يزال") or when it lasts longer
    than the day, unless a past verb is nearest ("warned in July", in July), else (a statement
    of the day itself) happened.
    """
    if value.ref is Ref.FUTURE:
        return "planned"
    if value.ref is Ref.PRESENT:
        return "ongoing"
    if value.ref is Ref.PAST:
        return "happened"
    interval = value.interval
    if interval is None or published is None:
        return "planned" if tense == "planned" else "happened"
    first, last = interval
    if first > published:
        return "planned"
    if last < published:  # ("still ... since March": a state that began then, not over)
        return "ongoing" if tense == "ongoing" else "happened"
    if tense in ("planned", "ongoing"):
        return tense
    if tense == "past":
        return "happened"
    return "happened" if first == last else "ongoing"


def _names(text: str, source: str) -> list[tuple[int, int]]:
    """Where the text names the article's outlet (its `source`), sorted."""
    source = source.strip()
    if len(source) < 3:
        return []
    found, at = [], text.find(source)
    while at >= 0:
        found.append((at, at + len(source)))
        at = text.find(source, at + len(source))
    return found


def _inside(at: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether `at` falls in one of `spans` (sorted, not overlapping: the mentions)."""
    i = bisect.bisect_right(spans, (at, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= at < spans[i][1]


def _tense(
    text: str,
    sentence: tuple[int, int],
    focus: tuple[int, int],
    clauses: Sequence[tuple[int, int]],
    w: Words,
    skip: Sequence[tuple[int, int]],
    cache: dict[tuple[int, int], list[tuple[int, str]]],
) -> str | None:
    """The status marker nearest to the time expression: in its clause, else in its sentence
    (markers inside time expressions, like "next" in "next year", do not count). The markers
    of a sentence are found once (`cache`), whatever the number of its events."""
    found = cache.get(sentence)
    if found is None:
        s_start, s_end = sentence
        folded, offsets = w.folder.fold_with_offsets(text[s_start:s_end])
        found = [
            (s_start + (offsets.original(at) if offsets else at), kind)
            for at, kind in markers(folded, 0, len(folded), w)
        ]
        found = [(at, kind) for at, kind in found if not _inside(at, skip)]
        if w.report is not None:  # (where a reported clause opens: "that", "إن")
            found += [
                (s_start + (offsets.original(m.start()) if offsets else m.start()), REPORT)
                for m in w.report.finditer(folded)
            ]
        cache[sentence] = found
    reports = [at for at, kind in found if kind == REPORT]
    found = [(at, kind) for at, kind in found if kind != REPORT]
    if not found:
        return None
    clause = clause_of(focus[0], clauses)
    inside = [(at, kind) for at, kind in found if clause[0] <= at < clause[1]]
    pool = inside or found
    # a marker beyond a reported clause's opening is of the other side ("said in an interview
    # this week that the company will ...": the week is the saying's)
    near = [
        m for m in pool if not any(min(m[0], focus[0]) < r < max(m[0], focus[1]) for r in reports)
    ]
    pool = near or pool
    at, kind = min(pool, key=lambda m: (min(abs(m[0] - focus[0]), abs(m[0] - focus[1])), m[0]))
    return kind


def _dateline(timexes: Sequence[Timex], article: Article) -> int | None:
    """The index of the dateline: a day at the very start of the text, perhaps after a place
    ("WASHINGTON, August 8 --", "القاهرة - ٣٠ ديسمبر"), that restates the publication date or
    stands alone on its line."""
    if not timexes:
        return None
    timex, text = timexes[0], article.text
    interval = timex.value.interval
    if (
        interval is None
        or interval[0] != interval[1]
        or not _BEFORE_DATELINE.fullmatch(text, 0, timex.mention.start)
    ):
        return None
    if timex.value.period == article.published:
        return 0
    # a header line of its own ("WASHINGTON, August 7 (Xinhua) --") is a dateline whatever
    # its day (wires date the news the day before it is published)
    after = _AFTER_DATELINE.match(text, timex.mention.end).end()
    return 0 if after == len(text) or "\n" in text[timex.mention.end : after] else None


def _restated(timexes: Sequence[Timex], k: int, text: str, w: Words) -> int:
    """The last mention of a dateline written in two calendars ("الخميس 11 رمضان 1445هـ
    الموافق 21 مارس 2024م"): the mentions of its day after the k-th, joined as the lexicon's
    `[calendars] same_day` says."""
    same = w.lex.same_day
    while same is not None and k + 1 < len(timexes):
        a, b = timexes[k], timexes[k + 1]
        between = w.folder.fold(text[a.mention.end : b.mention.start])
        if b.value.value != a.value.value or not same.fullmatch(between):
            break
        k += 1
    return k


def _sentence_of(
    at: int, sentences: Sequence[tuple[int, int]], length: int, lead_from: int | None
) -> tuple[int, int]:
    """The sentence around position `at` (the lead starts after the dateline)."""
    for start, end in sentences:
        if start <= at < end:
            if lead_from is not None and start < lead_from < end:
                start = lead_from
            return start, end
    return at, min(length, at + TITLE_LENGTH)
