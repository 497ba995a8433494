#!/usr/bin/env python3
"""Score `timeline extract` output on a gold set as published and with its errata applied.

    python3 scripts/score_errata.py ../shared/data/dev-en/gold \\
        --errata eval/dev-en-errata.toml --system /tmp/en.out.jsonl [-v] [--scorer PATH]

The errata file (TOML, see eval/README.md) lists `[[erratum]]` tables: `doc`, `text`,
`start`, `end`, `gold` (the published values) and `corrected` (the values that replace
them). Each erratum is applied to an in-memory copy of the gold; one that no longer matches
the gold (no such document or span, other text or other values) stops the script with a
one-line error. `[[rejected]]` tables are documentation and are ignored.

The matching is the relaxed (TempEval-3) matching of `../shared/eval/score.py`, written
again here (stdlib only) so that the project's tests do not need ../shared: a system timex
matches a gold timex when their spans overlap; value precision counts system timexes whose
value is one of the values of a gold timex they overlap; value recall counts required
(non-optional) gold timexes overlapped by a system timex with a right value. `--scorer
PATH` imports that score.py and checks that its per-document counts equal ours on both the
published and the corrected gold (exit 1 when they differ).

`-v` lists every erratum with the system's values on it. The last line is a JSON summary.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import sys
import tomllib

# the published-gold scorer's reading of files, shared (both scripts live in scripts/)
from strict_score import f1, load_gold, load_system, norm

COUNTS = ("gold", "system", "ext_tp_sys", "ext_tp_gold", "val_tp_sys", "val_tp_gold")


class ErrataError(Exception):
    """An erratum that does not apply to the gold (stale or malformed)."""


def load_errata(path: str) -> list[dict]:
    with open(path, "rb") as f:
        data = tomllib.load(f)
    errata = data.get("erratum", [])
    for i, e in enumerate(errata):
        missing = [k for k in ("doc", "text", "start", "end", "gold", "corrected") if k not in e]
        if missing:
            raise ErrataError(f"{path}: erratum {i + 1} has no {', '.join(missing)}")
    return errata


def apply_errata(gold: dict[str, dict], errata: list[dict]) -> dict[str, dict]:
    """A copy of `gold` (id -> document) with the values of each erratum replaced."""
    fixed = copy.deepcopy(gold)
    done: set[tuple[str, int, int]] = set()
    for e in errata:
        where = f"erratum {e['doc']} {e['start']}-{e['end']} {e['text']!r}"
        key = (e["doc"], e["start"], e["end"])
        if key in done:
            raise ErrataError(f"{where}: listed twice")
        done.add(key)
        doc = fixed.get(e["doc"])
        if doc is None:
            raise ErrataError(f"{where}: no such document in the gold")
        hits = [x for x in doc["timexes"] if (x["start"], x["end"]) == (e["start"], e["end"])]
        if len(hits) != 1:
            raise ErrataError(f"{where}: {len(hits)} gold timexes with this span, expected 1")
        x = hits[0]
        if x["text"] != e["text"] or list(x["values"]) != list(e["gold"]):
            raise ErrataError(
                f"{where}: stale, the gold now has {x['text']!r} {x['values']}, "
                f"the erratum expects {e['text']!r} {e['gold']}"
            )
        x["values"] = list(e["corrected"])
    return fixed


def overlaps(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def system_timexes(s: dict) -> list[dict]:
    return [
        t
        for t in s.get("timexes", [])
        if isinstance(t.get("start"), int) and isinstance(t.get("end"), int)
    ]


def _right(t: dict, x: dict) -> bool:
    """Whether system timex `t` has one of the values of gold timex `x`."""
    return norm(t.get("value")) in {norm(v) for v in x["values"]}


def score_doc(g: dict, s: dict) -> dict[str, int]:
    gold = g["timexes"]
    sys_t = system_timexes(s)
    req = [x for x in gold if not x.get("optional")]
    r = dict.fromkeys(COUNTS, 0)
    r["gold"], r["system"] = len(req), len(sys_t)
    for t in sys_t:
        hit = [x for x in gold if overlaps(t, x)]
        r["ext_tp_sys"] += bool(hit)
        r["val_tp_sys"] += any(_right(t, x) for x in hit)
    for x in req:
        hit = [t for t in sys_t if overlaps(t, x)]
        r["ext_tp_gold"] += bool(hit)
        r["val_tp_gold"] += any(_right(t, x) for t in hit)
    return r


def score(gold: dict[str, dict], system: dict[str, dict], check=None) -> dict:
    """Totals and P/R/F1 over all gold documents. `check` is score.py's score_doc, if given."""
    tot = dict.fromkeys(COUNTS, 0)
    for i, g in gold.items():
        r = score_doc(g, system.get(i, {}))
        if check is not None:
            theirs = check(g, system.get(i, {}))
            if any(theirs[k] != r[k] for k in COUNTS):
                raise ErrataError(
                    f"{i}: score.py counts {[theirs[k] for k in COUNTS]}, "
                    f"ours {[r[k] for k in COUNTS]} ({', '.join(COUNTS)})"
                )
        for k in COUNTS:
            tot[k] += r[k]
    out = dict(tot)
    for kind, sys_k, gold_k in (
        ("extent", "ext_tp_sys", "ext_tp_gold"),
        ("value", "val_tp_sys", "val_tp_gold"),
    ):
        p = tot[sys_k] / tot["system"] if tot["system"] else 0.0
        r = tot[gold_k] / tot["gold"] if tot["gold"] else 0.0
        out[f"{kind}_p"], out[f"{kind}_r"], out[f"{kind}_f1"] = p, r, f1(p, r)
    return out


def import_scorer(path: str):
    spec = importlib.util.spec_from_file_location("shared_score", path)
    if spec is None or spec.loader is None:
        raise ErrataError(f"cannot import a scorer from {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.score_doc


def erratum_lines(gold: dict[str, dict], system: dict[str, dict], errata: list[dict]) -> list[str]:
    lines = []
    for e in errata:
        span = {"start": e["start"], "end": e["end"]}
        got = [
            t.get("value") for t in system_timexes(system.get(e["doc"], {})) if overlaps(t, span)
        ]
        before = any(norm(v) in {norm(w) for w in e["gold"]} for v in got)
        after = any(norm(v) in {norm(w) for w in e["corrected"]} for v in got)
        mark = {(False, True): "now right", (True, False): "now WRONG"}.get((before, after), "same")
        lines.append(
            f"   {e['doc']} {e['text']!r}: {e['gold']} -> {e['corrected']}  system {got}  {mark}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("gold", nargs="+", help="gold directories or files")
    ap.add_argument("--errata", required=True, help="errata TOML file")
    ap.add_argument("--system", required=True, help="system output, JSON Lines")
    ap.add_argument("--scorer", help="score.py to check our counts against (optional)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the errata")
    args = ap.parse_args(argv)
    try:
        gold = {g["id"]: g for g in load_gold(args.gold)}
        errata = load_errata(args.errata)
        fixed = apply_errata(gold, errata)
        system = load_system(args.system)
        check = import_scorer(args.scorer) if args.scorer else None
        pub, cor = score(gold, system, check), score(fixed, system, check)
    except ErrataError as exc:
        print(f"score_errata: {exc}", file=sys.stderr)
        return 1
    missing = sum(1 for i in gold if i not in system)
    print(
        f"docs {len(gold)} (missing {missing})  gold {pub['gold']}  system {pub['system']}  "
        f"errata {len(errata)}"
    )
    if check is not None:
        print(f"counts equal to {args.scorer} on both golds")
    print(f"{'':8}{'published':>27}    {'corrected':>27}")
    for kind in ("extent", "value"):
        cells = [
            "  ".join(f"{m} {res[f'{kind}_{m.lower()}']:.3f}" for m in ("P", "R", "F1"))
            for res in (pub, cor)
        ]
        print(f"{kind:8}{cells[0]:>27}    {cells[1]:>27}")
    if args.verbose:
        print("errata:")
        print("\n".join(erratum_lines(gold, system, errata)))
    summary = {"docs": len(gold), "missing_docs": missing, "errata": len(errata)}
    for name, res in (("published", pub), ("corrected", cor)):
        summary[name] = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in res.items()}
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
