"""Bytes to text: byte order marks, UTF-16, legacy encodings, stray NUL bytes, binary files.

Text files are UTF-8 more often than not, but archives hold Windows-1256 and ISO-8859-6
(legacy Arabic), Windows editors write UTF-16 with a byte order mark, and copies from old
systems carry NUL bytes. Everything that decodes to text is read; a file that is not text
(an image renamed .txt) is refused with a message saying so.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

# Byte order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The signatures of binary formats that are handed over as text most often.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx, .xlsx, .epub ...)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
# Characters that no text holds (C0 and C1 controls other than tab, line and page breaks).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""")
_UNKNOWN = "not text, or in an encoding that cannot be told; save it as UTF-8"
_SNIFF = 64 * 1024  # how much of a file the encoding is guessed from


class NotText(ValueError):
    """The bytes are not text in any encoding we can tell; str() says what they seem to be."""


def decode(data: bytes) -> str:
    """The text of `data`, NUL bytes dropped and nothing else changed; or NotText."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise NotText(f"{kind}, not text")
    try:
        text = data.decode(sniff(data))
    except (UnicodeDecodeError, LookupError):
        # The start of the file misled the guess (ASCII first, Windows-1256 further on): the
        # whole file decides.
        best = charset_normalizer.from_bytes(data.replace(b"\x00", b"")).best()
        if best is None:
            raise NotText(_UNKNOWN) from None
        text = str(best)
    text = text.replace("\x00", "")
    if len(_CONTROL.findall(text[:_SNIFF])) > max(2, len(text[:_SNIFF]) // 100):
        raise NotText("a binary file, not text")
    return text


def sniff(data: bytes, *, complete: bool = True) -> str:
    """The encoding of `data`, from its first bytes (the name of a Python codec).

    A byte order mark, else UTF-16 told by its NUL bytes, else UTF-8 when it decodes, else the
    charset the document declares (HTML `<meta charset>`, XML prolog), else charset-normalizer's
    best guess. Stray NUL bytes are removed before guessing. `complete` is false when `data`
    is only the start of a file (and may end inside a character).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    head = data[:_SNIFF]
    if utf16 := _utf16_without_bom(head):
        return utf16
    if head.count(0) * 10 >= len(head):  # UTF-16 or UTF-32 of a non-Latin script?
        best = charset_normalizer.from_bytes(head).best()
        if best is not None and best.encoding.startswith(("utf_16", "utf_32")):
            return best.encoding
    head = head.replace(b"\x00", b"")
    if _is_utf8(head, complete=complete and len(data) <= _SNIFF):
        return "utf-8"
    declared = _declared(head)
    if declared and _decodes(head, declared):
        return declared
    best = charset_normalizer.from_bytes(head).best()
    if best is None:
        raise NotText(_UNKNOWN)
    return best.encoding


def _utf16_without_bom(head: bytes) -> str | None:
    """utf-16-le or -be when most of the odd (even) bytes are NUL: mostly Latin text in UTF-16."""
    pairs = len(head) // 2
    if pairs < 2 or head.count(0) * 4 < pairs:
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    for zeros, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        mostly_zero, few_zeros = zeros * 10 >= pairs * 4, others * 10 < pairs
        if mostly_zero and few_zeros and _decodes(head[: pairs * 2], encoding):
            return encoding
    return None


def _is_utf8(head: bytes, complete: bool) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _declared(head: bytes) -> str | None:
    match = _XML_ENCODING.match(head.lstrip()) or _CHARSET.search(head[:4096])
    if match is None:
        return None
    try:
        return codecs.lookup(match[1].decode("ascii")).name
    except LookupError:
        return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=False)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR line ends as LF (for the plain-text formats, whose lines matter)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
