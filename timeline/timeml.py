"""timeml: an article and its time expressions as a TimeML document (TIMEX3 tags), for NLP
tools that read TempEval-style files.

The document creation time is a TIMEX3 in `<DCT>`; each time expression of the text is a
TIMEX3 inline in `<TEXT>` with its type, value, mod and a `temporalFunction` flag for the
ones anchored to another date. Overlapping expressions keep the first one.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from timeline.model import ArticleResult

__all__ = ["timeml_document"]


def timeml_document(result: ArticleResult) -> str:
    """The TimeML (XML) text of one processed article."""
    article = result.article
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<TimeML>\n']
    parts.append(f"<DOCID>{escape(article.id)}</DOCID>\n")
    if article.published is not None:
        day = article.published.isoformat()
        parts.append(
            '<DCT><TIMEX3 tid="t0" type="DATE" value="'
            f'{day}" temporalFunction="false" functionInDocument="CREATION_TIME">'
            f"{day}</TIMEX3></DCT>\n"
        )
    if article.title:
        parts.append(f"<TITLE>{escape(article.title)}</TITLE>\n")
    parts.append("<TEXT>")
    text, pos = article.text, 0
    spans = sorted(enumerate(result.timexes), key=lambda p: (p[1].mention.start, -p[1].mention.end))
    for index, timex in spans:
        start, end = timex.mention.start, timex.mention.end
        if start < pos or end <= start or end > len(text):
            continue
        v = timex.value
        attrs = [f'tid="t{index + 1}"', f'type="{v.type.value}"', f"value={quoteattr(v.value)}"]
        if v.mod is not None:
            attrs.append(f'mod="{v.mod.value}"')
        relative = not _explicit(timex.mention.spec)
        attrs.append(f'temporalFunction="{"true" if relative else "false"}"')
        if relative and article.published is not None:
            attrs.append('anchorTimeID="t0"')
        parts.append(escape(text[pos:start]))
        parts.append(f"<TIMEX3 {' '.join(attrs)}>{escape(text[start:end])}</TIMEX3>")
        pos = end
    parts.append(escape(text[pos:]))
    parts.append("</TEXT>\n</TimeML>\n")
    return "".join(parts)


def _explicit(spec: object) -> bool:
    """A date written in full (its year given) needs no anchor."""
    return getattr(spec, "year", None) is not None and getattr(spec, "shift", None) is None
