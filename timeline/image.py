"""image: a chart as a PNG or SVG file, through plotly's image export (kaleido).

kaleido drives a Chrome or Chromium that is already installed: the system's Chromium
(`/usr/bin/chromium`), or the one named by `$BROWSER_PATH` or `$CHROMIUM`. It never downloads
one; without a browser the export fails with a message that says what to install.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import plotly.graph_objects as go

__all__ = ["NoBrowserError", "find_browser", "write_image"]

FORMATS = ("png", "svg")
_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


class NoBrowserError(RuntimeError):
    """No Chrome or Chromium to draw the image with."""


def find_browser() -> str | None:
    """The Chromium to use: $BROWSER_PATH, $CHROMIUM, else the first one on the PATH."""
    for variable in ("BROWSER_PATH", "CHROMIUM"):
        path = os.environ.get(variable)
        if path and os.access(path, os.X_OK):
            return path
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def write_image(
    fig: go.Figure,
    path: str | Path,
    *,
    fmt: str | None = None,
    width: int = 1200,
    height: int | None = None,
    scale: float = 2,
) -> Path:
    """Write `fig` as an image; the format is `fmt`, else the file's suffix (png or svg)."""
    import kaleido

    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "png").lower()
    if fmt not in FORMATS:
        raise ValueError(f"unsupported image format {fmt!r} (use png or svg)")
    browser = find_browser()
    if browser is None:
        raise NoBrowserError(
            "PNG/SVG export needs Chromium or Chrome, and none was found: install it "
            "(apt-get install chromium) or set BROWSER_PATH to its executable. "
            "The HTML pages need no browser to build."
        )
    import plotly

    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    fig = go.Figure(fig)
    fig.update_layout(paper_bgcolor="#ffffff")
    fig.update_xaxes(rangeslider_visible=False)  # a handle to drag: nothing on paper
    opts = {"format": fmt, "width": width, "height": height or fig.layout.height or 500}
    opts["scale"] = scale
    kaleido.write_fig_sync(
        fig,
        path=str(path),
        opts=opts,
        # the browser already here; the local plotly.js; no MathJax from the network
        kopts={"path": browser, "plotlyjs": str(plotly_js), "mathjax": False},
    )
    return path
