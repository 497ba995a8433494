"""Every language with a lexicon builds site pages in its own words and direction; a language
without one that dateparser knows gets its explicit dates, flagged as partial support."""

from __future__ import annotations

import re
import tomllib
from datetime import date

import pytest
from markupsafe import escape

from timeline.exports import article_record
from timeline.extract import extract
from timeline.lang import LexiconError, available, load
from timeline.lang.partial import lexicon_data, support
from timeline.model import Article
from timeline.pipeline import process
from timeline.resolve import resolve_all
from timeline.site import build_site, templates_dir

DCT = date(2022, 12, 30)
# One article per language: (text, an expression it holds, that expression's value).
ARTICLES = {
    "fr": ("Le ministre est arrivé hier à Paris. Le sommet aura lieu le printemps prochain.",
           "le printemps prochain", "2023-SP"),
    "es": ("El ministro llegó ayer a Madrid. La cumbre se celebrará la próxima primavera.",
           "la próxima primavera", "2023-SP"),
    "de": ("Der Minister kam gestern in Berlin an. Der Gipfel findet im kommenden Frühjahr statt.",
           "kommenden Frühjahr", "2023-SP"),
    "ru": ("Министр прибыл вчера в Москву. Саммит пройдет следующей весной.",
           "следующей весной", "2023-SP"),
    "fa": ("وزیر دیروز به تهران رسید. این نشست در ۱۰ دی ۱۴۰۱ برگزار خواهد شد.",
           "۱۰ دی ۱۴۰۱", "2022-12-31"),
    "tr": ("Bakan dün Ankara'ya geldi. Zirve gelecek bahar yapılacak.",
           "gelecek bahar", "2023-SP"),
}  # fmt: skip


def test_the_six_languages_have_lexicons_and_ui_strings():
    assert set(ARTICLES) <= set(available())
    english = tomllib.loads((templates_dir() / "i18n" / "en.toml").read_text(encoding="utf-8"))
    for code in ARTICLES:
        own = tomllib.loads((templates_dir() / "i18n" / f"{code}.toml").read_text("utf-8"))
        assert own["dir"] == load(code).direction
        for section, keys in english.items():
            if isinstance(keys, dict):
                assert set(own[section]) >= set(keys), f"{code}: [{section}] lacks keys"


@pytest.mark.parametrize("code", sorted(ARTICLES))
def test_an_article_builds_a_page_in_its_language(code, tmp_path):
    text, expression, value = ARTICLES[code]
    result = process(Article(id=f"{code}-article", text=text, published=DCT, lang=code))
    found = {t.mention.text: t.value.value for t in result.timexes}
    assert found[expression] == value
    assert article_record(result)["support"] == "full"
    build_site([result], tmp_path / "site", standalone=False)
    (page,) = (tmp_path / "site" / "articles").glob("*.html")
    html = page.read_text(encoding="utf-8")
    ui = tomllib.loads((templates_dir() / "i18n" / f"{code}.toml").read_text(encoding="utf-8"))
    assert re.search(rf'<html[^>]* lang="{code}"[^>]* dir="{ui["dir"]}"', html), html[:300]
    assert str(escape(ui["ui"]["article_text"])) in html
    assert str(escape(expression)) in html


def test_a_language_dateparser_knows_has_partial_support():
    text = "Il vertice si è tenuto venerdì 30 dicembre 2022 a Roma; ieri e il 15.11.2022."
    assert support("it") == "partial" and lexicon_data("it") is not None
    found = {t.mention.text: t.value.value for t in resolve_all(extract(text, "it"), DCT)}
    assert found == {"venerdì 30 dicembre 2022": "2022-12-30", "ieri": "2022-12-29",
                     "15.11.2022": "2022-11-15"}  # fmt: skip
    result = process(Article(id="it-article", text=text, published=DCT, lang="it"))
    assert article_record(result)["support"] == "partial"
    assert [e.value.value for e in result.events] == ["2022-11-15", "2022-12-29", "2022-12-30"]


def test_a_language_nobody_knows_is_still_an_error():
    assert support("xx") == "none"
    with pytest.raises(LexiconError, match="no lexicon for language 'xx'"):
        load("xx")
