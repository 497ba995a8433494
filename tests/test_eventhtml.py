"""The fast event markup (`timeline.eventhtml`) is the very text of the template macro."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_hostile import hostile_results
from test_site import arabic, english

from timeline import views
from timeline.eventhtml import event_html, paragraph_html
from timeline.merge import merge_items
from timeline.model import ArticleResult
from timeline.site import _article_items, _environment, _ui_texts, templates_dir
from timeline.views import EventView, page_events


def _views(results: list[ArticleResult], lang: str) -> list[EventView]:
    """The events of every article as an article page and as the index list them (merged,
    with several sources), with numbers, text links, and events without a date."""
    text_for = _ui_texts(templates_dir())
    text = text_for(lang)
    views: list[EventView] = []
    corpus, reports = [], []
    for n, result in enumerate(results):
        _, items = _article_items(result, f"slug-{n}", text_for, lang)
        anchors = [item.anchor for item in items]
        for rows in ("number", "precision"):
            page = page_events(items, anchors, text, rows=rows, marked={0, 1, 2})
            views += page.placed + page.unplaced
        corpus += items
        reports += [(i.event, result.article.lang, i.event.text.split()) for i in items]
    by_event = {id(item.event): item for item in corpus}
    merged = []
    for happening in merge_items(reports):
        found = [by_event[id(event)] for event in happening.events]
        sources = {item.article["slug"]: item.article for item in found}
        merged.append(replace(found[0], sources=tuple(sources.values())))
    index = page_events(merged, [i.anchor for i in merged], text, rows="lanes", prefix="a/")
    views += index.placed + index.unplaced
    # an attribution, a source in the page's language and one in another
    last = views[-1]
    other = {**last["article"], "lang": "ar" if lang != "ar" else "en", "dir": "rtl"}
    source = {**last["sources"][0], "lang": lang} if last["sources"] else None
    views.append(
        {
            **last,
            "attribution": "<Reuters & 'co'>",
            "article": other,
            "sources": [s for s in (source, *last["sources"]) if s],
            "number": 7,
        }
    )
    return views


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_event_html_is_the_macro(lang: str) -> None:
    env = _environment(templates_dir())
    text = _ui_texts(templates_dir())(lang)
    results = [english(), arabic(), *hostile_results()[:8]]
    results.append(replace(results[0], events=results[0].events[:1]))
    views = _views(results, lang)
    module = env.get_template("_events.html").make_module({"lang": lang, "ui": dict(text.ui)})
    assert any(v["attribution"] for v in views) and any(not v["first"] for v in views)
    assert any(len(v["sources"]) > 1 for v in views) and any(v["text_link"] for v in views)
    assert len(views) > 50
    for view in views:
        for show_sources in (True, False):
            for level in (3, 4):
                fast = event_html(view, show_sources, level, lang, text.ui)
                assert fast == str(module.item(view, show_sources, level))  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_paragraph_html_is_the_macro(lang: str) -> None:
    env = _environment(templates_dir())
    module = env.get_template("_paragraph.html").make_module({})
    text_for = _ui_texts(templates_dir())
    paragraphs = []
    for result in [english(), arabic(), *hostile_results()[:8]]:
        _, items = _article_items(result, "slug", text_for, lang)
        marks = {item.event.timex: item.anchor for item in items}
        paragraphs += views.paragraphs(result.article.text, result.timexes, marks)
    # marks with and without a link and an id, and text to escape, in and out of a mark
    paragraphs.append(
        [
            {"text": "<b> & 'x' \"y\"", "mark": False, "mark_id": "", "href": "", "value": ""},
            {"text": "a < b", "mark": True, "mark_id": "tx-1", "href": "#e&1", "value": "<X>"},
            {"text": "c > d", "mark": True, "mark_id": "", "href": "", "value": "2022"},
        ]
    )
    assert any(s["mark"] and s["href"] for p in paragraphs for s in p)
    assert any(s["mark"] and not s["href"] for p in paragraphs for s in p)
    assert len(paragraphs) > 10
    for paragraph in paragraphs:
        fast = paragraph_html(paragraph)
        assert fast == str(module.paragraph(paragraph))  # type: ignore[attr-defined]
