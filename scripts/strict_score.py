#!/usr/bin/env python3
"""Strict extent scoring of `timeline extract` output (a development aid, stdlib only).

`../shared/eval/score.py` matches overlapping spans (relaxed, TempEval-3). This script counts
only exact matches: a system timex matches a gold timex when both `start` and `end` are
equal. Strict value counts exact matches whose value is one of the gold values. Optional gold
timexes do not count against recall; a system timex that matches one exactly is no error.

    python3 scripts/strict_score.py ../shared/data/dev-en/gold --system /tmp/en.out.jsonl [-v]

`-v` lists, per article, gold timexes found with another extent (`extent`), and wrong values
on exact extents (`wrong`). The last line is a JSON summary.
"""

from __future__ import annotations

import argparse
import glob
import json
import os


def load_gold(paths: list[str]) -> list[dict]:
    files: list[str] = []
    for p in paths:
        files += sorted(glob.glob(os.path.join(p, "*.json"))) if os.path.isdir(p) else [p]
    out = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            out.append(json.load(fh))
    return out


def load_system(path: str) -> dict[str, dict]:
    """The articles of a `timeline extract --format jsonl` output, by id."""
    system = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                o = json.loads(line)
                system[str(o.get("id"))] = o
    return system


def norm(v: object) -> str:
    return str(v or "").strip().upper()


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_doc(g: dict, s: dict) -> dict:
    gold = g["timexes"]
    system = [
        t
        for t in s.get("timexes", [])
        if isinstance(t.get("start"), int) and isinstance(t.get("end"), int)
    ]
    by_span = {(x["start"], x["end"]): x for x in gold}
    sys_span = {(t["start"], t["end"]): t for t in system}
    r = dict(gold=0, system=len(system), ext_sys=0, ext_gold=0, val_sys=0, val_gold=0)
    r["extent"], r["wrong"] = [], []
    for t in system:
        x = by_span.get((t["start"], t["end"]))
        if x is not None:
            r["ext_sys"] += 1
            if norm(t.get("value")) in {norm(v) for v in x["values"]}:
                r["val_sys"] += 1
    for x in gold:
        if x.get("optional"):
            continue
        r["gold"] += 1
        t = sys_span.get((x["start"], x["end"]))
        if t is None:
            near = [u["text"] for u in system if u["start"] < x["end"] and x["start"] < u["end"]]
            if near:
                r["extent"].append((x["text"], near))
            continue
        r["ext_gold"] += 1
        if norm(t.get("value")) in {norm(v) for v in x["values"]}:
            r["val_gold"] += 1
        else:
            r["wrong"].append((x["text"], x["values"], t.get("value")))
    return r


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("gold", nargs="+")
    ap.add_argument("--system", required=True)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    gold = {g["id"]: g for g in load_gold(args.gold)}
    system = load_system(args.system)
    keys = ("gold", "system", "ext_sys", "ext_gold", "val_sys", "val_gold")
    tot = dict.fromkeys(keys, 0)
    for i, g in gold.items():
        r = score_doc(g, system.get(i, {}))
        for k in keys:
            tot[k] += r[k]
        if args.verbose and (r["extent"] or r["wrong"]):
            print(f"## {i}: gold {r['gold']} system {r['system']} exact {r['ext_gold']}")
            for e in r["extent"]:
                print("   extent   ", e)
            for w in r["wrong"]:
                print("   wrong    ", w)

    def ratio(a: str, b: str) -> float:
        return tot[a] / tot[b] if tot[b] else 0.0

    ep, er = ratio("ext_sys", "system"), ratio("ext_gold", "gold")
    vp, vr = ratio("val_sys", "system"), ratio("val_gold", "gold")
    print(f"docs {len(gold)}  gold {tot['gold']}  system {tot['system']}")
    print(f"strict extent  P {ep:.3f}  R {er:.3f}  F1 {f1(ep, er):.3f}")
    print(f"strict value   P {vp:.3f}  R {vr:.3f}  F1 {f1(vp, vr):.3f}")
    summary = dict(
        docs=len(gold),
        gold=tot["gold"],
        system=tot["system"],
        strict_extent_p=round(ep, 4),
        strict_extent_r=round(er, 4),
        strict_extent_f1=round(f1(ep, er), 4),
        strict_value_p=round(vp, 4),
        strict_value_r=round(vr, 4),
        strict_value_f1=round(f1(vp, vr), 4),
    )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
