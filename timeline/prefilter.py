"""prefilter: where the rules of a lexicon can match, found for all rules in one pass.

Hyperscan (Intel's multi-pattern regex engine) scans the folded text once for every rule
regex of a lexicon at the same time, in *prefilter* mode: it reports where each rule's
matches can end (lookarounds and back-references are approximated, so it may report a place
where the rule does not match, never miss one where it does). `extract` then runs each
rule's own Python regex only just before those places. Without hyperscan (its wheels are
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
from typing import Any

try:
    import hyperscan
except ImportError:  # pragma: no cover - platforms without a hyperscan wheel
    hyperscan = None

NAMED_GROUP = re.compile(r"\(\?P<(\w+)>")
BACK_REFERENCE = re.compile(r"\(\?P=(\w+)\)")


def enabled() -> bool:
    return hyperscan is not None and os.environ.get("TIMELINE_PREFILTER", "1") != "0"


def cache_dir() -> Path:
    configured = os.environ.get("TIMELINE_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "timeline"


def _plain(pattern: str) -> bytes:
    """A rule regex for hyperscan: named groups made plain unless a back-reference names
    them (hyperscan has no captures; what it approximates, prefilter mode allows), and
    runs of white space one character (folded text has no longer ones: a smaller automaton,
    twice as fast). Python's `\\s` also takes U+001C-U+001F, hyperscan's not: added. A group
    repeated up to n times, "(?:[\\w-]+ ){0,5}", is repeated at will: it matches more (which
    a prefilter may), and a counted repeat of a wide class makes a huge automaton (one such
    rule took 13 of the 19 s English took to compile)."""
    referenced = set(BACK_REFERENCE.findall(pattern))
    plain = NAMED_GROUP.sub(lambda m: m.group() if m.group(1) in referenced else "(?:", pattern)
    plain = COUNTED_GROUP.sub(")*", plain)
    return SPACE.sub(_space, plain).encode("utf-8")


COUNTED_GROUP = re.compile(r"(?<!\\)\)\{0,\d+\}\??")  # a group repeated 0 to n times


# an escape (a space class: group 1, with its quantifier: group 2), or a character class
SPACE = re.compile(r"\\(?:(s)([+*]\??)?|.)|\[\^?\]?(?:\\.|[^\]\\])*\]")


def _space(m: re.Match[str]) -> str:
    token = m.group()
    if token.startswith("["):  # inside a class: the same characters added
        return token.replace("\\\\", "\0").replace("\\s", "\\s\\x1c-\\x1f").replace("\0", "\\\\")
    if not m.group(1):
        return token
    quantifier = m.group(2) or ""
    return "[\\s\\x1c-\\x1f]" + ("?" if quantifier.startswith("*") else "")


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

    def ends(self, folded: str) -> dict[int, list[int]] | None:
        """For each rule that may match in `folded`, the sorted offsets where its matches
        may end; None when no prefilter is available (then every rule may match anywhere).
        The rules of `left_out` (too large for hyperscan) are not in it: they may match
        anywhere."""
        database = self._ready()
        if database is None:
            return None
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(database)
        try:
            data = folded.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: no UTF-8 to scan
            return None
        if len(data) == len(folded):  # ASCII: byte offsets are character offsets
            found: defaultdict[int, list[int]] = defaultdict(list)
            database.scan(data, match_event_handler=_by_rule, context=found, scratch=scratch)
            for rule_ends in found.values():
                rule_ends.sort()  # (hyperscan reports them by end already: this costs little)
            return dict(found)
        hits: list[tuple[int, int]] = []
        database.scan(data, match_event_handler=_collect, context=hits, scratch=scratch)
        hits.sort()
        out: dict[int, list[int]] = {}
        byte = char = 0
        for end, rule in hits:  # UTF-8 byte offsets -> character offsets, in one pass
            if end != byte:
                char += len(data[byte:end].decode("utf-8"))
                byte = end
            out.setdefault(rule, []).append(char)
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
    expressions = [_plain(p) for p in patterns]
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
