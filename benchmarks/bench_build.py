"""Wall time and peak memory of `timeline build` (site included) on corpora of growing size.

    .venv/bin/python benchmarks/bench_build.py [--sizes 1000,10000] [--jobs N] [--keep DIR]

For each size N it writes the corpus of `benchmarks/corpus.py` (N articles in JSON Lines,
texts from the project's own articles and case sentences, dates varied), then runs, as a
separate process, `timeline build CORPUS -o SITE` twice:

- cold: a new cache, every article extracted (by `--jobs` processes, default all cores);
- warm: the same build again, every article reused from the cache.

Memory is the peak proportional set size (PSS: pages shared between the build and the
worker processes it forks counted once) of the whole process tree, summed at each sample
(every 50 ms, from /proc), and of the main process alone. The issue's targets: 10,000
articles in 60 s on 2 cores, under 1 GB, memory flat from 1,000 to 10,000 articles.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _rss(pid: int) -> int:
    """Proportional set size: pages shared by forked workers are counted once in all."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            with open(f"/proc/{parent}/task/{parent}/children", encoding="ascii") as f:
                kids = [int(k) for k in f.read().split()]
        except OSError:
            kids = []
        found += kids
        todo += kids
    return found


def run(command: list[str], cwd: Path) -> dict[str, float | int | str]:
    env = {**os.environ, "TIMELINE_NO_PROGRESS": "1"}
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak_tree = peak_main = 0
    while process.poll() is None:
        main = _rss(process.pid)
        tree = main + sum(_rss(child) for child in _children(process.pid))
        peak_main, peak_tree = max(peak_main, main), max(peak_tree, tree)
        time.sleep(0.05)
    wall = time.perf_counter() - start
    _, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}):\n{err}")
    return {"wall": wall, "tree": peak_tree, "main": peak_main, "err": err}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="articles (default 1000,10000)")
    parser.add_argument("--jobs", type=int, help="--jobs of the build (default: all cores)")
    parser.add_argument("--keep", type=Path, help="build in DIR and keep it (default: a temp dir)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    timeline = [sys.executable, "-m", "timeline", "build"]
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    print(f"timeline build, {os.cpu_count()} cores, jobs {args.jobs or 'all cores (default)'}")
    head = f"{'articles':>8} {'MB text':>8} {'events':>8} {'run':5} {'wall s':>7} {'art/s':>7}"
    head += f" {'peak MB (all)':>13} {'peak MB (main)':>14} {'site MB':>8}"
    print(head)
    print("-" * len(head))
    base = args.keep or Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    try:
        for n in sizes:
            work = base / f"n{n}"
            shutil.rmtree(work, ignore_errors=True)
            size = write_corpus(work / "corpus", n)
            for label in ("cold", "warm"):
                r = run([*timeline, "corpus", "-o", "site", *jobs], work)
                site = sum(p.stat().st_size for p in (work / "site").rglob("*") if p.is_file())
                data = (work / "site" / "timeline.json").read_text(encoding="utf-8")
                events = data.count('"permalink"')
                print(
                    f"{n:8d} {size / 2**20:8.1f} {events:8d} {label:5} {r['wall']:7.1f}"
                    f" {n / r['wall']:7.0f} {r['tree'] / 2**20:13.0f} {r['main'] / 2**20:14.0f}"
                    f" {site / 2**20:8.0f}"
                )
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print("(events: happenings on the corpus timeline, after merging; site MB: without")
    print(" standalone pages, which a build of more than 50 articles writes only on request)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
