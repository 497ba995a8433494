"""The command line, run as a user runs it: a real subprocess on real files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SEED = ROOT / "seeds" / "000_b8def699f72820c2.txt"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=120,
    )


def test_extract_seed_txt_matches_the_contract():
    proc = run("extract", str(SEED))
    assert proc.returncode == 0, proc.stderr
    (line,) = proc.stdout.splitlines()
    record = json.loads(line)
    assert record["id"] == "000_b8def699f72820c2"
    assert record["published"] == "2022-12-30"
    assert record["lang"] == "ar"
    body = SEED.read_text(encoding="utf-8").split("\n", 1)[1]
    values = {}
    for t in record["timexes"]:
        assert body[t["start"] : t["end"]] == t["text"]
        assert set(t) >= {"text", "start", "end", "type", "value", "mod", "granularity", "interval"}
        values[t["text"]] = t["value"]
    assert values["الشهر الماضي"] == "2022-11"
    assert values["هذا الأسبوع"] == "2022-W52"
    assert values["الربيع المقبل"] == "2023-SP"
    last = next(t for t in record["timexes"] if t["text"] == "الشهر الماضي")
    assert last["granularity"] == "month" and last["interval"] == ["2022-11-01", "2022-11-30"]
    end = next(t for t in record["timexes"] if t["text"] == "نهاية العام الجاري")
    assert end["value"] == "2022" and end["mod"] == "END"
    for e in record["events"]:
        assert 0 <= e["timex"] < len(record["timexes"])
        assert {"id", "title", "text", "status", "attribution", "interval"} <= set(e)


def test_extract_jsonl_with_dct_and_lang(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "e1", "text": "Xi will visit Moscow next spring."}) + "\n",
        encoding="utf-8",
    )
    proc = run("extract", str(src), "--dct", "2022-12-30", "--lang", "en", "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["published"] == "2022-12-30"
    assert [t["value"] for t in record["timexes"]] == ["2023-SP"]
    assert record["events"][0]["status"] == "planned"


def test_dct_overrides_the_dateline():
    proc = run("extract", str(SEED), "--dct", "2023-06-15")
    record = json.loads(proc.stdout)
    assert record["published"] == "2023-06-15"
    values = {t["text"]: t["value"] for t in record["timexes"]}
    assert values["الشهر الماضي"] == "2023-05"


def test_bad_inputs_are_one_line_each_and_the_rest_is_processed(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "nodate.txt").write_text(
        "A title\nNo dateline in this text at all.\n", encoding="utf-8"
    )
    (tmp_path / "mixed.jsonl").write_text(
        json.dumps({"id": "ok", "text": "It rained yesterday.", "published": "2022-12-30"})
        + "\n{not json\n",
        encoding="utf-8",
    )
    proc = run("extract", str(tmp_path))
    assert proc.returncode == 0
    assert [json.loads(x)["id"] for x in proc.stdout.splitlines()] == ["ok"]
    errors = [x for x in proc.stderr.splitlines() if x.startswith("timeline: error:")]
    assert len(errors) == 3
    assert any("empty.txt" in e for e in errors)
    assert any("nodate.txt" in e and "--dct" in e for e in errors)
    assert any("mixed.jsonl:2" in e for e in errors)
    assert "Traceback" not in proc.stderr


def test_nothing_processed_is_a_failure(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    proc = run("extract", str(tmp_path / "empty.txt"))
    assert proc.returncode == 1
    assert "empty.txt" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("extract", str(tmp_path / "missing.txt"))
    assert proc.returncode == 1 and "missing.txt" in proc.stderr


def test_bad_option_values_are_reported():
    proc = run("extract", str(SEED), "--dct", "30/12/2022")
    assert proc.returncode == 2 and "YYYY-MM-DD" in proc.stderr


@pytest.mark.parametrize("command", [[], ["extract"], ["build"]])
def test_every_command_has_help(command):
    proc = run(*command, "--help")
    assert proc.returncode == 0
    assert "usage: timeline" in proc.stdout


def test_build_writes_the_site_from_another_folder(tmp_path):
    out = tmp_path / "out"
    proc = run("build", str(SEED), "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (out / "index.html").is_file()
    pages = list((out / "articles").glob("*.html"))
    assert len(pages) == 1
    html = pages[0].read_text(encoding="utf-8")
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert re.search(r'<time[^>]*datetime="2022-11"', html)
    assert (out / "assets" / "plotly.min.js").is_file()
