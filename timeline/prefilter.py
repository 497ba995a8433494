"""prefilter: where the rules of a lexicon can match, found for all rules in one pass.

Hyperscan (Intel's multi-pattern regex engine) scans the folded text once for every rule
regex of a lexicon at the same time, in *prefilter* mode: it reports where each rule's
matches can start (it matches more than the rules, so it may report a place where a rule
does not match, never miss one where it does). It reports where matches end: the database
holds each rule read backwards (`_reversed`), and scans the text reversed. `extract` then
tries each rule's own Python regex only at those places. Without hyperscan (its wheels are
not built for every platform) or with `TIMELINE_PREFILTER=0`, `extract` finds the places
from the lexicon index alone (timeline/lang/index.py): the same result, slower.

A database takes seconds to compile (Arabic ~5 s, English ~4 s:
`benchmarks/bench_prefilter.py`), so it is kept on disk, named by a hash of the hyperscan
version and the patterns: in `$TIMELINE_CACHE_DIR`, else `$XDG_CACHE_HOME/timeline`, else
`~/.cache/timeline`; processes that need it at once wait for the one compiling it. A
missing, stale or unwritable cache only costs the compilation.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from re import _constants as _c  # (the regex parser of `re`: rules are read backwards)
from re import _parser
from typing import Any

try:
    import hyperscan
except ImportError:  # pragma: no cover - platforms without a hyperscan wheel
    hyperscan = None


def enabled() -> bool:
    return hyperscan is not None and os.environ.get("TIMELINE_PREFILTER", "1") != "0"


def cache_dir() -> Path:
    configured = os.environ.get("TIMELINE_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "timeline"


def _reversed(pattern: str) -> bytes:
    """A hyperscan pattern for the text a rule regex matches, read backwards: scanned over
    the reversed text, it reports where the rule's matches may start. It matches more than
    the rule (which a prefilter may): lookarounds and anchors are left out, a back-reference
    is read as its group. A run of white space is one character (folded text has no longer
    ones: a smaller automaton), and Python's white space also takes U+001C-U+001F,
    hyperscan's not: added. A group repeated up to n times, "(?:[\\w-]+ ){0,5}", is repeated
    at will: a counted repeat of a wide class makes a huge automaton. ValueError: a construct
    not read (then the rule runs near its anchors)."""
    parsed = _parser.parse(pattern)
    if parsed.state.flags & ~(re.UNICODE | re.VERBOSE):  # (?i), (?s)...: not read
        raise ValueError("global flags")
    groups: dict[int, list[Any]] = {}
    _groups(parsed.data, groups)
    return _backwards(list(parsed.data), groups).encode("utf-8")


def _groups(items: Iterable[Any], groups: dict[int, list[Any]]) -> None:
    """The items of each numbered group of a parsed regex, by number."""
    for op, arg in items:
        if op is _c.SUBPATTERN:
            if arg[0] is not None:
                groups[arg[0]] = list(arg[3])
            _groups(arg[3], groups)
        elif op in REPEATS:
            _groups(arg[2], groups)
        elif op is _c.BRANCH:
            for branch in arg[1]:
                _groups(branch, groups)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            _groups(arg[1], groups)
        elif op is _c.ATOMIC_GROUP:
            _groups(arg, groups)
        elif op is _c.GROUPREF_EXISTS:
            _groups(arg[1], groups)
            _groups(arg[2] or [], groups)


def _backwards(items: list[Any], groups: dict[int, list[Any]]) -> str:
    """A sequence of parsed regex items, read backwards, in hyperscan's syntax."""
    return "".join(_item(op, arg, groups) for op, arg in reversed(items))


def _group(items: list[Any], groups: dict[int, list[Any]]) -> str:
    """A sequence read backwards, as one item (in a group unless it is one already: hyperscan
    limits the length of a pattern)."""
    text = _backwards(items, groups)
    single = len(items) == 1 and items[0][0] in ATOMS
    return text if single or not text else f"(?:{text})"


def _item(op: Any, arg: Any, groups: dict[int, list[Any]]) -> str:
    if op is _c.LITERAL:
        return _char(arg)
    if op is _c.NOT_LITERAL:
        return f"[^{_char(arg)}]"
    if op is _c.ANY:
        return "."
    if op is _c.IN:
        return _class(arg)
    if op is _c.BRANCH:
        branches = [_backwards(list(b), groups) for b in arg[1]]
        return "(?:" + "|".join(branches) + ")" if any(branches) else ""
    if op is _c.SUBPATTERN:
        if arg[1] or arg[2]:  # flags set or cleared inside the regex
            raise ValueError("inline flags")
        return _group(list(arg[3]), groups)
    if op is _c.ATOMIC_GROUP:
        return _group(list(arg), groups)
    if op is _c.GROUPREF:
        return _group(groups[arg], groups)
    if op is _c.GROUPREF_EXISTS:
        no = _backwards(list(arg[2]), groups) if arg[2] else ""
        return f"(?:{_backwards(list(arg[1]), groups)}|{no})"
    if op in REPEATS:
        low, high, body = arg
        body = list(body)
        if body == [(_c.IN, [(_c.CATEGORY, _c.CATEGORY_SPACE)])]:
            low, high = min(low, 1), min(high, 1)  # a run of white space: one character
        inner = _group(body, groups)
        if not inner or high == 0:
            return ""
        if high == _c.MAXREPEAT:
            return inner + {0: "*", 1: "+"}.get(low, f"{{{low},}}")
        if low == 0 and high > 1 and not (len(body) == 1 and body[0][0] in CHARS):
            return inner + "*"  # a group repeated up to n times
        return inner + {(0, 1): "?", (1, 1): ""}.get((low, high), f"{{{low},{high}}}")
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return ""
    if op is _c.AT:
        return {_c.AT_BOUNDARY: "\\b", _c.AT_NON_BOUNDARY: "\\B"}.get(arg, "")
    raise ValueError(f"regex item {op}")


REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)
CHARS = (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN)  # items that match one character
ATOMS = (*CHARS, _c.BRANCH)  # items that are one item in hyperscan's syntax
CATEGORIES = {
    _c.CATEGORY_WORD: "\\w",
    _c.CATEGORY_NOT_WORD: "\\W",
    _c.CATEGORY_DIGIT: "\\d",
    _c.CATEGORY_NOT_DIGIT: "\\D",
    _c.CATEGORY_SPACE: "\\s\\x1c-\\x1f",
}


def _char(code: int) -> str:
    """A character in hyperscan's syntax, inside a class or out."""
    c = chr(code)
    if not c.isascii() or c.isalnum() or c == "_":
        return c
    return f"\\x{code:02x}"


def _class(items: list[tuple[Any, Any]]) -> str:
    negated = bool(items) and items[0][0] is _c.NEGATE
    body = []
    for op, arg in items[1:] if negated else items:
        if op is _c.LITERAL:
            body.append(_char(arg))
        elif op is _c.RANGE:
            body.append(f"{_char(arg[0])}-{_char(arg[1])}")
        elif op is _c.CATEGORY and arg in CATEGORIES:
            body.append(CATEGORIES[arg])
        elif op is _c.CATEGORY and arg is _c.CATEGORY_NOT_SPACE and not negated:
            body.append("\\S")  # (hyperscan's takes U+001C-U+001F: more, as a prefilter may)
        else:
            raise ValueError(f"class item {op} {arg}")
    return "[" + ("^" if negated else "") + "".join(body) + "]"


def _collect(rule: int, start: int, end: int, flags: int, hits: list[tuple[int, int]]) -> None:
    hits.append((end, rule))


def _by_rule(rule: int, start: int, end: int, flags: int, found: dict[int, list[int]]) -> None:
    found[rule].append(end)


class Prefilter:
    """The hyperscan database of a lexicon's rule regexes, compiled (or loaded) on first use."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.patterns = patterns
        self.left_out: frozenset[int] = frozenset()  # patterns too large for hyperscan
        self._database = None
        self._failed = False
        self._lock = threading.Lock()
        self._local = threading.local()  # a scratch space per thread

    def __reduce__(self) -> tuple[type, tuple[tuple[str, ...]]]:
        return Prefilter, (self.patterns,)  # the database is rebuilt (or loaded) where needed

    def starts(self, folded: str) -> dict[int, list[int]] | None:
        """For each rule that may match in `folded`, the sorted offsets where its matches
        may start; None when no prefilter is available (then every rule may match anywhere).
        The rules of `left_out` (too large for hyperscan) are not in it: they may match
        anywhere. (The database holds the rules read backwards: hyperscan reports where a
        match ends, here in the reversed text, where it starts in `folded`.)"""
        database = self._ready()
        if database is None:
            return None
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(database)
        try:
            data = folded[::-1].encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: no UTF-8 to scan
            return None
        size = len(folded)
        if len(data) == size:  # ASCII: byte offsets are character offsets
            found: defaultdict[int, list[int]] = defaultdict(list)
            database.scan(data, match_event_handler=_by_rule, context=found, scratch=scratch)
            return {rule: sorted(size - end for end in ends) for rule, ends in found.items()}
        hits: list[tuple[int, int]] = []
        database.scan(data, match_event_handler=_collect, context=hits, scratch=scratch)
        hits.sort(reverse=True)  # by start in `folded`
        out: dict[int, list[int]] = {}
        byte, start = len(data), 0
        for end, rule in hits:  # UTF-8 byte offsets -> character offsets, in one pass
            if end != byte:
                start += len(data[end:byte].decode("utf-8"))
                byte = end
            out.setdefault(rule, []).append(start)
        return out

    def _ready(self) -> Any:  # a hyperscan.Database, or None
        if self._database is not None or self._failed:
            return self._database
        with self._lock:
            if self._database is None and not self._failed:
                if not enabled() or not self.patterns:
                    self._failed = True
                else:
                    try:
                        self._database, self.left_out = _database(self.patterns)
                    except hyperscan.error:  # no pattern hyperscan can take: index alone
                        self._failed = True
        return self._database


FLAGS = (
    (hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP | hyperscan.HS_FLAG_PREFILTER)
    if hyperscan
    else 0
)


def _database(patterns: tuple[str, ...]) -> tuple[Any, frozenset[int]]:
    """The hyperscan database of the patterns (from the cache, else compiled and cached),
    and those left out of it (too large for hyperscan: hardly ever)."""
    expressions = []
    for pattern in patterns:
        try:
            expressions.append(_reversed(pattern))
        except (ValueError, KeyError, re.error):  # not read: hyperscan refuses it (left out)
            expressions.append(UNREAD)
    digest = hashlib.sha256(f"{hyperscan.__version__}\0{FLAGS}\0".encode())
    for expression in expressions:
        digest.update(expression + b"\0")
    path = cache_dir() / f"prefilter-{digest.hexdigest()[:24]}.hsdb"
    found = _load(path)
    if found is not None:
        return found
    with _locked(path.with_suffix(".lock")):  # one process compiles, the others wait for it
        found = _load(path)
        return found if found is not None else _compile(expressions, path)


UNREAD = b""  # a pattern matching the empty text, which hyperscan refuses


def _load(path: Path) -> tuple[Any, frozenset[int]] | None:
    try:
        left_out = path.with_suffix(".left").read_text(encoding="ascii").split()
        database = hyperscan.loadb(path.read_bytes(), hyperscan.HS_MODE_BLOCK)
        return database, frozenset(int(i) for i in left_out)
    except (OSError, ValueError, hyperscan.error):
        return None


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` while compiling (the processes of a parallel build would
    each compile the same database at once); without a writable cache or `fcntl`, none."""
    try:
        import fcntl

        path.parent.mkdir(parents=True, exist_ok=True)
        lock = path.open("a")
    except (ImportError, OSError):
        yield
        return
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
        except OSError:
            pass
        yield


def _compile(expressions: list[bytes], path: Path) -> tuple[Any, frozenset[int]]:
    try:
        database = _compiled(expressions, range(len(expressions)))
        left: set[int] = set()
    except hyperscan.error:
        left = _refused(expressions, list(range(len(expressions))))
        kept = [i for i in range(len(expressions)) if i not in left]
        if not kept:
            raise
        database = _compiled([expressions[i] for i in kept], kept)
    _write(path.with_suffix(".left"), " ".join(map(str, sorted(left))).encode("ascii"))
    _write(path, hyperscan.dumpb(database))  # after the list: read together or not at all
    return database, frozenset(left)


def _refused(expressions: list[bytes], ids: list[int]) -> set[int]:
    """The ids of the patterns hyperscan refuses, tried one by one."""
    refused = set()
    for i in ids:
        try:
            _compiled([expressions[i]], [i])
        except hyperscan.error:
            refused.add(i)
    return refused


def _compiled(expressions: list[bytes], ids: Iterable[int]) -> Any:
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=expressions, ids=list(ids), elements=len(expressions), flags=FLAGS)
    return database


def _write(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (another process may read it at the same time); a
    cache that cannot be written only costs compiling again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as f:
            f.write(data)
        os.replace(f.name, path)
    except OSError:
        pass
