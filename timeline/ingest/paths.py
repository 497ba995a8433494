"""The files named by the inputs: files, folders (walked recursively in sorted order, hidden
entries left out, symbolic link loops reported and not followed) and glob patterns."""

from __future__ import annotations

import errno
import glob
import os
from collections.abc import Iterator
from pathlib import Path

from timeline.ingest.errors import InputError, InputWarning

Entry = Path | InputError  # a file to read, or a problem met on the way


def expand(given: str | Path, suffixes: frozenset[str]) -> Iterator[Entry]:
    """The files named by one input argument with one of `suffixes` (a file named explicitly
    is yielded whatever its suffix: reading it says what is wrong), or what is wrong."""
    path = Path(given)
    found = False
    if path.is_dir():
        entries, where = _walk(path, suffixes, frozenset()), "in this folder"
    elif path.is_file():
        entries, where = iter([path]), ""
    elif problem := _broken_link(path):
        yield InputError(given, None, problem)
        return
    elif path.exists():
        yield InputError(given, None, "not a file or folder")
        return
    elif glob.has_magic(str(given)):
        entries, where = _matches(str(given), suffixes), "match this pattern"
    else:
        yield InputError(given, None, "no such file or folder")
        return
    for entry in entries:
        found = found or isinstance(entry, Path)
        yield entry
    if not found and where:
        kinds = " ".join(sorted(suffixes))
        yield InputError(given, None, f"no article files ({kinds}) {where}")


def _matches(pattern: str, suffixes: frozenset[str]) -> Iterator[Entry]:
    loops: set[Path] = set()
    for match in sorted(glob.glob(pattern, recursive=True)):
        path = Path(match)
        # glob's ** follows symbolic links, loops too (until the system says the path is too
        # long): what it finds through a loop is there already, by a shorter way.
        if (loop := _loop_on(path)) is not None:
            if loop not in loops:
                loops.add(loop)
                yield _loop_warning(loop)
        elif path.is_dir():
            yield from _walk(path, suffixes, frozenset())
        elif path.suffix.lower() in suffixes and path.is_file():
            yield path


def _loop_on(path: Path) -> Path | None:
    """The first symbolic link on `path` that leads back to a folder it is in, or None."""
    for step in [*reversed(path.parents), path]:
        if step.is_symlink() and step.is_dir():
            target, where = step.resolve(), step.parent.resolve()
            if target == where or target in where.parents:
                return step
    return None


def _loop_warning(link: Path) -> InputWarning:
    target = os.path.realpath(link)
    return InputWarning(link, None, f"symbolic link loop (back to {target}); not followed")


def _walk(
    folder: Path, suffixes: frozenset[str], above: frozenset[tuple[int, int]]
) -> Iterator[Entry]:
    """The files of `folder` and its subfolders in sorted order. `above` identifies the folders
    this one is inside of: a link back to one of them is a loop, reported once and not followed.
    """
    try:
        info = folder.stat()
        if (info.st_dev, info.st_ino) in above:
            yield _loop_warning(folder)
            return
        names = sorted(os.listdir(folder))
    except OSError as err:
        yield InputError(folder, None, f"cannot read this folder: {err.strerror or err}")
        return
    here = (info.st_dev, info.st_ino)
    for name in names:
        if name.startswith("."):
            continue
        path = folder / name
        if path.is_dir():
            yield from _walk(path, suffixes, above | {here})
        elif path.suffix.lower() in suffixes:
            if path.is_file():
                yield path
            elif problem := _broken_link(path):
                yield InputError(path, None, problem)


def _broken_link(path: Path) -> str | None:
    """What is wrong with a symbolic link that leads nowhere, or None."""
    if not path.is_symlink():
        return None
    try:
        path.stat()
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symbolic link loop: the link leads back to itself"
        return f"broken symbolic link (to {os.readlink(path)})"
    return None
