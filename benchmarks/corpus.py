"""A news corpus of any size built from the project's own articles, for the build benchmark.

    .venv/bin/python benchmarks/corpus.py OUT_DIR [-n 10000] [--per-file 500]

Writes `OUT_DIR/corpus-NNN.jsonl` (JSON Lines, `--per-file` articles a file), deterministic
(fixed random seed). Where the texts come from:

- project articles (one article in four): the seed article (`seeds/*.txt`), the test corpus
  (`tests/corpus/*.json`) and the ingest samples (`tests/data/ingest`: HTML pages, Markdown,
  RSS and Atom feeds), each read once through `timeline.read_articles` to get its text, title,
  language and date;
- grouped case sentences (three in four): the sentences of `tests/cases/*.toml` of one
  language, a dated sentence followed by two undated ones (about the density of dates in
  news), grouped into articles of 2-4 KB with a paragraph break every 3-5 sentences, as
  `bench_extract.py` builds them. Languages cycle ar, en, fr, ar, en, es, ar, en, de, ru, fa,
  tr (Arabic and English three times as often as the others).

Dates vary: article i is moved to the year 2000 + (7 i mod 25); every year 1990-2039 written in
its text (ASCII or Arabic-Indic digits) moves by the same amount, so relative expressions keep
their meaning; grouped articles also get their anchor moved by up to 180 days either way.
Every article has a unique id (`<lang>-<i>`) and title; one in four has no `lang` field
(its language is identified, as in an archive that does not say).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import warnings
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_extract import BASE_YEAR, case_pools, grouped, shift_years  # noqa: E402

from timeline import read_articles  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CYCLE = ("ar", "en", "fr", "ar", "en", "es", "ar", "en", "de", "ru", "fa", "tr")
SOURCES = ("Wire", "Daily", "Agency", "Gazette", "Herald", "Tribune", "Observer")


def project_articles() -> list[dict]:
    """The articles the project ships, as records (text, title, published, lang, source)."""
    paths = [ROOT / "seeds", ROOT / "tests" / "corpus", ROOT / "tests" / "data" / "ingest"]
    records = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for a in read_articles(paths, on_error=lambda err: None, on_warning=lambda w: None):
            if a.published is None or not a.text.strip():
                continue
            records.append(
                {
                    "title": a.title,
                    "text": a.text,
                    "published": a.published,
                    "lang": a.lang,
                    "source": a.source,
                }
            )
    return records


def _moved(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def articles(n: int):
    """The n records of the corpus, one at a time."""
    rng = random.Random(20221230)
    own = project_articles()
    pools = case_pools(dense=False, langs=tuple(sorted(set(CYCLE))))
    for i in range(n):
        year = 2000 + (7 * i) % 25
        if i % 4 == 0:
            base = own[(i // 4) % len(own)]
            delta = year - base["published"].year
            text, title = shift_years(base["text"], delta), base["title"]
            published, lang = _moved(base["published"], delta), base["lang"]
        else:
            lang = CYCLE[i % len(CYCLE)]
            sentences, dct = pools[lang]
            delta = year - BASE_YEAR
            text = shift_years(grouped(sentences, rng), delta)
            title = " ".join(text.split()[:8])
            jitter = timedelta(days=rng.randint(-180, 180))
            published = _moved(dct, year - dct.year) + jitter
        record = {
            "id": f"{lang}-{i:06d}",
            "title": f"{title} ({i})",
            "published": published.isoformat(),
            "source": SOURCES[i % len(SOURCES)],
            "url": f"https://news.example/{lang}/{i}",
            "text": text,
        }
        if i % 4 != 3:
            record["lang"] = lang
        yield record


def write_corpus(folder: Path, n: int, per_file: int = 500) -> int:
    """Write the corpus of n articles into `folder`; returns its size in bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    out = None
    for i, record in enumerate(articles(n)):
        if i % per_file == 0:
            if out is not None:
                out.close()
            out = (folder / f"corpus-{i // per_file:03d}.jsonl").open("w", encoding="utf-8")
        line = json.dumps(record, ensure_ascii=False) + "\n"
        size += len(line.encode())
        out.write(line)
    if out is not None:
        out.close()
    return size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", type=int, default=10_000, help="articles (default 10000)")
    parser.add_argument("--per-file", type=int, default=500, help="articles per JSONL file")
    args = parser.parse_args()
    size = write_corpus(args.folder, args.n, args.per_file)
    print(f"{args.n} articles, {size / 2**20:.1f} MB in {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
