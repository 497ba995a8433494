"""Extraction on several processes (`--jobs`) and on a Dask cluster (`--dask`): the same
output as in one process, results gathered into the same cache."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest

import timeline.parallel
from timeline import read_articles
from timeline.cli import main
from timeline.parallel import BATCH, ArticleFailed, process_all
from timeline.pipeline import process
from timeline.store import Cache, content_key

ROOT = Path(__file__).parent.parent
CORPUS = ROOT / "tests" / "corpus"


def corpus(folder: Path, n: int = 6 * BATCH) -> Path:
    """n articles from the test corpus, years and ids varied, one without a date (an error)."""
    bases = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.json"))]
    lines = []
    for i in range(n):
        record = dict(bases[i % len(bases)])
        year = 2015 + i % 9
        record["id"] = f"{record['id']}-{i}"
        record["published"] = f"{year}{record['published'][4:]}"
        record["text"] = record["text"].replace("2023", str(year - 1))
        if i == 5:
            del record["published"]
        lines.append(json.dumps(record, ensure_ascii=False))
    path = folder / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def build(tmp_path: Path, name: str, *options: str) -> dict[str, bytes]:
    source = (
        corpus(tmp_path) if not (tmp_path / "corpus.jsonl").exists() else tmp_path / "corpus.jsonl"
    )
    out = tmp_path / name / "site"
    assert main(["build", str(source), "-o", str(out), "--no-standalone", *options]) == 0
    return files(out)


def test_process_all_keeps_the_input_order_and_reports_failures(tmp_path: Path) -> None:
    articles = list(read_articles([corpus(tmp_path)], on_error=lambda err: None))
    articles.insert(20, dataclasses.replace(articles[0], id="undated", published=None))
    serial = [process(a) if a.published else None for a in articles]
    outcomes = list(process_all(articles, jobs=2))
    assert len(outcomes) == len(articles)
    for expected, got in zip(serial, outcomes, strict=True):
        if expected is None:
            assert isinstance(got, ArticleFailed) and "no publication date" in str(got)
        else:
            assert got == expected


def test_jobs_give_the_same_site_as_one_process(tmp_path: Path, capsys) -> None:
    one = build(tmp_path, "one", "--jobs", "1", "--no-cache")
    two = build(tmp_path, "two", "--jobs", "2", "--no-cache")
    assert one.keys() == two.keys() and one == two
    err = capsys.readouterr().err
    assert (
        "corpus.jsonl:6: no 'published' date" in err
    )  # the bad article is reported, the others built


def test_jobs_fill_the_cache_and_reuse_it(tmp_path: Path, capsys) -> None:
    cache = tmp_path / "cache.sqlite"
    first = build(tmp_path, "a", "--jobs", "2", "--cache", str(cache))
    capsys.readouterr()
    again = build(tmp_path, "b", "--jobs", "2", "--cache", str(cache))
    assert first == again
    assert f"{6 * BATCH - 1} article(s) reused" in capsys.readouterr().err
    with Cache(cache) as store:
        articles = read_articles([tmp_path / "corpus.jsonl"], on_error=lambda err: None)
        assert len(store) == len({content_key(a) for a in articles})


def test_jobs_must_be_a_positive_number(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["extract", "x.txt", "--jobs", "0"])
    assert "not a number of processes" in capsys.readouterr().err


def test_dask_cluster_gives_the_same_site_and_fills_the_cache(tmp_path: Path, capsys) -> None:
    import distributed  # a test dependency: missing, the test fails (never skips)

    local = build(tmp_path, "local", "--jobs", "1", "--no-cache")
    cache = tmp_path / "dask-cache.sqlite"
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.wait_for_workers(2, timeout=120)  # (slow to start on a busy machine)
        on_dask = build(
            tmp_path, "dask", "--dask", cluster.scheduler_address, "--cache", str(cache)
        )
        assert len(client.scheduler_info()["workers"]) == 2
    assert on_dask == local
    capsys.readouterr()
    with sqlite3.connect(cache) as db:
        articles = read_articles([tmp_path / "corpus.jsonl"], on_error=lambda err: None)
        count = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert count == len({content_key(a) for a in articles})


def test_dask_without_a_scheduler_is_one_error_line(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    import distributed  # noqa: F401  (a test dependency: missing, the test fails)

    monkeypatch.setattr(timeline.parallel, "DASK_TIMEOUT", "1s")
    source = corpus(tmp_path)
    code = main(["extract", str(source), "--dask", "tcp://127.0.0.1:9"])
    assert code == 1
    err = capsys.readouterr().err
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
