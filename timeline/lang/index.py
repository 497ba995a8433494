"""The index of a lexicon: which words can start or take part in which rules.

Running every rule regex over a whole article is slow. `extract` instead looks up each word
of the text in this index and runs a rule only around the words that every match of it must
hold (its *anchor*: "a month name", "a digit", "the word ago"), or, for the few rules
without one, around every uncommon word. Anchors are computed here from the rule templates,
so that no rule needs an annotation and the shortcut cannot change a result (a test compares
it with running every rule over the whole text).

Keys: `class:<name>` for a token of a word-class form, `word:<token>` for a word written in a
rule template, `<digits:n>` for a number of n digits (5: five or more).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TOKEN = re.compile(r"[^\W\d_]+")
# Digits by length: a digit token of n digits carries DIGIT_KEYS[min(n, 5)].
DIGIT_KEYS = {n: f"<digits:{n}>" for n in range(1, 6)}
ANY_DIGITS = frozenset(DIGIT_KEYS.values())


def digit_key(token: str) -> str:
    return DIGIT_KEYS[min(len(token), 5)]


QUANTIFIER = re.compile(r"\?\??|\*\??|\+\??|\{(\d*)(?:,\d*)?\}\??")
GROUP_OPEN = re.compile(r"\(\?(?:P<\w+>|[:=!]|<[=!])")


def tokens(text: str) -> list[str]:
    """The word tokens of a text, as the index sees them (letters only)."""
    return TOKEN.findall(text)


@dataclass
class Node:
    """A piece of a rule template: `kind` is seq, alt, key (a placeholder, word or digit),
    space, or other (anything that matches some character); `zero` marks lookarounds."""

    kind: str
    key: str = ""
    keys: frozenset[str] = frozenset()  # of a placeholder: one of these
    children: list[Node] = field(default_factory=list)
    optional: bool = False
    repeat: bool = False
    zero: bool = False
    plain: bool = False  # of "other": it never matches a letter
    chars: str | None = None  # of "other": the body of a character class it begins with


DigitClasses = dict[str, frozenset[str]]  # digit class -> the digit keys its numbers carry


def parse(template: str, digit_classes: DigitClasses) -> Node:
    """The structure of a rule template (after macro expansion and folding, with `{class}`
    placeholders and «» spans), as far as the index needs it."""
    return _Parser(template, digit_classes).alternation()


class _Parser:
    def __init__(self, text: str, digit_classes: DigitClasses) -> None:
        self.text = text
        self.pos = 0
        self.digit_classes = digit_classes

    def alternation(self) -> Node:
        branches = [self.sequence()]
        while self.pos < len(self.text) and self.text[self.pos] == "|":
            self.pos += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else Node("alt", children=branches)

    def sequence(self) -> Node:
        items: list[Node] = []
        word = ""
        text = self.text
        while self.pos < len(text) and text[self.pos] not in "|)»":
            node = self.atom()
            optional, node.repeat = self.quantifier()
            node.optional = node.optional or optional
            if node.kind == "letter" and not node.optional:
                word += node.key
                continue
            if word:
                items.append(Node("word", key=word))
                word = ""
            items.append(node)
        if word:
            items.append(Node("word", key=word))
        return Node("seq", children=items)

    def atom(self) -> Node:
        text = self.text
        c = text[self.pos]
        if c == "{":
            end = text.index("}", self.pos)
            name = text[self.pos + 1 : end]
            self.pos = end + 1
            keys = self.digit_classes.get(name, frozenset({f"class:{name}"}))
            return Node("key", key=name, keys=keys)
        if c in "(«":
            zero = c == "(" and text.startswith(("(?=", "(?!", "(?<=", "(?<!"), self.pos)
            if text.startswith("(?P=", self.pos):  # a back-reference
                self.pos = text.index(")", self.pos) + 1
                return Node("other")
            match = GROUP_OPEN.match(text, self.pos) if c == "(" else None
            self.pos = match.end() if match else self.pos + 1
            inner = self.alternation()
            self.pos += 1  # the closing ) or »
            inner.zero = zero
            return inner
        if c == "[":
            end = self.pos + 1
            while end < len(text) and text[end] != "]":
                end += 2 if text[end] == "\\" else 1
            body = text[self.pos + 1 : end]
            self.pos = end + 1
            plain = not body.startswith("^") and not re.search(r"[^\W\d_]|\\[wWDS]", body)
            return Node("other", plain=plain, chars=None if body.startswith("^") else _dash(body))
        if c == "\\":
            escaped = text[self.pos + 1 : self.pos + 2]
            self.pos += 2
            if escaped == "d":
                return Node("key", keys=ANY_DIGITS)
            if escaped == "s":
                return Node("space")
            if escaped == "x":
                code = text[self.pos : self.pos + 2]
                self.pos += 2
                return Node("other", plain=True, chars="\\x" + code)
            literal = escaped in ".-/()[]'\"?+*,|{}$^ntrfv"  # a character, or a line end...
            return Node(
                "other",
                plain=escaped in "dW.-/()[]'\"?+*,ntrfv",
                chars="\\" + escaped if literal or escaped in "dW" else None,
            )
        self.pos += 1
        if c.isalpha():
            return Node("letter", key=c)
        if c == " ":
            return Node("space")
        if c == "~":  # an optional space
            return Node("space", optional=True)
        return Node("other", plain=c != ".", chars=None if c == "." else re.escape(c))

    def quantifier(self) -> tuple[bool, bool]:
        """Skip a quantifier: whether it makes the item optional, and whether it repeats it."""
        match = QUANTIFIER.match(self.text, self.pos)
        if not match:
            return False, False
        self.pos = match.end()
        q = match.group()
        if q.startswith("{"):
            bounds = q.strip("{}?").split(",")
            repeat = len(bounds) > 1 and bounds[1] != "1" or bounds[0] not in ("", "0", "1")
            return match.group(1) in ("", "0"), repeat
        return q[0] in "?*", q[0] in "*+"


def _standalone(items: list[Node], i: int, left: bool = True, right: bool = True) -> bool:
    """Whether the word at items[i] is a token of its own: on each side stands something
    that always puts a non-letter (or a placeholder, which ends at a word boundary) next to
    it; at an end of the sequence, `left` / `right` say what stands beyond it."""
    before = _side(items, i - 1, -1)
    after = _side(items, i + 1, 1)
    return (left if before is None else before) and (right if after is None else after)


def _side(items: list[Node], j: int, step: int) -> bool | None:
    """Whether what stands from items[j] on (in direction `step`) always puts a non-letter
    next to the word before it: True, False, or None when it may put nothing at all."""
    while 0 <= j < len(items):
        node = items[j]
        if node.zero:
            j += step
            continue
        edge = _edge(node, step)
        if node.optional or edge is None:
            if edge is False:
                return False
            j += step
            continue
        return edge
    return None


def _edge(node: Node, step: int) -> bool | None:
    """Whether the node, matched, begins (step 1) or ends (step -1) with a non-letter."""
    if node.kind in ("space", "key"):
        return True
    if node.kind in ("letter", "word"):
        return False
    if node.kind == "other":
        return node.plain
    if node.kind == "alt":
        edges = [_edge(child, step) for child in node.children]
        if any(e is False for e in edges):
            return False
        return None if any(e is None for e in edges) else True
    children = node.children if step == 1 else node.children[::-1]
    return _side(children, 0, 1)


def clauses(
    node: Node, rare: frozenset[str] = frozenset(), left: bool = True, right: bool = True
) -> list[frozenset[str]]:
    """What every match holds, as clauses: each a set of keys of which a match holds one.
    Optional parts and lookarounds require nothing; an alternation requires one key of a
    clause of each of its branches (the first made of `rare` keys, else the first).
    `left` / `right`: whether a non-letter stands before / after the node (a word inside a
    group, "следующ(?:ий|ее)", is no token of its own)."""
    if node.optional or node.zero:
        return []
    if node.kind == "key":
        return [node.keys]
    if node.kind == "alt":
        branches = [clauses(child, rare, left, right) for child in node.children]
        if any(not b for b in branches):
            return []
        picked = [next((c for c in b if c <= rare), b[0]) for b in branches]
        return [frozenset().union(*picked)]
    if node.kind == "seq":
        out = []
        items = node.children
        for i, child in enumerate(items):
            if child.kind == "word":
                if len(child.key) > 1 and not child.optional and _standalone(items, i, left, right):
                    out.append(frozenset({f"word:{child.key}"}))
            else:
                before, after = _side(items, i - 1, -1), _side(items, i + 1, 1)
                out.extend(
                    clauses(
                        child,
                        rare,
                        left if before is None else before,
                        right if after is None else after,
                    )
                )
        return out
    return []


FAR = 10**6  # a length without bound


def max_length(node: Node, lengths: dict[str, int]) -> int:
    """The longest text a node can match, in folded text (a run of spaces is one character
    there); FAR when unbounded. `lengths`: the longest match of each placeholder class."""
    if node.zero:
        return 0
    if node.kind == "key":
        n = lengths.get(node.key, FAR) if node.key else 1
    elif node.kind == "word":
        n = len(node.key)
    elif node.kind == "alt":
        n = max(max_length(child, lengths) for child in node.children)
    elif node.kind == "seq":
        n = min(FAR, sum(max_length(child, lengths) for child in node.children))
    else:  # letter, space, other: one character
        n = 1
    if node.repeat and node.kind != "space":  # spaces are folded to one
        return FAR
    return n


def extents(tree: Node, anchor: frozenset[str], lengths: dict[str, int]) -> tuple[int, int]:
    """How far a match of the rule can reach before and after a word of its anchor clause."""
    whole = max_length(tree, lengths)
    if tree.kind != "seq":
        return whole, whole
    items = tree.children
    for i, item in enumerate(items):
        if item.kind == "word":
            own = [frozenset({f"word:{item.key}"})] if _standalone(items, i) else []
        else:
            own = clauses(item)
        if anchor in own:
            size = max_length(item, lengths)
            before = sum(max_length(x, lengths) for x in items[:i])
            after = sum(max_length(x, lengths) for x in items[i + 1 :])
            return min(FAR, before + size), min(FAR, after + size)
    return whole, whole


def _dash(body: str) -> str:
    """A character-class body whose edge dashes are escaped (so that it can be joined with
    others: "[ -]" then "[a]" must not make the range " -a")."""
    if body.startswith("-"):
        body = "\\" + body
    if body.endswith("-") and not body.endswith("\\-"):
        body = body[:-1] + "\\-"
    return body


def first_chars(node: Node, forms: dict[str, str]) -> tuple[str | None, bool]:
    """The characters a match of the node can begin with, as the body of a regex character
    class (None: any), and whether it can match nothing. `forms`: the first characters of
    each placeholder class."""
    if node.zero:
        return "", True
    if node.kind in ("word", "letter"):
        chars: str | None = re.escape(node.key[0])
    elif node.kind == "key":
        chars = forms.get(node.key)
    elif node.kind == "space":
        chars = r"\s"
    elif node.kind == "other":
        chars = node.chars
    elif node.kind == "alt":
        chars, nullable = "", False
        for child in node.children:
            c, n = first_chars(child, forms)
            if c is None:
                return None, False
            chars += c
            nullable = nullable or n
        return chars, nullable or node.optional
    else:  # seq
        chars = ""
        for child in node.children:
            c, n = first_chars(child, forms)
            if c is None:
                return None, False
            chars += c
            if not n:
                return chars, node.optional
        return chars, True
    if chars is None:
        return None, False
    return chars, node.optional


def _rarity(clause: frozenset[str]) -> tuple[int, int]:
    """How often a clause's keys turn up in news, roughly: a written word ("ago") less often
    than a class of words ("year", "day", ...), and numbers most often."""
    kind = max(2 if k in ANY_DIGITS else 1 if k.startswith("class:") else 0 for k in clause)
    return kind, len(clause)


def build(
    words: dict[str, dict[str, str]],
    templates: list[str],
    skip: set[str],
    proclitics: list[str],
    digit_classes: DigitClasses,
    digit_lengths: dict[str, int],
) -> tuple[
    dict[str, frozenset[str]],
    list[tuple[frozenset[str], int, int] | None],
]:
    """The token index (token -> keys, with proclitic-glued variants) and each rule's anchor:
    a clause and how far a match reaches before and after a word of it.

    A rule's anchor is a clause whose every key stands for an uncommon word (not in the skip
    list: "the", "in", "last"): every match of the rule holds an uncommon word with one of its
    keys, so that `extract` need try the rule only around such words. None: no such clause."""
    index: dict[str, set[str]] = {}
    for cls, forms in words.items():
        for form in forms:
            for tok in tokens(form):
                index.setdefault(tok, set()).add(f"class:{cls}")
    trees = [parse(template, digit_classes) for template in templates]
    for tree in trees:
        for clause in clauses(tree):
            for key in clause:
                if key.startswith("word:"):
                    index.setdefault(key[5:], set()).add(key)
    rare = {f"word:{tok}" for tok in index if tok not in skip} | ANY_DIGITS
    rare |= {
        f"class:{cls}"
        for cls, forms in words.items()
        if all(any(tok not in skip for tok in tokens(form)) for form in forms)
    }
    frozen_rare = frozenset(rare)
    lead = max((len(p) for p in proclitics), default=0)  # a proclitic glued to a word
    lengths = {cls: max(map(len, forms), default=0) + lead for cls, forms in words.items()}
    lengths.update(digit_lengths)
    anchors: list[tuple[frozenset[str], int, int] | None] = []
    for tree in trees:
        found = clauses(tree, frozen_rare)
        for clause in found:
            for key in clause:
                if key.startswith("word:"):
                    index.setdefault(key[5:], set()).add(key)
        usable = [c for c in found if c <= frozen_rare]
        if not usable:
            anchors.append(None)
            continue
        anchor = min(usable, key=_rarity)
        before, after = extents(tree, anchor, lengths)
        anchors.append((anchor, before + lead, after))
    frozen = {tok: frozenset(keys) for tok, keys in index.items()}
    for tok, keys in list(frozen.items()):  # with a proclitic glued on: "والعام"
        for p in proclitics:
            frozen.setdefault(p + tok, keys)
    return frozen, anchors
