"""i18n: the words of the generated site (not of the articles: that lexicon is `timeline/lang/`).

Each UI language is one data file, `templates/i18n/<code>.toml`, read with tomllib: headings,
legend labels, status names, month names and the patterns that write a period ("{month}
{year}"). A key missing from a language falls back to English. No UI word lives in Python.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from timeline.model import Granularity, TimeValue, TimexType
from timeline.resolve import period_start

__all__ = ["FALLBACK", "RTL", "UiText", "load_ui_text"]

FALLBACK = "en"
# Used for the direction of a language that has no UI file of its own.
RTL = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"})


@dataclass(frozen=True, slots=True)
class UiText:
    """The UI words of one language, and how it writes dates and periods."""

    lang: str  # the language of the pages (may have no file of its own: then English words)
    dir: str  # "rtl" or "ltr"
    ui: Mapping[str, str]
    granularity: Mapping[str, str]
    status: Mapping[str, str]
    ref: Mapping[str, str]
    months: Sequence[str]
    short_months: Sequence[str]
    seasons: Mapping[str, str]
    quarters: Sequence[str]
    halves: Sequence[str]
    formats: Mapping[str, str]
    mods: Mapping[str, str]
    languages: Mapping[str, str]

    def date(self, d: date) -> str:
        """A day as written in this language, e.g. "30 December 2022"."""
        return self.formats["day"].format(**self._fields(d))

    def when(self, value: TimeValue, expression: str = "") -> str:
        """A resolved value as a reader would say it: "November 2022", "Late 2022".

        Durations and sets are best said by the article's own words (`expression`).
        """
        if value.ref is not None:
            return self.ref.get(value.ref.value, value.ref.value)
        if value.type in (TimexType.DURATION, TimexType.SET) or not value.is_placed:
            return expression or value.value
        assert value.period is not None and value.granularity is not None
        fields = self._fields(value.period)
        g = value.granularity
        if g is Granularity.WEEK:
            fields["year"] = fields["week_year"]
        elif g is Granularity.SEASON:
            fields["season"] = self.seasons.get(value.value[-2:], value.value[-2:])
        elif g is Granularity.DECADE:
            fields["last_year"] = fields["first_year"] + 9
        elif g is Granularity.CENTURY:
            fields["last_year"] = fields["first_year"] + 99
        label = self.formats[g.value].format(**fields)
        if value.mod is not None and value.mod.value in self.mods:
            label = self.mods[value.mod.value].format(when=label)
        elif value.last is not None:  # a span ("between 2016 and 2019", a Hijri month)
            whole = replace(value, last=None).full_interval
            end = replace(value, period=period_start(g, value.last), last=None)
            if whole is not None and value.last > whole[1] and end.period != value.period:
                label = self.formats["span"].format(first=label, last=self.when(end))
        return label

    def status_label(self, status: str) -> str:
        return self.status.get(status, status)

    def language_name(self, code: str) -> str:
        return self.languages.get(code, code)

    def _fields(self, d: date) -> dict[str, Any]:
        iso = d.isocalendar()
        return {
            "day": d.day,
            "month": self.months[d.month - 1],
            "year": d.year,
            "week": iso.week,
            "week_year": iso.year,
            "season": "",
            "quarter": self.quarters[(d.month - 1) // 3],
            "half": self.halves[(d.month - 1) // 6],
            "first_year": d.year,
            "last_year": d.year,
        }


def load_ui_text(folder: Path, lang: str) -> UiText:
    """The UI text for `lang`, from `folder/<lang>.toml` over `folder/en.toml`."""
    data = _read(folder / f"{FALLBACK}.toml")
    own = folder / f"{lang}.toml"
    if lang != FALLBACK and own.is_file():
        for key, part in _read(own).items():
            data[key] = {**data[key], **part} if isinstance(part, dict) else part
    else:
        data["dir"] = "rtl" if lang.split("-")[0].lower() in RTL else "ltr"
    calendar = data["calendar"]
    return UiText(
        lang=lang,
        dir=data["dir"],
        ui=data["ui"],
        granularity=data["granularity"],
        status=data["status"],
        ref=data["ref"],
        months=calendar["months"],
        short_months=calendar["short_months"],
        seasons=calendar["seasons"],
        quarters=calendar["quarters"],
        halves=calendar["halves"],
        formats=data["formats"],
        mods=data["mods"],
        languages=data["languages"],
    )


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        return tomllib.load(f)
