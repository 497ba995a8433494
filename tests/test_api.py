"""The public API stays what it says it is."""

from datetime import date

import timeline


def test_public_api():
    assert sorted(timeline.__all__) == [
        "Article",
        "ArticleResult",
        "Cache",
        "Event",
        "Granularity",
        "InputError",
        "Mention",
        "MergedEvent",
        "Mod",
        "Ref",
        "Spec",
        "TimeValue",
        "Timex",
        "TimexType",
        "build_events",
        "build_site",
        "extract",
        "figure",
        "merge",
        "order",
        "order_key",
        "partition",
        "process",
        "read_articles",
        "resolve",
        "resolve_all",
    ]
    for name in timeline.__all__:
        assert getattr(timeline, name) is not None


def test_library_use_without_the_cli(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Title\n2022-12-30 The ministry said last month that prices fell.\n", encoding="utf-8"
    )
    results = [timeline.process(a) for a in timeline.read_articles([tmp_path])]
    assert [t.value.value for t in results[0].timexes] == ["2022-12-30", "2022-11"]


def test_notebook_api_extract_and_figure():
    text = "The ministry said last month that prices fell. Talks resume next spring."
    mentions = timeline.extract(text, "en")  # the extractor itself: half-resolved
    assert [m.text for m in mentions] == ["last month", "next spring"]
    assert timeline.extract(text, "en", exhaustive=True)
    timexes = timeline.extract(text, published="2022-12-30", lang="en")
    assert [t.value.value for t in timexes] == ["2022-11", "2023-SP"]
    assert [t.value.value for t in timeline.extract(text, published="2022-12-30")] == [
        "2022-11",
        "2023-SP",
    ]
    fig = timeline.figure(timexes)
    assert type(fig).__name__ == "Figure"
    bars = [t for t in fig.data if t.type == "bar"]
    assert {t.legendgroup for t in bars} == {"month", "season"}
    article = timeline.Article(id="a", text=text, published=date(2022, 12, 30), lang="en")
    result = timeline.process(article)
    assert len(timeline.figure(result).data) == 2
