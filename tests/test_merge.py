"""Merging across articles: a small corpus of overlapping stories (tests/corpus), Arabic and
English, two reports of each of the main happenings and distinct happenings of the same days."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from timeline import read_articles
from timeline.events import order_key
from timeline.merge import MergedEvent, merge, similarity
from timeline.model import Article
from timeline.pipeline import process

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def results():
    return [process(a) for a in read_articles([str(CORPUS)])]


@pytest.fixture(scope="module")
def merged(results):
    return merge(results)


def find(merged: list[MergedEvent], value: str, words: str) -> list[MergedEvent]:
    return [m for m in merged if m.value.value == value and any(words in e.text for e in m.events)]


def test_the_corpus_timeline_orders_across_articles(merged):
    keys = [order_key(m.lead) for m in merged]
    assert keys == sorted(keys)
    starts = [m.interval[0] for m in merged if m.interval]
    assert starts == sorted(starts)
    assert len({m.lead.article_id for m in merged}) == 5  # every article leads some event
    story = [
        find(merged, "2023-11", "similar storm"),
        find(merged, "2024-02", "Annual urban inflation"),
        find(merged, "2024-03-21", "raised its main interest rate"),
        find(merged, "2024-05-23", "monetary policy committee"),
    ]
    assert all(len(found) == 1 for found in story)
    positions = [merged.index(found[0]) for found in story]
    assert positions == sorted(positions)
    assert not merged[-1].value.is_placed  # "in recent months" comes last, apart


def test_the_same_happening_reported_twice_is_one_event_with_two_sources(merged):
    (hike,) = find(merged, "2024-03-21", "raised its main interest rate")
    assert hike.sources == ("rates-en-daily", "rates-en-wire")
    assert len(hike.events) == 2
    (arabic,) = find(merged, "2024-03-21", "رفع البنك المركزي المصري")
    assert set(arabic.sources) == {"rates-ar-agency", "rates-ar-paper"}
    (inflation,) = find(merged, "2024-02", "Annual urban inflation")
    assert set(inflation.sources) == {"rates-en-wire", "rates-en-daily"}
    (inflation_ar,) = find(merged, "2024-02", "التضخم السنوي")
    assert set(inflation_ar.sources) == {"rates-ar-agency", "rates-ar-paper"}


def test_a_day_and_its_month_merge_under_the_more_precise_report(merged):
    (meeting,) = [
        m for m in merged if m.lead.article_id == "rates-en-wire" and "May 23" in m.lead.text
    ]
    assert meeting.value.value == "2024-05-23"  # the day, not "in May"
    assert [e.value.value for e in meeting.events] == ["2024-05-23", "2024-05"]
    assert meeting.interval == (date(2024, 5, 23), date(2024, 5, 23))


def test_distinct_happenings_of_the_same_day_stay_apart(merged):
    thursday = [m for m in merged if m.value.value == "2024-03-21"]
    texts = [" / ".join(e.text for e in m.events) for m in thursday]
    storms = [t for t in texts if "storm" in t or "عاصفة" in t]
    assert len(storms) == 2 and all("interest" not in t and "الفائدة" not in t for t in storms)
    sunday = [m for m in merged if m.value.value == "2024-03-24"]
    assert len(sunday) == 2 and all(len(m.sources) == 1 for m in sunday)


def test_languages_are_not_merged(merged):
    for m in merged:
        langs = {"ar" if e.article_id.startswith("rates-ar") else "en" for e in m.events}
        assert len(langs) == 1


def test_disjoint_intervals_never_merge(merged):
    for m in merged:
        if m.interval is None:
            continue
        first, last = m.interval
        assert first <= last
        for e in m.events:
            interval = e.value.interval
            assert interval[0] <= last and first <= interval[1]
    text = "The central bank raised its main interest rate by 200 basis points {when}."
    a = Article("a", text.format(when="on Thursday"), lang="en", published=date(2024, 3, 21))
    b = Article("b", text.format(when="last month"), lang="en", published=date(2024, 3, 21))
    merged_ab = merge([process(a), process(b)])
    assert len(merged_ab) == 2


def test_one_article_under_two_ids_gives_one_set_of_events_with_two_sources(results):
    article = next(r.article for r in results if r.article.id == "rates-en-daily")
    twin = replace(article, id="rates-en-daily-copy", title="A copy")
    once = process(article)
    merged = merge([once, process(twin)])
    assert len(merged) == len(once.events)
    for m in merged:
        assert m.sources == ("rates-en-daily", "rates-en-daily-copy")
        assert m.events[0].text == m.events[1].text


def test_merge_is_deterministic_and_keeps_every_event(results, merged):
    again = merge(list(reversed(results)))
    assert [(m.id, m.sources) for m in again] == [(m.id, m.sources) for m in merged]
    assert sum(len(m.events) for m in merged) == sum(len(r.events) for r in results)
    assert len({m.id for m in merged}) == len(merged)


def test_similarity_needs_shared_words():
    assert similarity(["storm", "alexandria"], ["bank", "rates"]) == 0
    assert similarity(["storm"], ["storm"]) == 0  # one shared word is not enough
    assert similarity(["bank", "raised", "rate"], ["bank", "raised", "rate", "points"]) == 100


def test_the_corpus_page_shows_each_happening_once_with_every_source(tmp_path, results, merged):
    from timeline.site import build_site

    build_site(results, tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    items = re.findall(r'<li class="event .*?</li>', index, re.S)
    assert len(items) == len(merged)
    hikes = [i for i in items if "event--day" in i and "raised its main interest rate" in i]
    assert len(hikes) == 1
    assert 'href="articles/rates-en-daily.html"' in hikes[0]
    assert 'href="articles/rates-en-wire.html"' in hikes[0]
