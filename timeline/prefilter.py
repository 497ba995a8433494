"""prefilter: where the rules of a lexicon can match, found for all rules in one pass.

Hyperscan (Intel's multi-pattern regex engine) scans the folded text once for every rule
regex of a lexicon at the same time, in *prefilter* mode: it reports where each rule's
matches can start (it matches more than the rules, so it may report a place where a rule
does not match, never miss one where it does). It reports where matches end: the database
holds each rule read backwards (`_reversed`), and scans the text reversed, one byte per
character (`Alphabet`). `extract` then tries each rule's own Python regex only at those
places. Without hyperscan (its wheels are
not built for every platform) or with `TIMELINE_PREFILTER=0`, `extract` finds the places
from the lexicon index alone (timeline/lang/index.py): the same result, slower.

A database takes seconds to compile (Arabic ~3 s, English ~1 s:
`benchmarks/bench_prefilter.py`), so it is kept on disk, named by a hash of the patterns
and of what turns them into the database (hyperscan's version, Python's, this module): in
`$TIMELINE_CACHE_DIR`, else `$XDG_CACHE_HOME/timeline`, else `~/.cache/timeline`; processes
that need it at once wait for the one compiling it. A missing, stale or unwritable cache
only costs the compilation.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import os
import re
import sys
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
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


WORD, OTHER = 0xFE, 0xFF  # bytes of the characters an alphabet leaves out: \w, and the rest
WORD_CHAR, OTHER_CHAR = "\u3400", "\ue000"  # (which stand for them in its table)
UNMAPPED = "timeline.prefilter"  # the encoding error handler that writes them


class Alphabet:
    """One byte per character, for hyperscan to scan: ASCII as itself, the other characters
    of a lexicon's rules (at most 126 of them: Arabic has 31) on bytes 0x80 and up, every
    other character as `WORD` or `OTHER` by its class (white space as a space). The rules
    are written for it in bytes: hyperscan scans bytes faster than UTF-8, and the offsets of
    its matches are character offsets."""

    def __init__(self, patterns: Iterable[str]) -> None:
        chars = {c for p in patterns for c in p if not c.isascii()} - {WORD_CHAR, OTHER_CHAR}
        kept = sorted(chars)[: WORD - 0x80]
        unused = (chr(i) for i in range(0xE001, 0xF900) if chr(i) not in chars)  # (private use)
        fill = [next(unused) for _ in range(WORD - 0x80 - len(kept))]  # for the bytes left
        ascii_chars = "".join(map(chr, range(0x80)))
        self.table = ascii_chars + "".join(kept + fill) + WORD_CHAR + OTHER_CHAR
        self.byte = {c: i for i, c in enumerate(self.table)}
        self.map = codecs.charmap_build(self.table)

    def encode(self, text: str) -> bytes:
        return codecs.charmap_encode(text, UNMAPPED, self.map)[0]

    def of(self, c: str) -> int:
        """The byte of a character."""
        byte = self.byte.get(c)
        if byte is not None:
            return byte
        return 0x20 if c.isspace() else WORD if _is_word(c) else OTHER


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"  # as `re` tells \w


def _unmapped(error: UnicodeError) -> tuple[str, int]:
    """The characters an alphabet leaves out, as those that stand for them."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    out = [" " if c.isspace() else WORD_CHAR if _is_word(c) else OTHER_CHAR for c in text]
    return "".join(out), error.end


codecs.register_error(UNMAPPED, _unmapped)


def _reversed(pattern: str, alphabet: Alphabet) -> bytes:
    """A hyperscan pattern for the text a rule regex matches, read backwards, in the bytes of
    `alphabet`: scanned over the reversed text, it reports where the rule's matches may
    start. It matches more than the rule (which a prefilter may): lookarounds, anchors and
    word boundaries are left out, a back-reference is read as its group, a character left
    out of the alphabet as any of its class. A run of white space is one character (folded
    text has no longer ones: a smaller automaton). A group repeated up to n times,
    "(?:[\\w-]+ ){0,5}", is repeated at will: a counted repeat of a wide class makes a huge
    automaton. ValueError: a construct not read (then the rule runs near its anchors)."""
    parsed = _parser.parse(pattern)
    if parsed.state.flags & ~(re.UNICODE | re.VERBOSE):  # (?i), (?s)...: not read
        raise ValueError("global flags")
    backwards = _Backwards(alphabet)
    backwards.find_groups(parsed.data)
    return backwards.sequence(list(parsed.data)).encode("ascii")


class _Backwards:
    """Writes the items of a parsed regex (`re._parser`) backwards, in hyperscan's syntax."""

    def __init__(self, alphabet: Alphabet) -> None:
        self.alphabet = alphabet
        self.groups: dict[int, list[Any]] = {}  # the items of each numbered group

    def find_groups(self, items: Iterable[Any]) -> None:
        for op, arg in items:
            if op is _c.SUBPATTERN:
                if arg[0] is not None:
                    self.groups[arg[0]] = list(arg[3])
                self.find_groups(arg[3])
            elif op in REPEATS:
                self.find_groups(arg[2])
            elif op is _c.BRANCH:
                for branch in arg[1]:
                    self.find_groups(branch)
            elif op in (_c.ASSERT, _c.ASSERT_NOT):
                self.find_groups(arg[1])
            elif op is _c.ATOMIC_GROUP:
                self.find_groups(arg)
            elif op is _c.GROUPREF_EXISTS:
                self.find_groups(arg[1])
                self.find_groups(arg[2] or [])

    def sequence(self, items: list[Any]) -> str:
        return "".join(self.item(op, arg) for op, arg in reversed(items))

    def group(self, items: list[Any]) -> str:
        """A sequence as one item (in a group unless it is one already: hyperscan limits the
        length of a pattern)."""
        text = self.sequence(items)
        single = len(items) == 1 and items[0][0] in ATOMS
        return text if single or not text else f"(?:{text})"

    def item(self, op: Any, arg: Any) -> str:
        if op is _c.LITERAL:
            return _byte(self.alphabet.of(chr(arg)))
        if op is _c.NOT_LITERAL:
            return self.char_class([(_c.NEGATE, None), (_c.LITERAL, arg)])
        if op is _c.ANY:
            return "."
        if op is _c.IN:
            return self.char_class(arg)
        if op is _c.BRANCH:
            branches = [self.sequence(list(b)) for b in arg[1]]
            return "(?:" + "|".join(branches) + ")" if any(branches) else ""
        if op is _c.SUBPATTERN:
            if arg[1] or arg[2]:  # flags set or cleared inside the regex
                raise ValueError("inline flags")
            return self.group(list(arg[3]))
        if op is _c.ATOMIC_GROUP:
            return self.group(list(arg))
        if op is _c.GROUPREF:
            return self.group(self.groups[arg])
        if op is _c.GROUPREF_EXISTS:
            no = self.sequence(list(arg[2])) if arg[2] else ""
            return f"(?:{self.sequence(list(arg[1]))}|{no})"
        if op in REPEATS:
            low, high, body = arg
            body = list(body)
            if body == [(_c.IN, [(_c.CATEGORY, _c.CATEGORY_SPACE)])]:
                low, high = min(low, 1), min(high, 1)  # a run of white space: one character
            inner = self.group(body)
            if not inner or high == 0:
                return ""
            if high == _c.MAXREPEAT:
                return inner + {0: "*", 1: "+"}.get(low, f"{{{low},}}")
            if low == 0 and high > 1 and not (len(body) == 1 and body[0][0] in CHARS):
                return inner + "*"  # a group repeated up to n times
            return inner + {(0, 1): "?", (1, 1): ""}.get((low, high), f"{{{low},{high}}}")
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            return ""
        raise ValueError(f"regex item {op}")

    def char_class(self, items: list[tuple[Any, Any]]) -> str:
        """The bytes of the characters a class of the regex matches: each byte of the
        alphabet's table as its character, and those standing for characters left out of
        the table (`WORD`, `OTHER`, the space) if any of those may be in the class."""
        negated = bool(items) and items[0][0] is _c.NEGATE
        tests: list[Callable[[str], object]] = []
        stand_ins: set[int] = set()
        for op, arg in items[1:] if negated else items:
            if op is _c.LITERAL:
                tests.append(chr(arg).__eq__)
                stand_ins.add(self.alphabet.of(chr(arg)))
            elif op is _c.RANGE:
                low, high = arg
                tests.append(lambda c, low=low, high=high: low <= ord(c) <= high)
                stand_ins |= (
                    {WORD, OTHER, 0x20}
                    if high - low > 0x1000
                    else {self.alphabet.of(chr(i)) for i in range(low, high + 1)}
                )
            elif op is _c.CATEGORY and arg in CATEGORIES:
                tests.append(CATEGORIES[arg])
                stand_ins |= {WORD, OTHER} if arg in BROAD else {WORD} if arg in WORDY else set()
            else:
                raise ValueError(f"class item {op} {arg}")
        if negated:  # what it excludes may leave out a character they stand for
            covered = [COVERS[arg] for op, arg in items if op is _c.CATEGORY]
            stand_ins = {WORD, OTHER, 0x20}.difference(*covered)
        table = self.alphabet.table
        chosen = {b for b in range(WORD) if any(test(table[b]) for test in tests) != negated}
        chosen |= stand_ins
        if not chosen:
            raise ValueError("an empty class")
        return "[" + "".join(_ranges(sorted(chosen))) + "]"


def _ranges(values: list[int]) -> Iterator[str]:
    """Sorted bytes as the ranges of a class."""
    start = prev = values[0]
    for value in [*values[1:], -1]:
        if value != prev + 1:
            yield _byte(start) if start == prev else f"{_byte(start)}-{_byte(prev)}"
            start = value
        prev = value


def _byte(code: int) -> str:
    """A byte in hyperscan's syntax, inside a class or out."""
    c = chr(code)
    return c if c.isascii() and (c.isalnum() or c == "_") else f"\\x{code:02x}"


REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)
CHARS = (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN)  # items that match one character
ATOMS = (*CHARS, _c.BRANCH)  # items that are one item in hyperscan's syntax
CATEGORIES = {
    _c.CATEGORY_WORD: re.compile(r"\w").match,
    _c.CATEGORY_NOT_WORD: re.compile(r"\W").match,
    _c.CATEGORY_DIGIT: re.compile(r"\d").match,
    _c.CATEGORY_NOT_DIGIT: re.compile(r"\D").match,
    _c.CATEGORY_SPACE: re.compile(r"\s").match,
    _c.CATEGORY_NOT_SPACE: re.compile(r"\S").match,
}
WORDY = (_c.CATEGORY_WORD, _c.CATEGORY_DIGIT)  # of the characters left out, words at most
BROAD = (_c.CATEGORY_NOT_WORD, _c.CATEGORY_NOT_DIGIT, _c.CATEGORY_NOT_SPACE)  # any of them
COVERS = {  # the bytes every character of which a category takes
    _c.CATEGORY_WORD: {WORD},
    _c.CATEGORY_NOT_WORD: {OTHER, 0x20},
    _c.CATEGORY_DIGIT: set(),
    _c.CATEGORY_NOT_DIGIT: {OTHER, 0x20},
    _c.CATEGORY_SPACE: {0x20},
    _c.CATEGORY_NOT_SPACE: {WORD, OTHER},
}


def _by_rule(rule: int, start: int, end: int, flags: int, found: dict[int, list[int]]) -> None:
    found[rule].append(end)


class Prefilter:
    """The hyperscan database of a lexicon's rule regexes, compiled (or loaded) on first use.
    The last `once` patterns are reported at most once a scan (the first place found): for
    what the caller only needs to know is there somewhere."""

    def __init__(self, patterns: tuple[str, ...], once: int = 0) -> None:
        self.patterns = patterns
        self.once = once
        self.alphabet = Alphabet(patterns)
        self.left_out: frozenset[int] = frozenset()  # patterns too large for hyperscan
        self._database = None
        self._failed = False
        self._lock = threading.Lock()
        self._local = threading.local()  # a scratch space per thread

    def __reduce__(self) -> tuple[type, tuple[tuple[str, ...], int]]:
        return Prefilter, (self.patterns, self.once)  # rebuilt (or loaded) where needed

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
        data = self.alphabet.encode(folded[::-1])
        found: defaultdict[int, list[int]] = defaultdict(list)
        database.scan(data, match_event_handler=_by_rule, context=found, scratch=scratch)
        size = len(folded)
        return {rule: sorted([size - end for end in ends]) for rule, ends in found.items()}

    def _ready(self) -> Any:  # a hyperscan.Database, or None
        if self._database is not None or self._failed:
            return self._database
        with self._lock:
            if self._database is None and not self._failed:
                if not enabled() or not self.patterns:
                    self._failed = True
                else:
                    try:
                        self._database, self.left_out = _database(
                            self.patterns, self.alphabet, self.once
                        )
                    except hyperscan.error:  # no pattern hyperscan can take: index alone
                        self._failed = True
        return self._database


FLAGS = hyperscan.HS_FLAG_PREFILTER if hyperscan else 0
ONCE = hyperscan.HS_FLAG_SINGLEMATCH if hyperscan else 0


def _database(
    patterns: tuple[str, ...], alphabet: Alphabet, once: int = 0
) -> tuple[Any, frozenset[int]]:
    """The hyperscan database of the patterns (from the cache, else compiled and cached),
    and those left out of it (too large for hyperscan: hardly ever). The cache is named by
    the patterns and the code that writes them for hyperscan (this module, `re`'s parser)."""
    flags = [FLAGS] * (len(patterns) - once) + [FLAGS | ONCE] * once
    digest = hashlib.sha256(f"{hyperscan.__version__}\0{flags}\0{sys.version}\0".encode())
    digest.update(Path(__file__).read_bytes())
    for pattern in patterns:
        digest.update(pattern.encode("utf-8", "surrogatepass") + b"\0")
    path = cache_dir() / f"prefilter-{digest.hexdigest()[:24]}.hsdb"
    found = _load(path)
    if found is not None:
        return found
    with _locked(path.with_suffix(".lock")):  # one process compiles, the others wait for it
        found = _load(path)
        if found is not None:
            return found
        expressions = []
        for pattern in patterns:
            try:
                expressions.append(_reversed(pattern, alphabet))
            except (ValueError, KeyError, re.error):  # not read: hyperscan refuses it
                expressions.append(UNREAD)
        return _compile(expressions, flags, path)


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


def _compile(expressions: list[bytes], flags: list[int], path: Path) -> tuple[Any, frozenset[int]]:
    try:
        database = _compiled(expressions, range(len(expressions)), flags)
        left: set[int] = set()
    except hyperscan.error:
        left = _refused(expressions, list(range(len(expressions))), flags)
        kept = [i for i in range(len(expressions)) if i not in left]
        if not kept:
            raise
        database = _compiled([expressions[i] for i in kept], kept, [flags[i] for i in kept])
    _write(path.with_suffix(".left"), " ".join(map(str, sorted(left))).encode("ascii"))
    _write(path, hyperscan.dumpb(database))  # after the list: read together or not at all
    return database, frozenset(left)


def _refused(expressions: list[bytes], ids: list[int], flags: list[int]) -> set[int]:
    """The ids of the patterns hyperscan refuses, tried one by one."""
    refused = set()
    for i in ids:
        try:
            _compiled([expressions[i]], [i], [flags[i]])
        except hyperscan.error:
            refused.add(i)
    return refused


def _compiled(expressions: list[bytes], ids: Iterable[int], flags: list[int]) -> Any:
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=expressions, ids=list(ids), elements=len(expressions), flags=flags)
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
