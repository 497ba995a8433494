"""The static site: files, languages and directions, anchors, offline assets, determinism,
and a failed build that leaves the previous site in place."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

import timeline.site
from timeline.i18n import load_ui_text
from timeline.model import (
    Article,
    ArticleResult,
    Event,
    Granularity,
    Mention,
    Mod,
    Ref,
    Spec,
    TimeValue,
    Timex,
    TimexType,
)
from timeline.site import build_site, slugify, templates_dir

AR_TEXT = (
    "دعا الرئيس الروسي، فلاديمير بوتين، اليوم الجمعة، نظيره الصيني شي جينبينغ، إلى زيارة موسكو"
    ' العام المقبل. وقال بوتين: "ننتظرك الربيع المقبل بزيارة دولة إلى موسكو"، وفقا لوكالة'
    " أنباء سبوتنيك الروسية.\n"
    "وأضاف بوتين أن الزيارة ستصبح الحدث السياسي الرئيسي لهذا العام في العلاقات الثنائية.\n"
    "وكان البلدان قد أجريا مؤخرا مناورات مشتركة استمرت ثلاثة أشهر."
)
EN_TEXT = (
    "Officials said on Friday that talks would resume next spring.\n"
    "Exports fell last month, according to Reuters, and are expected to recover by the end of"
    " this year. The plant was built in the 1990s."
)


def _timex(text: str, phrase: str, value: TimeValue, spec: Spec | None = None) -> Timex:
    start = text.index(phrase)
    return Timex(Mention(phrase, start, start + len(phrase), spec or Spec()), value)


def _event(article: Article, timexes: tuple[Timex, ...], n: int, title: str, **kw) -> Event:
    timex = timexes[n]
    text = article.text
    start = text.rfind("\n", 0, timex.mention.start) + 1
    end = text.find("\n", timex.mention.end)
    return Event(
        id=f"{article.id}-{n}",
        article_id=article.id,
        timex=n,
        value=timex.value,
        title=title,
        text=text[start : end if end >= 0 else len(text)],
        start=start,
        end=end,
        **kw,
    )


def day(d: date) -> TimeValue:
    return TimeValue(granularity=Granularity.DAY, period=d)


def arabic() -> ArticleResult:
    article = Article(
        id="ar-putin-xi",
        text=AR_TEXT,
        title="بوتين يعرب عن رغبته في تعزيز التعاون العسكري مع الصين",
        published=date(2022, 12, 30),
        lang="ar",
        source="سبوتنيك",
    )
    timexes = (
        _timex(AR_TEXT, "اليوم الجمعة", day(date(2022, 12, 30))),
        _timex(
            AR_TEXT,
            "العام المقبل",
            TimeValue(granularity=Granularity.YEAR, period=date(2023, 1, 1)),
        ),  # noqa: E501
        _timex(
            AR_TEXT,
            "الربيع المقبل",
            TimeValue(granularity=Granularity.SEASON, period=date(2023, 3, 1)),
        ),  # noqa: E501
        _timex(
            AR_TEXT, "لهذا العام", TimeValue(granularity=Granularity.YEAR, period=date(2022, 1, 1))
        ),  # noqa: E501
        _timex(AR_TEXT, "مؤخرا", TimeValue(ref=Ref.PAST)),
        _timex(AR_TEXT, "ثلاثة أشهر", TimeValue(type=TimexType.DURATION, literal="P3M")),
    )
    events = (
        _event(article, timexes, 0, "بوتين يدعو شي إلى زيارة موسكو"),
        _event(article, timexes, 3, "الزيارة الحدث السياسي الرئيسي لهذا العام"),
        _event(article, timexes, 1, "زيارة شي المرتقبة إلى موسكو", status="planned"),
        _event(
            article,
            timexes,
            2,
            "زيارة دولة في الربيع",
            status="planned",
            attribution="وفقا لوكالة أنباء سبوتنيك الروسية",
        ),  # fmt: skip
        _event(article, timexes, 4, "مناورات مشتركة"),
    )
    return ArticleResult(article, timexes, events)


def english() -> ArticleResult:
    article = Article(
        id="en/talks 2022",
        text=EN_TEXT,
        title="Talks to resume <next spring> & exports",
        published=date(2022, 12, 30),
        lang="en",
        source="Wire",
        url="https://example.org/talks",
    )
    timexes = (
        _timex(EN_TEXT, "on Friday", day(date(2022, 12, 30))),
        _timex(
            EN_TEXT,
            "next spring",
            TimeValue(granularity=Granularity.SEASON, period=date(2023, 3, 1)),
        ),  # noqa: E501
        _timex(
            EN_TEXT,
            "last month",
            TimeValue(granularity=Granularity.MONTH, period=date(2022, 11, 1)),
        ),  # noqa: E501
        _timex(
            EN_TEXT,
            "the end of this year",
            TimeValue(granularity=Granularity.YEAR, period=date(2022, 1, 1), mod=Mod.END),
        ),  # noqa: E501
        _timex(
            EN_TEXT, "the 1990s", TimeValue(granularity=Granularity.DECADE, period=date(1990, 1, 1))
        ),  # noqa: E501
    )
    events = (
        _event(article, timexes, 4, "Plant built"),
        _event(article, timexes, 2, "Exports fell", attribution="according to Reuters"),
        _event(article, timexes, 3, "Exports expected to recover", status="planned"),
        _event(article, timexes, 0, "Officials <b>announce</b> talks", status="reported"),
        _event(article, timexes, 1, "Talks resume", status="planned"),
    )
    return ArticleResult(article, timexes, events)


def build(tmp_path: Path, name: str = "site") -> Path:
    out = tmp_path / name
    build_site([arabic(), english()], out)
    return out


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def article_page(out: Path, article_id: str) -> Path:
    return out / "articles" / f"{slugify([article_id])[0]}.html"


def test_files_exist(tmp_path: Path) -> None:
    out = build(tmp_path)
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert names == [
        "articles/ar-putin-xi.html",
        "articles/en-talks-2022.html",
        "assets/plotly.min.js",
        "assets/style.css",
        "assets/timeline.js",
        "data/ar-putin-xi.json",
        "data/ar-putin-xi.timelinejs.json",
        "data/en-talks-2022.json",
        "data/en-talks-2022.timelinejs.json",
        "data/schema.json",
        "embed/ar-putin-xi.html",
        "embed/en-talks-2022.html",
        "index.html",
        "standalone/ar-putin-xi.html",
        "standalone/en-talks-2022.html",
        "timeline.csv",
        "timeline.ics",
        "timeline.json",
        "timeline.timelinejs.json",
    ]
    assert (out / "assets" / "style.css").read_bytes() == (
        templates_dir() / "static" / "style.css"
    ).read_bytes()


def test_languages_and_directions(tmp_path: Path) -> None:
    out = build(tmp_path)
    ar = read(article_page(out, "ar-putin-xi"))
    en = read(article_page(out, "en/talks 2022"))
    assert '<html lang="ar" dir="rtl">' in ar
    assert '<html lang="en" dir="ltr">' in en
    # The time axis stays left to right on a right-to-left page.
    assert re.search(r'<div class="chart__plot" dir="ltr"[^>]*>\s*<div', ar)
    ar_ui = load_ui_text(templates_dir() / "i18n", "ar").ui
    assert ar_ui["events"] in ar and ar_ui["undated"] in ar
    # Index: the majority language (a tie here: alphabetical, so Arabic), or the one asked for.
    assert '<html lang="ar" dir="rtl">' in read(out / "index.html")
    build_site([arabic(), english()], out, ui_lang="en")
    index = read(out / "index.html")
    assert '<html lang="en" dir="ltr">' in index
    assert '<a href="articles/ar-putin-xi.html" lang="ar" dir="rtl">' in index


def test_event_list_times_and_anchors(tmp_path: Path) -> None:
    out = build(tmp_path)
    en = read(article_page(out, "en/talks 2022"))
    for event in english().events:
        assert f'id="ev-{event.id.replace(" ", "-")}"' in en
    assert '<time class="event__date" datetime="2022-12-30">' in en  # day
    assert '<time class="event__date" datetime="2022-11">November 2022</time>' in en  # month
    assert '<time class="event__date" datetime="2023-03-01">Spring 2023</time>' in en  # season
    assert '<time class="event__date" datetime="2022">Late 2022</time>' in en  # year, mod END
    assert '<time class="event__date" datetime="1990-01-01">The 1990s</time>' in en  # decade
    assert "2022 (END)" in en and "according to Reuters" in en
    # Timeline order: the 1990s first, next spring last.
    numbers = re.findall(r'id="ev-([^"]+)"', en)
    assert numbers[0].endswith("-4") and numbers[-1].endswith("-1")
    # Escaped, never injected.
    assert "Officials &lt;b&gt;announce&lt;/b&gt; talks" in en
    assert "<next spring>" not in en and "&lt;next spring&gt;" in en

    ar = read(article_page(out, "ar-putin-xi"))
    assert '<time class="event__date" datetime="2022-12-30">30 ديسمبر 2022</time>' in ar
    assert '<time class="event__date" datetime="2023">' in ar
    # Placed events are numbered as on the chart; the vague one is listed apart, undated.
    undated = ar.split('class="undated"')[1]
    assert 'id="ev-ar-putin-xi-4"' in undated and "PAST_REF" in undated
    assert "<time" not in undated


def test_text_marks_link_to_events(tmp_path: Path) -> None:
    out = build(tmp_path)
    ar = read(article_page(out, "ar-putin-xi"))
    assert (
        '<mark id="tx-0" title="2022-12-30"><a href="#ev-ar-putin-xi-0">اليوم الجمعة</a></mark>'
        in ar
    )  # noqa: E501
    assert '<mark id="tx-5" title="P3M">ثلاثة أشهر</mark>' in ar  # no event: not a link
    assert 'href="#tx-0"' in ar  # and back from the event to the text
    # The text is whole, in its paragraphs.
    plain = re.sub(r"<[^>]+>", "", ar.split('class="prose"')[1].split("</section>")[0])
    for line in AR_TEXT.split("\n"):
        assert line.replace('"', "&#34;") in plain


def test_index_lists_articles_and_corpus_timeline(tmp_path: Path) -> None:
    out = build(tmp_path)
    index = read(out / "index.html")
    assert 'href="articles/ar-putin-xi.html"' in index
    assert 'href="articles/en-talks-2022.html"' in index
    assert "Talks to resume &lt;next spring&gt; &amp; exports" in index
    # Every placed event of both articles, in order, linking to its article page anchor.
    assert index.count('class="event event--') == 10
    first = index.index('href="articles/en-talks-2022.html#ev-en/talks-2022-4"')
    last = index.index('href="articles/ar-putin-xi.html#ev-ar-putin-xi-1"')
    assert first < last
    assert 'id="chart-index"' in index


def test_offline_assets(tmp_path: Path) -> None:
    out = build(tmp_path)
    plotly_js = read(out / "assets" / "plotly.min.js")
    assert len(plotly_js) > 1_000_000 and "newPlot" in plotly_js
    pages = [out / "index.html", *sorted((out / "articles").glob("*.html"))]
    for page in pages:
        html = read(page)
        assert "https://cdn" not in html
        assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", html)
        assert not re.search(r"<link[^>]+href=[\"']?(https?:)?//", html)
        assert html.count("plotly.min.js") == 1  # a reference, not a copy
        assert len(html) < 200_000
    assert 'src="../assets/plotly.min.js"' in read(pages[1])
    assert 'href="../assets/style.css"' in read(pages[1])
    assert 'src="assets/timeline.js"' in read(pages[0])


def chart_of(html: str) -> dict:
    """The figure JSON a page hands to timeline.js."""
    match = re.search(r'<script type="application/json" class="chart__data">(.*?)</script>', html)
    assert match, "no chart data"
    return json.loads(match.group(1))


def test_chart_draws_points_and_bars(tmp_path: Path) -> None:
    out = build(tmp_path)
    en = read(article_page(out, "en/talks 2022"))
    assert 'id="chart-en-talks-2022"' in en
    chart = chart_of(en)
    traces = {t["legendgroup"]: t for t in chart["data"]}
    # The month bar spans November exactly: 30 days from its first day.
    month = traces["month"]
    assert month["type"] == "bar" and month["orientation"] == "h"
    assert month["base"] == ["2022-11-01"] and month["x"] == [30 * 86_400_000]
    assert traces["season"]["x"] == [92 * 86_400_000]  # March to May
    assert traces["day"]["mode"] == "markers" and traces["day"]["type"] == "scatter"
    assert chart["layout"]["xaxis"]["rangeslider"]["visible"] is True
    assert ["ev-en/talks-2022-0"] in traces["day"]["customdata"]  # the anchor, nothing else
    # Rows are the numbers of the list; legend names in the page's language.
    assert traces["day"]["y"] == ["4"] and traces["day"]["name"] == "Day"
    ar = chart_of(read(article_page(out, "ar-putin-xi")))
    ar_ui = load_ui_text(templates_dir() / "i18n", "ar")
    assert {t["name"] for t in ar["data"]} >= {ar_ui.granularity["day"], ar_ui.granularity["year"]}
    assert ar["config"]["locale"] == "ar"


def test_corpus_chart_has_lanes_by_source(tmp_path: Path) -> None:
    out = build(tmp_path)
    chart = chart_of(read(out / "index.html"))
    lanes = {y for t in chart["data"] for y in t["y"]}
    assert lanes == {"Wire", "سبوتنيك"}
    assert chart["layout"]["yaxis"]["categoryarray"] == ["Wire", "سبوتنيك"]


def test_build_is_deterministic(tmp_path: Path) -> None:
    one, two = build(tmp_path, "one"), build(tmp_path, "two")
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for name in files:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_failed_build_keeps_previous_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = build(tmp_path)
    (out / ".gitkeep").write_text("")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    calls = []
    write_page = timeline.site._write_page

    def failing(*args, **kwargs):  # the second page fails, after the first was written
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("template exploded")
        write_page(*args, **kwargs)

    monkeypatch.setattr(timeline.site, "_write_page", failing)
    with pytest.raises(RuntimeError, match="template exploded"):
        build_site([english(), arabic()], out, ui_lang="en")
    monkeypatch.undo()
    with pytest.raises(AttributeError):
        build_site([english(), object()], out)  # type: ignore[list-item]

    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary folder left

    build_site([english()], out)  # a good build replaces it all, keeping .gitkeep
    assert not article_page(out, "ar-putin-xi").exists()
    assert (out / ".gitkeep").exists()


def test_slugs_are_safe_and_unique() -> None:
    ids = ["../../etc/passwd", "A b", "a-b", "تقرير", "con", "x", "x"]
    slugs = slugify(ids)
    assert len(set(slugs)) == len(slugs)
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug), slug
    assert slugs[0] == "etc-passwd"
    assert slugs[1] != "a-b" and slugs[1].startswith("a-b-")  # collided: hashed
    assert slugs[3].startswith("a-") and slugs[4].startswith("con-")
    assert slugify(ids) == slugs


def test_ui_files_share_keys_and_formats() -> None:
    folder = templates_dir() / "i18n"
    files = sorted(folder.glob("*.toml"))
    assert {f.stem for f in files} >= {"ar", "en"}
    reference = tomllib.loads((folder / "en.toml").read_text(encoding="utf-8"))
    for file in files:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        assert data.keys() == reference.keys(), file.name
        for key, table in reference.items():
            if isinstance(table, dict):
                assert data[key].keys() == table.keys(), (file.name, key)
        text = load_ui_text(folder, file.stem)
        assert text.dir in ("ltr", "rtl")
        assert len(text.months) == len(text.short_months) == 12
        dated = [g for g in Granularity if g.rank >= Granularity.DAY.rank]
        for g in dated:  # every pattern formats with the fields given
            period = date(2000, 3, 1) if g is Granularity.SEASON else date(2000, 1, 1)
            for mod in (None, *Mod):
                assert text.when(TimeValue(granularity=g, period=period, mod=mod))


def test_a_span_over_periods_is_labelled_from_its_first_to_its_last() -> None:
    """An event over a span ("decisions made between 2016 and 2019", a Hijri month across two
    Gregorian ones) is labelled by both ends, not by its first period alone; a calendar
    period, or one narrowed by a modifier, keeps its own label."""
    folder = templates_dir() / "i18n"
    en, ar = load_ui_text(folder, "en"), load_ui_text(folder, "ar")
    years = TimeValue(
        granularity=Granularity.YEAR, period=date(2016, 1, 1), last=date(2019, 12, 31)
    )
    assert en.when(years) == "2016 – 2019"
    assert ar.when(years) == "من 2016 إلى 2019"
    ramadan = TimeValue(
        granularity=Granularity.MONTH, period=date(2024, 3, 11), last=date(2024, 4, 9)
    )
    assert en.when(ramadan) == "March 2024 – April 2024"
    assert en.when(TimeValue(granularity=Granularity.YEAR, period=date(2016, 1, 1))) == "2016"
    inside = TimeValue(
        granularity=Granularity.MONTH, period=date(2024, 3, 1), last=date(2024, 3, 20)
    )
    assert en.when(inside) == "March 2024"


def test_empty_corpus_and_article_without_events(tmp_path: Path) -> None:
    build_site([], tmp_path / "empty")
    index = read(tmp_path / "empty" / "index.html")
    assert '<html lang="en" dir="ltr">' in index and "plotly.min.js" not in index
    bare = ArticleResult(Article(id="x", text="Nothing dated here.", lang="it"), (), ())
    build_site([bare], tmp_path / "bare")
    page = read(tmp_path / "bare" / "articles" / "x.html")
    assert '<html lang="it" dir="ltr">' in page  # no Italian UI file: English words
    assert "No dated events." in page and "Nothing dated here." in page


def _links(html: str) -> list[str]:
    """The local files a page links to or loads (hrefs and srcs, without their #anchor)."""
    found = re.findall(r'(?:href|src)="([^"#:]+)(?:#[^"]*)?"', html)
    return [link for link in found if not link.startswith("//")]


def test_long_corpus_timeline_is_paged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A corpus timeline longer than a page is written a page at a time: the index is the
    first page, the others are timeline/<n>.html, each linked from every page, each event on
    exactly one page in timeline order; the corpus files are those of a one-page build."""
    whole = build(tmp_path, "whole")
    monkeypatch.setattr(timeline.site, "PAGE_EVENTS", 4)
    out = build(tmp_path, "paged")
    events = json.loads(read(out / "timeline.json"))["events"]
    assert len(events) == 10
    pages = [out / "index.html", out / "timeline" / "2.html", out / "timeline" / "3.html"]
    assert sorted((out / "timeline").iterdir()) == pages[1:]
    shown: list[str] = []
    starts: list[str] = []
    for number, page in enumerate(pages, 1):
        html = read(page)
        assert html.count('class="event event--') == (4 if number < 3 else 2)
        shown += re.findall(r'<h[34] class="event__title"[^>]*><a href="([^"]+)"', html)
        starts += re.findall(
            r'<li class="event event--[^"]*" id="[^"]+" [^>]*data-from="([^"]+)"', html
        )
        assert html.count('aria-current="page"') == 2  # the pager above and below the list
        for link in _links(html):  # every link leads to a file of the site
            assert (page.parent / link).resolve().is_file(), (page.name, link)
        for n in range(1, len(pages) + 1):
            target = "index.html" if n == 1 else f"timeline/{n}.html"
            assert f'href="{"" if number == 1 else "../"}{target}"' in html
        assert ('id="articles-heading"' in html) == (number == 1)
    assert "الصفحة 2 من 3</title>" in read(pages[1])  # the index is in Arabic here
    # each page link says the years its events start in (the 1990s ... next spring)
    years = re.findall(r'<span class="pager__years">([^<]+)</span>', read(pages[0]))
    assert years == ["1990–2022", "2022–2023", "2023"] * 2
    assert sorted(link.removeprefix("../") for link in shown) == sorted(
        e["permalink"] for e in events
    )
    assert starts == sorted(starts) and len(starts) == 9  # placed events, in time order
    for name in ("timeline.json", "timeline.csv", "timeline.ics", "timeline.timelinejs.json"):
        assert read(out / name) == read(whole / name), name
    assert "pager" not in read(whole / "index.html")
    # above every page, the events by year of all pages, each year leading to its page
    overview = json.loads(
        re.search(
            r'id="chart-overview".*?<script type="application/json" class="chart__data">(.*?)<',
            read(pages[1]),
            re.S,
        ).group(1)
    )
    bars = overview["data"][0]
    assert bars["type"] == "bar" and sum(bars["y"]) == 9  # every event with a place in time
    assert bars["x"] == sorted(bars["x"]) and bars["x"][0] == 1990 and bars["x"][-1] == 2023
    assert bars["customdata"][0] == ["../index.html", "1990"]
    assert bars["customdata"][-1][0] == "../timeline/2.html"  # 2023 begins on page 2
    assert "chart-overview" not in read(whole / "index.html")
