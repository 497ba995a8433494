"""Every lexicon follows the same schema and compiles; its words extract as declared."""

from __future__ import annotations

import tomllib

import pytest

from timeline.extract import CONCEPTS, MONTHS, concept_of, extract
from timeline.lang import LANG_DIR, SECTIONS, LexiconError, available, compile_lexicon, load

LANGS = available()


def test_arabic_and_english_are_available():
    assert {"ar", "en"} <= set(LANGS)


@pytest.mark.parametrize("code", LANGS)
def test_lexicon_schema(code):
    data = tomllib.loads((LANG_DIR / f"{code}.toml").read_text(encoding="utf-8"))
    assert set(SECTIONS) <= set(data)
    assert data["language"]["code"] == code
    assert data["language"]["direction"] in ("ltr", "rtl")
    for cls in data["words"]:
        assert concept_of(cls) in CONCEPTS, f"unknown word class {cls}"
    assert set(data["words"]["month"]) == set(MONTHS)
    for concept, forms in data["words"]["month"].items():
        assert forms, f"{code}: no form for {concept}"
    for key in ("month", "weekday", "season", "unit", "shift", "offset", "part", "ref", "number"):
        assert key in data["words"], f"{code}: missing words.{key}"


@pytest.mark.parametrize("code", LANGS)
def test_every_month_name_extracts_with_a_year(code):
    data = tomllib.loads((LANG_DIR / f"{code}.toml").read_text(encoding="utf-8"))
    for n, concept in enumerate(MONTHS, 1):
        for form in data["words"]["month"][concept]:
            mentions = extract(f"{form} 2021", code)
            assert [(m.spec.month, m.spec.year) for m in mentions] == [(n, 2021)], form


def test_bad_lexicons_are_rejected_with_a_message():
    good = tomllib.loads((LANG_DIR / "en.toml").read_text(encoding="utf-8"))
    broken = {k: v for k, v in good.items() if k != "tense"}
    with pytest.raises(LexiconError, match="missing sections"):
        compile_lexicon(broken, "x.toml")
    bad_rule = dict(good, rule=[{"match": "{nosuchclass}"}])
    with pytest.raises(LexiconError, match="unknown class"):
        compile_lexicon(bad_rule, "x.toml")
    bad_regex = dict(good, rule=[{"match": "({month}"}])
    with pytest.raises(LexiconError, match="does not compile"):
        compile_lexicon(bad_regex, "x.toml")


def test_lexicons_are_cached():
    assert load("ar") is load("ar")
