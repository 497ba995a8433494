"""The command line on real inputs: a folder mixing every format with bad files, standard
input, --strict."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data" / "ingest"
SEED = ROOT / "seeds" / "000_b8def699f72820c2.txt"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=stdin,
        cwd=ROOT,
        timeout=300,
    )


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A folder of good articles in every format, and bad files among them."""
    folder = tmp_path / "in"
    (folder / "feeds").mkdir(parents=True)
    (folder / "pages").mkdir()
    shutil.copy(SEED, folder / "seed.txt")  # 1 article
    shutil.copy(DATA / "world-news-en.html", folder / "pages")  # 1
    shutil.copy(DATA / "politics-ar-cp1256.html", folder / "pages")  # 1
    shutil.copy(DATA / "world.rss", folder / "feeds")  # 3
    shutil.copy(DATA / "briefing-en.md", folder)  # 1
    good = {"id": "wire-1", "text": "It rained yesterday.", "published": "2022-12-30"}
    old = {"id": "wire-3", "text": "It rained yesterday.", "published": "1850-01-01"}
    (folder / "wire.jsonl").write_text(  # 2 articles (one with a warning), 1 bad line
        f"{json.dumps(good)}\n{{broken\n{json.dumps(old)}\n", encoding="utf-8"
    )
    # the bad ones
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    shutil.copy(DATA / "no-date.html", folder / "pages")
    (folder / "cut.json").write_text('{"text": "It rained', encoding="utf-8")
    (folder / "pages" / "loop").symlink_to(folder, target_is_directory=True)
    return folder


GOOD = 9  # seed + 2 pages + 3 feed items + markdown + 2 JSON lines
BAD = [  # (words, in order of the walk)
    "cut.json:1: invalid JSON",
    "empty.txt: empty file",
    "pages/loop: symbolic link loop",
    "no-date.html: no publication date in this page; give --dct YYYY-MM-DD",
    "photo.txt: a PNG image, not text",
    "wire.jsonl:2: invalid JSON",
    "wire.jsonl:3: publication date 1850-01-01 is before 1900",
]


def problems(stderr: str) -> tuple[list[str], list[str]]:
    """(the lines reported as they came, the lines of the summary at the end)."""
    lines = stderr.splitlines()
    live = [x for x in lines if x.startswith(("timeline: error:", "timeline: warning:"))]
    start = next(n for n, x in enumerate(lines) if "article(s) processed" in x)
    return live, [x.strip() for x in lines[start + 1 :] if x.startswith("  ")]


def test_build_over_a_mixed_folder_publishes_every_good_article_and_sums_up_the_bad(
    tmp_path, mixed
):
    out = tmp_path / "site"
    proc = run("build", str(mixed), "-o", str(out), "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(list((out / "articles").glob("*.html"))) == GOOD
    live, summary = problems(proc.stderr)
    assert len(live) == len(summary) == len(BAD)
    for words, line, summed in zip(BAD, live, summary, strict=True):
        assert words in line and line.removeprefix("timeline: ") == summed
    assert f"timeline: {GOOD} article(s) processed, 5 error(s), 2 warning(s):" in proc.stderr
    # the summary comes last, after the build's own report
    assert proc.stderr.rstrip().splitlines()[-1].strip() == summary[-1]


def test_strict_build_leaves_out_the_doubtful_and_fails(tmp_path, mixed):
    out = tmp_path / "site"
    proc = run("build", str(mixed), "-o", str(out), "--no-cache", "--strict")
    assert proc.returncode == 1
    assert len(list((out / "articles").glob("*.html"))) == GOOD - 1  # the 1850 article
    assert "timeline: error:" in proc.stderr and "timeline: warning:" not in proc.stderr
    assert f"{GOOD - 1} article(s) processed, 7 error(s), 0 warning(s)" in proc.stderr


def test_extract_reads_json_lines_from_standard_input():
    lines = [
        {"id": "s1", "text": "The vote is set for next spring.", "published": "2022-12-30"},
        {
            "id": "s2",
            "text": "قال الوزير إن الانتخابات ستجري الربيع المقبل",
            "published": "2022-12-30",
        },
    ]
    stdin = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines) + "oops\n"
    proc = run("extract", "-", stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [(r["id"], r["lang"]) for r in records] == [("s1", "en"), ("s2", "ar")]
    assert [t["value"] for r in records for t in r["timexes"]] == ["2023-SP", "2023-SP"]
    assert "timeline: error: <stdin>:3: invalid JSON" in proc.stderr


def test_a_language_nothing_can_read_is_one_error_and_the_rest_is_processed():
    lines = [
        {"id": "z", "text": "Texte 2022-12-01.", "published": "2022-12-30", "lang": "zz"},
        {"id": "e", "text": "It rained yesterday.", "published": "2022-12-30"},
    ]
    proc = run("extract", "-", stdin="".join(json.dumps(r) + "\n" for r in lines))
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(x)["id"] for x in proc.stdout.splitlines()] == ["e"]
    live, summary = problems(proc.stderr)
    assert len(live) == 1 and live[0].startswith(
        "timeline: error: <stdin>:1: language 'zz' is not supported"
    )


def test_extract_of_every_format_with_strict_and_no_problem():
    proc = run(
        "extract",
        str(DATA / "world-news-en.html"),
        str(DATA / "science.atom"),
        str(DATA / "economy-ar.md"),
        "--strict",
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    records = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [r["lang"] for r in records] == ["en", "en", "en", "ar"]
    assert records[0]["url"].startswith("https://www.dailyledger.example/")
    assert records[1]["source"] == "Science Desk"


def test_help_names_the_formats_and_strict():
    proc = run("build", "--help")
    assert ".html" in proc.stdout and ".rss" in proc.stdout and "--strict" in proc.stdout
