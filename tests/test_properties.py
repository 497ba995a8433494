"""Properties of extraction that hold for any text (hypothesis generates the texts)."""

from __future__ import annotations

import importlib
import io
import json
import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.extract import extract
from timeline.ingest import InputError, read_articles
from timeline.lang import load
from timeline.model import Article
from timeline.pipeline import process
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
    # the prefilter, the index and a full scan find the same (the first two are speed-ups)
    assert extract(text, lang, prefilter=False) == mentions
    assert extract(text, lang, exhaustive=True) == mentions
    lex = load(lang)
    folded = lex.folder.fold(text)
    marks = importlib.import_module("timeline.lang.markers").finditer_spans
    expected = [m.span() for m in lex.sentence_end.finditer(folded)]
    assert marks(lex.sentence_end, folded) == expected
    for markers in (lex.future, lex.past):  # grouped marker regexes: a speed-up too
        expected = [m.span() for m in markers.plain.finditer(folded)]
        assert [m.span() for m in markers.finditer(folded)] == expected
        assert markers.spans(folded) == expected
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


# Hostile text: bidi controls, combining marks, zero-width characters and mixed scripts, in
# every language with a lexicon; then the whole pipeline (events too), and what the input
# stage makes of strings that are not Unicode text (lone surrogates).

LANGS = ["ar", "en", "fr", "es", "de", "ru", "fa", "tr"]
BIDI = [chr(c) for c in [0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f"]
COMBINING = [chr(c) for c in [0x0301, 0x0308, 0x0327, 0x064B, 0x0651, 0x0670, 0x20DD, 0x1AB0]]
SCRIPTS = [
    "Ⅻ",
    "٣٠",
    "۱۴۰۱",
    "३०",
    "๓๐",
    "２０２２",
    "𝟐𝟎𝟐𝟐",
    "Σεπτέμβριος",
    "九月",
    "🗓️",
    "\r\n",
    "\t",
]


def hostile_texts(lang: str) -> st.SearchStrategy[str]:
    pieces = PIECES.get(lang, PIECES["en"])
    piece = st.one_of(
        st.sampled_from(pieces),
        st.sampled_from(BIDI + INVISIBLE + COMBINING + SCRIPTS),
        st.text(max_size=4),
    )
    return st.lists(piece, max_size=30).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(LANGS).flatmap(lambda lang: st.tuples(hostile_texts(lang), st.just(lang))))
def test_bidi_controls_combining_marks_and_mixed_scripts(case):
    text, lang = case
    check(text, lang)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["ar", "en"]).flatmap(lambda g: st.tuples(hostile_texts(g), st.just(g))))
def test_whole_pipeline(case):
    text, lang = case
    if not text.strip():
        return
    article = Article(id="x", text=text, published=date(2022, 12, 30), lang=lang)
    result = process(article)
    assert process(article) == result  # deterministic
    for timex in result.timexes:
        m = timex.mention
        assert text[m.start : m.end] == m.text
    for event in result.events:
        assert text[event.start : event.end] == event.text
        assert 0 <= event.timex < len(result.timexes)
        if event.value.interval is not None:
            assert event.value.interval[0] <= event.value.interval[1]
        assert len(event.title) <= 121


# Python strings may hold lone surrogates (from "\ud800" escapes in JSON); extraction copes,
# and reading refuses them with one line, since no page or file could be written from them.
SURROGATE = st.integers(0xD800, 0xDFFF).map(chr)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40), SURROGATE, st.text(max_size=40), st.sampled_from(["ar", "en"]))
def test_lone_surrogates(before, surrogate, after, lang):
    text = before + surrogate + after
    check(text, lang)  # never raises
    record = {"text": text or "x", "published": "2022-12-30", "lang": lang}
    line = json.dumps(record, ensure_ascii=True).encode("ascii")  # "\udXXX" escapes
    errors: list[InputError] = []
    read = list(read_articles(["-"], stdin=io.BytesIO(line), on_error=errors.append))
    assert read == [] and len(errors) == 1
    assert "is not Unicode text: a lone surrogate" in str(errors[0])
    str(errors[0]).encode("utf-8")  # the message can be printed
