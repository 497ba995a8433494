"""Paths: file names made from article ids and titles never leave the output folder (`../`,
absolute and Windows paths, Windows reserved names, 500-character titles), and two articles
that would get the same name both keep their own files: nothing is overwritten.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.model import Article
from timeline.pipeline import process
from timeline.site import build_site, slugify

WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in range(10)
}
HOSTILE_IDS = [
    "../../../../etc/passwd",
    "/etc/passwd",
    "..",
    ".",
    "",
    "C:\\Windows\\System32\\drivers",
    "\\\\server\\share\\x",
    "CON",
    "con.txt",
    "Aux",
    "NUL.json",
    "lpt1",
    "COM¹",  # NFKD: com1
    "x" * 500,
    "x" * 500 + "y",  # the same first 60 characters
    "Same title",
    "same-title",
    "Same title",  # the very same id twice
    "تقرير عن الاقتصاد",
    "تقرير آخر",
    "a/../../b",
    "%2e%2e%2fetc",
    "file:///etc/passwd",
    "name\x00with nul",
    "\u202egnp.exe",
]
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


def check_slugs(ids: list[str]) -> list[str]:
    slugs = slugify(ids)
    assert len(slugs) == len(ids)
    assert len(set(slugs)) == len(slugs)  # one file per article, whatever the ids
    for slug in slugs:
        assert SLUG.fullmatch(slug), slug  # no dot, slash, backslash, colon, NUL ...
        assert len(slug) <= 80
        assert slug not in WINDOWS_RESERVED
    assert slugify(ids) == slugs  # the same names at every build
    return slugs


def test_hostile_ids() -> None:
    slugs = check_slugs(HOSTILE_IDS)
    assert slugs[0].startswith("etc-passwd-") and slugs[1].startswith("etc-passwd-")
    assert slugs[7].startswith("con-") and slugs[8].startswith("con-txt")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=600),
            st.sampled_from(HOSTILE_IDS),
            st.text(alphabet="./\\:CONnulAUXcom1lpt9 -", max_size=12),
        ),
        max_size=12,
    )
)
def test_any_ids_give_safe_unique_names(ids: list[str]) -> None:
    check_slugs(ids)


def hostile_articles() -> list[Article]:
    text = "Talks ended last month and will resume next spring."
    return [
        Article(
            id=article_id,
            text=text,
            title="Same title" if n % 3 == 0 else (article_id * 3)[:500] or "untitled",
            published=date(2022, 12, 30),
            lang="ar" if article_id.startswith("ت") else "en",
        )
        for n, article_id in enumerate(HOSTILE_IDS)
    ]


def every_path(folder: Path) -> set[Path]:
    return {Path(root) / name for root, dirs, names in os.walk(folder) for name in dirs + names}


def test_a_build_writes_inside_its_folder_only(tmp_path: Path) -> None:
    inside = tmp_path / "inside"
    out = inside / "site"
    build_site([process(a) for a in hostile_articles()], out, ui_lang="en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inside"]
    assert sorted(p.name for p in inside.iterdir()) == ["site"]
    for path in every_path(out):
        assert path.resolve().is_relative_to(out.resolve()), path
    # Every article has its own page, embed, standalone page and data: none overwritten.
    for folder, suffix in (
        ("articles", ".html"),
        ("embed", ".html"),
        ("standalone", ".html"),
        ("data", ".timelinejs.json"),
    ):
        assert len(list((out / folder).glob(f"*{suffix}"))) == len(HOSTILE_IDS), folder
    document = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in document["articles"]].count("Same title") == 2
    assert len({a["page"] for a in document["articles"]}) == len(HOSTILE_IDS)


def test_timeml_files_stay_in_their_folder(tmp_path: Path) -> None:
    inputs = tmp_path / "in.jsonl"
    with inputs.open("w", encoding="utf-8") as f:
        for article in hostile_articles():
            record = {"id": article.id, "title": article.title, "text": article.text}
            f.write(json.dumps({**record, "published": "2022-12-30", "lang": article.lang}) + "\n")
    out = tmp_path / "tml"
    command = [sys.executable, "-m", "timeline", "extract", str(inputs), "--format", "timeml"]
    done = subprocess.run(
        [*command, "--output-dir", str(out)], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "tml"]
    names = [p.name for p in out.iterdir()]
    assert len(names) == len(HOSTILE_IDS)  # the same id twice: two files
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*\.tml", n) for n in names), names
