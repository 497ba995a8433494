"""The pipeline of one article: extract -> resolve -> events."""

from __future__ import annotations

from timeline.events import build_events
from timeline.extract import extract
from timeline.model import Article, ArticleResult
from timeline.resolve import resolve_all


def process(article: Article) -> ArticleResult:
    """Find, resolve and turn into events every time expression of an article.

    The anchor is the article's publication date; an article without one gets no dates
    resolved against it (only explicit dates keep their value)."""
    if article.published is None:
        raise ValueError(f"{article.path or article.id}: no publication date to anchor to")
    mentions = extract(article.text, article.lang)
    timexes = tuple(resolve_all(mentions, article.published))
    return ArticleResult(article, timexes, tuple(build_events(article, timexes)))
