"""The fast paths of a large build give the very output of the plain code they replace:
JSON with indent=1, folded iCalendar lines, folded text, results read back from the cache."""

from __future__ import annotations

import io
import json
import random

import pytest

from timeline import exports
from timeline.lang import load
from timeline.store import decode, encode
from timeline.text import Folder


def _plain_dumps(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def _random_value(rng: random.Random, depth: int = 0) -> object:
    kinds = ["str", "int", "float", "none", "bool"] + (["list", "dict"] * 2 if depth < 4 else [])
    kind = rng.choice(kinds)
    if kind == "str":
        return "".join(
            rng.choice('ab é"\\\n\t<>\u2028\u202eع😀/') for _ in range(rng.randint(0, 8))
        )
    if kind == "int":
        return rng.randint(-(10**12), 10**12)
    if kind == "float":
        return rng.choice([0.1, -2.5, 1e300, float("nan"), float("inf"), -float("inf")])
    if kind == "none":
        return None
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "list":
        items = [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
        return tuple(items) if rng.random() < 0.2 else items
    return {
        rng.choice(["id", "b", "a", "$schema", "é", ""]) + str(n): _random_value(rng, depth + 1)
        for n in range(rng.randint(0, 4))
    }


def test_dumps_is_json_with_indent_one() -> None:
    rng = random.Random(8)
    for _ in range(3000):
        document = _random_value(rng)
        assert exports.dumps(document) == _plain_dumps(document)  # type: ignore[arg-type]
    keys = {3: "a", 1: None, 2: []}
    assert exports.dumps({"x": keys}) == _plain_dumps({"x": keys})
    with pytest.raises(TypeError):
        exports.dumps({"x": object()})


def test_corpus_files_stream_the_same_text() -> None:
    """The list writer of `exports.DocumentFiles` (a document's events added a few at a
    time) writes the text of the whole document."""
    rng = random.Random(9)
    for _ in range(500):
        document = {"events": [_random_value(rng) for _ in range(5)], "title": "t", "n": []}
        out = io.StringIO()
        writer = exports._ListWriter({**document, "events": None}, "events", out.write)
        events = document["events"]
        at = rng.randint(0, len(events))
        writer.add(events[:at])
        writer.add(events[at:])
        writer.close()
        assert out.getvalue() == _plain_dumps(document)


def _plain_ics_line(line: str, limit: int = 75) -> str:
    """The character-by-character folding `exports._ics_line` replaces."""
    if len(line) < limit // 4 or len(line.encode()) < limit:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        n = len(char.encode())
        if current and size + n >= limit:
            if len(current) > 1 and current[-1] == "\\":
                parts.append("".join(current[:-1]))
                current, size = ["\\"], 1
            else:
                parts.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += n
    parts.append("".join(current))
    return "\r\n ".join(parts)


def test_ics_lines_fold_as_before() -> None:
    rng = random.Random(10)
    alphabet = ["a", "\\", "é", "ع", "😀", " ", ",", ";", "n"]
    for _ in range(20000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        assert exports._ics_line(line) == _plain_ics_line(line)


@pytest.mark.parametrize("code", ["ar", "en", "fr", "de", "ru", "fa", "tr", "es"])
def test_fold_without_offsets_is_the_same_text(code: str) -> None:
    folder = load(code).folder
    rng = random.Random(code)
    alphabet = "aAbZ ٣٠ إأآاىيةهـًٌَُِّْ  \n\t\r\u00a0ÉéÀßİıЁёйگکيۀ0123456789.,«»"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        assert folder.fold(text) == folder.fold_with_offsets(text)[0], repr(text)
    expanding = Folder(lowercase=True, folds={"ß": "ss", "a": "b", "b": "c"})
    for text in ("Straße  ab", "ab\u00a0 \nba", "ﬁ  ß"):
        assert expanding.fold(text) == expanding.fold_with_offsets(text)[0]


@pytest.mark.parametrize("code", ["ar", "en", "fa", "tr"])
def test_changes_are_the_characters_folding_changes(code: str) -> None:
    """`Folder.changes` finds its candidates with a regex of the characters below U+3000
    that fold to themselves: the same as folding every distinct character one by one."""
    folder = load(code).folder
    rng = random.Random(code)
    pool = [chr(i) for i in range(0x20, 0x700)] + list("ＡＢ１２ﬁ\u3000ｶ한字😀\u200f\ud800")
    for _ in range(500):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 80)))
        expected = {c: folder.char(c) for c in set(text) if folder.char(c) != c}
        assert folder.changes(text) == expected, repr(text)


def test_decode_reads_back_what_encode_wrote() -> None:
    from timeline.model import Article, ArticleResult, Event, TimeValue, Timex
    from timeline.pipeline import process

    article = Article(
        id="a",
        text="On 3 March 2021 the talks ended. Next spring they will resume, he said.",
        published=__import__("datetime").date(2022, 12, 30),
        lang="en",
    )
    result: ArticleResult = process(article)
    assert result.timexes and result.events
    for timex in result.timexes:
        assert decode(Timex, json.loads(json.dumps(encode(timex)))) == timex
    for event in result.events:
        assert decode(Event, json.loads(json.dumps(encode(event)))) == event
        assert decode(TimeValue, encode(event.value)) == event.value


def test_the_word_before_a_period_as_the_anchored_search_finds_it() -> None:
    """`sentence_spans` reads the word before a period backwards; the plain way is a search
    anchored at the period, which tries every place before it."""
    import re

    from timeline.text import _word_before

    anchored = re.compile(r"(\w+(?:\.\w+)*)$")
    rng = random.Random(11)
    alphabet = "ab1_. \n,Uعـ٣."
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90)))
        at = rng.randint(0, len(text))
        found = anchored.search(text, max(0, at - 64), at)
        assert _word_before(text, at) == (found.group(1) if found else ""), (text, at)


def test_space_runs_are_the_runs_of_python_white_space() -> None:
    """`SPACE_RUN`, a class of the white space characters written out (faster), finds the
    runs `\\s{2,}` finds: every character `\\s` takes is in its class, no other."""
    import re

    from timeline.text import SPACE_RUN, SPACES

    python = {chr(i) for i in range(0x110000) if re.match(r"\s", chr(i))}
    assert set(SPACES) == python
    rng = random.Random(3)
    alphabet = [" ", "\n", "\u00a0", "\u3000", "\x1c", "a", "ع", "\t", "\u2028", "."]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert [m.span() for m in SPACE_RUN.finditer(text)] == [
            m.span() for m in re.finditer(r"\s{2,}", text)
        ], repr(text)
