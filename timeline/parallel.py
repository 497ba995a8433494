"""parallel: process a stream of articles on several cores, or on a Dask cluster.

Extraction is per article and embarrassingly parallel. `process_all` reads the articles one
at a time, serves those the cache has, sends the others in small batches to workers (a local
process pool, or tasks on a `dask.distributed` scheduler), stores what comes back in the cache
and yields every result in input order: the output does not depend on the number of workers.
Only a bounded window of batches is in flight, so memory does not grow with the corpus.

Workers get the articles and send back their expressions and events (not the text again).
Each batch also reports the worker's extractor version: a worker running other code or
lexicons than the client is an error, not a silent difference.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from timeline.model import Article, ArticleResult, Event, Timex
from timeline.pipeline import process

__all__ = ["ArticleFailed", "DaskUnavailable", "cpu_count", "process_all", "process_batch"]

BATCH = 8  # articles per task: a few tens of milliseconds of work
DASK_BATCH = 32  # a Dask task costs more to schedule
WINDOW = 4  # batches in flight per worker
DASK_TIMEOUT = "20s"  # to reach the scheduler
# expressions, events and their cache rows (`timeline.store.result_rows`), or why not
Outcome = tuple[tuple[Timex, ...], tuple[Event, ...], Any] | str


class ArticleFailed(Exception):
    """An article that could not be processed (the message names it); the others go on."""


class DaskUnavailable(Exception):
    """`--dask` without dask.distributed installed, or a scheduler that cannot be reached."""


class _Cache(Protocol):
    reused: int
    extracted: int

    def get(self, article: Article) -> ArticleResult | None: ...
    def put(self, result: ArticleResult, rows: Any = None) -> None: ...


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def process_batch(articles: list[Article], rows: bool = False) -> tuple[str, list[Outcome]]:
    """Run in a worker: the extractor version and, for each article, its expressions and
    events (and, with `rows`, their cache rows), or the message of why it could not be
    processed."""
    from timeline.store import extractor_version, result_rows

    outcomes: list[Outcome] = []
    for article in articles:
        try:
            result = process(article)
        except (ValueError, KeyError) as err:
            outcomes.append(f"{article.path or article.id}: {err}")
            continue
        outcomes.append((result.timexes, result.events, result_rows(result) if rows else None))
    return extractor_version(), outcomes


@dataclass(slots=True)
class _Slot:
    """One article of the stream: its result already known, or waiting on a batch."""

    article: Article
    result: ArticleResult | ArticleFailed | None = None
    batch: Any = None  # the future of the batch that holds it
    index: int = 0  # its place in that batch


def process_all(
    articles: Iterable[Article],
    *,
    jobs: int | None = None,
    dask: str | None = None,
    cache: _Cache | None = None,
) -> Iterator[ArticleResult | ArticleFailed]:
    """The result of every article, in input order: from `cache` when it has it, else
    processed locally (`jobs` processes, default all cores; 1: in this process) or on the
    Dask scheduler at `dask` ("tcp://host:8786"). A failed article is an `ArticleFailed`.

    Small inputs (up to two batches to process) are processed in this process whatever
    `jobs` says: starting workers would cost more than it saves.
    """
    jobs = cpu_count() if jobs is None else max(1, jobs)
    batch_size = DASK_BATCH if dask else BATCH
    runner = _Runner(jobs, dask, rows=cache is not None)
    slots: deque[_Slot] = deque()
    waiting: list[_Slot] = []  # to process, not yet sent
    sent = 0  # articles sent whose result has not been yielded yet
    try:
        for article in articles:
            slot = _Slot(article)
            if cache is not None:
                slot.result = cache.get(article)
                if slot.result is not None:
                    cache.reused += 1
            slots.append(slot)
            if slot.result is None:
                waiting.append(slot)
            if len(waiting) >= batch_size and (runner.started or len(waiting) >= 2 * batch_size):
                for at in range(0, len(waiting), batch_size):
                    runner.submit(waiting[at : at + batch_size])
                sent += len(waiting)
                waiting.clear()
            limit = WINDOW * runner.workers * batch_size
            while slots and (slots[0].result is not None or sent > limit):
                sent -= slots[0].batch is not None
                yield _finish(slots.popleft(), cache)
        if waiting and runner.started:
            runner.submit(waiting)
        else:  # a small input: no workers
            for slot in waiting:
                slot.result = _local(slot.article, cache)
        while slots:
            yield _finish(slots.popleft(), cache)
    finally:
        runner.close()


def _local(article: Article, cache: _Cache | None) -> ArticleResult | ArticleFailed:
    try:
        result = process(article)
    except (ValueError, KeyError) as err:
        return ArticleFailed(f"{article.path or article.id}: {err}")
    if cache is not None:
        cache.extracted += 1
        cache.put(result)
    return result


def _finish(slot: _Slot, cache: _Cache | None) -> ArticleResult | ArticleFailed:
    """The slot's result, waited for and stored in the cache when it comes from a worker."""
    if slot.result is not None:
        return slot.result
    version, outcomes = slot.batch.result()
    from timeline.store import extractor_version

    if version != extractor_version():
        raise RuntimeError(
            f"a worker runs another version of timeline (extractor {version}, here "
            f"{extractor_version()}): install the same version on every worker"
        )
    outcome = outcomes[slot.index]
    if isinstance(outcome, str):
        return ArticleFailed(outcome)
    timexes, events, rows = outcome
    result = ArticleResult(slot.article, timexes, events)
    if cache is not None:
        cache.extracted += 1
        cache.put(result, rows)
    return result


class _Runner:
    """Where batches go: a process pool started on first use, or a Dask client."""

    def __init__(self, jobs: int, dask: str | None, *, rows: bool = False) -> None:
        self.jobs = jobs
        self.dask = dask
        self.rows = rows  # the workers make the cache rows of their results
        self.workers = jobs
        self.started = False
        self._pool: Executor | None = None
        self._client: Any = None
        self._submit: Callable[[list[Article]], Any] | None = None
        if dask:
            self._connect(dask)

    def _connect(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise DaskUnavailable(
                "--dask needs dask.distributed: pip install 'timeline[dask]'"
            ) from None
        try:
            self._client = Client(address, timeout=DASK_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as err:
            raise DaskUnavailable(f"cannot reach the Dask scheduler at {address}: {err}") from None
        self.workers = max(1, sum(self._client.nthreads().values()))
        self.started = True

        def submit(batch: list[Article]) -> Any:
            return self._client.submit(process_batch, batch, self.rows, pure=False)

        self._submit = submit

    def submit(self, slots: list[_Slot]) -> None:
        if self._submit is None:
            if self.jobs == 1:
                self._submit = lambda batch: _Done(batch, self.rows)
            else:
                self._pool = ProcessPoolExecutor(self.jobs, mp_context=_context())
                self._submit = lambda batch: self._pool.submit(process_batch, batch, self.rows)  # type: ignore[union-attr]
            self.started = True
        future = self._submit([slot.article for slot in slots])
        for n, slot in enumerate(slots):
            slot.batch, slot.index = future, n

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        if self._client is not None:
            self._client.close()


class _Done:
    """A batch processed at once in this process (`jobs=1`), with a future's `result()`."""

    def __init__(self, batch: list[Article], rows: bool) -> None:
        self._result = process_batch(batch, rows)

    def result(self) -> tuple[str, list[Outcome]]:
        return self._result


def _context() -> multiprocessing.context.BaseContext:
    """Workers are forked where the system can (they start at once, with the lexicons
    already loaded, and a script that calls us needs no `if __name__ == "__main__"`);
    elsewhere spawned."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
