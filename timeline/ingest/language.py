"""The language of an article: given, declared, identified, or told by its script.

Identification uses py3langid, whose model ships inside the package (nothing is downloaded).
It decides only when it is sure and the text is long enough to tell; otherwise the script
decides between the languages the project has lexicons for: Arabic letters mean "ar", others
"en".
"""

from __future__ import annotations

import re
from functools import cache

from timeline.lang import LexiconError, available, load

_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_SAMPLE = 3000  # characters enough to identify a language (the start of the text)
_MIN_LETTERS = 20  # fewer letters than this are too few to identify (the script decides)
_SURE = 0.9  # the probability above which the identifier decides


def detect_lang(text: str) -> str:
    """The language code of `text`: identified by py3langid when it is sure, else by script
    ("ar" when most letters are Arabic, else "en")."""
    return _identified(text) or _by_script(text)


def choose_lang(
    text: str, *, given: str | None = None, declared: str | None = None, hint: str | None = None
) -> str:
    """The language of an article: `given` (the --lang option), else `declared` (a field of the
    article itself), else identified from the text, else `hint` (what the page template or feed
    says, which is often left at a site-wide default), else the script."""
    for code in (given, declared):
        if code and code.strip():
            return primary(code)
    return _identified(text) or (primary(hint) if hint and hint.strip() else _by_script(text))


def primary(code: str) -> str:
    """The primary language subtag, lower case: "en" for "en-GB", "ar" for "ar_EG"."""
    return re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()


def unsupported(code: str) -> tuple[str, bool] | None:
    """What is wrong with a language that has no lexicon file of its own, and whether it is
    fatal; None for a language with a lexicon.

    Such a language is read with what `timeline.lang` can build for it (its explicit dates,
    from dateparser's data): a warning. When nothing can be built, no date can be read at all:
    an error.
    """
    have = ", ".join(available())
    if code in available():
        return None
    try:
        load(code)
    except LexiconError:
        message = (
            f"language {code!r} is not supported (lexicons: {have}): no date can be read; "
            "give --lang CODE if it is another language"
        )
        return message, True
    return f"language {code!r} has no lexicon (lexicons: {have}): explicit dates only", False


def _by_script(text: str) -> str:
    letters = [char for char in text[:_SAMPLE] if char.isalpha()]
    arabic = sum(1 for char in letters if _ARABIC_LETTER.match(char))
    return "ar" if arabic * 2 > len(letters) else "en"


def _identified(text: str) -> str | None:
    sample = text[:_SAMPLE]
    if sum(1 for char in sample if char.isalpha()) < _MIN_LETTERS:
        return None
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= _SURE else None


@cache
def _identifier():  # noqa: ANN202 (py3langid has no type hints)
    """The language identifier, with the model shipped in py3langid (loaded once, ~0.5 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
