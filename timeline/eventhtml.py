"""eventhtml: the markup of one event of an event list, and of one paragraph of an article
text, written without the template engine.

A corpus page lists every event of the corpus (a hundred thousand and more) and each article
page its own: rendered by the Jinja macro `item` of `templates/_events.html`, this markup
was half the time of writing a site. `event_html` writes the very same text (a test compares
the two on every kind of event), with the same escaping as Jinja's autoescape (markupsafe).
The macro stays the readable reference: change both together. The same holds for
`paragraph_html` and the macro `paragraph` of `templates/_paragraph.html` (the text with its
time expressions marked was a third of rendering an article page).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

from timeline.views import EventView, Segment

__all__ = ["event_html", "paragraph_html"]


def _escape(value: object) -> str:
    """What markupsafe's `escape` makes of a value, as a plain string."""
    text = value if isinstance(value, str) else str(value)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "'" in text:
        text = text.replace("'", "&#39;")
    if '"' in text:
        text = text.replace('"', "&#34;")
    return text


def event_html(
    event: EventView, show_sources: bool, level: int, lang: str, ui: Mapping[str, str]
) -> Markup:
    """An event as a list item (`<li>` ... `</li>` and a line end), on a page in `lang`."""
    e = _escape
    article = event["article"]
    other = (
        f' lang="{e(article["lang"])}" dir="{e(article["dir"])}"' if article["lang"] != lang else ""
    )
    parts = [
        f'<li class="event event--{e(event["granularity"] or "undated")}" id="{e(event["anchor"])}"'
        f' tabindex="-1" data-status="{e(event["status"])}"'
        f' data-sources="{e(event["source_keys"])}"'
    ]
    if event["first"]:
        parts.append(f' data-from="{e(event["first"])}" data-to="{e(event["last"])}"')
    parts.append('>\n<div class="event__when">')
    if event["number"]:
        parts.append(f'<span class="event__number" aria-hidden="true">{e(event["number"])}</span>')
    if event["datetime"]:
        parts.append(
            f'<time class="event__date" datetime="{e(event["datetime"])}">{e(event["when"])}</time>'
        )
    else:
        parts.append(f'<span class="event__date">{e(event["when"])}</span>')
    parts.append(
        f' <code class="event__value" dir="ltr">{e(event["value"])}</code></div>\n'
        f'<div class="event__body">\n<h{level} class="event__title"{other}>'
        f'<a href="{e(event["permalink"])}">{e(event["title"])}</a></h{level}>\n'
        f'<p class="event__meta"><span class="status status--{e(event["status"])}">'
        f"{e(event['status_label'])}</span>\n"
    )
    if event["attribution"]:
        parts.append(f'<span class="event__attribution"{other}>{e(event["attribution"])}</span>\n')
    if event["expression"]:
        parts.append(
            f'<span>{e(ui["expression"])}: <q class="event__expression"{other}>'
            f"{e(event['expression'])}</q></span>\n"
        )
    if event["text_link"]:
        parts.append(f'<a href="{e(event["text_link"])}">{e(ui["in_text"])}</a>\n')
    if show_sources:
        parts.append(f'<span class="event__sources">{e(ui["from_article"])}: ')
        for n, source in enumerate(event["sources"]):
            if n:
                parts.append(", ")
            parts.append(f'<a href="{e(source["href"])}"')
            if source["lang"] != lang:
                parts.append(f' lang="{e(source["lang"])}" dir="{e(source["dir"])}"')
            parts.append(f">{e(source['label'])}</a>")
        parts.append("</span>\n")
    parts.append("</p>\n</div>\n</li>\n")
    return Markup("".join(parts))


def paragraph_html(segments: Sequence[Segment]) -> Markup:
    """A paragraph of an article text (`timeline.views.paragraphs`) as `<p>` ... `</p>` and a
    line end, its time expressions in `<mark>`, linked to their event when they date one."""
    e = _escape
    parts = ["    <p>"]
    for s in segments:
        if not s["mark"]:
            parts.append(e(s["text"]))
            continue
        mark_id = f' id="{e(s["mark_id"])}"' if s["mark_id"] else ""
        text = e(s["text"])
        if s["href"]:
            text = f'<a href="{e(s["href"])}">{text}</a>'
        parts.append(f'<mark{mark_id} title="{e(s["value"])}">{text}</mark>')
    parts.append("</p>\n")
    return Markup("".join(parts))
