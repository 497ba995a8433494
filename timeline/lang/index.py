"""The trigger index of a lexicon: which words can take part in which rules.

Rules are regexes; running all of them over a whole article is slow. Instead, `extract` runs
a rule only in the windows of text around trigger words, and only where the window holds what
the rule cannot match without (its *clauses*: "a month name or an abbreviation", "a digit",
"the word ago"). Both are computed here from the lexicon, so that no rule needs an annotation
and the speed-up cannot change a result (a test compares with a full scan).

Keys: `class:<name>` for a token of a word-class form, `word:<token>` for a word written in a
rule template, `DIGIT_KEY` for digits.
"""

from __future__ import annotations

import re

TOKEN = re.compile(r"[^\W\d_]+")
DIGIT_KEY = "<digit>"
QUANTIFIER = re.compile(r"\?\??|\*\??|\+\??|\{(\d*)(?:,\d*)?\}\??")


def tokens(text: str) -> list[str]:
    """The word tokens of a text, as the index sees them (letters only)."""
    return TOKEN.findall(text)


def clauses(template: str, digit_classes: set[str] | frozenset[str]) -> list[frozenset[str]]:
    """What every match of a rule template holds, as clauses: each clause is a set of keys of
    which a match holds at least one.

    `template` is a rule after macro expansion and folding, with `{class}` placeholders and
    «» spans. Optional parts (`?`, `*`, `{0,n}`) and lookarounds require nothing; an
    alternation requires one key of the first clause of each of its branches."""
    return _Parser(template, digit_classes).parse()


class _Parser:
    def __init__(self, text: str, digit_classes: set[str] | frozenset[str]) -> None:
        self.text = text
        self.pos = 0
        self.digit_classes = digit_classes

    def parse(self) -> list[frozenset[str]]:
        return self.alternation()

    def alternation(self) -> list[frozenset[str]]:
        branches = [self.sequence()]
        while self.pos < len(self.text) and self.text[self.pos] == "|":
            self.pos += 1
            branches.append(self.sequence())
        if len(branches) == 1:
            return branches[0]
        if any(not b for b in branches):
            return []
        return [frozenset().union(*(b[0] for b in branches))]

    def sequence(self) -> list[frozenset[str]]:
        """The clauses of a sequence. A written word counts only when it stands alone:
        between the sequence's ends, mandatory spaces or placeholders (a word glued to
        optional letters, "عبد ?\\w+", is no token of its own)."""
        out: list[frozenset[str]] = []
        word: list[str] = []
        word_starts_clean = True
        after_boundary = True

        def end_word(boundary_after: bool) -> None:
            if len(word) > 1 and word_starts_clean and boundary_after:
                out.append(frozenset({f"word:{''.join(word)}"}))
            word.clear()

        text = self.text
        while self.pos < len(text) and text[self.pos] not in "|)»":
            item, kind = self.atom()
            optional = self.quantifier()
            if kind == "letter" and not optional:
                if not word:
                    word_starts_clean = after_boundary
                word.append(item)  # type: ignore[arg-type]
                after_boundary = False
                continue
            end_word(kind == "space" and not optional)
            if not optional and kind == "other" and item:
                out.extend(item)  # type: ignore[arg-type]
            after_boundary = (kind == "space" and not optional) or kind == "placeholder"
            if kind == "placeholder" and not optional:
                out.extend(item)  # type: ignore[arg-type]
        end_word(True)
        return out

    def atom(self) -> tuple[object, str]:
        """One item and its kind: (clauses, "other" or "placeholder"), (letter, "letter"),
        ([], "space") for a space."""
        text = self.text
        c = text[self.pos]
        if c == "{":
            end = text.index("}", self.pos)
            name = text[self.pos + 1 : end]
            self.pos = end + 1
            key = DIGIT_KEY if name in self.digit_classes else f"class:{name}"
            return [frozenset({key})], "placeholder"
        if c in "(«":
            lookaround = c == "(" and text.startswith(("(?=", "(?!", "(?<=", "(?<!"), self.pos)
            if c == "(" and text.startswith("(?", self.pos):
                match = re.compile(r"\(\?(?:P<\w+>|P=\w+\)|[:=!]|<[=!])").match(text, self.pos)
                if match and match.group().startswith("(?P="):
                    self.pos = match.end()
                    return [], "other"
                self.pos = match.end() if match else self.pos + 2
            else:
                self.pos += 1
            inner = self.alternation()
            self.pos += 1  # the closing ) or »
            return ([] if lookaround else inner), "other"
        if c == "[":
            end = self.pos + 1
            while end < len(text) and text[end] != "]":
                end += 2 if text[end] == "\\" else 1
            self.pos = end + 1
            return [], "other"
        if c == "\\":
            escaped = text[self.pos + 1 : self.pos + 2]
            self.pos += 2
            if escaped == "d":
                return [frozenset({DIGIT_KEY})], "other"
            if escaped == "s":
                return [], "space"
            if escaped == "x":
                self.pos += 2
            return [], "other"
        self.pos += 1
        if c.isalpha():
            return c, "letter"
        return [], "space" if c == " " else "other"

    def quantifier(self) -> bool:
        """Skip a quantifier; True when it makes the item optional."""
        match = QUANTIFIER.match(self.text, self.pos)
        if not match:
            return False
        self.pos = match.end()
        q = match.group()
        if q.startswith("{"):
            return match.group(1) in ("", "0")
        return q[0] in "?*"


def build(
    words: dict[str, dict[str, str]],
    templates: list[str],
    skip: set[str],
    proclitics: list[str],
    digit_classes: set[str] | frozenset[str],
) -> tuple[dict[str, frozenset[str]], list[tuple[frozenset[str], ...]]]:
    """The token index (token -> keys, with proclitic-glued variants) and each rule's clauses.

    Every token of the index is a trigger of a window, except those listed in `skip`."""
    index: dict[str, set[str]] = {}
    for cls, forms in words.items():
        for form in forms:
            for tok in tokens(form):
                index.setdefault(tok, set()).add(f"class:{cls}")
    rule_clauses = []
    for template in templates:
        found = clauses(template, digit_classes)
        for clause in found:
            for key in clause:
                if key.startswith("word:"):
                    for tok in tokens(key[5:]):
                        index.setdefault(tok, set()).add(key)
        rule_clauses.append(tuple(found))
    frozen = {tok: frozenset(keys) for tok, keys in index.items()}
    for tok, keys in list(frozen.items()):  # with a proclitic glued on: "والعام"
        for p in proclitics:
            frozen.setdefault(p + tok, keys)
    return frozen, rule_clauses
