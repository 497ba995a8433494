"""The command line: a thin skin over the library.

timeline extract INPUT... [--dct DATE] [--lang CODE] [--strict] [--format jsonl|text]
timeline build INPUT... [-o DIR] [--dct DATE] [--lang CODE] [--strict] [--ui-lang CODE]
timeline chart INPUT... -o FILE.png|.svg|.html [--ui-lang CODE]
timeline serve [DIR] [--port N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from timeline import __version__
from timeline.exports import article_record
from timeline.ingest import InputError, InputWarning, LimitError, read_articles
from timeline.ingest.errors import MAX_ARTICLES, MAX_CHARS, MAX_CORPUS_CHARS
from timeline.model import ArticleResult
from timeline.parallel import ArticleFailed, DaskUnavailable, cpu_count, process_all
from timeline.progress import progress, say
from timeline.store import DEFAULT_NAME as DEFAULT_CACHE
from timeline.store import Cache, default_path

# Above this many articles a build writes standalone pages (plotly inlined, ~4.7 MB each)
# only when asked: 10,000 articles would take 47 GB.
STANDALONE_LIMIT = 50


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes (1 or more): {text!r}")
    return jobs


def _limit(text: str) -> int:
    try:
        limit = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        limit = 0
    if limit < 1:
        raise argparse.ArgumentTypeError(f"not a limit (a number, 1 or more): {text!r}")
    return limit


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="timeline",
        description="Event timelines from news articles: find and resolve dates, order events, "
        "publish a static site.",
    )
    parser.add_argument("--version", action="version", version=f"timeline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def inputs(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "inputs",
            nargs="+",
            metavar="INPUT",
            help="files (.txt .json .jsonl .html .rss .atom .xml .md), folders, globs, "
            "or - for JSON Lines on standard input",
        )
        p.add_argument(
            "--dct",
            type=_date,
            metavar="YYYY-MM-DD",
            help="publication date for every article (overrides the files)",
        )
        p.add_argument(
            "--lang", metavar="CODE", help="language of every article (default: detected)"
        )
        p.add_argument(
            "--strict",
            action="store_true",
            help="treat warnings (odd dates, languages without a lexicon ...) as errors: "
            "leave those articles out and exit with status 1 on any problem",
        )
        for flag, default, what in (
            ("--max-chars", MAX_CHARS, "refuse an article longer than N characters"),
            ("--max-articles", MAX_ARTICLES, "stop when the inputs hold more than N articles"),
            ("--max-corpus-chars", MAX_CORPUS_CHARS, "stop past N characters of text in all"),
        ):
            p.add_argument(
                flag,
                type=_limit,
                default=default,
                metavar="N",
                help=f"{what} (default: {default:,})",
            )
        p.add_argument(
            "-j",
            "--jobs",
            type=_jobs,
            metavar="N",
            help="processes that extract (default: all cores; 1: no worker processes)",
        )
        p.add_argument(
            "--dask",
            metavar="ADDRESS",
            help="extract on the Dask cluster whose scheduler is at ADDRESS "
            "(tcp://host:8786; needs timeline[dask] here and on the workers)",
        )

    ex = sub.add_parser(
        "extract",
        help="print the time expressions and events of each article",
        description="Print the time expressions and events of each article, "
        "one JSON object per article.",
    )
    inputs(ex)
    ex.add_argument(
        "--cache",
        metavar="PATH",
        help="reuse and record processed articles in this SQLite cache (default: none)",
    )
    ex.add_argument(
        "--format",
        choices=("jsonl", "text", "timeml"),
        default="jsonl",
        help="output format (default: jsonl); timeml: a TimeML document per article",
    )
    ex.add_argument(
        "--output-dir",
        metavar="DIR",
        help="with --format timeml: write DIR/<slug>.tml for each article instead of printing",
    )

    build = sub.add_parser(
        "build",
        help="build the static timeline site",
        description="Build the static timeline site: index, one page per article, assets.",
    )
    inputs(build)
    build.add_argument(
        "--cache",
        metavar="PATH",
        help="SQLite cache of processed articles: only new or changed articles are processed "
        f"(default: {DEFAULT_CACHE} beside the output folder)",
    )
    build.add_argument(
        "--no-cache", action="store_true", help="process every article, use no cache"
    )
    build.add_argument(
        "-o", "--output", default="site", metavar="DIR", help="output folder (default: site)"
    )
    build.add_argument(
        "--ui-lang",
        metavar="CODE",
        help="language of the index page (default: the majority language)",
    )
    standalone = build.add_mutually_exclusive_group()
    standalone.add_argument(
        "--standalone",
        action="store_true",
        default=None,
        help="write standalone/<slug>.html, one self-contained file per article (~4.7 MB "
        f"each; default: only for at most {STANDALONE_LIMIT} articles)",
    )
    standalone.add_argument(
        "--no-standalone",
        dest="standalone",
        action="store_false",
        help="do not write standalone pages",
    )

    chart = sub.add_parser(
        "chart",
        help="draw the timeline chart of the inputs as PNG, SVG or HTML",
        description="Draw the timeline chart of all inputs into one file: PNG or SVG through "
        "plotly's image export (needs Chromium or Chrome), or HTML.",
    )
    inputs(chart)
    chart.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="FILE.png, FILE.svg or FILE.html"
    )
    chart.add_argument(
        "--ui-lang", metavar="CODE", help="language of the chart (default: the majority language)"
    )
    chart.set_defaults(cache=None, no_cache=True)

    serve = sub.add_parser(
        "serve",
        help="preview a built site on localhost",
        description="Serve a built site on http://127.0.0.1:PORT/ until interrupted.",
    )
    serve.add_argument("folder", nargs="?", default="site", metavar="DIR", help="default: site")
    serve.add_argument("--port", type=int, default=8000, help="default: 8000 (0: any free port)")
    serve.add_argument("--bind", default="127.0.0.1", metavar="ADDRESS", help="default: 127.0.0.1")
    return parser


class Run:
    """Reads and processes articles, reporting each bad input as one line on stderr as it
    comes, and all of them again in a summary at the end."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.problems: list[str] = []
        self.failed = 0
        self.warned = 0
        self.done = 0
        self.cache = _cache(args)

    def error(self, err: InputError | str) -> None:
        self.failed += 1
        self._report(f"error: {err}")

    def warning(self, warning: InputWarning) -> None:
        self.warned += 1
        self._report(f"warning: {warning}")

    def _report(self, line: str) -> None:
        self.problems.append(line)
        say(f"timeline: {line}")

    def results(self) -> Iterator[ArticleResult]:
        """Each article's result in input order, extracted by `--jobs` processes or on the
        `--dask` cluster; a progress bar on a terminal."""
        articles = read_articles(
            self.args.inputs,
            dct=self.args.dct,
            lang=self.args.lang,
            on_error=self.error,
            on_warning=self.warning,
            strict=self.args.strict,
            max_chars=self.args.max_chars,
            max_articles=self.args.max_articles,
            max_corpus_chars=self.args.max_corpus_chars,
        )
        outcomes = process_all(
            articles,
            jobs=getattr(self.args, "jobs", None),
            dask=getattr(self.args, "dask", None),
            cache=self.cache,
        )
        try:
            for result in progress(outcomes, "extracting"):
                if isinstance(result, ArticleFailed):
                    self.error(str(result))
                    continue
                self.done += 1
                yield result
        finally:
            if self.cache is not None:
                self.cache.close()

    def cache_note(self) -> str:
        """How many articles came from the cache (empty without a cache)."""
        if self.cache is None:
            return ""
        return (
            f"timeline: {self.cache.reused} article(s) reused from the cache "
            f"{self.cache.path}, {self.cache.extracted} processed"
        )

    def status(self) -> int:
        if self.problems:
            print(
                f"timeline: {self.done} article(s) processed, {self.failed} error(s), "
                f"{self.warned} warning(s):",
                file=sys.stderr,
            )
            for line in self.problems:
                print(f"  {line}", file=sys.stderr)
        if self.args.strict and self.problems:
            return 1
        return 0 if self.done else 1


def cmd_extract(args: argparse.Namespace) -> int:
    run = Run(args)
    out = sys.stdout
    taken: set[str] = set()  # file names written: two articles of one id keep two files
    for result in run.results():
        if args.format == "timeml":
            _write_timeml(result, args.output_dir, taken)
        elif args.format == "jsonl":
            out.write(
                json.dumps(article_record(result), ensure_ascii=False, sort_keys=False) + "\n"
            )
        else:
            a = result.article
            out.write(f"# {a.id}  {a.published}  {a.lang}  {a.title}\n")
            for t in result.timexes:
                v = t.value
                out.write(
                    f"{t.mention.start:>6} {t.mention.end:>6}  {v.value:<12} {t.mention.text}\n"
                )
    return run.status()


def cmd_build(args: argparse.Namespace) -> int:
    from timeline.site import build_site

    run = Run(args)

    def standalone(count: int) -> bool:
        if args.standalone is not None:
            return bool(args.standalone)
        if count > STANDALONE_LIMIT:
            say(
                f"timeline: standalone pages left out ({count:,} articles, more than "
                f"{STANDALONE_LIMIT}: about {count * 4.7 / 1000:,.1f} GB); "
                "--standalone writes them"
            )
        return count <= STANDALONE_LIMIT

    # The results stream: on disk, and out of memory, until each article's pages are written.
    results = run.results()
    first = next(results, None)
    if first is None:
        run.status()
        print("timeline: nothing to build", file=sys.stderr)
        return 1
    count = build_site(
        itertools.chain([first], results),
        args.output,
        ui_lang=args.ui_lang,
        standalone=standalone,
        jobs=args.jobs or cpu_count(),
    )
    print(f"timeline: built {count} article page(s) into {args.output}", file=sys.stderr)
    if run.cache_note():
        print(run.cache_note(), file=sys.stderr)
    return run.status()


def _cache(args: argparse.Namespace) -> Cache | None:
    """The cache the command asks for: `--cache PATH`; for `build` by default the one beside
    the output folder, none with `--no-cache`."""
    if getattr(args, "no_cache", False):
        return None
    path = args.cache or (default_path(args.output) if args.command == "build" else None)
    if path is None:
        return None

    def warn(message: str) -> None:
        print(f"timeline: warning: {message}", file=sys.stderr)

    return Cache(path, on_warning=warn)


def _write_timeml(result: ArticleResult, folder: str | None, taken: set[str]) -> None:
    from timeline.site import slugify
    from timeline.timeml import timeml_document

    document = timeml_document(result)
    if folder is None:
        sys.stdout.write(document)
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    slug = name = slugify([result.article.id])[0]  # never leaves the folder
    n = 2
    while name in taken:
        name, n = f"{slug}-{n}", n + 1
    taken.add(name)
    path = Path(folder) / f"{name}.tml"
    path.write_text(document, encoding="utf-8")


def cmd_chart(args: argparse.Namespace) -> int:
    from timeline.image import NoBrowserError, write_image
    from timeline.site import _majority_lang, figure

    run = Run(args)
    results = list(run.results())
    if not results:
        run.status()
        print("timeline: nothing to draw", file=sys.stderr)
        return 1
    fig = figure(results, lang=args.ui_lang or _majority_lang(results))
    if args.output.lower().endswith((".html", ".htm")):
        fig.write_html(args.output, include_plotlyjs=True, full_html=True, div_id="chart")
    else:
        try:
            write_image(fig, args.output)
        except (NoBrowserError, ValueError) as err:
            print(f"timeline: error: {err}", file=sys.stderr)
            return 1
    print(f"timeline: wrote {args.output}", file=sys.stderr)
    return run.status()


def cmd_serve(args: argparse.Namespace) -> int:
    from timeline.serve import make_server

    server = make_server(args.folder, args.port, args.bind)
    host, port = server.server_address[:2]
    print(
        f"timeline: serving {args.folder} on http://{host}:{port}/ (Ctrl-C stops)", file=sys.stderr
    )
    with server:
        server.serve_forever()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = {
        "extract": cmd_extract,
        "build": cmd_build,
        "chart": cmd_chart,
        "serve": cmd_serve,
    }[args.command]
    try:
        return command(args)
    except KeyboardInterrupt:
        return 130
    except DaskUnavailable as err:
        print(f"timeline: error: {err}", file=sys.stderr)
        return 1
    except LimitError as err:
        flags = "--max-articles and --max-corpus-chars raise it"
        print(f"timeline: error: {err} ({flags})", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"timeline: error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
