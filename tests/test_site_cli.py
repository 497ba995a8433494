"""The site's commands: `extract --format timeml`, `chart` (PNG/SVG through kaleido and the
system Chromium), `serve`, and `build --no-standalone`."""

from __future__ import annotations

import threading
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import timeline.image
from timeline.cli import main
from timeline.serve import make_server

ROOT = Path(__file__).parent.parent
SEED = ROOT / "seeds" / "000_b8def699f72820c2.txt"


def test_timeml_is_xml_with_every_expression(tmp_path: Path, capsys) -> None:
    assert main(["extract", str(SEED), "--format", "timeml"]) == 0
    out = capsys.readouterr().out
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "TimeML"
    dct = root.find("DCT/TIMEX3")
    assert dct is not None and dct.get("value") == "2022-12-30"
    assert dct.get("functionInDocument") == "CREATION_TIME"
    text = root.find("TEXT")
    assert text is not None
    timexes = text.findall("TIMEX3")
    values = {t.text: t.get("value") for t in timexes}
    assert values["الربيع المقبل"] == "2023-SP" and values["العام المقبل"] == "2023"
    assert all(t.get("tid") and t.get("type") for t in timexes)
    # The text is the article body, whole: the tags only wrap it.
    body = SEED.read_text(encoding="utf-8").split("\n", 1)[1]
    assert "".join(text.itertext()) == body

    assert main(["extract", str(SEED), "--format", "timeml", "--output-dir", str(tmp_path)]) == 0
    (written,) = tmp_path.glob("*.tml")
    assert written.read_text(encoding="utf-8") == out


def test_chart_as_svg_with_the_system_chromium(tmp_path: Path) -> None:
    out = tmp_path / "chart.svg"
    assert main(["chart", str(SEED), "-o", str(out)]) == 0
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "2023" in svg


def test_chart_without_a_browser_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(timeline.image, "find_browser", lambda: None)
    assert main(["chart", str(SEED), "-o", str(tmp_path / "chart.png")]) == 1
    err = capsys.readouterr().err
    assert "needs Chromium or Chrome" in err and "apt-get install chromium" in err
    assert not (tmp_path / "chart.png").exists()
    # HTML needs no browser.
    assert main(["chart", str(SEED), "-o", str(tmp_path / "chart.html")]) == 0
    assert "Plotly.newPlot" in (tmp_path / "chart.html").read_text(encoding="utf-8")


def test_serve_previews_a_built_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["build", str(SEED), "-o", str(site), "--no-standalone"]) == 0
    assert not (site / "standalone").exists() and (site / "embed").is_dir()
    server = make_server(site, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        with urllib.request.urlopen(f"http://{host}:{port}/index.html", timeout=10) as r:
            assert r.status == 200 and b"chart-index" in r.read()
            assert r.headers["Content-Type"].startswith("text/html")
        with urllib.request.urlopen(f"http://{host}:{port}/timeline.json", timeout=10) as r:
            assert r.headers["Content-Type"].startswith("application/json")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    with pytest.raises(FileNotFoundError, match="timeline build"):
        make_server(tmp_path / "nothing", port=0)
