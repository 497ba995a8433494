"""The built site as a phone, a report's narrow frame, a touch screen and a printer show it
(headless Chromium): nothing of the chart runs into anything else, the legend of a
right-to-left page reads from the right, a swipe over a chart scrolls the page, a printed
chart fits the paper, and the list of articles fits a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from test_browser import EN_SLUG, SLUG, arabic_article
from test_site import arabic, english

from timeline.site import _snippet, build_site

PHONE = {"width": 390, "height": 844}
# The boxes of a drawn chart: its time-axis labels, legend, tool bar, range slider.
BOXES = """id => {
  const div = document.getElementById(id);
  const r = e => { if (!e) return null; const b = e.getBoundingClientRect();
    return {left: b.left, right: b.right, top: b.top, bottom: b.bottom}; };
  return {
    ticks: [...div.querySelectorAll('.xaxislayer-above .xtick text')].map(r)
      .filter(b => b.right > b.left),
    legend: r(div.querySelector('.legend')),
    entries: [...div.querySelectorAll('.legend .traces')].map(
      t => ({name: t.textContent, box: r(t)})),
    title: r(div.querySelector('.legend .legendtitletext')),
    modebar: r(div.querySelector('.modebar')),
    slider: r(div.querySelector('.rangeslider-bg')),
    canvas: r(div),
  };
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("layout") / "site"
    build_site([arabic_article(), arabic(), english()], out, ui_lang="ar", standalone=False)
    # A report whose column is narrower than a phone, embedding the Arabic timeline.
    snippet = _snippet(f"embed/{SLUG}.html", "timeline", SLUG)
    (out / "narrow-host.html").write_text(
        '<!doctype html><html><head><meta name="viewport" content="width=device-width">'
        f'</head><body><div style="width:300px">{snippet}</div></body></html>',
        encoding="utf-8",
    )
    return out


def overlap(a: dict, b: dict, pad: float = 0) -> bool:
    return (
        a["left"] < b["right"] + pad
        and b["left"] < a["right"] + pad
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def open_page(browser: Browser, url: str, errors: list[str], **options) -> Page:
    page = browser.new_context(viewport=PHONE, **options).new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    return page


def assert_chart_fits(boxes: dict) -> None:
    ticks = boxes["ticks"]
    assert len(ticks) >= 2
    for left, right in zip(ticks, ticks[1:], strict=False):
        assert left["right"] < right["left"], ticks  # dates that do not run together
    for tick in ticks:  # nor turn sideways into the range slider below
        assert not overlap(tick, boxes["slider"]), (tick, boxes["slider"])
    assert boxes["modebar"] is not None
    assert not overlap(boxes["legend"], boxes["modebar"]), (boxes["legend"], boxes["modebar"])
    canvas = boxes["canvas"]
    assert canvas["left"] - 1 <= boxes["legend"]["left"]
    assert boxes["legend"]["right"] <= canvas["right"] + 1


@pytest.mark.parametrize(
    ("path", "chart"),
    [
        (f"articles/{SLUG}.html", f"chart-{SLUG}"),
        ("articles/ar-putin-xi.html", "chart-ar-putin-xi"),
        (f"articles/{EN_SLUG}.html", f"chart-{EN_SLUG}"),
        ("index.html", "chart-index"),
    ],
)
def test_chart_fits_a_phone(site: Path, browser: Browser, path: str, chart: str) -> None:
    """On a phone plotly's tool bar (at the top right, shown on a touch) covered a legend of
    two rows, and long month names ("يناير 2023") ran into each other on the time axis."""
    errors: list[str] = []
    page = open_page(browser, (site / path).as_uri(), errors)
    page.wait_for_selector(f"#{chart}[data-drawn] .main-svg", timeout=20_000)
    assert_chart_fits(page.evaluate(BOXES, chart))
    page.context.close()
    assert errors == []


def test_right_to_left_legend_reads_from_the_right(site: Path, browser: Browser) -> None:
    """The time axis reads left to right in every language, but an Arabic reader starts the
    legend's row of words at the right: its title there, then the finest precision."""
    errors: list[str] = []
    for width, height in ((1280, 900), (390, 844)):
        page = open_page(browser, (site / "articles" / f"{SLUG}.html").as_uri(), errors)
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_selector(f"#chart-{SLUG}[data-drawn] .main-svg", timeout=20_000)
        page.wait_for_timeout(300)  # the resize is drawn
        boxes = page.evaluate(BOXES, f"chart-{SLUG}")
        legend, title, entries = boxes["legend"], boxes["title"], boxes["entries"]
        plot_right = page.evaluate(
            f"document.querySelector('#chart-{SLUG} .nsewdrag').getBoundingClientRect().right"
        )
        assert abs(legend["right"] - plot_right) < 40, (legend, plot_right)  # at the right
        assert title["right"] > max(e["box"]["right"] for e in entries) - 40  # title at right
        assert title["bottom"] <= min(e["box"]["top"] for e in entries) + 4  # above them
        first_row = [e for e in entries if e["box"]["top"] < entries[0]["box"]["bottom"]]
        rightmost = max(first_row, key=lambda e: e["box"]["right"])["name"]
        assert rightmost == "يوم" or "يوم" not in [e["name"] for e in first_row], entries
        page.context.close()
    # English stays as it was: at the left, the title first.
    page = open_page(browser, (site / "articles" / f"{EN_SLUG}.html").as_uri(), errors)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_selector(f"#chart-{EN_SLUG}[data-drawn] .main-svg", timeout=20_000)
    page.wait_for_timeout(500)  # the resize is drawn: the legend of a phone undone
    boxes = page.evaluate(BOXES, f"chart-{EN_SLUG}")
    assert boxes["title"]["right"] <= min(e["box"]["left"] for e in boxes["entries"])
    assert min(e["box"]["left"] for e in boxes["entries"]) == boxes["entries"][0]["box"]["left"]
    assert boxes["entries"][0]["name"].strip() == "Day"
    page.context.close()
    assert errors == []


def test_embed_fits_a_narrow_frame(site: Path, browser: Browser) -> None:
    """A report's column of 300 pixels: the embedded chart's dates stay apart and out of
    the range slider, nothing sticks out of the frame."""
    errors: list[str] = []
    page = open_page(browser, (site / "narrow-host.html").as_uri(), errors)
    frame = page.frame_locator("iframe[data-timeline]")
    frame.locator(f"#chart-{SLUG}[data-drawn] .main-svg").first.wait_for(timeout=20_000)
    inner = page.frames[1]
    assert_chart_fits(inner.evaluate(BOXES, f"chart-{SLUG}"))
    width = inner.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1] == 300
    page.context.close()
    assert errors == []


def swipe(page: Page, x: float, y: float, distance: float) -> None:
    """A finger moving up the screen by `distance` pixels (as a reader scrolls down)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        point = {"x": x, "y": y - distance * step / 10}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(300)


def test_swipe_over_a_chart_scrolls_a_phone(site: Path, browser: Browser) -> None:
    """plotly took a finger's swipe over the chart for a zoom box: a reader scrolling down
    an article on a phone was stuck on it. A tap on an event still leads to it."""
    errors: list[str] = []
    url = (site / "articles" / f"{SLUG}.html").as_uri()
    page = open_page(browser, url, errors, is_mobile=True, has_touch=True)
    page.wait_for_selector(f"#chart-{SLUG}[data-drawn] .main-svg", timeout=20_000)
    plot = page.locator(f"#chart-{SLUG} .nsewdrag").bounding_box()
    assert plot is not None
    assert page.evaluate("scrollY") == 0
    swipe(page, plot["x"] + plot["width"] / 2, plot["y"] + plot["height"] - 10, 200)
    assert page.evaluate("scrollY") > 100
    page.evaluate(f"document.getElementById('chart-{SLUG}').scrollIntoView()")
    page.locator(f"#chart-{SLUG} .scatterlayer .point").first.tap(force=True)
    page.wait_for_function("() => document.activeElement?.id === 'ev-e0'")
    page.context.close()
    assert errors == []


def test_printed_chart_fits_the_paper(site: Path, browser: Browser) -> None:
    """Printing lays the page out at the paper's width: the chart drawn for the screen stuck
    out of it (plotly's drawing has a fixed width)."""
    errors: list[str] = []
    page = open_page(browser, (site / "articles" / f"{SLUG}.html").as_uri(), errors)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.wait_for_selector(f"#chart-{SLUG}[data-drawn] .main-svg", timeout=20_000)
    page.evaluate(
        f"""() => {{ window.printed = [];
        matchMedia('print').addEventListener('change', e => {{
          const div = document.getElementById('chart-{SLUG}');
          printed.push([e.matches, div.clientWidth,
            div.querySelector('.main-svg').getBoundingClientRect().width]);
        }}); }}"""
    )
    page.pdf(format="A5")  # narrower than the screen
    printed = page.evaluate("printed")
    assert printed and printed[0][0] is True
    _, box, drawn = printed[0]
    assert box < 1000 and drawn <= box + 1, printed
    # Back on the screen, the chart is drawn at its width again.
    page.wait_for_function(
        f"""() => {{ const d = document.getElementById('chart-{SLUG}');
        return Math.abs(d.querySelector('.main-svg').getBoundingClientRect().width
                        - d.clientWidth) <= 1 && d.clientWidth > 1000; }}""",
        timeout=5_000,
    )
    page.context.close()
    assert errors == []


def test_article_list_fits_a_phone(site: Path, browser: Browser) -> None:
    """On a phone the five columns squeezed each title into a narrow column of one or two
    words a line, the rest out of sight: each article is now a block, its title across the
    width and the number of events named. Titles of another direction keep to the
    column's side; the column of numbers and its head to the same side."""
    errors: list[str] = []
    page = open_page(browser, (site / "index.html").as_uri(), errors)
    scroll = page.evaluate(
        "(() => { const s = document.querySelector('.table-scroll');"
        " return [s.scrollWidth, s.clientWidth]; })()"
    )
    assert scroll[0] <= scroll[1]
    rows = page.evaluate(
        """[...document.querySelectorAll('.articles tbody tr')].map(tr => {
          const title = tr.querySelector('.articles__title').getBoundingClientRect();
          const row = tr.getBoundingClientRect();
          const count = getComputedStyle(tr.querySelector('.num'), '::before').content;
          return [title.width / row.width, count];
        })"""
    )
    assert len(rows) == 3
    for share, count in rows:
        assert share > 0.95 and "الأحداث" in count
    assert page.evaluate("document.querySelector('.articles').getAttribute('role')") == "table"
    assert page.locator("role=cell").count() == 15
    assert page.locator("role=columnheader").count() == 5
    # Wide: a table again, an English title in the Arabic index at the column's right.
    page.set_viewport_size({"width": 1280, "height": 900})
    english_title = page.evaluate(
        """(() => { const a = document.querySelector('.articles__title a[lang=en]');
          const td = a.closest('td');
          return [a.getBoundingClientRect().right, td.getBoundingClientRect().right,
                  parseFloat(getComputedStyle(td).paddingRight)]; })()"""
    )
    link_right, cell_right, padding = english_title
    assert abs(cell_right - padding - link_right) <= 1, english_title
    head, number = page.evaluate(
        "[...document.querySelectorAll('.articles .num')].slice(0, 2)"
        ".map(c => { const r = document.createRange(); r.selectNodeContents(c);"
        " return r.getBoundingClientRect().left; })"
    )
    assert abs(head - number) <= 1
    page.context.close()
    assert errors == []
