"""links: dates joined to the events a text tells of, counts from them, clocks on the next day."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.extract import extract
from timeline.lang import trie_regex
from timeline.links import compile_links
from timeline.model import Spec
from timeline.resolve import resolve_all
from timeline.text import Folder


def values(text: str, dct: str, lang: str = "en") -> dict[str, str]:
    timexes = resolve_all(extract(text, lang), date.fromisoformat(dct))
    return {t.mention.text: t.value.value for t in timexes}


def test_an_event_word_across_a_line_break_is_the_same_word():
    text = "He was gunned\ndown on Oct. 23. A week after he was gunned down, police made an arrest."
    assert values(text, "1999-05-05")["A week"] == "1998-W44"


def test_the_count_follows_the_event_not_the_last_date_named():
    text = (
        "The Feb. 6 earthquake killed thousands. Aid arrived on Feb. 20. "
        "Three days after the quake, the first field hospital opened."
    )
    assert values(text, "2023-03-10")["Three days"] == "2023-02-09"


def test_a_kind_without_verbs_matches_no_verb():
    data = {
        "before": r"(?P<event>{noun}|{verb}) $",
        "counted": r" (?P<event>{noun}|{verb})",
        "kinds": {"quake": {"nouns": ["quake"]}},
    }
    links = compile_links(data, Folder(lowercase=True), trie_regex)
    assert links is not None
    count = Spec(unit=None, shift=-2, narrative="always")
    assert links.at("two days before the storm", 0, 15, count) is None
    assert links.at("two days before quake", 0, 15, count) == ("counts", "quake")
    assert links.at("the quake oct. 3", 10, 16, Spec(month=10, day=3)) == ("dates", "quake")


def test_a_joining_regex_without_an_event_group_is_refused():
    data = {"before": r"{noun} $", "kinds": {"quake": {"nouns": ["quake"]}}}
    with pytest.raises(ValueError, match=r"\[events\] before: no group named event"):
        compile_links(data, Folder(lowercase=True), trie_regex)
