"""scripts/score_errata.py on a tiny gold set made here (no ../shared needed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "score_errata.py"
TEXT = "He left on Friday and came back on Sept. 27, 1989 for six months."


def timex(text: str, value: str, **extra) -> dict:
    start = TEXT.index(text)
    return {"text": text, "start": start, "end": start + len(text), "value": value, **extra}


def gold_timex(text: str, values: list[str], optional: bool = False) -> dict:
    t = timex(text, "")
    del t["value"]
    return {**t, "values": values, "type": "DATE", "optional": optional}


def write_case(tmp_path: Path, errata: str) -> list[str]:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    gold = {
        "id": "doc1",
        "published": "1989-11-02",
        "text": TEXT,
        "timexes": [
            gold_timex("Friday", ["1989-10-27"]),
            gold_timex("Sept. 27, 1989", ["1989-11-27"]),  # the gold's typo
            gold_timex("six months", ["P6M"]),
        ],
    }
    (gold_dir / "doc1.json").write_text(json.dumps(gold), encoding="utf-8")
    system = {
        "id": "doc1",
        "timexes": [
            timex("Friday", "1989-10-27"),
            timex("Sept. 27, 1989", "1989-09-27"),
            timex("six months", "P6D"),
            timex("back", "PRESENT_REF"),  # spurious
        ],
    }
    (tmp_path / "sys.jsonl").write_text(json.dumps(system) + "\n", encoding="utf-8")
    (tmp_path / "errata.toml").write_text(errata, encoding="utf-8")
    return [
        sys.executable,
        str(SCRIPT),
        str(gold_dir),
        "--errata",
        str(tmp_path / "errata.toml"),
        "--system",
        str(tmp_path / "sys.jsonl"),
    ]


ERRATUM = """
[[erratum]]
doc = "doc1"
text = "Sept. 27, 1989"
start = {start}
end = {end}
gold = ["{old}"]
corrected = ["1989-09-27"]
reason = "'Sept. 27, 1989' is 1989-09-27"

[[rejected]]
doc = "doc1"
text = "six months"
start = 0
end = 1
gold = ["whatever"]
reason = "documentation only, never applied"
"""


def erratum(old: str = "1989-11-27", start: int | None = None) -> str:
    s = TEXT.index("Sept. 27, 1989") if start is None else start
    return ERRATUM.format(start=s, end=s + len("Sept. 27, 1989"), old=old)


def test_an_erratum_changes_the_value_score(tmp_path: Path) -> None:
    run = subprocess.run(write_case(tmp_path, erratum()), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    pub, cor = summary["published"], summary["corrected"]
    assert summary["errata"] == 1
    # published: only "Friday" has a right value; 4 system timexes, 3 gold timexes
    assert (pub["val_tp_sys"], pub["system"], pub["val_tp_gold"], pub["gold"]) == (1, 4, 1, 3)
    assert (pub["value_p"], pub["value_r"]) == (0.25, 0.3333)
    # corrected: the Sept. 27 value is now right on both sides; "six months" stays wrong
    assert (cor["val_tp_sys"], cor["val_tp_gold"]) == (2, 2)
    assert (cor["value_p"], cor["value_r"], cor["value_f1"]) == (0.5, 0.6667, 0.5714)
    # extents do not depend on values
    assert pub["extent_f1"] == cor["extent_f1"]
    table = run.stdout.splitlines()
    assert any(
        line.startswith("value") and "F1 0.286" in line and "F1 0.571" in line for line in table
    )


def test_optional_gold_is_not_counted_in_recall(tmp_path: Path) -> None:
    cmd = write_case(tmp_path, erratum())
    path = tmp_path / "gold" / "doc1.json"
    gold = json.loads(path.read_text(encoding="utf-8"))
    gold["timexes"][2]["optional"] = True
    path.write_text(json.dumps(gold), encoding="utf-8")
    run = subprocess.run(cmd, capture_output=True, text=True)
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["published"]["gold"] == 2
    assert summary["corrected"]["value_r"] == 1.0


def test_a_stale_erratum_is_a_one_line_error(tmp_path: Path) -> None:
    # the gold no longer has the value the erratum corrects
    run = subprocess.run(
        write_case(tmp_path, erratum(old="1989-11-28")), capture_output=True, text=True
    )
    assert run.returncode == 1
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("score_errata: erratum doc1 ")
    assert "stale" in lines[0] and "1989-11-27" in lines[0] and "1989-11-28" in lines[0]


def test_an_erratum_on_a_span_the_gold_lacks_is_an_error(tmp_path: Path) -> None:
    run = subprocess.run(write_case(tmp_path, erratum(start=3)), capture_output=True, text=True)
    assert run.returncode == 1
    assert "0 gold timexes with this span" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
