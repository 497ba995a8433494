"""Every input format on the corpus of tests/data/ingest/: the right text, date, title, source
and language; every encoding a user may hand over; language identification."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from timeline.ingest import InputWarning, detect_lang, read_articles
from timeline.ingest.decode import NotText, decode
from timeline.pipeline import process

DATA = Path(__file__).parent / "data" / "ingest"


def read_one(path: Path, **options):
    warnings: list[InputWarning] = []
    [article] = list(read_articles([path], on_warning=warnings.append, **options))
    return article, warnings


# --- HTML pages -------------------------------------------------------------------------------


def test_news_page_main_text_without_navigation_ads_or_comments():
    article, warnings = read_one(DATA / "world-news-en.html")
    assert warnings == []
    assert article.id == "world-news-en"
    assert article.title == "Talks to resume in Geneva next month, minister says"  # og:title
    assert article.published == date(2022, 12, 30)  # datePublished, not dateModified
    assert article.lang == "en"
    assert article.url == "https://www.dailyledger.example/world/2022/12/30/geneva-talks-resume"
    assert article.source == "The Daily Ledger"
    assert article.text.startswith("GENEVA — Negotiators will return to the table")
    assert "over the past three years." in article.text
    for boilerplate in [
        "Accept all",  # cookie banner
        "Subscribe for",  # navigation
        "Markets close higher",  # ticker
        "luxury cruise",  # ads
        "Refinance your mortgage",
        "Geneva talks collapse",  # related links
        "GenevaWatcher",  # comments
        "photo opportunities",
        "Ten recipes",  # sidebar
        "All rights reserved",  # footer
    ]:
        assert boilerplate not in article.text, boilerplate


def test_news_page_through_the_pipeline():
    article, _ = read_one(DATA / "world-news-en.html")
    values = {t.mention.text: t.value.value for t in process(article).timexes}
    assert values["next month"] == "2023-01"
    assert values["Friday"] == "2022-12-30"


def test_arabic_page_in_windows_1256_with_json_ld_date():
    article, warnings = read_one(DATA / "politics-ar-cp1256.html")
    assert warnings == []
    assert article.title == "الرئاسة: زيارة مرتقبة إلى موسكو في الربيع المقبل"
    assert article.published == date(2022, 12, 30)
    assert article.lang == "ar"
    assert article.source == "شبكة الأخبار العربية"
    assert article.url.endswith("/politics/2022/12/30/moscow-visit")
    assert article.text.startswith("أعلنت الرئاسة يوم الجمعة")  # the headline is the title
    assert "الربيع المقبل" in article.text
    for boilerplate in ["إعلان", "الرئيسية", "أبو محمد", "الأكثر قراءة", "جميع الحقوق"]:
        assert boilerplate not in article.text, boilerplate
    values = {t.mention.text: t.value.value for t in process(article).timexes}
    assert values["الربيع المقبل"] == "2023-SP"


@pytest.mark.parametrize(
    ("name", "lang", "published", "title", "source", "starts", "not_in"),
    [
        (
            "societe-fr.html",
            "fr",
            date(2023, 3, 16),  # <meta name="date"> and <time datetime>
            "Grève des transports : le mouvement reconduit jusqu'à lundi",
            "Le Quotidien du Matin",
            "Par Claire Martin",
            ["Jean-Pierre", "Publicité", "Mentions légales"],
        ),
        (
            "economia-es.html",
            "es",
            date(2023, 6, 15),  # JSON-LD
            "El banco central mantiene los tipos de interés hasta el verano",
            "Diario Económico",
            "El banco central decidió este jueves",
            ["Otra vez lo mismo", "Publicidad", "Suscríbete"],
        ),
    ],
)
def test_french_and_spanish_pages_are_not_read_as_english(
    name, lang, published, title, source, starts, not_in
):
    warnings: list[InputWarning] = []
    [article] = read_articles([DATA / name], on_warning=warnings.append)
    assert (article.lang, article.published, article.title, article.source) == (
        lang,
        published,
        title,
        source,
    )
    assert article.text.startswith(starts)
    for boilerplate in not_in:
        assert boilerplate not in article.text


def test_page_without_a_date_asks_for_dct():
    errors = []
    assert list(read_articles([DATA / "no-date.html"], on_error=errors.append)) == []
    assert [str(e) for e in errors] == [
        f"{DATA / 'no-date.html'}: no publication date in this page; give --dct YYYY-MM-DD"
    ]
    [article] = read_articles([DATA / "no-date.html"], dct=date(2023, 1, 1))
    assert article.published == date(2023, 1, 1)
    assert article.title == "About our newsroom"  # no og:title: the <title>, trimmed by trafilatura


def test_page_with_only_a_title_element_and_a_page_language(tmp_path):
    page = tmp_path / "short.html"
    page.write_text(
        '<html lang="en"><head><title>Flood warning | Local News</title>'
        '<meta property="article:published_time" content="2021-04-02T10:00:00Z"></head>'
        "<body><article><h2>Flood</h2><p>"
        + "The river rose on Friday and the town expects more rain next week. " * 5
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    article, _ = read_one(page)
    assert article.published == date(2021, 4, 2)
    assert article.title.startswith("Flood warning")
    assert article.lang == "en"


# --- feeds ------------------------------------------------------------------------------------


def test_rss_items_are_articles():
    path = DATA / "world.rss"
    articles = list(read_articles([path]))
    assert [a.title for a in articles] == [
        "Talks to resume in Geneva next month",
        "Storm expected to reach the coast on Sunday",
        "Elections set for next spring",
    ]
    first, storm, elections = articles
    assert first.id == "ledger-2022-12-30-0041"  # the guid
    assert first.text == (
        "Negotiators will return to the table in Geneva next month, the foreign minister said "
        "on Friday.\nThe last round, held in September, ended without an agreement."
    )  # content:encoded, its HTML as text, rather than the description
    assert first.url == "https://www.dailyledger.example/world/2022/12/30/geneva-talks-resume"
    assert {a.source for a in articles} == {"The Daily Ledger – World"}
    assert storm.id == storm.url  # no guid: the link
    assert storm.published == date(2022, 12, 30)  # 23:30 +0300 is still the 30th there
    assert storm.text.startswith("Forecasters said") and "<p>" not in storm.text
    assert elections.published == date(2022, 12, 29)
    assert {a.lang for a in articles} == {"en"}
    assert {a.path for a in articles} == {str(path)}


def test_atom_entries_published_else_updated_content_else_summary():
    probe, heat = read_articles([DATA / "science.atom"])
    assert probe.id == "tag:science.example,2023:probe"
    assert probe.published == date(2023, 2, 9)  # published, not updated (2023-02-10)
    assert probe.text.startswith("The probe launched last April")
    assert "A short summary" not in probe.text
    assert (
        probe.source == "Science Desk" and probe.url == "https://science.example/2023/02/09/probe"
    )
    assert heat.published == date(2023, 2, 8)  # no published: updated
    assert heat.text == (
        "Last summer was the hottest on record in Europe, a report published on Wednesday found."
    )


def test_xml_that_is_a_feed_is_read_and_other_xml_is_refused(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_bytes((DATA / "world.rss").read_bytes())
    config = tmp_path / "config.xml"
    config.write_text('<?xml version="1.0"?><config><a>1</a></config>', encoding="utf-8")
    errors = []
    articles = list(read_articles([feed, config], on_error=errors.append))
    assert len(articles) == 3
    assert [str(e) for e in errors] == [f"{config}: not an RSS or Atom feed"]


def test_feed_item_without_a_date_or_text(tmp_path):
    feed = tmp_path / "bad.rss"
    feed.write_text(
        "<rss version='2.0'><channel><title>F</title>"
        "<item><title>Undated</title><description>It rained yesterday.</description></item>"
        "<item><title>Empty</title><pubDate>Fri, 30 Dec 2022 09:00:00 GMT</pubDate></item>"
        "<item><title>Fine</title><pubDate>Fri, 30 Dec 2022 09:00:00 GMT</pubDate>"
        "<description>It rained yesterday in the capital.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    errors = []
    articles = list(read_articles([feed], on_error=errors.append))
    assert [a.title for a in articles] == ["Fine"]
    assert [e.message for e in errors] == [
        "item 1 ('Undated'): no date; give --dct YYYY-MM-DD",
        "item 2 ('Empty'): no content or summary",
    ]


def test_truncated_feed_keeps_its_complete_items_with_a_warning(tmp_path):
    text = (DATA / "world.rss").read_text(encoding="utf-8")
    feed = tmp_path / "cut.rss"
    feed.write_text(text[: text.index("<title>Elections")], encoding="utf-8")
    warnings: list[InputWarning] = []
    errors = []
    articles = list(read_articles([feed], on_error=errors.append, on_warning=warnings.append))
    assert [a.title for a in articles][:2] == [
        "Talks to resume in Geneva next month",
        "Storm expected to reach the coast on Sunday",
    ]
    assert len(warnings) == 1 and warnings[0].message.startswith("malformed feed")
    assert all(e.message.startswith("item 3") for e in errors)  # the cut item, if any


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_with_front_matter():
    path = DATA / "briefing-en.md"
    article, warnings = read_one(path)
    assert warnings == []
    assert article.title == "Morning briefing: ceasefire talks, storm warning"
    assert article.published == date(2023, 1, 9)
    assert (article.lang, article.source) == ("en", "Newsroom Notes")
    assert article.url == "https://notes.example/briefings/2023-01-09"
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert article.text == body  # offsets point into the body after the front matter
    values = {t.mention.text: t.value.value for t in process(article).timexes}
    assert values["next week"] == "2023-W03"


def test_arabic_markdown_with_a_datetime_and_no_lang():
    article, _ = read_one(DATA / "economy-ar.md")
    assert article.published == date(2023, 6, 15)
    assert article.lang == "ar"
    assert article.title == "البنك المركزي يبقي أسعار الفائدة دون تغيير"
    assert article.text.startswith("قرر البنك المركزي")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("# Heading only\n\nText of the note.\n", "no 'date' in the front matter"),
        ("---\ntitle: [unclosed\ndate: 2022-01-01\n---\nText.\n", "invalid front matter"),
        ("---\n- a\n- b\n---\nText.\n", "'key: value' lines"),
        ("---\ndate: someday\n---\nText.\n", "invalid 'date' 'someday'"),
        ("---\ndate: 2022-01-01\n---\n\n", "no text after the front matter"),
    ],
)
def test_bad_markdown(tmp_path, content, expected):
    path = tmp_path / "note.md"
    path.write_text(content, encoding="utf-8")
    errors = []
    assert list(read_articles([path], on_error=errors.append)) == []
    assert len(errors) == 1 and expected in errors[0].message


def test_markdown_title_from_the_first_heading(tmp_path):
    path = tmp_path / "note.markdown"
    path.write_text("---\ndate: 2022-12-30\n---\n\n# The heading\n\nSome text.\n", "utf-8")
    [article] = read_articles([path])
    assert article.title == "The heading"


# --- JSON Lines on standard input ---------------------------------------------------------------


def test_stdin_is_json_lines():
    lines = [
        {"id": "a", "text": "It rained yesterday.", "published": "2022-12-30"},
        {"id": "b", "text": "Snow is expected tomorrow.", "published": "2022-12-30"},
    ]
    stream = io.BytesIO("".join(json.dumps(r) + "\n" for r in lines).encode())
    articles = list(read_articles(["-"], stdin=stream))
    assert [(a.id, a.path) for a in articles] == [("a", "<stdin>"), ("b", "<stdin>")]


# --- encodings --------------------------------------------------------------------------------

AR = "عنوان الخبر\n30 ديسمبر 2022 قال الوزير إن المحادثات ستستأنف الشهر المقبل في جنيف.\n"
EN = "Talks resume\n30 December 2022 The minister said talks would resume next month.\n"
FR = "Grève\n16 mars 2023 Les syndicats ont décidé jeudi de reconduire la grève jusqu'à lundi.\n"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (AR, "utf-8"),
        (AR, "utf-8-sig"),
        (AR, "utf-16"),  # with a byte order mark, as Windows Notepad writes it
        (AR, "utf-16-le"),  # without one
        (AR, "utf-16-be"),
        (AR, "utf-32"),
        (AR, "cp1256"),  # Windows-1256
        (AR, "iso-8859-6"),
        (EN, "utf-16-le"),
        (EN, "utf-16"),
        (FR, "latin-1"),
        (FR, "cp1252"),
        (FR, "utf-8-sig"),
    ],
)
def test_txt_in_any_encoding(tmp_path, text, encoding):
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    article, _ = read_one(path)
    title, _, body = text.partition("\n")
    assert (article.title, article.text) == (title, body)
    assert article.published in (date(2022, 12, 30), date(2023, 3, 16))


@pytest.mark.parametrize("encoding", ["cp1256", "iso-8859-6", "utf-16", "utf-8-sig"])
def test_json_lines_in_a_legacy_encoding(tmp_path, encoding):
    path = tmp_path / "feed.jsonl"
    record = {"text": AR, "published": "2022-12-30"}
    path.write_bytes(((json.dumps(record, ensure_ascii=False) + "\n") * 3).encode(encoding))
    articles = list(read_articles([path]))
    assert [a.text for a in articles] == [AR] * 3
    assert [a.id for a in articles] == ["feed-1", "feed-2", "feed-3"]


def test_json_lines_files_joined_with_their_byte_order_marks(tmp_path):
    path = tmp_path / "joined.jsonl"
    line = json.dumps({"text": EN, "published": "2022-12-30"}) + "\r\n"
    path.write_bytes(line.encode("utf-8-sig") * 2)  # cat a.jsonl b.jsonl > joined.jsonl
    assert [a.text for a in read_articles([path])] == [EN, EN]


def test_crlf_and_nul_bytes(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(EN.replace("\n", "\r\n").encode("utf-8").replace(b"The", b"Th\x00e"))
    article, _ = read_one(path)
    assert article.title == "Talks resume"
    assert article.text == EN.partition("\n")[2]
    lone_cr = tmp_path / "mac.txt"
    lone_cr.write_bytes(EN.replace("\n", "\r").encode("utf-8"))
    article, _ = read_one(lone_cr)
    assert article.text == EN.partition("\n")[2]


def test_html_declared_charset_and_json_with_bom(tmp_path):
    page = (DATA / "politics-ar-cp1256.html").read_bytes()
    assert b"charset=windows-1256" in page and "موسكو".encode("cp1256") in page
    path = tmp_path / "story.json"
    path.write_bytes(json.dumps({"text": AR, "published": "2022-12-30"}).encode("utf-8-sig"))
    [article] = read_articles([path])
    assert article.text == AR


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "a PNG image, not text"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document, not text"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive"),
        (bytes(range(256)) * 64, "not text"),
    ],
)
def test_binary_is_not_text(data, expected):
    with pytest.raises(NotText, match=expected):
        decode(data)


# --- language ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Le ministre a déclaré vendredi que les négociations reprendraient le mois prochain.",
            "fr",
        ),
        ("El ministro dijo el viernes que las conversaciones se reanudarían el próximo mes.", "es"),
        (
            "Der Minister sagte am Freitag, die Gespräche würden im nächsten Monat fortgesetzt.",
            "de",
        ),
        ("The minister said on Friday that the talks would resume next month.", "en"),
        ("قال الوزير يوم الجمعة إن المحادثات ستستأنف الشهر المقبل في جنيف", "ar"),
        ("Short line.", "en"),  # too short to identify: the script decides
        ("قال الوزير", "ar"),
    ],
)
def test_language_identification(text, expected):
    assert detect_lang(text) == expected


def test_declared_language_beats_identification_and_page_language_is_a_hint(tmp_path):
    path = tmp_path / "mixed.jsonl"
    rows = [
        {
            "text": "Le ministre a déclaré vendredi que les négociations reprendraient.",
            "lang": "en",
        },
        {"text": "Le ministre a déclaré vendredi que les négociations reprendraient."},
        {"text": "Texte court.", "lang": "fr-FR"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    warnings: list[InputWarning] = []
    articles = list(read_articles([path], dct=date(2023, 1, 1), on_warning=warnings.append))
    assert [a.lang for a in articles] == ["en", "fr", "fr"]
