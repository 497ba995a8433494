"""The built wheel carries the templates and lexicons: installed, it builds a site anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_wheel_installed_elsewhere_builds_a_site(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "timeline/templates/article.html" in names
    assert "timeline/lang/ar.toml" in names
    lib = tmp_path / "lib"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(lib),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    seed = ROOT / "seeds" / "000_b8def699f72820c2.txt"
    code = (
        "import sys, timeline; from timeline.cli import main; "
        f"assert timeline.__file__.startswith({str(lib)!r}), timeline.__file__; "
        f"sys.exit(main(['build', {str(seed)!r}, '-o', 'out']))"
    )
    env = {"PYTHONPATH": str(lib), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert (elsewhere / "out" / "index.html").is_file()
    assert len(list((elsewhere / "out" / "articles").glob("*.html"))) == 1
