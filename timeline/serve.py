"""serve: a preview of a built site on localhost (the standard library's HTTP server)."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

__all__ = ["serve"]


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript; charset=utf-8",
        ".json": "application/json; charset=utf-8",
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".csv": "text/csv; charset=utf-8",
        ".ics": "text/calendar; charset=utf-8",
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the stdlib's name)
        pass  # quiet: a preview, not a server log


def make_server(folder: str | Path, port: int = 8000, host: str = "127.0.0.1"):
    """An HTTP server for `folder` (not started); port 0 picks a free one."""
    folder = Path(folder)
    if not (folder / "index.html").is_file():
        raise FileNotFoundError(f"no built site in {folder} (run `timeline build` first)")
    handler = functools.partial(_Handler, directory=str(folder))
    return http.server.ThreadingHTTPServer((host, port), handler)


def serve(folder: str | Path, port: int = 8000, host: str = "127.0.0.1") -> None:
    """Serve `folder` until interrupted."""
    server = make_server(folder, port, host)
    with server:
        server.serve_forever()
