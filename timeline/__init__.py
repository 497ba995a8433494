"""timeline: event timelines from news articles.

The pipeline, one module a stage::

    ingest -> extract -> resolve -> events -> site
    files     mentions   values     timeline  pages, chart, exports

A notebook or a report script can call each stage directly::

    from timeline import read_articles, process, build_site
    results = [process(a) for a in read_articles(["seeds/"])]
    build_site(results, "site")
"""

__version__ = "0.1.0"

from timeline.events import build_events, order, order_key  # noqa: E402
from timeline.extract import extract  # noqa: E402
from timeline.ingest import InputError, read_articles  # noqa: E402
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


def build_site(*args, **kwargs):  # noqa: ANN002, ANN003
    """Build the static site (see `timeline.site.build_site`); imported lazily (plotly)."""
    from timeline.site import build_site as build

    return build(*args, **kwargs)


__all__ = [
    "Article",
    "ArticleResult",
    "Event",
    "Granularity",
    "InputError",
    "Mention",
    "Mod",
    "Ref",
    "Spec",
    "TimeValue",
    "Timex",
    "TimexType",
    "build_events",
    "build_site",
    "extract",
    "order",
    "order_key",
    "process",
    "read_articles",
    "resolve",
    "resolve_all",
]
