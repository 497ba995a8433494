"""The built site in a real browser: headless Chromium opens an Arabic article page from disk
(file://, nothing fetched), plotly draws the chart, the page is right to left, no errors.

Uses the system Chromium (Debian's /usr/bin/chromium, or $CHROMIUM): a missing browser is a
failure, never a skip.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

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
from timeline.site import build_site, slugify

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Items drawn in the main plot area (the range slider below draws a small copy of each).
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


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site([arabic_article()], out)
    return out


def test_chromium_is_installed() -> None:
    assert Path(CHROMIUM).is_file(), (
        f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium) "
        "or point $CHROMIUM at a Chromium binary"
    )


def test_arabic_page_renders_in_chromium(site: Path) -> None:
    assert Path(CHROMIUM).is_file(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    page_path = site / "articles" / f"{slugify(['putin-xi'])[0]}.html"
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_path.as_uri())
            page.wait_for_selector("#chart-putin-xi .main-svg", timeout=15_000)

            assert page.evaluate("document.documentElement.dir") == "rtl"
            assert page.evaluate("document.documentElement.lang") == "ar"
            # The chart itself stays left to right; plotly drew one point and two bars.
            direction = "getComputedStyle(document.querySelector('.chart__plot')).direction"
            assert page.evaluate(direction) == "ltr"
            assert page.evaluate(COUNT, ".scatterlayer .point") == 1
            assert page.evaluate(COUNT, ".barlayer .point") == 2

            # Clicking the day point brings its event into view (templates/static/timeline.js).
            page.evaluate("document.getElementById('chart-putin-xi').scrollIntoView()")
            page.locator("#chart-putin-xi .scatterlayer .point").first.click(force=True)
            page.wait_for_function(
                "document.activeElement && document.activeElement.id === 'ev-e0'"
            )
        finally:
            browser.close()
    assert errors == []
    assert all(url.startswith("file://") for url in requests), requests
