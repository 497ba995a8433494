"""Properties of extraction that hold for any text (hypothesis generates the texts)."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.extract import extract
from timeline.resolve import resolve_all

# Words and pieces that make time expressions likely, mixed with anything at all.
PIECES = {
    "ar": [
        "الشهر الماضي",
        "العام المقبل",
        "أيلول/ سبتمبر",
        "اليوم",
        "أمس",
        "2022",
        "٣٠",
        "ديسمبر",
        "هذا الأسبوع",
        "نهاية",
        "الربيع",
        "و",
        "بال",
        "لل",
        "ـ",
        "ً",
        "هـ",
        "/",
        "-",
        "م",
        "رمضان",
        "الساعة",
        "مساء",
        "قبل",
        "بعد",
        "ثلاثة أشهر",
        "يومين",
        " ",
        "\n",
        "،",
        ".",
        "1437",
    ],
    "en": [
        "last month",
        "next year",
        "Dec. 30",
        "2022",
        "the end of",
        "this week",
        "spring",
        "ago",
        "three",
        "days",
        "Friday",
        "3 p.m.",
        "the 1990s",
        "'90s",
        "every",
        "Christmas",
        "fiscal",
        " ",
        "\n",
        ",",
        ".",
        "-",
        "/",
        "12",
        "early",
        "a year earlier",
        "now",
        "quarter",
    ],
}
VALUE = re.compile(
    r"\d{4}(-\d\d(-\d\d(T(\d\d:\d\d|MO|AF|EV|NI))?)?|-W\d\d(-WE)?|-(SP|SU|FA|WI)|-Q[1-4]|-H[12])?"
    r"|\d{2,3}"
    r"|(PAST|PRESENT|FUTURE)_REF"
    r"|P(\d+(\.\d+)?|X)(Y|M|W|D|Q)(\d+[MD])?|PT(\d+(\.\d+)?|X)[HMS](\d+M)?|P\d+DT\d+H"
    r"|XXXX-(\d\d|WXX-\d(T(MO|AF|EV|NI))?|SP|SU|FA|WI)"
)


def texts(lang: str) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(PIECES[lang]), st.text(max_size=6))
    return st.lists(piece, max_size=25).map("".join)


def check(text: str, lang: str) -> None:
    mentions = extract(text, lang)
    again = extract(text, lang)
    assert mentions == again  # deterministic
    previous_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= previous_end  # in text order, without overlaps
        previous_end = m.end
    for timex in resolve_all(mentions, date(2022, 12, 30)):
        value = timex.value
        assert VALUE.fullmatch(value.value), value.value
        if value.interval is not None:
            assert value.interval[0] <= value.interval[1]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts("ar"))
def test_arabic_extraction_properties(text):
    check(text, "ar")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts("en"))
def test_english_extraction_properties(text):
    check(text, "en")


@settings(max_examples=200, deadline=None)
@given(st.text(), st.sampled_from(["ar", "en"]))
def test_any_unicode_string(text, lang):
    check(text, lang)
