import json
import pickle
import random
from datetime import date
from pathlib import Path

import pytest

from timeline import ingest
from timeline.ingest import InputError, InputWarning, detect_lang, read_articles

SEED = Path(__file__).parent.parent / "seeds" / "000_b8def699f72820c2.txt"
GOOD_TXT = "Title\n30 December 2022 The minister said on Friday that talks would resume.\n"


def read_collecting(paths, **options):
    errors: list[InputError] = []
    articles = list(read_articles(paths, on_error=errors.append, **options))
    return articles, errors


def test_public_api():
    assert set(ingest.__all__) == {
        "InputError",
        "InputWarning",
        "LimitError",
        "detect_lang",
        "read_articles",
    }
    assert issubclass(InputWarning, InputError) and issubclass(InputWarning, UserWarning)


def test_seed_file():
    [article] = read_articles([SEED])
    first_line, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    assert article.id == SEED.stem
    assert article.title == first_line.strip() != ""
    assert article.published == date(2022, 12, 30)
    assert article.lang == "ar"
    assert article.text == body  # the dateline stays: offsets point into this text
    assert article.text.startswith("٣٠ ديسمبر")
    assert article.path == str(SEED)


def test_folder_is_walked_recursively_in_sorted_order_skipping_hidden_and_other_files(tmp_path):
    for name in ["b.txt", "a/z.txt", "a/y.txt", ".hidden/x.txt", "notes.csv", "a/img.png"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(GOOD_TXT, encoding="utf-8")
    articles, errors = read_collecting([tmp_path])
    assert errors == []
    assert [Path(a.path).relative_to(tmp_path).as_posix() for a in articles] == [
        "a/y.txt",
        "a/z.txt",
        "b.txt",
    ]


def test_glob_and_a_single_path(tmp_path):
    for name in ["one.txt", "two.txt", "three.csv"]:
        (tmp_path / name).write_text(GOOD_TXT, encoding="utf-8")
    articles, errors = read_collecting([str(tmp_path / "*")])
    assert errors == []
    assert [a.id for a in articles] == ["one", "two"]
    assert [a.id for a in read_articles(str(tmp_path / "one.txt"))] == ["one"]


def test_a_file_named_twice_is_read_once(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(GOOD_TXT, encoding="utf-8")
    assert len(list(read_articles([path, tmp_path, str(path)]))) == 1


def test_dct_overrides_the_dateline_and_the_published_field(tmp_path):
    no_dateline = tmp_path / "plain.txt"
    no_dateline.write_text("Title\nNo date at the start of this body.\n", encoding="utf-8")
    record = tmp_path / "one.json"
    record.write_text(json.dumps({"text": "Hello.", "published": "2020-01-01"}), encoding="utf-8")
    dct = date(2023, 5, 4)
    articles = list(read_articles([SEED, no_dateline, record], dct=dct))
    assert [a.published for a in articles] == [dct, dct, dct]


@pytest.mark.parametrize(
    ("line2", "lang", "expected"),
    [
        ("٣٠ ديسمبر ٢٠٢٢دعا الرئيس الروسي", "ar", date(2022, 12, 30)),
        ("۳۰ ديسمبر ۲۰۲۲ دعا الرئيس", "ar", date(2022, 12, 30)),
        ("30 ديسمبر 2022دعا الرئيس", "ar", date(2022, 12, 30)),
        ("الجمعة 30 كانون الأول/ديسمبر 2022 - قال الرئيس", "ar", date(2022, 12, 30)),
        ("30 أيلول/ سبتمبر 2022 قال الرئيس", "ar", date(2022, 9, 30)),
        ("2 شباط 2021 قال الرئيس", "ar", date(2021, 2, 2)),
        ("١٥ شتنبر ٢٠٢٢ قال الرئيس", "ar", date(2022, 9, 15)),
        ("2022-12-30 The minister said", "en", date(2022, 12, 30)),
        ("2022/12/30 14:05 The minister said", "en", date(2022, 12, 30)),
        ("30/12/2022 - قال الرئيس", "ar", date(2022, 12, 30)),
        ("December 30, 2022WASHINGTON - The minister said", "en", date(2022, 12, 30)),
        ("Friday, 30 December 2022 The minister said", "en", date(2022, 12, 30)),
        # after a label, in any language
        ("Published: 2023-11-02", "en", date(2023, 11, 2)),
        ("Date: November 2, 2023", "en", date(2023, 11, 2)),
        ("تاريخ النشر: 30 ديسمبر 2022", "ar", date(2022, 12, 30)),
        # after a place and a dash, as agencies write it
        ("القاهرة - 30 ديسمبر/كانون الأول 2022 (رويترز) - قال الوزير", "ar", date(2022, 12, 30)),
        ("PARIS — 2 May 2023 (AFP) - The minister said", "en", date(2023, 5, 2)),
        # after a place and a comma, with a country or an outlet
        ("DAKAR, March 22, 2024 (AFP) - Voters go to the polls", "en", date(2024, 3, 22)),
        ("LONDON, 12 July 2023 - A former council leader", "en", date(2023, 7, 12)),
        ("MARRAKECH, Morocco, March 8, 2024 (Reuters) - Six months", "en", date(2024, 3, 8)),
        ("مراكش - هسبريس - الأحد 8 شتنبر 2024 تحل اليوم الذكرى", "ar", date(2024, 9, 8)),
    ],
)
def test_dateline(tmp_path, line2, lang, expected):
    path = tmp_path / "article.txt"
    title = "عنوان المقال" if lang == "ar" else "Title"
    path.write_text(f"{title}\n{line2}\n", encoding="utf-8")
    [article] = read_articles([path])
    assert article.lang == lang
    assert article.published == expected
    assert article.text.startswith(line2)


def test_json_object(tmp_path):
    path = tmp_path / "story.json"
    record = {
        "text": "The summit opened on Monday.",
        "published": "2022-12-30T23:30:00+03:00",
        "title": "Summit",
        "url": "https://example.org/summit",
        "source": "Example News",
    }
    path.write_text(json.dumps(record), encoding="utf-8")
    [article] = read_articles([path])
    assert article.id == "story"
    assert article.text == record["text"]
    assert article.title == "Summit"
    assert article.published == date(2022, 12, 30)
    assert article.lang == "en"
    assert (article.url, article.source, article.path) == (record["url"], "Example News", str(path))


def test_json_list_and_ids(tmp_path):
    path = tmp_path / "batch.json"
    records = [
        {"text": "First.", "published": "2022-01-01"},
        {"text": "Second.", "published": "2022-01-02", "id": "own-id"},
        {"text": "Third.", "published": "2022-01-03", "id": 7},
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    articles = list(read_articles([path]))
    assert [a.id for a in articles] == ["batch-1", "own-id", "7"]
    assert [a.published for a in articles] == [date(2022, 1, d) for d in (1, 2, 3)]


def test_jsonl_language_from_field_argument_or_script(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        {"text": "دعا الرئيس إلى زيارة موسكو العام المقبل.", "published": "2022-12-30"},
        {"text": "The president called for a visit.", "published": "2022-12-30"},
        {"text": "Texte sans langue déclarée.", "published": "2022-12-30", "lang": "fr"},
    ]
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n", encoding="utf-8"
    )
    articles = list(read_articles([path]))
    assert [a.id for a in articles] == ["feed-1", "feed-2", "feed-3"]
    assert [a.lang for a in articles] == ["ar", "en", "fr"]
    assert [a.lang for a in read_articles([path], lang="en")] == ["en", "en", "en"]


def test_lang_argument_overrides_detection(tmp_path):
    [article] = read_articles([SEED], lang="ar")
    assert article.lang == "ar"
    path = tmp_path / "a.txt"
    path.write_text(GOOD_TXT, encoding="utf-8")
    [article] = read_articles([path], lang="fr", dct=date(2022, 1, 1))
    assert article.lang == "fr"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("دعا الرئيس الروسي فلاديمير بوتين", "ar"),
        ("قال بوتين (Vladimir Putin) في موسكو يوم الجمعة", "ar"),
        ("The Russian president", "en"),
        ("The talks (المحادثات) resumed on Friday in Moscow", "en"),
        ("٣٠ ١٢ ٢٠٢٢", "en"),  # digits are not letters
        ("", "en"),
    ],
)
def test_detect_lang(text, expected):
    assert detect_lang(text) == expected


JSONL_ONE_BAD_LINE = '{"text": "One.", "published": "2022-01-01"}\n{"text": oops}\n' + (
    '{"text": "Three.", "published": "2022-01-03"}\n'
)
JSONL_TRUNCATED = '{"text": "One.", "published": "2022-01-01"}\n{"text": "Tw'
NO_DATE_PAGE = (Path(__file__).parent / "data" / "ingest" / "no-date.html").read_bytes()
BAD_INPUTS = [
    # name, content (None: the path does not exist), line, words in the message, good articles
    ("empty.txt", b"", None, "empty file", 0),
    ("blank.jsonl", b"\n  \n", None, "empty file", 0),
    ("nodate.txt", b"Title\nNo date here at all.\n", 2, "no publication date found; give --dct", 0),
    ("feed.jsonl", JSONL_ONE_BAD_LINE.encode(), 2, "invalid JSON", 2),
    ("notext.json", b'{"title": "T", "published": "2022-01-01"}', None, "'text'", 0),
    (
        "list.json",
        b'[{"text": "ok", "published": "2022-01-01"}, {"published": "x"}]',
        None,
        "item 2: 'text'",
        1,
    ),
    ("baddate.jsonl", b'{"text": "T", "published": "30/12/2022"}\n', 1, "invalid 'published'", 0),
    ("nodate.json", b'{"text": "T"}', None, "no 'published' date", 0),
    ("badtitle.jsonl", b'{"text": "T", "published": "2022-01-01", "title": 3}', 1, "'title'", 0),
    ("broken.json", b'{"text": "T",\n "published": }', 2, "invalid JSON", 0),
    ("scalar.json", b"42", None, "expected a JSON object", 0),
    ("missing.txt", None, None, "no such file", 0),
    ("empty.html", b"", None, "empty file", 0),
    (
        "blank.html",
        b"<html><head><title>T</title></head><body></body></html>",
        None,
        "no article text",
        0,
    ),
    ("bom-only.md", b"\xef\xbb\xbf\r\n", None, "empty file", 0),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), None, "a PNG image, not text", 0),
    ("noise.txt", random.Random(7).randbytes(4096), None, "not text", 0),
    ("report.html", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", None, "a PDF document, not text", 0),
    ("cut.json", b'{"text": "T", "published": "2022-01-01"', 1, "invalid JSON", 0),
    ("cut.jsonl", JSONL_TRUNCATED.encode(), 2, "invalid JSON: Unterminated string", 1),
    ("nodate.html", NO_DATE_PAGE, None, "no publication date in this page; give --dct", 0),
    ("nodate.md", b"# A note\n\nNo front matter.\n", None, "give --dct", 0),
    (
        "empty.rss",
        b"<rss version='2.0'><channel><title>x</title></channel></rss>",
        None,
        "empty feed",
        0,
    ),
    (
        "notes.xml",
        b"<?xml version='1.0'?><notes><n>1</n></notes>",
        None,
        "not an RSS or Atom feed",
        0,
    ),
    ("page.docx", b"<html></html>", None, "unsupported file type '.docx'", 0),
]


@pytest.mark.parametrize(("name", "content", "line", "words", "good"), BAD_INPUTS)
def test_bad_input_gives_one_error_and_the_rest_is_read(tmp_path, name, content, line, words, good):
    before, after = tmp_path / "a.txt", tmp_path / "z.txt"
    before.write_text(GOOD_TXT, encoding="utf-8")
    after.write_text(GOOD_TXT, encoding="utf-8")
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    articles, errors = read_collecting([before, bad, after])
    assert len(errors) == 1, errors
    [error] = errors
    assert (error.path, error.line) == (str(bad), line)
    assert words in error.message
    where = str(bad) if line is None else f"{bad}:{line}"
    assert str(error) == f"{where}: {error.message}"
    assert "\n" not in str(error)
    assert [a.id for a in articles][0] == "a" and [a.id for a in articles][-1] == "z"
    assert len(articles) == 2 + good


def test_errors_raise_by_default(tmp_path):
    path = tmp_path / "nodate.txt"
    path.write_text("Title\nNo date here.\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_articles([path]))
    assert str(caught.value) == f"{path}:2: no publication date found; give --dct YYYY-MM-DD"


def test_folder_or_glob_without_articles_is_an_error(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b", encoding="utf-8")
    articles, errors = read_collecting([tmp_path, str(tmp_path / "*.json")])
    assert articles == []
    assert [e.path for e in errors] == [str(tmp_path), str(tmp_path / "*.json")]


def test_input_error_survives_pickling():
    error = InputError("a.jsonl", 3, "invalid JSON")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.line, copy.message, str(copy)) == (
        "a.jsonl",
        3,
        "invalid JSON",
        str(error),
    )
