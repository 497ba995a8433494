"""Page weights of the built site for 10, 1,000 and 10,000 events.

    .venv/bin/python benchmarks/site_weight.py [--sizes 10,1000,10000] [--lang ar|en]

For each size N it builds a site from synthetic articles (deterministic) and prints the
weight of each kind of page, raw and gzip-compressed (what a web server sends), without the
shared plotly.js (one copy for the whole site, printed once):

- article: one article with N events: chart, event list, filters and the article text
  (a sentence per event, so the text grows with N);
- embed: the same timeline for an <iframe> (no text);
- corpus: index.html of a site of N events in articles of 100 (lanes by source; its first
  page: 1,000 events at most);
- data: data/<slug>.json of the article, and timeline.json of the corpus.

Events cycle through days, months, seasons, years and weeks. Sentences are pseudo-random
words of the language (about 15 words each), so they compress like text, not like a repeat.
Build s: both sites. The issue's budget: an article page of 1,000 events weighs at most
150 KB without plotly.js.
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timeline.model import (  # noqa: E402
    Article,
    ArticleResult,
    Event,
    Granularity,
    Mention,
    Spec,
    TimeValue,
    Timex,
)
from timeline.site import build_site, slugify  # noqa: E402

WORDS = {
    "en": (
        "the minister said government talks would resume after officials met in the capital "
        "prices rose sharply while exports fell and the central bank raised interest rates "
        "according to a statement issued by the ministry of foreign affairs on behalf of "
        "leaders who agreed to expand cooperation in energy trade and security across region"
    ).split(),
    "ar": (
        "قال الوزير إن المحادثات ستستأنف بعد أن اجتمع المسؤولون في العاصمة وارتفعت الأسعار "
        "بشكل حاد بينما تراجعت الصادرات ورفع البنك المركزي أسعار الفائدة وفقا لبيان صادر عن "
        "وزارة الخارجية نيابة عن القادة الذين اتفقوا على توسيع التعاون في مجالات الطاقة "
        "والتجارة والأمن في المنطقة"
    ).split(),
}
PHRASE = {"en": "in that period", "ar": "في تلك الفترة"}
KINDS = (Granularity.DAY, Granularity.MONTH, Granularity.SEASON, Granularity.YEAR, Granularity.WEEK)
STATUSES = ("happened", "planned", "ongoing")


def value_of(kind: Granularity, d: date) -> TimeValue:
    if kind is Granularity.MONTH:
        d = d.replace(day=1)
    elif kind is Granularity.SEASON:
        d = date(d.year, (3, 6, 9, 12)[(d.month - 1) // 3], 1)
    elif kind is Granularity.YEAR:
        d = date(d.year, 1, 1)
    elif kind is Granularity.WEEK:
        d = d - timedelta(days=d.weekday())
    return TimeValue(granularity=kind, period=d)


def article(index: int, events: int, lang: str, rng: random.Random) -> ArticleResult:
    """An article of `events` sentences, each dating one event."""
    words, phrase = WORDS[lang], PHRASE[lang]
    sentences = []
    for _ in range(events):
        body = " ".join(rng.choice(words) for _ in range(rng.randint(10, 18)))
        sentences.append(f"{body} {phrase}.")
    text = "\n".join(" ".join(sentences[i : i + 5]) for i in range(0, events, 5))
    a = Article(
        id=f"{lang}-wire-{index}",
        text=text,
        title=" ".join(rng.choice(words) for _ in range(8)),
        published=date(2023, 6, 30),
        lang=lang,
        source=f"Agency {index % 7}",
    )
    timexes, result_events, pos = [], [], 0
    for i, sentence in enumerate(sentences):
        start = text.index(sentence, pos)
        at = start + sentence.rindex(phrase)
        pos = start + len(sentence)
        value = value_of(
            KINDS[i % len(KINDS)], date(2015, 1, 1) + timedelta(days=rng.randrange(3000))
        )
        timexes.append(Timex(Mention(phrase, at, at + len(phrase), Spec()), value))
        result_events.append(
            Event(
                id=f"{index}-{i}",
                article_id=a.id,
                timex=i,
                value=value,
                title=sentence[:120],
                text=sentence,
                start=start,
                end=pos,
                status=STATUSES[i % 3],
            )
        )
    return ArticleResult(a, tuple(timexes), tuple(result_events))


def weigh(path: Path) -> tuple[int, int]:
    raw = path.read_bytes()
    return len(raw), len(gzip.compress(raw, compresslevel=6, mtime=0))


def kb(size: tuple[int, int]) -> str:
    return f"{size[0] / 1024:9.1f} {size[1] / 1024:8.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10,1000,10000", help="event counts (default: %(default)s)"
    )
    parser.add_argument("--lang", default="ar", choices=sorted(WORDS))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    print(f"language: {args.lang}; sizes in KB: raw, gzip; plotly.js not included")
    print(f"{'events':>7} {'page':<22} {'raw KB':>9} {'gzip KB':>8}  build s")
    plotly_size = None
    for n in sizes:
        rng = random.Random(n)
        single = article(0, n, args.lang, rng)
        corpus = [
            article(i + 1, min(100, n - i * 100), args.lang, rng) for i in range((n + 99) // 100)
        ]
        with tempfile.TemporaryDirectory() as tmp:
            one, many = Path(tmp) / "one", Path(tmp) / "many"
            started = time.perf_counter()
            build_site([single], one, standalone=n <= 10)
            build_site(corpus, many, standalone=False)
            seconds = time.perf_counter() - started
            slug = slugify([single.article.id])[0]
            rows = [
                ("article page", one / "articles" / f"{slug}.html"),
                ("embed page", one / "embed" / f"{slug}.html"),
                ("article data JSON", one / "data" / f"{slug}.json"),
            ]
            if n <= 10:
                rows.append(("standalone (plotly in)", one / "standalone" / f"{slug}.html"))
            rows += [
                ("corpus page", many / "index.html"),
                ("corpus timeline.json", many / "timeline.json"),
            ]
            for name, path in rows:
                print(f"{n:>7} {name:<22} {kb(weigh(path))}  {seconds:6.1f}")
            plotly_size = weigh(one / "assets" / "plotly.min.js")
    if plotly_size:
        print(f"{'':>7} {'shared plotly.min.js':<22} {kb(plotly_size)}")


if __name__ == "__main__":
    main()
