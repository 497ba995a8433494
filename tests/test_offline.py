"""No network: a full build (every input format, the cache, worker processes, every page)
succeeds with every socket refused, and gives the same site as a build that had a network.

The build runs in a subprocess whose `sitecustomize` makes every socket connection, send and
name lookup raise (and records the attempt); where the system allows it, a second build runs
in a network namespace of its own, which has no network at all.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
INPUTS = [ROOT / "seeds", ROOT / "tests" / "corpus", ROOT / "tests" / "data" / "ingest"]

SITECUSTOMIZE = """
import os
import socket

_LOG = os.environ["TIMELINE_TEST_SOCKET_LOG"]


def _refuse(what):
    def refused(*args, **kwargs):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{what} {args[1:] if what.startswith('socket.') else args}\\n")
        raise OSError(101, f"network refused by the test ({what})")

    return refused


for name in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, name, _refuse(f"socket.{name}"))
for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_connection"):
    setattr(socket, name, _refuse(name))
"""


def run_build(out: Path, *, env: dict[str, str], prefix: tuple[str, ...] = ()) -> str:
    command = [*prefix, sys.executable, "-m", "timeline", "build", *map(str, INPUTS)]
    command += ["-o", str(out), "--jobs", "2"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "built" in done.stderr
    return done.stderr


def files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("online") / "site"
    run_build(out, env=dict(os.environ))
    return files(out)


def test_sockets_refused(tmp_path: Path, reference: dict[str, str]) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "sockets.log"
    log.write_text("")
    env = dict(os.environ, TIMELINE_TEST_SOCKET_LOG=str(log))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(hook), env.get("PYTHONPATH")]))
    # The hook is really loaded (and refuses) in the interpreter the build runs in.
    probe = "import socket; socket.create_connection(('127.0.0.1', 9))"
    refused = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True)
    assert b"network refused by the test" in refused.stderr
    log.write_text("")

    out = tmp_path / "site"
    run_build(out, env=env)
    assert log.read_text() == ""  # nothing even tried
    assert files(out) == reference


def _namespace_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    return probe.returncode == 0


def test_in_a_network_namespace(tmp_path: Path, reference: dict[str, str]) -> None:
    # a failure, not a skip, where the machine cannot make one (util-linux's unshare)
    assert _namespace_works(), "no network namespace could be made here (unshare -rn)"
    out = tmp_path / "site"
    run_build(out, env=dict(os.environ), prefix=("unshare", "-rn"))
    assert files(out) == reference
