"""The SQLite cache of processed articles, and `timeline build` reusing it."""

from __future__ import annotations

import filecmp
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

import timeline.store
from timeline import read_articles
from timeline.cli import main
from timeline.pipeline import process
from timeline.store import Cache, content_key, default_path

CORPUS = Path(__file__).parent / "corpus"
SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module")
def articles():
    return list(read_articles([str(CORPUS), str(SEEDS)]))


def test_cached_results_equal_fresh_ones(tmp_path, articles):
    path = tmp_path / "cache.sqlite"
    with Cache(path) as cache:
        first = [cache.process(a) for a in articles]
        assert (cache.reused, cache.extracted) == (0, len(articles))
    with Cache(path) as cache:
        second = [cache.process(a) for a in articles]
        assert (cache.reused, cache.extracted) == (len(articles), 0)
        assert len(cache) == len(articles)
    assert second == first == [process(a) for a in articles]


def test_the_cache_holds_expressions_and_events_as_rows(tmp_path, articles):
    path = tmp_path / "cache.sqlite"
    with Cache(path) as cache:
        results = [cache.process(a) for a in articles]
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM expressions").fetchone()[0] == sum(
        len(r.timexes) for r in results
    )
    statuses = {row[0] for row in db.execute("SELECT status FROM events")}
    assert statuses <= {"happened", "planned", "ongoing"} and "planned" in statuses
    db.close()


def test_same_text_under_another_id_is_reused_with_its_own_ids(tmp_path, articles):
    article = articles[0]
    twin = replace(article, id="another-id", title="Another title")
    assert content_key(twin) == content_key(article)
    with Cache(tmp_path / "c.sqlite") as cache:
        cache.process(article)
        result = cache.process(twin)
        assert (cache.reused, cache.extracted) == (1, 1)
    assert result == process(twin)
    assert all(e.article_id == "another-id" for e in result.events)


def test_a_changed_article_is_processed_again(tmp_path, articles):
    article = articles[0]
    changed = replace(article, text=article.text + "\nNothing else.")
    with Cache(tmp_path / "c.sqlite") as cache:
        cache.process(article)
        assert cache.get(changed) is None
        cache.process(changed)
        assert (cache.reused, cache.extracted) == (0, 2)


@pytest.mark.parametrize(
    "content",
    [b"this is not a database\n" * 50, b"SQLite format 3\x00" + b"\x00" * 200],
    ids=["text", "truncated"],
)
def test_a_corrupt_cache_is_reported_and_rebuilt(tmp_path, articles, content):
    path = tmp_path / "c.sqlite"
    path.write_bytes(content)
    warnings: list[str] = []
    with Cache(path, on_warning=warnings.append) as cache:
        cache.process(articles[0])
    assert len(warnings) == 1 and str(path) in warnings[0] and "rebuilding" in warnings[0]
    with Cache(path, on_warning=warnings.append) as cache:
        assert cache.get(articles[0]) is not None
    assert len(warnings) == 1


def test_a_foreign_database_is_not_trusted(tmp_path, articles):
    path = tmp_path / "c.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE articles (content TEXT, extractor TEXT)")
    db.commit()
    db.close()
    warnings: list[str] = []
    with Cache(path, on_warning=warnings.append) as cache:
        assert cache.get(articles[0]) is None
    assert warnings and "not a timeline cache" in warnings[0]


def test_rows_of_another_extractor_version_are_dropped(tmp_path, articles, monkeypatch):
    path = tmp_path / "c.sqlite"
    with Cache(path) as cache:
        cache.process(articles[0])
    monkeypatch.setattr(timeline.store, "extractor_version", lambda: "another")
    with Cache(path) as cache:
        assert cache.get(articles[0]) is None
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    db.close()


def test_extractor_version_follows_the_lexicons():
    version = timeline.store.extractor_version()
    assert len(version) == 16 and version == timeline.store.extractor_version()


def test_a_second_build_reuses_everything_and_writes_the_same_bytes(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = tmp_path / "site"
    assert main(["build", str(corpus), "-o", str(out)]) == 0
    first = capsys.readouterr().err
    assert "0 article(s) reused" in first and "5 processed" in first
    assert default_path(out).is_file()
    copy = tmp_path / "first"
    shutil.copytree(out, copy)
    assert main(["build", str(corpus), "-o", str(out)]) == 0
    second = capsys.readouterr().err
    assert "5 article(s) reused" in second and "0 processed" in second
    compare = filecmp.dircmp(out, copy)
    assert not compare.diff_files and not compare.left_only and not compare.right_only
    for folder, _dirs, files in _walk(out):
        for name in files:
            mine, theirs = folder / name, copy / folder.relative_to(out) / name
            assert mine.read_bytes() == theirs.read_bytes(), mine

    # one article changes: only it is processed again
    storm = corpus / "storm-en.json"
    storm.write_text(storm.read_text(encoding="utf-8").replace("three", "four"), encoding="utf-8")
    assert main(["build", str(corpus), "-o", str(out)]) == 0
    third = capsys.readouterr().err
    assert "4 article(s) reused" in third and "1 processed" in third


def test_build_cache_options(tmp_path, capsys):
    out = tmp_path / "site"
    cache = tmp_path / "elsewhere" / "my.sqlite"
    assert main(["build", str(CORPUS), "-o", str(out), "--cache", str(cache)]) == 0
    assert cache.is_file() and not default_path(out).exists()
    assert main(["build", str(CORPUS), "-o", str(out), "--no-cache"]) == 0
    assert "reused" not in capsys.readouterr().err.splitlines()[-1]
    assert not default_path(out).exists()
    cache.write_text("garbage\n" * 100)
    assert main(["build", str(CORPUS), "-o", str(out), "--cache", str(cache)]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "rebuilding" in err and "0 article(s) reused" in err


def _walk(root: Path):
    for folder in sorted([root, *[p for p in root.rglob("*") if p.is_dir()]]):
        yield folder, None, sorted(p.name for p in folder.iterdir() if p.is_file())


class _Broken:
    """A cache row whose reading fails halfway through storing an article."""

    def __iter__(self):
        raise RuntimeError("interrupted")


def test_articles_are_committed_in_batches_each_whole(tmp_path, articles, monkeypatch):
    monkeypatch.setattr(timeline.store, "COMMIT_ARTICLES", 2)
    path = tmp_path / "c.sqlite"
    results = [process(a) for a in articles[:3]]
    cache = Cache(path)
    for result in results:
        cache.put(result)

    def stored() -> int:  # what another process sees: the committed articles
        db = sqlite3.connect(path)
        try:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            db.close()

    assert stored() == 2  # the third waits for the next commit
    expressions, events = timeline.store.result_rows(results[0])
    changed = replace(results[0], article=replace(results[0].article, text="changed"))
    with pytest.raises(RuntimeError):  # failing while stored: the uncommitted ones are dropped
        cache.put(changed, ([*expressions, _Broken()], events))
    cache.put(results[2])
    cache.close()  # commits
    assert stored() == 3
    db = sqlite3.connect(path)
    count = db.execute("SELECT count(*) FROM expressions").fetchone()[0]
    db.close()
    assert count == sum(len(r.timexes) for r in results)  # no row of the failed article
    with Cache(path) as again:
        assert [again.get(r.article) for r in results] == results
        assert again.get(changed.article) is None
