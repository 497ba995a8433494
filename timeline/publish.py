"""publish: write a folder of files atomically, as a whole or not at all.

The files are written into a new temporary folder beside the target, which is then swapped
in with two renames: a failed write leaves the previous folder as it was, and a reader never
sees half a site.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["KEEP", "publish", "write_text"]

KEEP = (".gitkeep",)  # files of the old output folder carried into the new one


def write_text(path: Path, content: str) -> None:
    """UTF-8, "\\n" line ends whatever the platform: the same bytes everywhere."""
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(content)


def publish(out: Path, write: Callable[[Path], None]) -> None:
    """Run `write` into a new folder beside `out`, then swap it in place of `out`.

    On any failure the new folder is removed and `out` is left untouched.
    """
    out = Path(os.path.abspath(out))
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"not a folder: {out}")
    out.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        write(new)
        for name in KEEP:
            if (out / name).is_file():
                shutil.copyfile(out / name, new / name)
        new.chmod(0o755)  # mkdtemp made it private
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    old = out.parent / f".{out.name}.old-{secrets.token_hex(6)}" if out.exists() else None
    if old is not None:
        os.rename(out, old)
    try:
        os.rename(new, out)
    except BaseException:
        if old is not None:
            os.rename(old, out)
        shutil.rmtree(new, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
