"""Seconds to compile each lexicon's hyperscan prefilter database (timeline/prefilter.py).

    .venv/bin/python benchmarks/bench_prefilter.py [LANG ...]

A build compiles a database the first time a language is used on a machine (then it is
read from the cache: `~/.cache/timeline`); here each is compiled in a new, empty cache
folder, one language after the other, and the time printed with the number of rules.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

CODE = """
import time
from timeline.lang import load
lex = load({lang!r})
start = time.perf_counter()
lex.prefilter.starts("x")
print(f"{{len(lex.rules):6d}} {{time.perf_counter() - start:9.2f}}")
"""


def main() -> int:
    from timeline.lang import available

    langs = sys.argv[1:] or available()
    print(f"{'lang':6} {'rules':>6} {'compile s':>9}")
    for lang in langs:
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "TIMELINE_CACHE_DIR": cache}
            out = subprocess.run(
                [sys.executable, "-c", CODE.format(lang=lang)],
                env=env, capture_output=True, text=True, check=True,
            )  # fmt: skip
            print(f"{lang:6} {out.stdout.strip()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
