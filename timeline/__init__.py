"""timeline: event timelines from news articles.

The pipeline, one module a stage::

    ingest -> extract -> resolve -> events -> site
    files     mentions   values     timeline  pages, chart, exports

A notebook or a report script can call each stage directly::

    from timeline import read_articles, process, build_site
    results = [process(a) for a in read_articles(["seeds/"])]
    build_site(results, "site")

The corpus timeline, one event per happening with every article that reports it, and a
cache that processes only new or changed articles::

    with Cache(".timeline-cache.sqlite") as cache:
        results = [cache.process(a) for a in read_articles(["seeds/"])]
    happenings = merge(results)

or, on one text, with a chart::

    timexes = timeline.extract(text, published="2022-12-30", lang="en")
    timeline.figure(timexes).show()
"""

__version__ = "0.1.0"

from timeline.events import build_events, order, order_key, partition  # noqa: E402
from timeline.extract import extract as _extract_mentions  # noqa: E402
from timeline.ingest import InputError, read_articles  # noqa: E402
from timeline.merge import MergedEvent, merge  # noqa: E402
from timeline.model import (  # noqa: E402
    Article,
    ArticleResult,
    Event,
    Granularity,
    Mention,
    Mod,
    Ref,
    Spec,
    TimeValue,
    Timex,
    TimexType,
)
from timeline.pipeline import process  # noqa: E402
from timeline.resolve import resolve, resolve_all  # noqa: E402
from timeline.store import Cache  # noqa: E402


def extract(text, lang=None, *args, published=None, **kwargs):  # noqa: ANN001, ANN002, ANN003
    """The time expressions of `text`.

    Without `published`, the extractor itself (`timeline.extract.extract(text, lang, ...)`):
    half-resolved `Mention`s. With `published` (a date, datetime or ISO string), each one
    resolved against it: `Timex`es with their value and interval. `lang` is detected when
    not given.
    """
    if lang is None:
        from timeline.ingest import detect_lang

        lang = detect_lang(text)
    mentions = _extract_mentions(text, lang, *args, **kwargs)
    if published is None:
        return mentions
    import datetime

    if isinstance(published, str):
        published = datetime.date.fromisoformat(published[:10])
    elif isinstance(published, datetime.datetime):
        published = published.date()
    return resolve_all(mentions, published)


def figure(events, *, lang="en"):  # noqa: ANN001
    """A plotly `Figure` of events (see `timeline.site.figure`): of an `ArticleResult`, or of
    `ArticleResult`s, `Event`s or `Timex`es. Days are points, longer periods are bars."""
    from timeline.site import figure as draw

    return draw(events, lang=lang)


def build_site(*args, **kwargs):  # noqa: ANN002, ANN003
    """Build the static site (see `timeline.site.build_site`); imported lazily (plotly)."""
    from timeline.site import build_site as build

    return build(*args, **kwargs)


__all__ = [
    "Article",
    "ArticleResult",
    "Cache",
    "Event",
    "Granularity",
    "InputError",
    "Mention",
    "MergedEvent",
    "Mod",
    "Ref",
    "Spec",
    "TimeValue",
    "Timex",
    "TimexType",
    "build_events",
    "build_site",
    "extract",
    "figure",
    "merge",
    "order",
    "order_key",
    "partition",
    "process",
    "read_articles",
    "resolve",
    "resolve_all",
]
