"""Publication dates: datelines at the start of a text, ISO and RFC 822 strings, and whether a
date is plausible for a news article."""

from __future__ import annotations

import email.utils
import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser
from dateparser.data import language_locale_dict
from dateparser.languages.loader import default_loader

NO_DATE = "no publication date found; give --dct YYYY-MM-DD"
EARLIEST = date(1900, 1, 1)  # older publication dates are read, with a warning
# Later than this many days after today is a mistake (a day for time zones and embargoes).
FUTURE_SLACK = timedelta(days=1)

# A dateline is short: its year ends within this many characters of the line start.
_DATELINE_MAX = 40
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")  # \d matches the digits of every script
_YMD = re.compile(r"\s*(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")  # 2022-12-30, 2022/12/30
# A label before the date, in any language: "Published: 2023-11-02", "تاريخ النشر: ..."
_LABEL = re.compile(r"[^\d:\n]{1,30}:\s*")
# A place before the date, as agencies write it: "القاهرة - 30 ديسمبر 2022 (رويترز) -",
# "PARIS — 2 May 2023"
_PLACE = re.compile(r"[^\d:\n\-–—]{1,30}\s[-–—]\s*")
# ... or a place and a comma, with its region, country or outlet if any: "DAKAR, March 22, 2024
# (AFP) -", "LONDON, 12 July 2023 -", "MARRAKECH, Morocco, March 8, 2024 (Reuters) -",
# "مراكش - هسبريس - الأحد 8 شتنبر 2024"
_PLACES = re.compile(r"(?:[^\d:\n,\-–—]{1,30}(?:,|\s[-–—]))+")
_PLACE_END = re.compile(r",|\s[-–—]")
# The double month names of the Levant, "كانون الأول/ديسمبر" or "كانون الأول (ديسمبر)": the words
# on either side of the slash (or in the brackets) between the day and the year.
_DOUBLE_MONTH = re.compile(r"(?<=\d)\s+([^\d/()]+?)\s*[/(]\s*([^\d/()]+?)\)?(?=\s+\d)")
# dateparser's keys for the months of its language data (concepts, not words).
_MONTHS = tuple(
    "january february march april may june july august september october november december".split()
)


def doubt(published: date, today: date) -> str | None:
    """Why a publication date is suspect (before 1900, or in the future), or None."""
    if published < EARLIEST:
        return f"publication date {published} is before {EARLIEST.year}; is it right?"
    if published > today + FUTURE_SLACK:
        return f"publication date {published} is in the future (today is {today}); is it right?"
    return None


def iso_date(value: str) -> date | None:
    """The date of an ISO 8601 date or datetime (its own local date, whatever its time zone)."""
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def any_date(value: object) -> date | None:
    """The date of a date, a datetime, an ISO 8601 string or an RFC 822 one (as in RSS),
    in its own time zone; None for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    if (found := iso_date(value)) is not None:
        return found
    try:
        return email.utils.parsedate_to_datetime(value.strip()).date()
    except (TypeError, ValueError, IndexError):
        return None


def dateline_date(line: str, lang: str) -> date | None:
    """The publication date at the start of a line (after a label ending with a colon, or a
    place and a dash or a comma, if any), or None.

    A numeric year-month-day date, or else the shortest prefix ending with a four-digit year
    that dateparser reads as a full date (day, month and year), in the language and then in
    each of its regional variants (Levantine, Maghrebi month names, ...). Digits of any script
    count.
    """
    head = _ascii_digits(unicodedata.normalize("NFKC", line[: _DATELINE_MAX * 2]))
    if label := _LABEL.match(head) or _PLACE.match(head):
        head = head[label.end() :]
    found = _date_at_start(head, lang)
    if found is None and (places := _PLACES.match(head[:_DATELINE_MAX])):
        # after each comma or dash in turn: the place alone, then the place and its country
        for end in _PLACE_END.finditer(places[0]):
            found = _date_at_start(head[end.end() :].lstrip(), lang)
            if found is not None:
                break
    return found


def _date_at_start(head: str, lang: str) -> date | None:
    if ymd := _YMD.match(head):
        try:
            return date(int(ymd[1]), int(ymd[3]), int(ymd[4]))
        except ValueError:
            pass
    for year in _YEAR.finditer(head):
        if year.end() > _DATELINE_MAX:
            break
        for candidate in _double_month_variants(head[: year.end()].strip()):
            for locale in _locales(lang):
                parsed = _parse(candidate, locale)
                if parsed is not None:
                    return parsed
    return None


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _double_month_variants(text: str) -> list[str]:
    """`text`, and if it names a month twice ("A/ B"), each name alone."""
    double = _DOUBLE_MONTH.search(text)
    if double is None:
        return [text]
    before, after = text[: double.start(1)], text[double.end() :]
    return [text, before + double[1] + after, before + double[2] + after]


@lru_cache(maxsize=16)
def _locales(lang: str) -> tuple[str | None, ...]:
    """`lang` and those of its regional locales that name the months differently.

    (None,) for a language dateparser does not know: it then guesses the language.
    """
    lang = lang.lower()
    if lang not in language_locale_dict:
        return (None,)
    by_months: dict[str, str] = {}  # the month names of a locale -> the first locale using them
    for code in [lang, *language_locale_dict[lang]]:
        info = default_loader.get_locale(code).info
        by_months.setdefault(repr([info.get(month) for month in _MONTHS]), code)
    return tuple(by_months.values())


@lru_cache(maxsize=4096)
def _parse(text: str, locale: str | None) -> date | None:
    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}
    parsed = dateparser.parse(text, locales=[locale] if locale else None, settings=settings)
    return parsed.date() if parsed else None
