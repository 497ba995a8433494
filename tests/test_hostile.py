"""Hostile articles: markup, script breakers, javascript: links and bidi overrides in every
field end up as inert text on every page type (corpus, article, embed, standalone), and every
page carries a Content-Security-Policy that allows only the site's own scripts.

The static checks parse every page; the browser checks open them in Chromium and watch for
dialogs, policy violations and scripts that are not ours. Hostile input files (XML external
entities, entity bombs, YAML tags) read no file, do not blow up and build no object.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from timeline.model import Article, ArticleResult
from timeline.pipeline import process
from timeline.security import content_security_policy, safe_url, script_hash
from timeline.site import build_site

# Each payload tries to run `alert`/`confirm`/`prompt` or to set `window.pwned`.
PAYLOADS = [
    "<script>alert('p1')</script>",
    "</script><script>window.pwned='p2'</script>",
    "\"><img src=x onerror=alert('p3')>",
    "'><svg onload=confirm('p4')>",
    "</title><script>prompt('p5')</script>",
    "</textarea><script>alert('p6')</script>",
    "<iframe src=\"javascript:alert('p7')\"></iframe>",
    "<a href=\"javascript:alert('p8')\">click</a>",
    "<!--<script>alert('p9')</script>-->",
    "]]><script>alert('p10')</script>",
    "{{ 7 * 7 }}{% raw %}${alert('p11')}",
    "<style>body{display:none}</style><b>bold</b>",
    "\u202etxt.exe",  # right-to-left override
    "\u2066\u2067\u202d\u2028\u2029",  # isolates, left-to-right override, JS line terminators
    "<math><mtext></p><img src=x onerror=alert('p12')></mtext></math>",
]
URLS = [
    "javascript:alert('u1')",
    " JaVaScRiPt:alert('u2')",
    "java\tscript:alert('u3')",
    "\x01javascript:alert('u4')",
    "data:text/html,<script>alert('u5')</script>",
    "vbscript:msgbox('u6')",
    "//evil.example/u7",
    "https://example.org/news?q=\"><script>alert('u8')</script>",
]
PAGE_TYPES = ("corpus", "article", "embed", "standalone")


def hostile_results() -> list[ArticleResult]:
    """One English and one Arabic article per payload, the payload in every field, processed
    by the real pipeline (so it also lands in event titles, clauses and the chart)."""
    results = []
    for n, payload in enumerate(PAYLOADS):
        for lang, template in (
            ("en", "{p} Talks ended last month {p}. Officials said {p} they will resume next "
             "spring, according to {p}. The plant opened on Friday. {p}"),
            ("ar", "{p} انتهت المحادثات الشهر الماضي {p}. وقال المسؤولون {p} إنها ستستأنف "
             "الربيع المقبل، وفقا لوكالة {p}. {p}"),
        ):  # fmt: skip
            article = Article(
                id=f"{payload} {n} {lang}",
                text=template.format(p=payload),
                title=f"{payload} {lang} title {n}",
                published=date(2022, 12, 30),
                lang=lang,
                source=f"{payload} source {n}",
                url=URLS[n % len(URLS)],
            )
            results.append(process(article))
    # The same report in two articles: one happening, two sources, one of them reversed.
    text = "Officials said talks on the Geneva grain corridor ended last month."
    for n, name in enumerate(["\u202eReversed wire", "Plain wire"]):
        article = Article(
            id=f"bidi-{n}", text=text, title=name, published=date(2022, 12, 30), lang="en"
        )
        results.append(process(article))
    return results


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "site"
    build_site(hostile_results(), out, ui_lang="en")
    return out


def pages(site: Path) -> Iterator[tuple[str, Path]]:
    yield "corpus", site / "index.html"
    for kind, folder in (("article", "articles"), ("embed", "embed"), ("standalone", "standalone")):
        for path in sorted((site / folder).glob("*.html")):
            yield kind, path


class Page(HTMLParser):
    """The elements, attributes, scripts and text of one page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.text: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._body: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script, self._body = dict(attrs), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._body)))
            self._script = None

    def handle_data(self, data: str) -> None:
        (self._body if self._script is not None else self.text).append(data)

    def csp(self) -> str:
        metas = [a for t, a in self.tags if t == "meta" and a.get("http-equiv")]
        assert len(metas) == 1 and metas[0]["http-equiv"] == "Content-Security-Policy"
        return metas[0]["content"] or ""


def check_inert(kind: str, path: Path, raw: str) -> None:
    page = Page(raw)
    csp = page.csp()
    # Our scripts only: the two assets, the chart data (not executed), or inline copies of the
    # assets on a standalone page, allowed by their hashes.
    for attrs, body in page.scripts:
        if attrs.get("type") == "application/json":
            json.loads(body)
        elif kind == "standalone":
            assert not attrs and script_hash(body) in csp, path
        else:
            assert set(attrs) <= {"src", "defer"}, attrs
            assert re.fullmatch(r"(\.\./)?assets/(plotly\.min|timeline)\.js", attrs["src"] or "")
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "'unsafe-eval'" not in csp  # no WebGL chart here: under 1,000 items
    for tag, attrs in page.tags:
        assert tag not in {"img", "svg", "iframe", "math", "object", "embed", "base"}, (path, tag)
        for name, value in attrs.items():
            assert not name.startswith("on"), (path, tag, name)
            if name in {"href", "src", "action", "formaction"}:
                assert re.match(r"(https?://|[a-z0-9./#-]*$)", value or "", re.I), (path, value)


def test_hostile_fields_are_inert_text_on_every_page_type(site: Path) -> None:
    tried = dict.fromkeys(PAGE_TYPES, 0)
    for kind, path in pages(site):
        raw = path.read_text(encoding="utf-8")
        check_inert(kind, path, raw)
        text = "".join(Page(raw).text)
        for payload in PAYLOADS:
            if payload in text:  # shown as the very characters it is made of: nothing lost
                tried[kind] += 1
    # Every payload is shown as text on every kind of page.
    assert tried["corpus"] == len(PAYLOADS)
    for kind in ("article", "embed", "standalone"):
        assert tried[kind] >= 2 * len(PAYLOADS)  # one English, one Arabic page per payload
    # Data files keep the fields as they were.
    document = json.loads((site / "timeline.json").read_text(encoding="utf-8"))
    titles = {a["title"] for a in document["articles"]}
    assert all(f"{p} en title {n}" in titles for n, p in enumerate(PAYLOADS))


def test_article_links_are_web_addresses_only(site: Path) -> None:
    hrefs = set()
    for _, path in pages(site):
        for tag, attrs in Page(path.read_text(encoding="utf-8")).tags:
            if tag == "a" and attrs.get("rel") == "noopener noreferrer":
                hrefs.add(attrs["href"])
    assert hrefs == {"https://example.org/news?q=\"><script>alert('u8')</script>"}


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a", True),
        ("HTTP://example.org", True),
        ("  https://example.org/x  ", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("\x00javascript:alert(1)", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("vbscript:x", False),
        ("//example.org/x", False),
        ("/relative/path", False),
        ("https://", False),
        ("http://[::1", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_url(url: str | None, kept: bool) -> None:
    assert bool(safe_url(url)) is kept


def test_policy_allows_only_own_scripts() -> None:
    page = content_security_policy()
    assert "script-src 'self';" in page and "default-src 'none'" in page
    assert "unsafe-eval" not in page and "base-uri 'none'" in page
    assert "'unsafe-eval'" in content_security_policy(webgl=True)
    inline = content_security_policy(inline_scripts=["a()", "b()"])
    assert f"script-src {script_hash('a()')} {script_hash('b()')};" in inline
    assert "'self'" not in inline


# In the browser


WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""
# Scripts on the page that are not ours: a <script> other than the assets or the chart data,
# an element with an event handler attribute, a javascript: link.
FOREIGN = """() => {
  const scripts = [...document.scripts].filter(s => !(
      s.type === 'application/json' || /assets\\/(plotly\\.min|timeline)\\.js$/.test(s.src)
      || (document.body.className === 'mode-standalone' && !s.src)));
  const handlers = [...document.querySelectorAll('*')].filter(
      e => [...e.attributes].some(a => a.name.startsWith('on')));
  const links = [...document.querySelectorAll('[href], [src]')].filter(
      e => /^\\s*(javascript|data|vbscript):/i.test(
          e.getAttribute('href') || e.getAttribute('src')));
  return {scripts: scripts.length, handlers: handlers.length, links: links.length,
          pwned: window.pwned === undefined ? null : String(window.pwned)};
}"""


def open_page(browser: Browser, url: str) -> dict:
    """Open a page, hover and click its chart, and report what happened."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    dialogs: list[str] = []
    errors: list[str] = []
    try:
        page = context.new_page()
        page.add_init_script(WATCH)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        page.wait_for_selector("figure.chart [data-drawn] .main-svg", timeout=20_000)
        points = page.locator("figure.chart .point")
        for i in range(min(points.count(), 4)):  # hover labels are drawn from article words
            points.nth(i).hover(force=True)
        page.wait_for_timeout(200)
        report = page.evaluate(FOREIGN)
        report["violations"] = page.evaluate("window.__violations")
        report["drawn"] = page.evaluate("document.querySelectorAll('[data-drawn]').length")
    finally:
        context.close()
    return {**report, "dialogs": dialogs, "errors": errors}


def test_nothing_runs_in_the_browser(site: Path, browser: Browser) -> None:
    opened = dict.fromkeys(PAGE_TYPES, 0)
    chosen = [p for p in pages(site) if p[0] == "corpus"]
    for kind in ("article", "embed", "standalone"):
        chosen += [p for p in pages(site) if p[0] == kind][:3]  # each of them holds every field
    for kind, path in chosen:
        report = open_page(browser, path.as_uri())
        assert report == {
            "scripts": 0,
            "handlers": 0,
            "links": 0,
            "pwned": None,
            "violations": [],
            "drawn": 1,
            "dialogs": [],
            "errors": [],
        }, (kind, path.name)
        opened[kind] += 1
    assert all(opened.values())


def test_policy_blocks_a_script_that_got_in(site: Path, browser: Browser, tmp_path: Path) -> None:
    """Had escaping failed, the policy would still stop an inline script or a handler."""
    for kind, path in (("article", next(pages(site))[1]), *[p for p in pages(site)][-1:]):
        raw = path.read_text(encoding="utf-8")
        broken = raw.replace(
            "</main>", "<script>alert('in')</script><img src=x onerror=\"alert('h')\"></main>"
        )
        copy = path.parent / f"broken-{kind}.html"
        copy.write_text(broken, encoding="utf-8")
        try:
            report = open_page(browser, copy.as_uri())
        finally:
            copy.unlink()
        assert report["dialogs"] == []
        assert len(report["violations"]) >= 2, report  # both refused, and reported


def test_bidi_override_stays_in_its_field(site: Path, browser: Browser) -> None:
    """A U+202E in an article title does not turn the words after it around: in the list of
    sources of an event, the next source still comes after it (to its right)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((site / "index.html").as_uri())
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('.event__sources')]
                .filter(s => s.textContent.includes('\\u202eReversed wire'))
                .map(s => [...s.querySelectorAll('a')].map(a => {
                    const r = a.getBoundingClientRect(); return [r.left, r.right]; }))"""
        )
    finally:
        context.close()
    assert boxes and all(len(links) == 2 for links in boxes), boxes
    for (_, first_right), (second_left, _) in boxes:
        assert second_left > first_right, boxes


def test_chart_lane_names_are_text(tmp_path: Path, browser: Browser) -> None:
    """Up to 30 sources the corpus chart has a lane per source, named by the article: plotly
    draws the name as plain text (no bold, no link, no element made from it)."""
    results = [r for r in hostile_results() if r.article.lang == "en"][:12]
    build_site(results, tmp_path / "site", ui_lang="en", standalone=False)
    raw = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    check_inert("corpus", tmp_path / "site" / "index.html", raw)
    # Lane names are in the page's chart data, markup and all, and cannot close its element.
    (data,) = [body for attrs, body in Page(raw).scripts if attrs.get("type")]
    lanes = json.loads(data)["layout"]["yaxis"]["categoryarray"]
    assert any("<" in lane for lane in lanes) and "<" not in data
    index = (tmp_path / "site" / "index.html").as_uri()
    report = open_page(browser, index)
    assert report["dialogs"] == [] and report["violations"] == [] and report["scripts"] == 0
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(index)
        page.wait_for_selector("#chart-index[data-drawn]")
        ticks = page.evaluate(
            "[...document.querySelectorAll('#chart-index .ytick text')]"
            ".map(t => [t.childElementCount, t.textContent])"
        )
    finally:
        context.close()
    assert len(ticks) >= 3
    for children, label in ticks:
        assert children == 0 and any(label.rstrip("…")[:8] in p for p in PAYLOADS), label


def test_webgl_pages_draw_under_their_policy(tmp_path: Path, browser: Browser) -> None:
    """An article of 1,000 events is drawn with WebGL on its page, its embed and its standalone
    file: the policy allows plotly's compiled drawing code there (and only there), and the
    browser reports no violation; the chart's PNG download (a data: image) still works."""
    from test_browser import many_events

    out = tmp_path / "site"
    build_site(many_events(1000, per_article=1000), out, ui_lang="en")
    slug = next((out / "articles").glob("*.html")).stem
    for path in (f"articles/{slug}.html", f"embed/{slug}.html", f"standalone/{slug}.html"):
        page = Page((out / path).read_text(encoding="utf-8"))
        assert "'unsafe-eval'" in page.csp(), path
        report = open_page(browser, (out / path).as_uri())
        assert report["violations"] == [] and report["errors"] == [], (path, report)
        assert report["drawn"] == 1 and report["dialogs"] == [] and report["scripts"] == 0

    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        page.add_init_script(WATCH)
        page.goto((out / "articles" / f"{slug}.html").as_uri())
        page.wait_for_selector("figure.chart [data-drawn] .main-svg", timeout=20_000)
        page.hover("figure.chart .main-svg")
        with page.expect_download(timeout=20_000) as download:
            page.click("figure.chart .modebar-btn[data-title^='Download plot']")
        assert download.value.suggested_filename.endswith(".png")
        assert page.evaluate("window.__violations") == []
    finally:
        context.close()


# Hostile input files: XML external entities read no file, entity bombs do not blow up,
# YAML front matter builds no Python object.

XXE = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
BOMB = "".join(
    f'<!ENTITY {b} "{("&" + a + ";") * 20}">' for a, b in zip("abcdef", "bcdefg", strict=True)
)
ITEM = (
    "<item><title>{title}</title><description>Talks ended last month. {body}</description>"
    "<pubDate>Fri, 30 Dec 2022 10:00:00 GMT</pubDate><guid>{guid}</guid></item>"
)
INPUTS = {
    "xxe.rss": f'<?xml version="1.0"?>\n{XXE}\n<rss version="2.0"><channel><title>T</title>'
    + ITEM.format(title="Leak &e;", body="&e;", guid="x1")
    + "</channel></rss>",
    "bomb.rss": f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "{"a" * 60}">{BOMB}]>\n'
    '<rss version="2.0"><channel><title>T</title>'
    + ITEM.format(title="Lol", body="&g;", guid="x2")
    + "</channel></rss>",
    "xxe.html": XXE.replace("x [", "html [")
    + '<html><head><title>Leak</title><meta property="article:published_time" '
    'content="2022-12-30"></head><body><article><p>Talks ended last month in Geneva and '
    "officials expect them to resume next spring. &e; More words so that the page has a main "
    "text long enough to be kept.</p></article></body></html>",
    "yaml.md": '---\ntitle: !!python/object/apply:os.system ["echo PWNED"]\n'
    "date: 2022-12-30\n---\nTalks ended last month.\n",
}


def test_hostile_input_files(tmp_path: Path) -> None:
    from timeline.ingest import InputError, read_articles

    for name, content in INPUTS.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    problems: list[InputError] = []
    articles = list(read_articles([tmp_path], on_error=problems.append, on_warning=problems.append))
    secret = Path("/etc/passwd").read_text(encoding="utf-8").split(":")[0]  # "root"
    for article in articles:
        assert f"{secret}:" not in article.text + article.title  # no file was read
        assert len(article.text) < 10_000  # the bomb did not go off
    assert {a.title for a in articles} <= {"Leak &e;", "Leak", "Lol"}
    assert any("yaml.md" in str(p) and "invalid front matter" in str(p) for p in problems)
