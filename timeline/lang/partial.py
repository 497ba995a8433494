"""Partial support: a lexicon for a language that has no file of its own, from dateparser's data.

A language with a lexicon file (`timeline/lang/<code>.toml`) has full support. For any other
language that dateparser knows, `lexicon_data` builds the data of a lexicon at load time:
the rules of `skeleton/partial.toml` (the shapes of explicit dates, no words) over dateparser's
month and weekday names, its words for today, yesterday and tomorrow, and the words it skips
between the parts of a date ("de", "w"). Explicit dates then resolve, relative ones are not
found; `support` tells which is the case, and articles in such a language are flagged.

No word of any language is written here: they all come from dateparser's data files.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from dateparser.data import language_locale_dict
from dateparser.languages.loader import default_loader

SKELETON = Path(__file__).parent / "skeleton" / "partial.toml"
FULL, PARTIAL, NONE = "full", "partial", "none"

# dateparser's keys (concepts, not words) -> the lexicon's concepts
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
OFFSETS = {
    "2 day ago": "day_before_yesterday",
    "1 day ago": "yesterday",
    "0 day ago": "today",
    "in 1 day": "tomorrow",
    "in 2 day": "day_after_tomorrow",
}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def support(code: str) -> str:
    """How well a language is supported: "full" (a lexicon file), "partial" (explicit dates
    only, from dateparser's data) or "none"."""
    if (Path(__file__).parent / f"{code}.toml").is_file():
        return FULL
    return PARTIAL if known(code) else NONE


def known(code: str) -> bool:
    """Whether dateparser has data for a language (or one of its locales, "pt-PT")."""
    return code in language_locale_dict or any(code in locales for locales in _locales())


@cache
def _locales() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(v) for v in language_locale_dict.values())


@cache
def lexicon_data(code: str) -> dict[str, Any] | None:
    """The data of a partial lexicon for `code` (same sections as a lexicon file), or None
    when dateparser does not know the language."""
    if not known(code):
        return None
    info = default_loader.get_locale(code).info
    with SKELETON.open("rb") as f:
        data = tomllib.load(f)
    data["language"].update(code=code, name=info.get("name", code), support=PARTIAL)
    words = {
        "month": {concept: _names(info.get(concept, [])) for concept in MONTHS},
        "weekday": {concept: _names(info.get(concept, [])) for concept in WEEKDAYS},
        "offset": {
            concept: _names(info.get("relative-type", {}).get(key, []))
            for key, concept in OFFSETS.items()
        },
    }
    data["words"] = {
        cls: {concept: forms for concept, forms in table.items() if forms}
        for cls, table in words.items()
    }
    joiners = sorted(
        (w for w in info.get("skip", []) if re.fullmatch(r"[^\W\d_]+\.?", w)),
        key=len,
        reverse=True,
    )
    if joiners:
        data["macros"]["joiner"] = "(?:" + "|".join(re.escape(w.lower()) for w in joiners) + ")"
    order = info.get("date_order", "DMY")
    data["rule"] = [
        {k: v for k, v in rule.items() if k != "order"}
        for rule in data["rule"]
        if rule.get("order", order) == order and _has_words(rule["match"], data["words"])
    ]
    return data


def _names(forms: list[str]) -> list[str]:
    """dateparser's forms of a word, less one-letter abbreviations."""
    return [f for f in forms if len(re.sub(r"\W", "", f)) > 1]


def _has_words(template: str, words: dict[str, dict[str, list[str]]]) -> bool:
    """Whether every word class a template names has words (digit classes always do)."""
    return all(words[cls] for cls in PLACEHOLDER.findall(template) if cls in words)
