"""security: what a published page may do, and which links from articles it may carry.

Every page carries a Content-Security-Policy (a `<meta>` element, so that it holds on any web
server and from `file://`): scripts only from the site's own `assets/` (a standalone page, which
inlines them, lists the SHA-256 of each inline script instead), no plugins, no network
requests, no `<base>`, no form posts. Styles may be inline: plotly writes its own rules into a
`<style>` element and style attributes as it draws. WebGL charts (`scattergl`, from
`timeline.chart.WEBGL_FROM` items on) need `'unsafe-eval'`: plotly's WebGL layer (regl)
compiles its drawing code with `Function`; pages without a WebGL chart do not allow it.

Article fields are data, never markup: templates escape them, and links from articles are
kept only when they are plain web addresses (`safe_url`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

__all__ = ["WEB_SCHEMES", "content_security_policy", "safe_url", "script_hash"]

WEB_SCHEMES = frozenset({"http", "https"})
# What browsers drop from an address before reading it (WHATWG URL): leading and trailing
# C0 controls and spaces, and tabs and line breaks anywhere ("java\tscript:" is "javascript:").
_STRIPPED = "".join(map(chr, range(0x21)))
_TAB_NEWLINE = re.compile("[\t\n\r]")


def safe_url(url: str | None) -> str:
    """`url` when it is an absolute http(s) address, else "" (javascript:, data:, relative ...)."""
    if not url:
        return ""
    cleaned = _TAB_NEWLINE.sub("", url.strip(_STRIPPED))
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return ""
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc:
        return ""
    return cleaned


def script_hash(source: str) -> str:
    """The CSP source expression of an inline script: `'sha256-...'` of its exact text."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(*, inline_scripts: Iterable[str] = (), webgl: bool = False) -> str:
    """The policy of one page: its own assets only (`'self'`), or, for a page that inlines its
    scripts, those very scripts (by hash) and nothing else."""
    hashes = [script_hash(s) for s in inline_scripts]
    scripts = " ".join(hashes) if hashes else "'self'"
    if webgl:
        scripts += " 'unsafe-eval'"
    own = "" if hashes else " 'self'"
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {scripts}",
            f"style-src{own} 'unsafe-inline'",
            f"img-src{own} data: blob:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
