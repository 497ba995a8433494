"""memo: a bounded memo, for what a text repeats (the same words, the same values).

A dict keeps what `make` gave for each key until it holds `limit` of them; then it starts
over (what a text repeats comes back soon, and memory stays bounded over a corpus)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def remembered(memo: dict[K, V], key: K, make: Callable[[K], V], limit: int) -> V:
    """`memo[key]`, made by `make(key)` when missing (None is remembered too)."""
    try:
        return memo[key]
    except KeyError:
        pass
    if len(memo) >= limit:
        memo.clear()
    value = memo[key] = make(key)
    return value
