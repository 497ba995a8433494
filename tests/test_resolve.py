"""Resolution: the case tables (tests/cases/<lang>.toml) and the calendar conventions."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from timeline.extract import extract
from timeline.model import Granularity, Mod, Spec, TimexType
from timeline.resolve import period_start, resolve, resolve_all, shift_period

CASES = Path(__file__).parent / "cases"


def load_cases():
    for path in sorted(CASES.glob("*.toml")):
        table = tomllib.loads(path.read_text(encoding="utf-8"))
        lang = table.get("lang", path.stem)
        for n, case in enumerate(table["case"], 1):
            dct = case.get("dct", table["dct"])
            yield pytest.param(lang, dct, case, id=f"{path.stem}-{n}-{case['expr']}")


@pytest.mark.parametrize(("lang", "dct", "case"), list(load_cases()))
def test_case_table(lang, dct, case):
    timexes = resolve_all(extract(case["text"], lang), date.fromisoformat(dct))
    found = {t.mention.text: t for t in timexes}
    if case.get("absent"):  # not a time expression
        assert not any(case["expr"] in text or text in case["expr"] for text in found), found
        return
    assert case["expr"] in found, f"{case['expr']!r} not found; found {sorted(found)}"
    value = found[case["expr"]].value
    assert value.value == case["value"]
    if "type" in case:
        assert value.type.value == case["type"]
    if "mod" in case:  # mod = "": no modifier
        assert value.mod is (Mod(case["mod"]) if case["mod"] else None)
    if "interval" in case:
        assert value.interval is not None
        assert [d.isoformat() for d in value.interval] == case["interval"]


def test_case_tables_cover_both_languages():
    langs = {
        tomllib.loads(p.read_text(encoding="utf-8")).get("lang", p.stem)
        for p in CASES.glob("*.toml")
    }
    assert {"ar", "en"} <= langs


ANCHOR = date(2022, 12, 30)  # a Friday


@pytest.mark.parametrize(
    ("spec", "value", "interval"),
    [
        (Spec(offset=0), "2022-12-30", ("2022-12-30", "2022-12-30")),
        (Spec(unit=Granularity.WEEK, shift=0), "2022-W52", ("2022-12-26", "2023-01-01")),
        (Spec(unit=Granularity.MONTH, shift=-1), "2022-11", ("2022-11-01", "2022-11-30")),
        (Spec(month=9, shift=-1), "2022-09", ("2022-09-01", "2022-09-30")),
        (Spec(month=12, shift=-1), "2021-12", ("2021-12-01", "2021-12-31")),
        (Spec(month=12, shift=1), "2023-12", ("2023-12-01", "2023-12-31")),
        (Spec(season="SP", shift=1), "2023-SP", ("2023-03-01", "2023-05-31")),
        (Spec(season="WI", shift=0), "2022-WI", ("2022-12-01", "2023-02-28")),
        (Spec(season="WI", shift=-1), "2021-WI", ("2021-12-01", "2022-02-28")),
        (Spec(unit=Granularity.YEAR, shift=1), "2023", ("2023-01-01", "2023-12-31")),
        (Spec(unit=Granularity.QUARTER, shift=-1), "2022-Q3", ("2022-07-01", "2022-09-30")),
        (Spec(unit=Granularity.DECADE, shift=0), "202", ("2020-01-01", "2029-12-31")),
        (Spec(decade=199), "199", ("1990-01-01", "1999-12-31")),
        (Spec(weekday=4, shift=-1), "2022-12-23", ("2022-12-23", "2022-12-23")),
        (Spec(weekday=0, shift=1), "2023-01-02", ("2023-01-02", "2023-01-02")),
        (Spec(month=2, day=29, year=2024), "2024-02-29", ("2024-02-29", "2024-02-29")),
    ],
)
def test_resolve_against_publication_date(spec, value, interval):
    v = resolve(spec, ANCHOR)
    assert v is not None
    assert v.value == value
    assert v.interval is not None
    assert tuple(d.isoformat() for d in v.interval) == interval


def test_season_just_ended_is_this_season():
    # early September: "last summer" is the summer before the one that just ended
    anchor = date(2012, 9, 5)
    assert resolve(Spec(season="SU", shift=-1), anchor).value == "2011-SU"
    assert resolve(Spec(season="SU", shift=0), anchor).value == "2012-SU"
    assert resolve(Spec(season="SU", shift=1), anchor).value == "2013-SU"


def test_bare_month_follows_tense():
    anchor = date(2022, 6, 15)
    assert resolve(Spec(month=3), anchor, "future").value == "2023-03"
    assert resolve(Spec(month=3), anchor, "past").value == "2022-03"
    assert resolve(Spec(month=9), anchor, "past").value == "2021-09"
    assert resolve(Spec(month=9), anchor, None).value == "2022-09"


def test_end_start_mid_of_periods():
    end_of_year = resolve(Spec(unit=Granularity.YEAR, shift=0, part=Mod.END), ANCHOR)
    assert end_of_year.value == "2022" and end_of_year.mod is Mod.END
    assert end_of_year.interval == (date(2022, 11, 1), date(2022, 12, 31))
    start = resolve(Spec(month=3, year=2022, part=Mod.START), ANCHOR)
    assert start.interval == (date(2022, 3, 1), date(2022, 3, 10))
    mid = resolve(Spec(month=3, year=2022, part=Mod.MID), ANCHOR)
    assert mid.interval == (date(2022, 3, 11), date(2022, 3, 20))
    late = resolve(Spec(month=2, year=2022, part=Mod.END), ANCHOR)
    assert late.interval == (date(2022, 2, 19), date(2022, 2, 28))


def test_durations_and_vague_references():
    assert (
        resolve(Spec(type=TimexType.DURATION, unit=Granularity.MONTH, quantity=3), ANCHOR).value
        == "P3M"
    )
    several = resolve(Spec(type=TimexType.DURATION, unit=Granularity.YEAR), ANCHOR)
    assert several.value == "PXY" and several.interval is None and not several.is_placed
    decade = resolve(Spec(type=TimexType.DURATION, unit=Granularity.DECADE, quantity=2), ANCHOR)
    assert decade.value == "P20Y"


def test_impossible_dates_are_dropped():
    assert resolve(Spec(month=2, day=30, year=2022), ANCHOR) is None


def test_periods():
    assert period_start(Granularity.WEEK, ANCHOR) == date(2022, 12, 26)
    assert period_start(Granularity.SEASON, date(2023, 2, 10)) == date(2022, 12, 1)
    assert period_start(Granularity.SEASON, date(2023, 5, 31)) == date(2023, 3, 1)
    assert shift_period(Granularity.MONTH, date(2023, 1, 31), -1) == date(2022, 12, 1)
    assert shift_period(Granularity.HALF, ANCHOR, 1) == date(2023, 1, 1)


def test_edtf_forms():
    assert resolve(Spec(season="SP", year=2023), ANCHOR).edtf == "2023-21"
    assert resolve(Spec(unit=Granularity.QUARTER, shift=0), ANCHOR).edtf == "2022-36"
    assert resolve(Spec(unit=Granularity.WEEK, shift=0), ANCHOR).edtf == "2022-12-26/2023-01-01"
    assert resolve(Spec(decade=199), ANCHOR).edtf == "199X"
