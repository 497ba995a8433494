"""The fast paths a large corpus needs give what the slow, obvious ones give: the chart as
plain data (no plotly validation), the iCalendar file written directly, merging through a
word index."""

from __future__ import annotations

import importlib
import json
import random
from datetime import date, timedelta

import icalendar
import plotly.graph_objects as go
import pytest

from timeline import exports
from timeline.chart import ChartItem, ChartText, figure_data
from timeline.events import order_key
from timeline.merge import Report, _Index, content_words, merge, merge_sorted
from timeline.model import Article, Granularity
from timeline.pipeline import process

TEXT = ChartText(
    lang="ar",
    legend_title="الدقة",
    expression="التعبير <",
    value="القيمة",
    granularity={"day": "يوم", "month": "شهر"},
    months=[str(m) for m in range(12)],
    short_months=[str(m) for m in range(12)],
)


def chart_items(n: int, seed: int) -> list[ChartItem]:
    rng = random.Random(seed)
    items = []
    for i in range(n):
        first = date(1990, 1, 1) + timedelta(days=rng.randint(0, 12_000))
        items.append(
            ChartItem(
                anchor=f"e{i}",
                row=str(i % 70),
                granularity=rng.choice(list(Granularity)[3:]),
                first=first,
                last=first + timedelta(days=rng.randint(0, 400)),
                title="<b>title</b> & " * rng.randint(1, 12),
                expression="الشهر الماضي",
                value="2022-11",
                sources="Wire, Daily",
            )
        )
    return items


@pytest.mark.parametrize("n", [1, 7, 80, 1200])  # 1200: WebGL traces
@pytest.mark.parametrize("compact", [True, False])
def test_chart_data_is_what_plotly_makes_of_it(n: int, compact: bool) -> None:
    data = figure_data(chart_items(n, n), TEXT, compact=compact)
    validated = go.Figure(data).to_plotly_json()
    assert json.loads(json.dumps(data)) == json.loads(json.dumps(validated))


def calendar_document() -> dict:
    awkward = ["a,b;c\\d\ne\r\nf", "ب" * 90, "x\\" * 60, "€" * 40 + "a\\;" * 20, "short"]
    events = []
    for i, words in enumerate(awkward * 3):
        first = date(2020, 1, 1) + timedelta(days=37 * i)
        events.append(
            {
                "id": f"e{i}",
                "article": f"a{i % 2}",
                "interval": [first.isoformat(), (first + timedelta(days=i)).isoformat()],
                "title": words,
                "text": f"{words} {words}",
                "expression": words[:20],
                "when": "then",
                "value": "2020",
                "status": "happened",
                "sources": [{"source": "Wire, Inc.", "title": "t"}, {"source": "", "title": "T;"}],
            }
        )
    events.append({**events[0], "id": "vague", "interval": None})
    articles = [
        {"id": "a0", "published": "2022-12-30", "url": "https://example.org/a?b=1,2"},
        {"id": "a1", "published": None, "url": ""},
    ]
    return {"title": "Timeline", "articles": articles, "events": events}


def reference_ics(document: dict) -> icalendar.Calendar:
    """The calendar as icalendar builds it."""
    from datetime import UTC, datetime

    articles = {a["id"]: a for a in document["articles"]}
    cal = icalendar.Calendar()
    cal.add("prodid", "-//timeline//timeline//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", document["title"])
    for e in document["events"]:
        if not e["interval"]:
            continue
        a = articles[e["article"]]
        first, last = (date.fromisoformat(d) for d in e["interval"])
        stamp = date.fromisoformat(a["published"]) if a["published"] else date(1970, 1, 1)
        import hashlib

        event = icalendar.Event()
        event.add("uid", hashlib.sha1(f"{a['id']}\0{e['id']}".encode()).hexdigest() + "@timeline")
        event.add("dtstamp", datetime(stamp.year, stamp.month, stamp.day, tzinfo=UTC))
        event.add("dtstart", first)
        event.add("dtend", last + timedelta(days=1))
        event.add("summary", e["title"])
        lines = [" ".join(e["text"].split()), f"{e['expression']} → {e['when']} ({e['value']})"]
        lines += [s["source"] or s["title"] for s in e["sources"]]
        event.add("description", "\n".join(lines))
        event.add("categories", [e["status"]])
        event.add("transp", "TRANSPARENT")
        if a["url"]:
            event.add("url", a["url"])
        cal.add_component(event)
    return cal


def test_calendar_reads_back_as_icalendar_builds_it() -> None:
    document = calendar_document()
    text = exports.ics_text(document)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    ours = icalendar.Calendar.from_ical(text)
    theirs = icalendar.Calendar.from_ical(reference_ics(document).to_ical())
    assert ours.to_ical() == theirs.to_ical()
    assert len(ours.walk("VEVENT")) == len(document["events"]) - 1


def test_merging_through_the_index_is_merging_against_every_group(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(7)
    sentences = [
        "The central bank raised interest rates by two points on {d}.",
        "Interest rates were raised by the central bank on {d}, officials said.",
        "Parliament will vote on the budget in {m}.",
        "The budget vote in parliament is expected in {m}.",
        "Storms flooded the coastal city {r}.",
        "Floods hit the coastal city {r} after storms.",
    ]
    days = ["12 March 2023", "13 March 2023", "1 May 2023"]
    months = ["June 2023", "next month", "July 2023"]
    vague = ["recently", "in recent months"]
    results = []
    for i in range(60):
        parts = [
            rng.choice(sentences).format(
                d=rng.choice(days), m=rng.choice(months), r=rng.choice(vague)
            )
            for _ in range(4)
        ]
        article = Article(id=f"a{i}", text=" ".join(parts), lang="en", published=date(2023, 3, 14))
        results.append(process(article))
    indexed = merge(results)
    assert len(indexed) < sum(len(r.events) for r in results)  # some merged

    def every_group(self, words):
        groups = {g.number: g for posting in self.postings.values() for g in posting}
        return [groups[n] for n in sorted(groups) if groups[n].alive]

    monkeypatch.setattr(_Index, "candidates", every_group)
    assert merge(results) == indexed


def test_merging_streams_and_forgets_closed_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    """`merge_sorted` yields a happening once no later report can join it, long before the
    last report, and forgetting closed groups (the word index compacted at every closing)
    changes nothing."""
    rng = random.Random(11)
    sentences = [
        "The central bank raised interest rates by two points on {d}.",
        "Interest rates were raised by the central bank on {d}, officials said.",
        "Storms flooded the coastal city on {d}.",
        "Floods hit the coastal city on {d} after storms.",
        "Parliament voted on the budget in {m}.",
    ]
    months = ["January", "February", "March", "April", "May", "June", "July"]
    results = []
    for i in range(80):
        parts = []
        for _ in range(4):
            month = rng.choice(months)
            day = f"{rng.randint(1, 3)} {month} 2023"
            parts.append(rng.choice(sentences).format(d=day, m=f"{month} 2023"))
        article = Article(id=f"a{i}", text=" ".join(parts), lang="en", published=date(2023, 8, 1))
        results.append(process(article))
    reports = sorted(
        (
            Report(order_key(e), e.value, e.article_id, e.id, "en", content_words(r, e, "en"), e)
            for r in results
            for e in r.events
        ),
        key=lambda report: report.key,
    )
    consumed = []

    def counted():
        for n, report in enumerate(reports, 1):
            consumed.append(n)
            yield report

    early = [consumed[-1] for _ in merge_sorted(counted())]
    assert early[0] < len(reports) // 4  # the first happening long before the end
    happenings = list(merge_sorted(reports))
    assert sorted(id(ref) for h in happenings for ref in h.refs) == sorted(
        id(r.ref) for r in reports
    )
    before = merge(results)
    assert len(before) < len(reports)  # some merged
    module = importlib.import_module("timeline.merge")  # `timeline.merge` is the function
    monkeypatch.setattr(module, "COMPACT", 0)
    assert merge(results) == before
