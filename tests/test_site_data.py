"""The data files of the site: JSON documents valid by their JSON Schema, TimelineJS3 JSON
with dates to the known precision only, CSV, and iCalendar valid by the `icalendar` package."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import icalendar
import jsonschema
import pytest
from test_site import arabic, english

from timeline import exports
from timeline.model import (
    Article,
    ArticleResult,
    Event,
    Granularity,
    Mention,
    Spec,
    TimeValue,
    Timex,
)
from timeline.site import build_site, templates_dir


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("data") / "site"
    build_site([arabic(), english()], out, ui_lang="en", standalone=False)
    return out


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_schema_is_a_valid_json_schema(site: Path) -> None:
    schema = load(site / "data" / "schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema == load(templates_dir() / "data.schema.json")


def test_data_documents_validate(site: Path) -> None:
    schema = load(site / "data" / "schema.json")
    validator = jsonschema.Draft202012Validator(schema)
    documents = [site / "timeline.json", site / "data" / "ar-putin-xi.json"]
    documents.append(site / "data" / "en-talks-2022.json")
    for path in documents:
        document = load(path)
        errors = [e.message for e in validator.iter_errors(document)]
        assert errors == [], path
        # "$schema" leads from the document to the schema file.
        assert (path.parent / document["$schema"]).resolve() == site / "data" / "schema.json"
    corpus = load(site / "timeline.json")
    assert len(corpus["events"]) == len(arabic().events) + len(english().events)
    assert {a["id"] for a in corpus["articles"]} == {"ar-putin-xi", "en/talks 2022"}
    month = next(e for e in corpus["events"] if e["value"] == "2022-11")
    assert month["interval"] == ["2022-11-01", "2022-11-30"] and month["granularity"] == "month"
    assert month["expression"] == "last month" and month["when"] == "November 2022"
    assert month["permalink"] == "articles/en-talks-2022.html#ev-en/talks-2022-2"
    assert month["sources"][0]["source"] == "Wire"
    vague = next(e for e in corpus["events"] if e["value"] == "PAST_REF")
    assert vague["interval"] is None and vague["granularity"] == "fuzzy"
    # An invalid document is caught: the schema is not a rubber stamp.
    broken = dict(corpus, events=[dict(month, interval=["2022-11"])])
    assert list(validator.iter_errors(broken))


def test_timelinejs_dates_have_the_known_precision(site: Path) -> None:
    tjs = load(site / "data" / "en-talks-2022.timelinejs.json")
    assert tjs["title"]["text"]["headline"] == "Talks to resume &lt;next spring&gt; &amp; exports"
    by_id = {e["unique_id"]: e for e in tjs["events"]}
    day, spring = by_id["ev-en/talks-2022-0"], by_id["ev-en/talks-2022-1"]
    month, late, decade = (by_id[f"ev-en/talks-2022-{n}"] for n in (2, 3, 4))
    assert day["start_date"] == {"year": 2022, "month": 12, "day": 30} and "end_date" not in day
    assert month["start_date"] == {"year": 2022, "month": 11} and "end_date" not in month
    assert spring["start_date"] == {"year": 2023, "month": 3}
    assert spring["end_date"] == {"year": 2023, "month": 5}
    assert late["start_date"] == {"year": 2022, "month": 11}  # the end of 2022: Nov-Dec
    assert decade["start_date"] == {"year": 1990} and decade["end_date"] == {"year": 1999}
    assert month["group"] == "Wire" and month["text"]["headline"] == "Exports fell"
    assert day["text"]["headline"] == "Officials &lt;b&gt;announce&lt;/b&gt; talks"  # escaped
    assert [e["unique_id"] for e in tjs["events"]][0] == "ev-en/talks-2022-4"  # timeline order


def test_csv_has_one_row_per_event(site: Path) -> None:
    raw = (site / "timeline.csv").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # RFC 4180 line ends
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(load(site / "timeline.json")["events"])
    month = next(r for r in rows if r["value"] == "2022-11")
    assert (month["start"], month["end"], month["granularity"]) == (
        "2022-11-01",
        "2022-11-30",
        "month",
    )
    assert month["attribution"] == "according to Reuters" and month["source"] == "Wire"
    assert any(r["title"] == "بوتين يدعو شي إلى زيارة موسكو" for r in rows)


def test_ics_is_valid_all_day_events(site: Path) -> None:
    calendar = icalendar.Calendar.from_ical((site / "timeline.ics").read_bytes())
    assert calendar.errors == []
    events = list(calendar.walk("VEVENT"))
    placed = [e for e in load(site / "timeline.json")["events"] if e["interval"]]
    assert len(events) == len(placed) == 9
    uids = set()
    for vevent, record in zip(events, placed, strict=True):
        assert vevent.errors == []
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert name in vevent, name
        first, last = (date.fromisoformat(d) for d in record["interval"])
        start, end = vevent["DTSTART"].dt, vevent["DTEND"].dt
        assert type(start) is date and type(end) is date  # all-day events
        assert (start, end) == (first, last + timedelta(days=1))  # DTEND is exclusive
        assert str(vevent["SUMMARY"]) == record["title"]
        uids.add(str(vevent["UID"]))
    assert len(uids) == len(events)


def key_dates() -> ArticleResult:
    """A list of key dates, each line its own event (its title the whole line), one of them
    a formula a spreadsheet would run."""
    lines = [
        "- أبريل 2011: إثيوبيا تضع حجر الأساس للسد.",
        '=HYPERLINK("http://example.org/x","2015"), then talks.',
        '+ 2019: Washington hosts talks, "rounds"; sponsors',
    ]
    text = "\n".join(lines)
    article = Article(
        id="key-dates", text=text, title="أبرز المحطات", published=date(2024, 7, 15),
        lang="ar", source="مصراوي",
    )  # fmt: skip
    timexes, events = [], []
    for n, (line, year) in enumerate(zip(lines, (2011, 2015, 2019), strict=True)):
        start = text.index(line)
        value = TimeValue(granularity=Granularity.YEAR, period=date(year, 1, 1))
        timexes.append(Timex(Mention(str(year), start, start + 4, Spec()), value))
        events.append(
            Event(
                id=f"k{n}",
                article_id=article.id,
                timex=n,
                value=value,
                title=line,
                text=line,
                start=start,
                end=start + len(line),
            )  # fmt: skip
        )
    return ArticleResult(article, tuple(timexes), tuple(events))


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lists") / "site"
    build_site([key_dates(), english()], out, standalone=False)
    return out


def test_csv_opens_in_a_spreadsheet(lists: Path) -> None:
    """Excel reads a CSV file as UTF-8 only after a byte order mark (without it Arabic is
    garbled), and takes a cell starting with = + - @ for a formula: "- April 2011: ..."
    showed as #NAME?, and a formula in an article would run."""
    raw = (lists / "timeline.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,article,")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    titles = [row["title"] for row in rows]
    assert "'- أبريل 2011: إثيوبيا تضع حجر الأساس للسد." in titles
    assert '\'=HYPERLINK("http://example.org/x","2015"), then talks.' in titles
    assert '\'+ 2019: Washington hosts talks, "rounds"; sponsors' in titles
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    assert {row["title"] for row in rows} >= {"Exports fell", "Plant built"}  # others as they are
    # Every file the site writes says the same: the corpus's and the library's CSV.
    document = load(lists / "timeline.json")
    assert exports.csv_text(document).encode("utf-8") == raw


def test_timelinejs_slide_says_its_sentence_once(lists: Path) -> None:
    """A slide whose headline is the whole sentence showed it twice (headline and text)."""
    slides = load(lists / "data" / "key-dates.timelinejs.json")["events"]
    assert [s["start_date"] for s in slides] == [{"year": y} for y in (2011, 2015, 2019)]
    for slide in slides:
        assert slide["text"]["headline"] and slide["text"]["text"] == ""
    english_slides = load(lists / "timeline.timelinejs.json")["events"]
    fell = next(s for s in english_slides if s["text"]["headline"] == "Exports fell")
    assert fell["text"]["text"].startswith("Exports fell last month, according to Reuters")
