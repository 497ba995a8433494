"""Limits: a huge article is refused with one line (the others are still built), a huge corpus
stops the build with a message before anything is written, and neither ends in an
out-of-memory kill. Text that is not Unicode (lone surrogates from JSON or YAML escapes) is
refused where it is read, naming the field.
"""

from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from timeline.ingest import InputError, LimitError, read_articles
from timeline.ingest.errors import MAX_ARTICLES, MAX_CHARS, MAX_CORPUS_CHARS

SENTENCE = "The minister said on Friday that talks would resume next month. "


def record(n: int, text: str = SENTENCE) -> str:
    return json.dumps({"id": f"a{n}", "text": text, "published": "2022-12-30", "lang": "en"})


def test_defaults_are_sane() -> None:
    assert 100_000 <= MAX_CHARS <= 2_000_000  # a long news article is some 20,000
    assert 1_000 <= MAX_ARTICLES <= 1_000_000
    assert MAX_CHARS < MAX_CORPUS_CHARS <= 1_000_000_000


def test_a_huge_article_is_an_error_and_the_others_are_read(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(f"{record(1)}\n{record(2, SENTENCE * 9000)}\n{record(3)}\n")
    errors: list[InputError] = []
    ids = [a.id for a in read_articles([path], on_error=errors.append)]
    assert ids == ["a1", "a3"]
    assert [str(e) for e in errors] == [
        f"{path}:2: article too long (576,000 characters; the limit is 500,000): split it"
    ]
    assert [a.id for a in read_articles([path], max_chars=600_000)] == ["a1", "a2", "a3"]


def test_a_huge_corpus_stops_the_reading(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text("".join(f"{record(n)}\n" for n in range(MAX_ARTICLES + 1)))
    read = []
    with pytest.raises(LimitError, match=f"more than {MAX_ARTICLES:,} articles"):
        for article in read_articles([path]):
            read.append(article.id)
    assert len(read) == MAX_ARTICLES
    with pytest.raises(LimitError, match="more than 1,000 characters of text in all"):
        list(read_articles([path], max_corpus_chars=1_000))


def _limited_memory() -> None:  # in the child: at most 3 GB of address space
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "timeline", "build", *map(str, args), "--jobs", "1"]
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_limited_memory,
    )


def test_the_command_refuses_with_messages_not_an_out_of_memory_kill(tmp_path: Path) -> None:
    # A 30 MB article (JSON Lines are read whatever the file size) next to a normal one.
    huge = tmp_path / "huge.jsonl"
    with huge.open("w", encoding="utf-8") as f:
        f.write(record(0, SENTENCE * 470_000) + "\n" + record(1) + "\n")
    done = cli(huge, "-o", "site", "--no-standalone", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{huge}:1: article too long (30,080,000 characters" in done.stderr
    assert "built 1 article page(s)" in done.stderr
    before = (tmp_path / "site" / "index.html").read_bytes()

    # More articles than the limit: a message, and the previous site stays as it was.
    many = tmp_path / "many.jsonl"
    many.write_text("".join(f"{record(n)}\n" for n in range(60)))
    done = cli(many, "-o", "site", "--max-articles", "50", cwd=tmp_path)
    assert done.returncode == 1
    assert "timeline: error: more than 50 articles: the limit of one build" in done.stderr
    assert "--max-articles" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "site" / "index.html").read_bytes() == before
    done = cli(many, "-o", "site", "--max-articles", "0", cwd=tmp_path)
    assert done.returncode == 2 and "not a limit" in done.stderr


# Lone surrogates: Python strings can hold them (from "\ud800" escapes), UTF-8 cannot.


@pytest.mark.parametrize(
    ("name", "content", "field"),
    [
        ("a.json", '{"text": "Talks \\ud800 next week.", "published": "2022-12-30"}', "text"),
        ("b.jsonl", '{"text": "Talks.", "title": "x\\udfff", "published": "2022-12-30"}', "title"),
        ("c.json", '[{"text": "Talks.", "id": "\\udc80", "published": "2022-12-30"}]', "id"),
        ("d.md", '---\ntitle: "Talks \\ud83d"\ndate: 2022-12-30\n---\nTalks next week.\n', "title"),
        ("e.json", '{"text": "T.", "source": "\\ud800", "published": "2022-12-30"}', "source"),
        (
            "f.json",
            '{"text": "T.", "url": "https://x.org/\\ud800", "published": "2022-12-30"}',
            "url",
        ),
    ],
)
def test_lone_surrogates_are_refused_at_input(
    tmp_path: Path, name: str, content: str, field: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    errors: list[InputError] = []
    assert list(read_articles([path], on_error=errors.append)) == []
    assert len(errors) == 1
    message = str(errors[0])
    assert f"'{field}' is not Unicode text: a lone surrogate (U+" in message
    message.encode("utf-8")  # the message itself prints


def test_lone_surrogates_from_standard_input(tmp_path: Path) -> None:
    stdin = io.BytesIO(b'{"text": "Talks \\ud800.", "published": "2022-12-30"}\n' + b"{}\n")
    errors: list[InputError] = []
    assert list(read_articles(["-"], stdin=stdin, on_error=errors.append)) == []
    assert "<stdin>:1: 'text' is not Unicode text" in str(errors[0])


def test_surrogate_pairs_written_as_escapes_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "emoji.json"
    path.write_text('{"text": "Talks \\ud83d\\ude00 next week.", "published": "2022-12-30"}')
    (article,) = read_articles([path])
    assert article.text == "Talks \U0001f600 next week." and article.published == date(2022, 12, 30)
