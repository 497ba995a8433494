"""spill: processed articles kept in a temporary file instead of memory.

A build reads each article's result twice: once for the corpus timeline, once for the
article's own pages. Holding every result (and so every text) in memory between the two
would make memory grow with the corpus; a `ResultFile` writes each result to disk as it
comes and loads it back when asked, keeping in memory only the articles without their text.
Reads use `os.pread`, so forked processes can read the same file at once.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from timeline.model import Article, ArticleResult

__all__ = ["ResultFile"]


class ResultFile(Sequence[ArticleResult]):
    """A sequence of `ArticleResult`s stored in an unnamed temporary file.

    `append` adds one; `results[n]` loads one back; `articles` lists the articles without
    their text (ids, titles, dates, languages: what planning a site needs). Close it (or use
    it as a context manager) to free the file.
    """

    def __init__(self, results: Iterable[ArticleResult] = (), *, folder: str | None = None):
        self._file = tempfile.TemporaryFile(prefix="timeline-results-", dir=folder)
        self._spans: list[tuple[int, int]] = []  # offset and size of each result
        self._end = 0
        self.articles: list[Article] = []
        for result in results:
            self.append(result)

    def append(self, result: ArticleResult) -> None:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        os.pwrite(self._file.fileno(), data, self._end)
        self._spans.append((self._end, len(data)))
        self._end += len(data)
        self.articles.append(dataclasses.replace(result.article, text=""))

    def __len__(self) -> int:
        return len(self._spans)

    @overload
    def __getitem__(self, index: int) -> ArticleResult: ...
    @overload
    def __getitem__(self, index: slice) -> list[ArticleResult]: ...
    def __getitem__(self, index: int | slice) -> ArticleResult | list[ArticleResult]:
        if isinstance(index, slice):
            return [self[n] for n in range(*index.indices(len(self)))]
        return self.read(self._spans[index])

    def span(self, index: int) -> tuple[int, int]:
        """Where result `index` is in the file (offset, size): a process forked before it
        was written reads it with `read`."""
        return self._spans[index]

    def read(self, span: tuple[int, int]) -> ArticleResult:
        offset, size = span
        return pickle.loads(os.pread(self._file.fileno(), size, offset))

    def __iter__(self) -> Iterator[ArticleResult]:
        for n in range(len(self)):
            yield self[n]

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> ResultFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
