"""The bad inputs that are not one bad file among good ones: doubtful dates and languages
(warnings, and `strict`), files too large, unreadable files, symbolic link loops."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from timeline.ingest import InputError, InputWarning, language, read_articles

ROOT = Path(__file__).parent.parent
GOOD_TXT = "Title\n30 December 2022 The minister said on Friday that talks would resume.\n"


def read(paths, **options):
    """(articles, errors, warnings) of a reading."""
    errors: list[InputError] = []
    warnings: list[InputWarning] = []
    articles = list(
        read_articles(paths, on_error=errors.append, on_warning=warnings.append, **options)
    )
    return articles, errors, warnings


# --- doubtful dates ---------------------------------------------------------------------------

DOUBTFUL = [
    # name, content, line, the date in the message
    ("old.txt", "Title\n1 March 1850 The minister said.\n", None, "1850-03-01 is before 1900"),
    ("future.txt", "Title\n2999-01-01 The minister said.\n", None, "2999-01-01 is in the future"),
    (
        "old.jsonl",
        json.dumps({"text": "The minister said.", "published": "1899-12-31"}) + "\n",
        1,
        "1899-12-31 is before 1900",
    ),
    (
        "future.md",
        "---\ndate: 2999-06-01\n---\nThe minister said.\n",
        None,
        "2999-06-01 is in the future",
    ),
    (
        "future.html",
        '<html><head><meta property="article:published_time" content="2999-05-05"></head>'
        "<body><article><p>"
        + "The minister said on Friday that talks would resume. " * 8
        + "</p></article></body></html>",
        None,
        "2999-05-05 is in the future",
    ),
]


@pytest.mark.parametrize(("name", "content", "line", "words"), DOUBTFUL)
def test_a_doubtful_date_is_a_warning_and_the_article_is_read(tmp_path, name, content, line, words):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    articles, errors, warnings = read([path])
    assert errors == []
    assert len(articles) == 1
    [warning] = warnings
    assert (warning.path, warning.line) == (str(path), line)
    assert words in warning.message and "\n" not in str(warning)


@pytest.mark.parametrize(("name", "content", "line", "words"), DOUBTFUL)
def test_strict_turns_a_warning_into_an_error_and_leaves_the_article_out(
    tmp_path, name, content, line, words
):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TXT, encoding="utf-8")
    articles, errors, warnings = read([path, good], strict=True)
    assert [a.id for a in articles] == ["good"]
    assert warnings == []
    [error] = errors
    assert type(error) is InputError and words in error.message


def test_a_date_given_with_dct_is_not_doubted(tmp_path):
    path = tmp_path / "old.txt"
    path.write_text("Title\n1 March 1850 The minister said.\n", encoding="utf-8")
    articles, errors, warnings = read([path], dct=date(1850, 3, 1))
    assert len(articles) == 1 and errors == warnings == []


def test_warnings_go_to_the_warnings_module_by_default(tmp_path):
    path = tmp_path / "old.txt"
    path.write_text("Title\n1 March 1850 The minister said.\n", encoding="utf-8")
    with pytest.warns(InputWarning, match="before 1900"):
        assert len(list(read_articles([path]))) == 1


def test_a_feed_item_with_a_doubtful_date_is_named(tmp_path):
    feed = tmp_path / "f.rss"
    feed.write_text(
        "<rss version='2.0'><channel><title>F</title><item><title>Old</title><guid>old-1</guid>"
        "<pubDate>Mon, 01 Jan 1855 09:00:00 GMT</pubDate>"
        "<description>It rained in the capital.</description></item></channel></rss>",
        encoding="utf-8",
    )
    articles, errors, warnings = read([feed])
    assert len(articles) == 1
    assert [str(w) for w in warnings] == [
        f"{feed}: old-1: publication date 1855-01-01 is before 1900; is it right?"
    ]


def test_an_item_of_a_json_list_with_a_doubtful_date_is_named(tmp_path):
    path = tmp_path / "list.json"
    rows = [{"text": "A.", "published": "2022-01-01"}, {"text": "B.", "published": "1800-01-01"}]
    path.write_text(json.dumps(rows), encoding="utf-8")
    articles, _, warnings = read([path])
    assert len(articles) == 2
    assert [str(w) for w in warnings] == [
        f"{path}: item 2: publication date 1800-01-01 is before 1900; is it right?"
    ]


# --- languages without a lexicon ---------------------------------------------------------------


@pytest.fixture
def lexicons_ar_en(monkeypatch):
    """Only Arabic and English have lexicons; "es" is known to the partial support."""
    monkeypatch.setattr(language, "available", lambda: ["ar", "en"])

    def load(code):
        if code not in ("ar", "en", "es"):
            raise language.LexiconError(f"no lexicon for language {code!r}")

    monkeypatch.setattr(language, "load", load)


def test_a_language_without_a_lexicon_is_a_warning_and_one_nothing_reads_an_error(
    tmp_path, lexicons_ar_en
):
    path = tmp_path / "es.jsonl"
    rows = [
        {"text": "El ministro dijo el viernes que las conversaciones se reanudarían pronto."},
        {"text": "Text in a language nobody has.", "lang": "zz"},
        {"text": "The minister said on Friday that the talks would resume."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    articles, errors, warnings = read([path], dct=date(2023, 1, 1))
    assert [a.lang for a in articles] == ["es", "en"]
    assert [(w.line, w.message) for w in warnings] == [
        (1, "language 'es' has no lexicon (lexicons: ar, en): explicit dates only")
    ]
    assert [(e.line, e.message) for e in errors] == [
        (
            2,
            "language 'zz' is not supported (lexicons: ar, en): no date can be read; "
            "give --lang CODE if it is another language",
        )
    ]
    articles, errors, warnings = read([path], dct=date(2023, 1, 1), strict=True)
    assert [a.lang for a in articles] == ["en"] and len(errors) == 2


# --- size -------------------------------------------------------------------------------------

MB = 1024 * 1024


@pytest.mark.parametrize("name", ["huge.txt", "huge.html", "huge.json", "huge.rss"])
def test_a_50_mb_file_is_refused_with_a_message(tmp_path, name):
    path = tmp_path / name
    with path.open("wb") as f:
        f.truncate(50 * MB)  # sparse: costs no disk
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TXT, encoding="utf-8")
    articles, errors, _ = read([path, good])
    assert [a.id for a in articles] == ["good"]
    assert [str(e) for e in errors] == [
        f"{path}: file too large (50 MB; the limit is 32 MB): split it, or convert it to "
        "JSON Lines (.jsonl), which is read line by line"
    ]


def test_a_50_mb_json_lines_file_is_streamed_in_flat_memory(tmp_path):
    path = tmp_path / "big.jsonl"
    text = ("The minister said on Friday that talks would resume next month. " * 16_000)[:MB]
    line = json.dumps({"text": text, "published": "2022-12-30", "lang": "en"}) + "\n"
    with path.open("w", encoding="utf-8") as f:
        for _ in range(52):
            f.write(line)
    assert path.stat().st_size > 50 * MB
    tracemalloc.start()
    try:
        count = 0
        for article in read_articles([path], max_chars=MB):  # 1 MB articles: over the default
            count += 1
            assert len(article.text) == len(text)
            del article
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 52
    assert peak < 12 * MB  # a few lines at a time, never the file


def test_a_json_lines_line_over_the_limit_is_skipped(tmp_path):
    path = tmp_path / "long.jsonl"
    short = json.dumps({"text": "Short.", "published": "2022-12-30"})
    long = json.dumps({"text": "x" * 5000, "published": "2022-12-30"})
    path.write_text(f"{short}\n{long}\n{short}\n", encoding="utf-8")
    articles, errors, _ = read([path], max_bytes=1000)
    assert [a.id for a in articles] == ["long-1", "long-3"]
    assert [str(e) for e in errors] == [f"{path}:2: line longer than 1000 bytes; skipped"]


# --- permissions ------------------------------------------------------------------------------


def test_unreadable_file_code_path(tmp_path, monkeypatch):
    """As root every file is readable, so the refusal is simulated here; the next test makes
    a real one by running as an unprivileged user."""
    secret, good = tmp_path / "secret.txt", tmp_path / "good.txt"
    for path in (secret, good):
        path.write_text(GOOD_TXT, encoding="utf-8")
    real_open = Path.open

    def guarded_open(self, *args, **kwargs):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    articles, errors, _ = read([tmp_path])
    assert [a.id for a in articles] == ["good"]
    assert [str(e) for e in errors] == [f"{secret}: cannot read: Permission denied"]


def test_unreadable_file_for_real(tmp_path):
    """chmod 000 stops no process with the capability to override file permissions, which root
    has: as root the command runs without it (util-linux's setpriv), as anyone else as is."""
    (tmp_path / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text(GOOD_TXT, encoding="utf-8")
    secret.chmod(0o000)
    command = [sys.executable, "-m", "timeline", "extract", str(tmp_path)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) is needed to drop root's file capabilities"
        drop = "-dac_override,-dac_read_search"
        command = [setpriv, "--inh-caps=-all", f"--bounding-set={drop}", *command]
    proc = subprocess.run(
        command, capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == ["good"]
    assert f"timeline: error: {secret}: cannot read: Permission denied" in proc.stderr


# --- symbolic links ---------------------------------------------------------------------------


def test_a_symlink_loop_in_a_folder_is_reported_once_and_nothing_is_lost(tmp_path):
    top = tmp_path / "corpus"
    (top / "sub").mkdir(parents=True)
    (top / "a.txt").write_text(GOOD_TXT, encoding="utf-8")
    (top / "sub" / "b.txt").write_text(GOOD_TXT, encoding="utf-8")
    (top / "sub" / "up").symlink_to(top, target_is_directory=True)  # corpus/sub/up -> corpus
    (top / "self.txt").symlink_to(top / "self.txt")  # a link to itself
    (top / "gone.txt").symlink_to(top / "nowhere.txt")  # a broken link
    articles, errors, warnings = read([top])
    assert sorted(a.id for a in articles) == ["a", "b"]
    assert [str(w) for w in warnings] == [
        f"{top / 'sub' / 'up'}: symbolic link loop (back to {top.resolve()}); not followed"
    ]
    assert [str(e) for e in errors] == [
        f"{top / 'gone.txt'}: broken symbolic link (to {top / 'nowhere.txt'})",
        f"{top / 'self.txt'}: symbolic link loop: the link leads back to itself",
    ]


def test_a_glob_does_not_go_round_a_symlink_loop(tmp_path):
    top = tmp_path / "corpus"
    (top / "sub").mkdir(parents=True)
    (top / "a.txt").write_text(GOOD_TXT, encoding="utf-8")
    (top / "z.txt").write_text(GOOD_TXT, encoding="utf-8")
    (top / "sub" / "up").symlink_to(top, target_is_directory=True)
    articles, errors, warnings = read([str(top / "**" / "*.txt")])
    assert [a.path for a in articles] == [str(top / "a.txt"), str(top / "z.txt")]
    assert errors == []
    assert [w.path for w in warnings] == [str(top / "sub" / "up")]


def test_a_link_to_a_folder_elsewhere_is_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "c.txt").write_text(GOOD_TXT, encoding="utf-8")
    top = tmp_path / "top"
    top.mkdir()
    (top / "link").symlink_to(elsewhere, target_is_directory=True)
    articles, errors, warnings = read([top])
    assert [a.id for a in articles] == ["c"] and errors == warnings == []


def test_a_symlink_loop_named_on_the_command_line(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    _, errors, _ = read([loop])
    assert [e.message for e in errors] == ["symbolic link loop: the link leads back to itself"]
