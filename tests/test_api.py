"""The public API stays what it says it is."""

import timeline


def test_public_api():
    assert sorted(timeline.__all__) == [
        "Article",
        "ArticleResult",
        "Event",
        "Granularity",
        "InputError",
        "Mention",
        "Mod",
        "Ref",
        "Spec",
        "TimeValue",
        "Timex",
        "TimexType",
        "build_events",
        "build_site",
        "extract",
        "order",
        "order_key",
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
