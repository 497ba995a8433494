"""The built site in a real browser: headless Chromium opens an Arabic article page from disk
(file://, nothing fetched), plotly draws the chart, the page is right to left, no errors.
The pages' Content-Security-Policy holds: polled conditions are functions (a string would be
evaluated in the page, which the policy forbids).

Uses the system Chromium (Debian's /usr/bin/chromium, or $CHROMIUM): a missing browser is a
failure, never a skip.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import CHROMIUM
from playwright.sync_api import Browser
from test_site import english

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
from timeline.site import _snippet, build_site, slugify

# Items drawn in the main plot area (the range slider below draws a small copy of each).
SLUG = slugify(["putin-xi"])[0]
EN_SLUG = slugify(["en/talks 2022"])[0]
CHART = f"chart-{SLUG}"
COUNT = """selector => [...document.querySelectorAll('#chart-putin-xi ' + selector)]
    .filter(e => !e.closest('.rangeslider-container')).length"""
TEXT = (
    "دعا الرئيس الروسي فلاديمير بوتين اليوم الجمعة نظيره الصيني إلى زيارة موسكو العام المقبل.\n"
    "وقال: ننتظرك الربيع المقبل بزيارة دولة إلى موسكو، وفقا لوكالة أنباء سبوتنيك."
)


def arabic_article() -> ArticleResult:
    article = Article(
        id="putin-xi",
        text=TEXT,
        title="بوتين يعرب عن رغبته في تعزيز التعاون العسكري مع الصين",
        published=date(2022, 12, 30),
        lang="ar",
        source="سبوتنيك",
    )
    values = {
        "اليوم الجمعة": TimeValue(granularity=Granularity.DAY, period=date(2022, 12, 30)),
        "العام المقبل": TimeValue(granularity=Granularity.YEAR, period=date(2023, 1, 1)),
        "الربيع المقبل": TimeValue(granularity=Granularity.SEASON, period=date(2023, 3, 1)),
    }
    timexes = []
    for phrase, value in values.items():
        start = TEXT.index(phrase)
        timexes.append(Timex(Mention(phrase, start, start + len(phrase), Spec()), value))
    titles = ["بوتين يدعو شي إلى زيارة موسكو", "زيارة شي إلى موسكو", "زيارة دولة في الربيع"]
    events = tuple(
        Event(
            id=f"e{n}",
            article_id=article.id,
            timex=n,
            value=timex.value,
            title=title,
            text=TEXT.split("\n")[0 if n < 2 else 1],
            start=0,
            end=10,
            status="happened" if n == 0 else "planned",
        )
        for n, (timex, title) in enumerate(zip(timexes, titles, strict=True))
    )
    return ArticleResult(article, tuple(timexes), events)


def many_events(count: int, per_article: int = 100) -> list[ArticleResult]:
    """Articles of `per_article` dated sentences each, days and months in turn."""
    results = []
    for a in range(0, count, per_article):
        n = min(per_article, count - a)
        sentences = [f"Event number {a + i} happened." for i in range(n)]
        text = " ".join(sentences)
        article = Article(
            id=f"wire-{a}", text=text, title=f"Wire {a}", published=date(2023, 1, 1),
            lang="en", source=f"Wire {a % 300}",
        )  # fmt: skip
        timexes, events, pos = [], [], 0
        for i, sentence in enumerate(sentences):
            start = text.index(sentence, pos)
            pos = start + len(sentence)
            d = date(2020, 1, 1) + timedelta(days=(a + i) * 3)
            value = (
                TimeValue(granularity=Granularity.DAY, period=d)
                if i % 2
                else TimeValue(granularity=Granularity.MONTH, period=d.replace(day=1))
            )
            timexes.append(Timex(Mention(sentence[:5], start, start + 5, Spec()), value))
            events.append(
                Event(
                    id=f"{a}-{i}",
                    article_id=article.id,
                    timex=i,
                    value=value,
                    title=sentence,
                    text=sentence,
                    start=start,
                    end=pos,
                )  # fmt: skip
            )
        results.append(ArticleResult(article, tuple(timexes), tuple(events)))
    return results


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site([arabic_article(), english()], out, ui_lang="en")
    # A report page that embeds a timeline with the snippet of its article page.
    snippet = _snippet(f"embed/{SLUG}.html", "timeline", SLUG)
    (out / "host.html").write_text(
        f"<!doctype html><html><body><h1>Report</h1>{snippet}<p>After.</p></body></html>",
        encoding="utf-8",
    )
    return out


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus of 1,200 dated events: its chart is drawn with WebGL traces."""
    out = tmp_path_factory.mktemp("big") / "site"
    build_site(many_events(1200), out, ui_lang="en", standalone=False)
    return out


class Opened:
    """A page opened in a fresh context, with what it logged and requested."""

    def __init__(self, browser: Browser, url: str, *, offline: bool = False) -> None:
        self.context = browser.new_context(viewport={"width": 1200, "height": 900})
        self.context.set_offline(offline)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url)

    def __enter__(self) -> Opened:
        return self

    def __exit__(self, *exc: object) -> None:
        self.context.close()

    def wait_for_chart(self, chart_id: str) -> None:
        self.page.wait_for_selector(f"#{chart_id}[data-drawn] .main-svg", timeout=20_000)


def test_chromium_is_installed() -> None:
    assert Path(CHROMIUM).is_file(), (
        f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium) "
        "or point $CHROMIUM at a Chromium binary"
    )


def test_arabic_page_renders_in_chromium(site: Path, browser: Browser) -> None:
    with Opened(browser, (site / "articles" / f"{SLUG}.html").as_uri()) as opened:
        page = opened.page
        opened.wait_for_chart(CHART)
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("document.documentElement.lang") == "ar"
        # The chart itself stays left to right; plotly drew one point and two bars.
        direction = "getComputedStyle(document.querySelector('.chart__plot')).direction"
        assert page.evaluate(direction) == "ltr"
        assert page.evaluate(COUNT, ".scatterlayer .point") == 1
        assert page.evaluate(COUNT, ".barlayer .point") == 2
        # The x axis reads left to right: its first tick is left of its last.
        ticks = page.evaluate(
            f"[...document.querySelectorAll('#{CHART} .xtick text')]"
            ".map(t => t.getBoundingClientRect().left)"
        )
        assert len(ticks) >= 2 and ticks == sorted(ticks)

        # Hovering the day point shows its title, expression, value and source.
        page.evaluate(f"document.getElementById('{CHART}').scrollIntoView()")
        page.locator(f"#{CHART} .scatterlayer .point").first.hover(force=True)
        page.wait_for_selector(f"#{CHART} .hoverlayer .hovertext", timeout=5_000)
        hover = page.evaluate(f"document.querySelector('#{CHART} .hoverlayer').textContent")
        for words in ("بوتين يدعو شي إلى زيارة موسكو", "اليوم الجمعة", "2022-12-30", "سبوتنيك"):
            assert words in hover, (words, hover)

        # Clicking the day point brings its event into view (templates/static/timeline.js).
        page.locator(f"#{CHART} .scatterlayer .point").first.click(force=True)
        page.wait_for_function("() => document.activeElement?.id === 'ev-e0'")
        top = page.evaluate("document.getElementById('ev-e0').getBoundingClientRect().top")
        assert 0 <= top <= 900
    assert opened.errors == []
    assert all(url.startswith("file://") for url in opened.requests), opened.requests


@pytest.mark.parametrize(
    ("path", "chart", "lang", "direction"),
    [
        ("index.html", "chart-index", "en", "ltr"),
        (f"articles/{EN_SLUG}.html", f"chart-{EN_SLUG}", "en", "ltr"),
        (f"embed/{SLUG}.html", CHART, "ar", "rtl"),
        (f"embed/{EN_SLUG}.html", f"chart-{EN_SLUG}", "en", "ltr"),
    ],
)
def test_pages_render_without_errors(
    site: Path, browser: Browser, path: str, chart: str, lang: str, direction: str
) -> None:
    with Opened(browser, (site / path).as_uri()) as opened:
        opened.wait_for_chart(chart)
        page = opened.page
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.evaluate("document.documentElement.dir") == direction
        assert page.evaluate(f"document.querySelectorAll('#{chart} .point').length") > 0
        if path.startswith("embed/"):  # no site chrome in a frame
            assert page.evaluate("document.querySelector('.masthead')") is None
    assert opened.errors == []
    assert all(url.startswith("file://") for url in opened.requests), opened.requests


def test_standalone_page_works_offline(site: Path, browser: Browser, tmp_path: Path) -> None:
    # Copied alone into an empty folder: nothing else of the site is there to load.
    alone = tmp_path / "report-attachment.html"
    alone.write_bytes((site / "standalone" / f"{SLUG}.html").read_bytes())
    with Opened(browser, alone.as_uri(), offline=True) as opened:
        opened.wait_for_chart(CHART)
        assert opened.page.evaluate("document.documentElement.dir") == "rtl"
        assert opened.page.evaluate(COUNT, ".barlayer .point") == 2
    assert opened.errors == []
    assert opened.requests == [alone.as_uri()]


def test_chart_follows_the_width_of_its_box(site: Path, browser: Browser) -> None:
    """The chart's box narrows without the window changing (a scroll bar, a side panel):
    the chart is drawn again to fit it, not left sticking out."""
    with Opened(browser, (site / "articles" / f"{SLUG}.html").as_uri()) as opened:
        page = opened.page
        opened.wait_for_chart(CHART)
        width = f"document.querySelector('#{CHART} .main-svg').getBoundingClientRect().width"
        assert page.evaluate(width) > 600  # (the browser's window is wider)
        page.evaluate("document.querySelector('.chart').style.width = '420px'")
        page.wait_for_function(
            f"() => {width} <= document.getElementById('{CHART}').clientWidth", timeout=5_000
        )
        assert page.evaluate(width) < 420
    assert opened.errors == []


def test_embedded_page_reports_its_height(site: Path, browser: Browser) -> None:
    with Opened(browser, (site / "host.html").as_uri()) as opened:
        page = opened.page
        frame = page.frame_locator("iframe[data-timeline]")
        frame.locator(f"#{CHART}[data-drawn] .main-svg").first.wait_for(timeout=20_000)
        # The host's listener (from the snippet) sets the frame's height from the message.
        page.wait_for_function(
            "() => document.querySelector('iframe[data-timeline]').style.height !== '640px'",
            timeout=10_000,
        )
        height = page.evaluate("parseInt(document.querySelector('iframe').style.height)")
        inner = page.frames[1].evaluate(
            "Math.ceil(document.documentElement.getBoundingClientRect().height)"
        )
        assert abs(height - inner) <= 2 and height > 300
    assert opened.errors == []


def test_filters_work_from_the_keyboard(site: Path, browser: Browser) -> None:
    with Opened(browser, (site / "index.html").as_uri()) as opened:
        page = opened.page
        opened.wait_for_chart("chart-index")
        shown = "[...document.querySelectorAll('.events > .event')].filter(e => !e.hidden).length"
        total = page.evaluate(shown)
        assert total == 8
        for _ in range(80):  # Tab through the page to the search field
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "filter-text":
                break
        assert page.evaluate("document.activeElement.id") == "filter-text"
        page.keyboard.type("exports")
        assert page.evaluate(shown) == 2
        assert "2" in page.inner_text(".filters__count")
        page.keyboard.press("Tab")  # the source select; choose with the arrow keys
        assert page.evaluate("document.activeElement.id") == "filter-source"
        page.keyboard.press("Shift+Tab")  # back to the search field, and clear it
        page.keyboard.press("Control+a")
        page.keyboard.press("Backspace")
        assert page.evaluate(shown) == total
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")  # status
        assert page.evaluate("document.activeElement.id") == "filter-status"
        page.keyboard.press("ArrowDown")  # the first status, alphabetically: happened
        happened = page.evaluate(
            "[...document.querySelectorAll('.events > .event')]"
            ".filter(e => !e.hidden).map(e => e.dataset.status)"
        )
        assert happened and set(happened) == {"happened"}
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "filter-year"
        page.keyboard.press("ArrowDown")  # the first year: 1990, the decade
        assert page.evaluate(shown) == 1
        # The chart dims what is filtered out.
        assert page.evaluate(
            "document.getElementById('chart-index').data.some(t => Array.isArray(t.selectedpoints))"
        )
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.type") == "reset"
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => {shown} === {total}")
    assert opened.errors == []


def test_large_corpus_uses_webgl(big_site: Path, browser: Browser) -> None:
    index = (big_site / "index.html").read_text(encoding="utf-8")
    chart = index[index.index('id="chart-index"') :]  # not the overview above it (bars)
    chart = chart[: chart.index("</script>")]
    assert '"type":"scattergl"' in chart and '"type":"bar"' not in chart
    with Opened(browser, (big_site / "index.html").as_uri()) as opened:
        opened.page.wait_for_selector("#chart-index[data-drawn]", timeout=30_000)
        types = opened.page.evaluate("document.getElementById('chart-index').data.map(t => t.type)")
        assert set(types) <= {"scattergl", "scatter"}
        # Clicking still leads to the event: simulate plotly's click on a WebGL point.
        anchor = opened.page.evaluate(
            "(() => { const d = document.getElementById('chart-index');"
            " const cd = d.data[0].customdata[0];"
            " d.emit('plotly_click', {points: [{customdata: cd}]}); return cd[0]; })()"
        )
        opened.page.wait_for_function(f"() => document.activeElement.id === {anchor!r}")
    assert opened.errors == []


def test_second_page_of_a_long_corpus_timeline(big_site: Path, browser: Browser) -> None:
    """1,200 events: the index shows the first 1,000, timeline/2.html the rest; the pager
    leads from one to the other, and page 2 draws its chart and loads only local files."""
    second = big_site / "timeline" / "2.html"
    total = len(json.loads((big_site / "timeline.json").read_text(encoding="utf-8"))["events"])
    assert 1000 < total <= 1200  # a few merged
    with Opened(browser, (big_site / "index.html").as_uri()) as opened:
        page = opened.page
        assert page.evaluate("document.querySelectorAll('.events .event').length") == 1000
        page.click(".pager a[href='timeline/2.html']")
        page.wait_for_url(second.as_uri())
        opened.wait_for_chart("chart-index")
        assert page.evaluate("document.querySelectorAll('.events .event').length") == total - 1000
        assert page.evaluate("document.querySelectorAll('#chart-index .point').length") > 0
        current = page.evaluate("document.querySelector('.pager [aria-current=page]').textContent")
        assert current.split()[0] == "2"
    assert opened.errors == []
    assert all(url.startswith("file://") for url in opened.requests), opened.requests


def test_overview_leads_to_the_page_of_a_year(big_site: Path, browser: Browser) -> None:
    """Above the pages, the events by year of the whole corpus: a click on the last year's
    bar opens the page where its events begin."""
    spec = json.loads(
        re.search(
            r'id="chart-overview".*?class="chart__data">(.*?)</script>',
            (big_site / "index.html").read_text(encoding="utf-8"),
            re.S,
        ).group(1)
    )
    bars = spec["data"][0]
    assert sum(bars["y"]) > 1000 and bars["customdata"][-1][0] == "timeline/2.html"
    with Opened(browser, (big_site / "index.html").as_uri()) as opened:
        page = opened.page
        opened.wait_for_chart("chart-overview")
        assert page.locator("#chart-overview .point").count() == len(bars["x"])
        page.locator("#chart-overview").scroll_into_view_if_needed()
        box = page.locator("#chart-overview .point").last.bounding_box()
        assert box is not None  # plotly's drag layer takes the click, over the bar
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_url((big_site / "timeline" / "2.html").as_uri())
        opened.wait_for_chart("chart-overview")
    assert opened.errors == []
