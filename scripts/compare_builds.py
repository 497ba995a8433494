"""Check that a change leaves the output byte-identical: builds of one corpus by a git
revision and by the working tree, compared file by file.

    .venv/bin/python scripts/compare_builds.py [--ref HEAD] [-n 300] [--jobs 2]

It writes the corpus of `benchmarks/corpus.py` (N articles), exports the revision `--ref`
(`git archive`) into a temporary folder, and runs with each code (`PYTHONPATH`):

- `timeline build` cold (a new cache) with `--jobs`, then warm (every article from the cache),
  then `--jobs 1 --no-cache`;
- `timeline extract --format jsonl` of the same corpus (no cache).

Every site (and the JSON Lines) must match the revision's cold build byte for byte. Prints
the differing files (at most 20) and exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import write_corpus  # noqa: E402


def _run(code: Path, args: list[str], cwd: Path, stdout: Path | None = None) -> None:
    env = {**os.environ, "PYTHONPATH": str(code), "TIMELINE_NO_PROGRESS": "1"}
    with open(stdout or os.devnull, "wb") as out:
        done = subprocess.run(
            [sys.executable, "-m", "timeline", *args],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.PIPE,
            check=False,
        )
    if done.returncode != 0:
        raise SystemExit(f"{code}: timeline {' '.join(args)} failed:\n{done.stderr.decode()}")


def _differences(a: Path, b: Path) -> list[str]:
    """Relative paths that differ or exist on one side only."""
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    out = [f"only in {a.name}: {p}" for p in sorted(files_a - files_b)]
    out += [f"only in {b.name}: {p}" for p in sorted(files_b - files_a)]
    for p in sorted(files_a & files_b):
        if not filecmp.cmp(a / p, b / p, shallow=False):
            out.append(f"differs: {p}")
    return out


def _builds(code: Path, work: Path, corpus: Path, jobs: int) -> dict[str, Path]:
    work.mkdir()
    out = {}
    for name, extra in (
        ("cold", ["--jobs", str(jobs)]),
        ("warm", ["--jobs", str(jobs)]),
        ("serial", ["--jobs", "1", "--no-cache"]),
    ):
        _run(code, ["build", str(corpus), "-o", "site", *extra], work)
        out[name] = work / f"site-{name}"
        shutil.copytree(work / "site", out[name])
    jsonl = work / "extract.jsonl"
    _run(code, ["extract", str(corpus), "--jobs", str(jobs)], work, stdout=jsonl)
    out["extract"] = jsonl
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="HEAD", help="git revision to compare with (HEAD)")
    parser.add_argument("-n", type=int, default=300, help="articles in the corpus (300)")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs of the builds (2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="timeline-compare-") as tmp:
        base = Path(tmp)
        corpus = base / "corpus"
        write_corpus(corpus, args.n)
        ref = base / "ref"
        ref.mkdir()
        archive = subprocess.run(
            ["git", "archive", args.ref], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(ref)], input=archive, check=True)
        before = _builds(ref, base / "before", corpus, args.jobs)
        after = _builds(ROOT, base / "after", corpus, args.jobs)
        problems = []
        if not filecmp.cmp(before["extract"], after["extract"], shallow=False):
            problems.append("extract --format jsonl differs")
        for name in ("cold", "warm", "serial"):
            problems += [f"{name}: {d}" for d in _differences(before["cold"], after[name])]
        problems += [f"{args.ref} warm: {d}" for d in _differences(before["cold"], before["warm"])]
        files = sum(1 for p in before["cold"].rglob("*") if p.is_file())
        if problems:
            print(f"{len(problems)} difference(s) from {args.ref} ({args.n} articles):")
            for line in problems[:20]:
                print(f"  {line}")
            return 1
        print(f"identical: {files} files of each build and the JSON Lines ({args.n} articles)")
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
