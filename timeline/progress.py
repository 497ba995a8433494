"""progress: a progress bar on a terminal, nothing in pipes, logs and CI.

A bar is drawn (tqdm, on standard error) only when standard error is a terminal and neither
`CI` nor `TIMELINE_NO_PROGRESS` is set; otherwise the iterable passes through untouched.
Messages printed while a bar is shown go through `say`, above the bar.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["enabled", "progress", "say"]

T = TypeVar("T")
_active: list[object] = []


def enabled() -> bool:
    """Whether bars are drawn: standard error is a terminal, and not in CI."""
    if os.environ.get("CI") or os.environ.get("TIMELINE_NO_PROGRESS"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def progress(
    items: Iterable[T], description: str, *, unit: str = "article", total: int | None = None
) -> Iterator[T]:
    """`items`, with a bar counting them on a terminal."""
    if not enabled():
        yield from items
        return
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: pages are written by forked processes
    bar = tqdm(
        items,
        desc=description,
        unit=f" {unit}s" if total is None else f" {unit}",
        total=total,
        file=sys.stderr,
        leave=False,
        dynamic_ncols=True,
        mininterval=0.2,
    )
    _active.append(bar)
    try:
        yield from bar
    finally:
        _active.remove(bar)
        bar.close()


def say(line: str) -> None:
    """Print a line on standard error, above the bar if one is shown."""
    if _active:
        from tqdm import tqdm

        tqdm.write(line, file=sys.stderr)
    else:
        print(line, file=sys.stderr)
