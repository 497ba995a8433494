"""Time per KB of extraction on adversarial text, against normal news, at growing sizes.

    .venv/bin/python benchmarks/bench_linear.py [--sizes 16,64,256,1024]

Each input is run through `extract(text, lang)` then `resolve_all(mentions, anchor)` (what
`bench_extract.py` times) at several sizes in KB; a pattern with catastrophic backtracking or
a quadratic loop shows as time per KB that grows with the size, or far above news:

- news (ar, en): case sentences grouped into articles (the corpus of `bench_extract.py`),
  concatenated to the size;
- digits and slashes: `12/3/2022/14/05/1999/...` with no space (four or more numbers joined by
  slashes are a path or a code, masked unread: `timeline.lang.MASKED`);
- month names in a row: `September October November ...` (en), `كانون الثاني شباط آذار ...` (ar);
- Arabic clitic chains: `وبالللل` and `وفبالعام` glued to date words, `ووووووو...`;
- one line with no spaces: a news article with every space and line end removed.

For each it prints ms per KB at each size and the ratio to news of the same language at the
largest size (the issue's bound: at most 3). For reference, not bounded: numeric dates in a
row (`12/3/2022 14/05/1999 ...`), every one a date, some 20x the dates of news per KB.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_extract import build_corpus  # noqa: E402

from timeline.extract import extract  # noqa: E402
from timeline.resolve import resolve_all  # noqa: E402

ANCHOR = date(2022, 12, 30)


def fill(unit: str, kb: int) -> str:
    """`unit` repeated to `kb` KB (UTF-8), cut on a character boundary."""
    size = kb * 1024
    text = unit * (size // max(1, len(unit.encode())) + 1)
    return text.encode()[:size].decode("utf-8", "ignore")


def inputs(news: dict[str, str]) -> list[tuple[str, str, str]]:
    """(name, language, unit text to repeat)."""
    en_months = "January February March April May June July August September October November "
    ar_months = "كانون الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين الأول تشرين الثاني "
    return [
        ("news en", "en", news["en"]),
        ("news ar", "ar", news["ar"]),
        ("digits and slashes", "en", "12/3/2022/14/05/1999/"),
        ("digits and slashes ar", "ar", "١٢/٣/٢٠٢٢/١٤/٠٥/1999/"),
        ("month names in a row", "en", en_months),
        ("month names in a row ar", "ar", ar_months + "يناير فبراير مارس أبريل ماي "),
        ("Arabic clitic chains", "ar", "وبالللللعام وفبالسنة ووووووللللبببب وفبلالشهر "),
        ("one line, no spaces en", "en", "".join(news["en"].split())),
        ("one line, no spaces ar", "ar", "".join(news["ar"].split())),
    ]


DENSE = [  # (name, language, unit): not adversarial, but every word a date
    ("numeric dates in a row", "en", "12/3/2022 14/05/1999 "),
    ("numeric dates in a row ar", "ar", "١٢/٣/٢٠٢٢ ١٤/٠٥/1999 "),
]


def ms_per_kb(text: str, lang: str) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        resolve_all(extract(text, lang), ANCHOR)
        best = min(best, time.perf_counter() - start)
    return best * 1000 / (len(text.encode()) / 1024)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="16,64,256,1024", help="sizes in KB")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    corpus = build_corpus(30, None)
    news = {lang: "\n".join(text for text, _ in articles) for lang, articles in corpus.items()}
    for lang in news:  # warm-up: lexicons
        extract(news[lang][:2000], lang)
    head = f"{'input':26}" + "".join(f" {f'{kb} KB':>9}" for kb in sizes) + f" {'vs news':>8}"
    print("ms per KB (extract + resolve, best of 2)")
    print(head)
    print("-" * len(head))
    reference: dict[str, float] = {}
    worst = 0.0
    for name, lang, unit in [*inputs(news), *DENSE]:
        if (name, lang, unit) == DENSE[0]:
            print(f"\nworst ratio to news at {sizes[-1]} KB: {worst:.2f}x (bound: 3x)\n")
            print("for reference (not bounded):")
        row = [ms_per_kb(fill(unit, kb), lang) for kb in sizes]
        if name.startswith("news"):
            reference[lang] = row[-1]
        ratio = row[-1] / reference[lang]
        if (name, lang, unit) not in DENSE:
            worst = max(worst, ratio)
        cells = "".join(f" {v:9.3f}" for v in row)
        print(f"{name:26}{cells} {ratio:7.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
