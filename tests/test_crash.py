"""Crash safety: `timeline build` killed with SIGKILL at random points (real subprocesses)
leaves the previous site complete and the SQLite cache usable; the next build succeeds and
gives the same files as a clean build. Also the swap itself: the fallback of two renames, and
the repair of what a build killed between them left.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from timeline import publish as publish_module
from timeline.publish import publish
from timeline.store import Cache

KILLS = 10
SEED = 9

SENTENCES = [
    "The ministry said talks with the union ended last month in Geneva.",
    "Officials expect the new bridge to open next spring, according to Reuters.",
    "Prices rose by three percent in the third quarter of 2022.",
    "The committee will meet again on Friday to discuss the budget.",
    "Exports fell sharply in the 1990s and recovered early this year.",
]


def corpus(path: Path, count: int, *, changed: int | None = None) -> Path:
    """`count` English articles as JSON Lines; article `changed` gets one more sentence."""
    with path.open("w", encoding="utf-8") as f:
        for n in range(count):
            text = " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(4))
            text = f"Report {n}. {text}"
            if n == changed:
                text += " A second round of talks is planned for next week."
            record = {"id": f"report-{n}", "title": f"Report {n}", "text": text}
            f.write(json.dumps({**record, "published": "2022-12-30", "lang": "en"}) + "\n")
    return path


def build(*args: str | Path, cwd: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "timeline", "build", *map(str, args)]
    return subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its worker processes are killed with it
    )


def finished(process: subprocess.Popen[bytes]) -> None:
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()


def files(folder: Path) -> dict[str, str]:
    """Every file of a folder: relative path -> SHA-256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def check_cache(path: Path) -> int:
    """The cache is a sound SQLite file that the next build can use: its number of articles."""
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    warnings: list[str] = []
    cache = Cache(path, on_warning=warnings.append)
    try:
        count = cache._db.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        cache.close()
    assert warnings == []  # not reported as damaged, not replaced
    return count


def test_killed_builds_lose_nothing(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    before = corpus(tmp_path / "before.jsonl", 12)
    after = corpus(tmp_path / "after.jsonl", 24, changed=3)  # 12 new articles, one changed
    site = work / "site"
    finished(build(before, "-o", site, "--jobs", "2", cwd=work))
    previous = files(site)
    cache = work / ".timeline-cache.sqlite"
    assert check_cache(cache) == 12

    # The reference: a clean build of the new corpus, without a cache.
    clean = tmp_path / "clean" / "site"
    started = time.monotonic()
    finished(build(after, "-o", clean, "--no-cache", "--jobs", "2", cwd=tmp_path))
    duration = time.monotonic() - started
    expected = files(clean)
    assert expected != previous

    rng = random.Random(SEED)
    outcomes: dict[str, int] = {"before the swap": 0, "after the swap": 0, "finished": 0}
    phases: dict[str, int] = {"starting or extracting": 0, "writing the new site": 0}
    for n in range(KILLS):
        delay = duration * (n + rng.random()) / KILLS  # one random point in each tenth
        process = build(after, "-o", site, "--jobs", "2", cwd=work)
        time.sleep(delay)
        writing = any(work.glob(".site.new-*"))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=60)
        if process.returncode == -signal.SIGKILL:
            phases["writing the new site" if writing else "starting or extracting"] += 1
        else:
            assert process.returncode == 0
        # The site is the previous one or the new one, whole: never a mix, never missing.
        now = files(site)
        assert now in (previous, expected), f"kill {n} after {delay:.2f}s left a broken site"
        if process.returncode == 0:
            outcomes["finished"] += 1
        else:
            outcomes["after the swap" if now == expected else "before the swap"] += 1
        assert 12 <= check_cache(cache) <= 25  # usable, whatever it had recorded
        if now == expected:  # start over from the previous site for the next kill
            finished(build(before, "-o", site, "--jobs", "2", cwd=work))
            assert files(site) == previous

    # The next build succeeds and matches the clean build, using what the cache kept.
    process = build(after, "-o", site, "--jobs", "2", cwd=work)
    finished(process)
    assert files(site) == expected
    assert sorted(p.name for p in work.iterdir()) == [".timeline-cache.sqlite", "site"]
    assert check_cache(cache) == 25  # 24 articles, and the old text of the changed one
    assert outcomes["before the swap"] >= KILLS // 2, (outcomes, phases)
    print(f"\nkill points: {KILLS} ({outcomes}; {phases}); build time {duration:.2f}s")


def test_swap_without_exchange(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the system cannot exchange two folders, two renames do, with the same result."""
    monkeypatch.setattr(publish_module, "_exchange", lambda a, b: False)
    out = tmp_path / "site"
    for version in ("one", "two"):
        publish(out, lambda folder, v=version: (folder / "index.html").write_text(v))
        assert (out / "index.html").read_text() == version
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_repair_after_a_kill_between_renames(tmp_path: Path) -> None:
    """A build killed after moving the old site aside, before moving the new one in: the next
    build brings the old site back first (so a failing build leaves it there) and cleans up."""
    out = tmp_path / "site"
    publish(out, lambda folder: (folder / "index.html").write_text("old"))
    os.rename(out, tmp_path / ".site.old-0123456789ab")
    (tmp_path / ".site.new-abandoned").mkdir()
    (tmp_path / ".site.new-abandoned" / "index.html").write_text("half")

    def fail(folder: Path) -> None:
        raise RuntimeError("template exploded")

    with pytest.raises(RuntimeError):
        publish(out, fail)
    assert (out / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# The steps of a build that matter, each hit for sure: a subprocess kills itself (SIGKILL)
# there, through a hook set before the command runs.
HOOK = """
import os, signal, sys
from timeline import publish, site

step = sys.argv[1]


def die():
    os.kill(os.getpid(), signal.SIGKILL)


exchange, rename, write_text = publish._exchange, os.rename, site.write_text
written = []


def writing(path, content):
    write_text(path, content)
    written.append(path)
    if step == "mid-write" and len(written) == 7:
        die()


def exchanging(a, b):
    if step == "before-swap":
        die()
    if step == "between-renames":
        return False
    done = exchange(a, b)
    if step == "after-swap":
        die()
    return done


def renaming(a, b):
    rename(a, b)
    if step == "between-renames" and ".old-" in str(b):
        die()


site.write_text, publish._exchange, os.rename = writing, exchanging, renaming
from timeline.cli import main

sys.exit(main(sys.argv[2:]))
"""
STEPS = {  # where the build dies -> what the site folder holds right after
    "mid-write": "previous",
    "before-swap": "previous",
    "between-renames": "missing",  # only where the system cannot exchange two folders
    "after-swap": "new",
}


@pytest.mark.parametrize("step", STEPS)
def test_killed_at_each_step(tmp_path: Path, step: str) -> None:
    work = tmp_path / "work"
    work.mkdir()
    before = corpus(tmp_path / "before.jsonl", 3)
    after = corpus(tmp_path / "after.jsonl", 5, changed=1)
    site = work / "site"
    finished(build(before, "-o", site, "--jobs", "1", cwd=work))
    previous = files(site)
    clean = tmp_path / "clean" / "site"
    finished(build(after, "-o", clean, "--no-cache", "--jobs", "1", cwd=tmp_path))

    args = ["build", str(after), "-o", str(site), "--jobs", "1"]
    done = subprocess.run(
        [sys.executable, "-c", HOOK, step, *args], cwd=work, capture_output=True, timeout=300
    )
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    state = STEPS[step]
    if state == "missing":
        assert not site.exists() and len(list(work.glob(".site.old-*"))) == 1
    else:
        assert files(site) == (previous if state == "previous" else files(clean))
    check_cache(work / ".timeline-cache.sqlite")

    finished(build(after, "-o", site, "--jobs", "1", cwd=work))
    assert files(site) == files(clean)
    assert sorted(p.name for p in work.iterdir()) == [".timeline-cache.sqlite", "site"]
