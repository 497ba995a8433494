"""Extraction: spans into the original text, folding, clitics, digits, and what is not a date."""

from __future__ import annotations

import importlib
import platform
from pathlib import Path

import pytest

from timeline.extract import Tenses, extract
from timeline.lang import load
from timeline.model import Granularity, Mod, Ref

SEED = Path(__file__).parent.parent / "seeds" / "000_b8def699f72820c2.txt"


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8").split("\n", 1)[1]


def test_seed_expressions_and_offsets():
    text = seed_text()
    mentions = extract(text, "ar")
    for m in mentions:
        assert text[m.start : m.end] == m.text
    found = [m.text for m in mentions]
    for phrase in [
        "٣٠ ديسمبر ٢٠٢٢",
        "اليوم الجمعة",
        "30 كانون الأول/ديسمبر 2022",
        "العام المقبل",
        "الربيع المقبل",
        "لهذا العام",
        "نهاية العام الجاري",
        "تشرين الأول/ أكتوبر الماضي",
        "شباط/ فبراير الماضي",
        "الأشهر الأخيرة",
        "هذا الأسبوع",
        "الشهر الماضي",
    ]:
        assert phrase in found
    assert any(p.endswith("أيلول/ سبتمبر الماضي") for p in found)
    # "مجموعة الـ 20" (the G20) and "مجموعة العشرين" are not dates
    assert not any("20" == p.strip() for p in found)
    assert len(mentions) == 13


def test_half_resolved_values():
    by_text = {m.text: m.spec for m in extract(seed_text(), "ar")}
    assert by_text["الشهر الماضي"].unit is Granularity.MONTH and by_text["الشهر الماضي"].shift == -1
    assert by_text["الربيع المقبل"].season == "SP" and by_text["الربيع المقبل"].shift == 1
    assert by_text["نهاية العام الجاري"].part is Mod.END
    assert by_text["الأشهر الأخيرة"].ref is Ref.PAST
    assert by_text["اليوم الجمعة"].offset == 0 and by_text["اليوم الجمعة"].weekday == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وصل الوفد الأسبوع الماضي", "الأسبوع الماضي"),
        ("وصل الوفد الاسبوع الماضى", "الاسبوع الماضى"),  # no hamza, alef maqsura
        ("وصل الوفد الأسبـــوع الماضي", "الأسبـــوع الماضي"),  # tatweel
        ("يصل الوفد غداً", "غداً"),  # tanween kept in the span
        ("وبالعام المقبل تبدأ", "بالعام المقبل"),  # proclitics: و stays out
        ("موعد للعام المقبل", "للعام المقبل"),  # ل + ال
        ("في ٣٠ ديسمبر ٢٠٢٢ وقع", "٣٠ ديسمبر ٢٠٢٢"),  # Arabic-Indic digits
        ("في ۳۰ دسامبر", None),  # a Persian month name is not Arabic
        ("في ۳۰ ديسمبر ۲۰۲۲ وقع", "۳۰ ديسمبر ۲۰۲۲"),  # Persian digits
    ],
)
def test_arabic_spelling_variants(text, expected):
    mentions = extract(text, "ar")
    if expected is None:
        assert mentions == []
        return
    assert [m.text for m in mentions] == [expected]
    m = mentions[0]
    assert text[m.start : m.end] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The company sold 1,000 shares.",
        "The Senate passed the bill in a 7-4 vote.",
        "A Boeing 747 landed safely.",
        "He may come back.",
        "Trading was halted at 2022 points.",
    ],
)
def test_english_numbers_that_are_not_dates(text):
    assert [m.text for m in extract(text, "en")] == []


def test_english_offsets_with_case_folding():
    text = "Putin spoke on Friday, December 30, 2022 about NEXT SPRING."
    mentions = extract(text, "en")
    assert [text[m.start : m.end] for m in mentions] == ["Friday, December 30, 2022", "NEXT SPRING"]


def test_longest_match_wins_and_no_overlaps():
    mentions = extract("The deal was signed on Dec. 30, 2022 in Moscow.", "en")
    assert [m.text for m in mentions] == ["Dec. 30, 2022"]
    spans = [(m.start, m.end) for m in extract(seed_text(), "ar")]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_tense_of_sentence():
    (m,) = extract("The minister will travel to Paris in March.", "en")
    assert m.tense == "future"
    (m,) = extract("The minister travelled to Paris in March.", "en")
    assert m.tense == "past"


def test_range_of_years_gives_two_mentions():
    mentions = extract("قاد الفريق بين 2008 و2011 إلى الألقاب.", "ar")
    assert [m.text for m in mentions] == ["2008", "2011"]
    assert [m.spec.year for m in mentions] == [2008, 2011]


def test_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match="no lexicon for language 'xx'"):
        extract("text", "xx")


def _all_case_texts():
    import tomllib

    cases = Path(__file__).parent / "cases"
    for path in sorted(cases.glob("*.toml")):
        table = tomllib.loads(path.read_text(encoding="utf-8"))
        lang = table.get("lang", path.stem)
        for case in table["case"]:
            yield lang, case["text"]
    yield "ar", seed_text()


def test_windows_find_what_a_full_scan_finds():
    """Rules run only where the prefilter saw their matches may start, or near their anchor
    words (speed-ups): the result must be the same as running every rule over the whole text."""
    texts = list(_all_case_texts())
    assert len(texts) > 500
    by_lang: dict[str, list[str]] = {}
    for lang, text in texts:
        by_lang.setdefault(lang, []).append(text)
    for lang, group in by_lang.items():
        joined = "\n".join(group)  # one long text too: windows merge and split
        for text in [*group, joined]:
            full = extract(text, lang, exhaustive=True)
            assert extract(text, lang) == full, text[:80]
            assert extract(text, lang, prefilter=False) == full, text[:80]


@pytest.mark.parametrize(
    ("lang", "unit"),
    [
        ("en", "12/3/2022/14/05/1999/"),
        ("ar", "١٢/٣/٢٠٢٢/١٤/٠٥/1999/"),
        ("en", "January February March April May June July August "),
        ("ar", "كانون الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول "),
        ("en", "on 3 May 2021, 4/5 on Friday at 10:30 a.m. 2022-01-02 "),
    ],
)
def test_windows_find_what_a_full_scan_finds_in_dense_text(lang, unit):
    """A mention every few characters (a rule may start at every place; matches overlap):
    the result is still that of every rule over the whole text."""
    text = unit * 40
    assert extract(text, lang) == extract(text, lang, exhaustive=True)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Figures for 12/3/2022/14/05/1999 came on Dec. 30, 2022.", ["Dec. 30, 2022"]),
        (
            "en",
            "See https://www.example.com/2022/12/01/story-2021, said on Friday.",
            ["Friday"],
        ),
        ("en", "Read WWW.EXAMPLE.ORG/2021/05/06. Then in March 2020 it fell.", ["March 2020"]),
        ("ar", "الرقم ١٢/٣/٢٠٢٢/١٤/٠٥ صدر في 30 ديسمبر 2022.", ["30 ديسمبر 2022"]),
        ("ar", "المصدر: https://www.dw.com/ar/2022/12/30/a-1 في العام الماضي.", ["العام الماضي"]),
    ],
)
def test_web_addresses_and_number_chains_are_not_read(lang, text, expected):
    """A web address and four or more numbers joined by slashes are masked before the rules
    run: no date inside them, the same in every path, and the dates after them keep their
    places in the original text."""
    for kwargs in ({}, {"prefilter": False}, {"exhaustive": True}):
        mentions = extract(text, lang, **kwargs)
        assert [m.text for m in mentions] == expected, kwargs
        assert all(text[m.start : m.end] == m.text for m in mentions)


def test_a_once_pattern_of_the_prefilter_is_reported_once():
    from timeline.prefilter import Prefilter

    prefilter = Prefilter(("a", "b+"), once=1)
    starts = prefilter.starts("a b a bb a b")
    if platform.machine().lower() not in ("x86_64", "amd64"):
        assert starts is None  # no hyperscan wheel
        return
    assert starts is not None
    assert starts[0] == [0, 4, 9]
    assert len(starts[1]) == 1


def test_the_prefilter_reads_any_character():
    """The prefilter scans one byte per character: the characters of the lexicon's rules have
    their own, every other one that of its class (a word character, white space, or any
    other). Characters outside the alphabet before a text move the places, change none."""
    lex = load("en")
    alphabet = lex.prefilter.alphabet
    text = "a\u00e9 \u4e2d\u2028-\u00a0\ud800\u0627\n"
    assert alphabet.encode(text) == b"a\xfe \xfe -\x20\xff\xfe\n"
    from timeline.prefilter import Alphabet

    private = Alphabet(["\ue001\ue003"])  # characters it could have used for unused bytes
    assert len(set(private.table)) == 256 and private.encode("\ue003\ue001") == b"\x81\x80"
    for lang, text in _all_case_texts():
        folded = lex.folder.fold(text)
        if lang != "en":
            continue
        starts = lex.prefilter.starts(folded)
        if starts is None:
            return  # no hyperscan on this platform
        moved = lex.prefilter.starts("\u00e9\u2028\ud800" + folded)
        assert moved is not None
        kept = {r: [s - 3 for s in places if s >= 3] for r, places in moved.items()}
        assert starts == {r: places for r, places in kept.items() if places}, text


def test_the_prefilter_classes_take_every_character_they_may():
    """A character class of a rule, written in the prefilter's bytes, takes the byte of every
    character it takes (it may take more): characters left out of the alphabet included."""
    import re

    from timeline.prefilter import Alphabet, _reversed

    alphabet = Alphabet(["\u2000x\u0627"])
    chars = [chr(i) for i in range(0x3000)] + ["\ue000", "\u3400", "\U0001f600", "\ud800"]
    classes = [
        *(r"[^ ]", r"[\u2000-\u200a]", r"[^\w]", r"[^\W\d_]", r"[^\s]", r"\S", r"[^\u2000]"),
        *(r"[^\d]", r"\w", r"\W", r"\d", r"\s", r"[\u0600-\u06ff]", r"[^\u0627x]", r"."),
    ]
    for cls in classes:
        python, written = re.compile(cls), re.compile(_reversed(cls, alphabet))
        for c in chars:
            if python.fullmatch(c):
                assert written.fullmatch(alphabet.encode(c)), (cls, c)


def test_the_prefilter_misses_nothing_in_other_scripts():
    """Text in scripts a lexicon does not know, around dates: the same mentions as a full
    scan (the prefilter reads those characters by their class)."""
    texts = {
        "en": "On Friday,\u00a0Dec. 30 2022 \u2014 caf\u00e9 \u4e2d\u6587 12/3/2022 \ud800 "
        "\u0394\u03b5\u03ba. 5 and 3\u00a0weeks later.",
        "ar": "\u067e\u0698 \u0641\u064a 30 \u062f\u064a\u0633\u0645\u0628\u0631 2022 "
        "caf\u00e9 \u4e2d \u0627\u0644\u0639\u0627\u0645 \u0627\u0644\u0645\u0627\u0636\u064a.",
    }
    for lang, text in texts.items():
        full = extract(text, lang, exhaustive=True)
        assert full, lang
        assert extract(text, lang) == full, lang


def test_the_prefilter_never_misses_a_match():
    """Every match of every rule, in every case sentence, starts where the prefilter said a
    match of that rule may start (hyperscan is a dependency where it has wheels: x86-64)."""
    texts = list(_all_case_texts())
    for lang in sorted({lang for lang, _ in texts}):
        lex = load(lang)
        for code, text in texts:
            if code != lang:
                continue
            folded = lex.folder.fold(text)
            starts = lex.prefilter.starts(folded)
            if platform.machine().lower() not in ("x86_64", "amd64"):
                assert starts is None
                continue
            assert starts is not None
            for order, rule in enumerate(lex.rules):
                for match in rule.regex.finditer(folded):
                    assert match.start() in starts.get(order, ()), (lang, rule.source, text)


def test_the_prefilter_can_be_turned_off(monkeypatch):
    from timeline.prefilter import Prefilter

    prefilter = Prefilter(tuple(rule.regex.pattern for rule in load("en").rules))
    monkeypatch.setenv("TIMELINE_PREFILTER", "0")
    assert prefilter.starts("on Friday, Dec. 30") is None
    assert extract("on Friday, Dec. 30", "en")[0].text == "Friday, Dec. 30"


def test_first_character_lookaheads_change_no_match():
    """Each rule regex is led by a lookahead for the characters its matches can begin with
    (a speed-up): without it, every rule finds the same matches in every case sentence."""
    import re

    texts = list(_all_case_texts())
    for lang in {lang for lang, _ in texts}:
        lex = load(lang)
        folded = [lex.folder.fold(text) for code, text in texts if code == lang]
        for rule in lex.rules:
            pattern = rule.regex.pattern
            if not pattern.startswith("(?=["):
                continue
            bare = re.compile(pattern[pattern.index("])") + 2 :])
            for text in folded:
                assert [m.span() for m in rule.regex.finditer(text)] == [
                    m.span() for m in bare.finditer(text)
                ], (lang, rule.source, text)


def test_remembered_values_are_the_computed_ones(monkeypatch):
    """Values of span-less rule matches are remembered by rule and words (a speed-up): the
    same mentions with a full memo, an empty one and one cleared as it fills."""
    import importlib

    module = importlib.import_module("timeline.extract")
    text = "Last year and next year, on Friday and last Friday; in 2021 and in 2022."
    lex = load("en")
    first = extract(text, "en")
    assert extract(text, "en") == first  # from the memo
    lex.specs.clear()
    monkeypatch.setattr(module, "MEMO", 2)
    assert extract(text, "en") == first
    assert 0 < len(lex.specs) <= 2


def test_marker_alternations_find_what_the_plain_alternation_finds():
    """Tense and status markers are found by grouped regexes (a speed-up, see
    timeline/lang/markers.py): the same matches as the plain alternation, in every case
    sentence, in the whole text of each language, and in windows of it."""
    from timeline.statements import words

    texts = list(_all_case_texts())
    for lang in sorted({lang for lang, _ in texts}):
        w = words(lang)
        folded = [w.folder.fold(text) for code, text in texts if code == lang]
        whole = "\n".join(folded)
        checked = 0
        for markers in (w.lex.future, w.lex.past, w.planned, w.ongoing):
            if markers is None:
                continue
            for text in [*folded, whole]:
                found = [m.span() for m in markers.finditer(text)]
                assert found == [m.span() for m in markers.plain.finditer(text)], (lang, text)
                assert markers.spans(text) == found, (lang, text)
                checked += len(found)
            for start in range(0, len(whole), 97):
                end = start + 300
                expected = [m.span() for m in markers.plain.finditer(whole, start, end)]
                assert [m.span() for m in markers.finditer(whole, start, end)] == expected
                assert markers.spans(whole, start, end) == expected
        assert checked > 0, lang
        # sentence end marks: found from the characters they begin with (a speed-up too)
        marks = importlib.import_module("timeline.lang.markers").finditer_spans
        for text in [*folded, whole]:
            expected = [m.span() for m in w.lex.sentence_end.finditer(text)]
            assert marks(w.lex.sentence_end, text) == expected, (lang, text)
        for start in range(0, len(whole), 97):
            expected = [m.span() for m in w.lex.sentence_end.finditer(whole, start, start + 300)]
            assert marks(w.lex.sentence_end, whole, start, start + 300) == expected


def test_tense_markers_as_compiled_find_what_the_lexicon_writes():
    """Word lists among the tense markers are compiled as tries, and the plain words merged
    into one, tried last (`timeline.lang._alternation`, a speed-up): the same matches as the
    lexicon's regexes as written, the plain words last (longest first), in every case
    sentence and in the whole text of each language."""
    import re
    import tomllib

    from timeline.lang import LANG_DIR

    plain = re.compile(r"\\b[\w' ]+\\b")

    def words_last(patterns: list[str]) -> list[str]:
        words = [p[2:-2] for p in patterns if plain.fullmatch(p)]
        others = [p for p in patterns if not plain.fullmatch(p)]
        return others + [rf"\b{w}\b" for w in sorted(words, key=len, reverse=True)]

    texts = list(_all_case_texts())
    for lang in sorted({lang for lang, _ in texts}):
        lex = load(lang)
        tense = tomllib.loads((LANG_DIR / f"{lang}.toml").read_text(encoding="utf-8"))["tense"]
        folded = [lex.folder.fold(text) for code, text in texts if code == lang]
        for key, markers in (("future", lex.future), ("past", lex.past)):
            if markers is None:
                continue
            patterns = words_last(tense[key])
            written = "|".join(f"(?:{lex.folder.fold_pattern(p)})" for p in patterns)
            as_written = re.compile(written)
            for text in [*folded, "\n".join(folded)]:
                expected = [m.span() for m in as_written.finditer(text)]
                assert markers.spans(text) == expected, (lang, key, text[:80])


def test_marker_groups_and_sentence_ends_have_starters():
    """The speed-up of the test above is there: every sentence end pattern runs by its
    starter (timeline/lang/markers.py), and so does every group of Arabic and English tense
    markers that begins with a word."""
    from timeline.lang.markers import LEADS, starter

    for lang in ("ar", "de", "en", "es", "fa", "fr", "ru", "tr"):
        assert starter(load(lang).sentence_end.pattern) is not None, lang
    for lang in ("ar", "en"):
        lex = load(lang)
        groups = [f for m in (lex.future, lex.past) if m for f in m.finders]
        worded = [f for f in groups if f.pattern.startswith(LEADS)]
        assert worded, lang
        assert all(starter(f.pattern) is not None for f in worded), lang


def test_tense_markers_tried_where_the_prefilter_saw_them_are_those_of_a_scan():
    """`Tenses` tries the future and past markers only where one scan of the text saw they
    may start (`Lexicon.tense_prefilter`): the same spans as a scan of each sentence, on
    every case text, whole and in a slice."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        assert load("en").tense_prefilter.starts("x") is None
        return
    texts: dict[str, list[str]] = {}
    for code, text in _all_case_texts():
        texts.setdefault(code, []).append(text)
    compared = 0
    for code, group in texts.items():
        lex = load(code)
        if lex.tense_prefilter is None:
            continue
        for text in [*group, " ".join(group)]:
            folded = lex.folder.fold(text)
            places = Tenses(folded, lex)._places()
            assert places is not None, code
            for marker in ("future", "past"):
                markers = getattr(lex, marker)
                if markers is None:
                    continue
                for pos, endpos in ((0, len(folded)), (len(folded) // 3, 2 * len(folded) // 3)):
                    expected = markers.spans(folded, pos, endpos)
                    assert markers.spans_at(folded, places[marker], pos, endpos) == expected
                    compared += len(expected)
    assert compared > 1000


def test_the_prefilter_takes_the_spaces_python_takes():
    """Hyperscan's white space lacks U+001C-U+001F (Python's has them), and the prefilter
    reads a run of spaces as one character (folding leaves no longer run)."""
    for sep in ("\x1c", "\x1f", " \n\t ", "\u2028", "\u00a0"):
        text = f"It closed on Friday,{sep}Dec.{sep}30{sep}2022, and reopened last{sep}week."
        full = extract(text, "en", exhaustive=True)
        assert len(full) == 2, (sep, full)
        assert extract(text, "en") == full, repr(sep)


def test_every_rule_fits_the_prefilter():
    """A rule regex too large for hyperscan (about 16,000 bytes once compiled) would run
    near its anchor words instead: slower. Every rule of every lexicon fits."""
    from timeline.lang import available

    if platform.machine().lower() not in ("x86_64", "amd64"):
        assert load("en").prefilter.starts("x") is None
        return
    for lang in available():
        lex = load(lang)
        assert lex.prefilter.starts("x") is not None
        assert not lex.prefilter.left_out, (
            f"rules {sorted(lex.prefilter.left_out)} of {lang}.toml are too large for the "
            "hyperscan prefilter: split them or narrow their word classes"
        )


def test_rules_left_out_of_the_prefilter_run_near_their_anchors(monkeypatch):
    from timeline.prefilter import Prefilter

    huge = "(?:" + "|".join(f"w{i}x{i * 7919 % 10007}" for i in range(2500)) + r")\s+\d+"
    prefilter = Prefilter((r"\bfriday\b", huge, r"\d+"))
    assert prefilter.starts("on friday, dec. 30") == {0: [3], 2: [16, 17]}
    assert prefilter.left_out == {1}
    lex = load("en")
    for order in (3, 11, 25):  # as if these rules had been left out
        monkeypatch.setattr(lex.prefilter, "left_out", frozenset({order}))
        for code, text in _all_case_texts():
            if code == "en":
                assert extract(text, "en") == extract(text, "en", exhaustive=True), text


def test_threads_extract_alike():
    """The prefilter keeps a hyperscan scratch space per thread: threads may extract at once."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [" ".join([text] * 5) for code, text in _all_case_texts() if code in ("ar", "en")]
    langs = [code for code, _ in _all_case_texts() if code in ("ar", "en")]
    alone = [extract(text, lang) for text, lang in zip(texts, langs, strict=True)]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(extract, texts, langs))
    assert together == alone


def test_marker_groups_apart_run_in_one_search():
    """Groups of markers that begin with different characters run as one regex (a speed-up,
    `Markers.starter`): what the plain alternation finds; groups that may begin with the same
    character do not."""
    from timeline.lang.markers import Markers

    for lang in ("ar", "en"):
        assert load(lang).future.starter is not None, lang
    assert load("en").past.starter is not None
    apart = Markers([r"\bwill \w+", r"'ll\b", r"\bwas\b", r"ed\b(?<=\w\w\wed)"])
    together = Markers([r"\bwill\b", r"will\b"])
    assert apart.starter is not None and together.starter is None
    for text in ["he'll go; it was will be", "we'll swill'll", "it ended, was played 'll", ""]:
        for markers in (apart, together):
            expected = [m.span() for m in markers.plain.finditer(text)]
            assert markers.spans(text) == expected, text
            assert markers.spans(text, 3, len(text) - 2) == [
                m.span() for m in markers.plain.finditer(text, 3, len(text) - 2)
            ]


def test_a_glued_conjunction_stays_out_of_the_extent_and_a_word_keeps_its_first_letter():
    """و/ف glued to a mention's first word is left out of its extent, whether the rule read it
    as its own proclitic, as that of a word class, or in a second «» span; a word the rule
    spells out that begins with that letter ("فترة") stays whole."""
    assert [m.text for m in extract("وأمس قال الوزير", "ar")] == ["أمس"]
    assert [m.text for m in extract("فالعام الماضي شهد تراجعا", "ar")] == ["العام الماضي"]
    assert [m.text for m in extract("وبالعام الماضي", "ar")] == ["بالعام الماضي"]
    assert "يوليو المقبلين" in [m.text for m in extract("بين يونيو ويوليو المقبلين", "ar")]
    import tomllib

    from timeline.extract import _after_conjunction
    from timeline.lang import LANG_DIR, compile_lexicon

    data = tomllib.loads((LANG_DIR / "ar.toml").read_text(encoding="utf-8"))
    data["rule"] = [{"match": "فترة الصيف"}, {"match": "{season} {shift}"}]
    lex = compile_lexicon(data)
    for text, rule, kept in [
        ("فترة الصيف", 0, 0),  # ف is the word's own letter
        ("وفترة الصيف", 0, 1),  # the rule's proclitic
        ("فالصيف المقبل", 1, 1),  # the word class's proclitic
        ("وبالصيف المقبل", 1, 1),  # و left out, ب kept
    ]:
        match = lex.rules[rule].regex.match(lex.folder.fold(text))
        assert match is not None, text
        start = _after_conjunction(match.string, 0, match.end(), match, lex.rules[rule], lex)
        assert start == kept, text
