"""events: dated statements become ordered events."""

from __future__ import annotations

from datetime import date

from timeline.model import Event


def order_key(event: Event) -> tuple:
    """The total order of the timeline (see README): interval start, coarser granularity
    first on the same start, then article, then position in the article."""
    interval = event.value.interval
    start = interval[0] if interval else date.max
    rank = event.value.granularity.rank if event.value.granularity else 99
    return (start, -rank, event.article_id, event.start, event.timex)
