"""The problems of the inputs, each one line naming the file (and line) and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from timeline.model import Article

# Whole-file formats larger than this are refused (JSON Lines are streamed, one line at a time,
# and each line is held to it); a news article is a few hundred kilobytes at most.
MAX_BYTES = 32 * 1024 * 1024
# Past these a build would take hours or run out of memory (extraction slows down faster than
# an article grows; the corpus timeline holds every event, some 8 KB each, while the site is
# written): the article, or the whole reading, is refused with a message instead.
MAX_CHARS = 500_000  # characters of one article's text (a long news article: 20,000)
MAX_ARTICLES = 20_000  # articles of one reading
MAX_CORPUS_CHARS = 100_000_000  # characters of all the texts of one reading


def size(n: int) -> str:
    """A number of bytes for a message: "50 MB", "2 KB", "100 bytes"."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} bytes"


class InputError(Exception):
    """A problem with one input: str(err) is one line 'PATH[:LINE]: message'."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        super().__init__(str(path), line, message)
        self.path = str(path)
        self.line = line
        self.message = " ".join(message.split())

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class LimitError(Exception):
    """The inputs together are more than one reading may hold (`max_articles`,
    `max_corpus_chars`): nothing should be built from the part that was read."""


class InputWarning(InputError, UserWarning):
    """A doubt about one input that loses nothing (a date before 1900, a language without a
    lexicon, a symbolic link loop ...): reported, or a failure under `strict`."""


@dataclass(frozen=True, slots=True)
class Options:
    """The settings of one reading, the same for every file."""

    dct: date | None = None  # the publication date of every article
    lang: str | None = None  # the language of every article
    max_bytes: int = MAX_BYTES
    max_chars: int = MAX_CHARS
    today: date = field(default_factory=lambda: datetime.now(UTC).date())


@dataclass(frozen=True, slots=True)
class Found:
    """An article as a reader found it: `line` locates it in its file (JSON Lines), `where`
    among the other articles of its file otherwise ("item 3: ", "tag:...: ")."""

    article: Article
    line: int | None = None
    where: str = ""


Item = Found | InputError  # what the readers yield (InputWarning is an InputError)
