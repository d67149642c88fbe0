"""Measure the agency lexicon on WCEP gold records (train+dev by default).

Usage:
    python training/eval_agencies.py --data /path/to/shared/data [--splits train,dev] [--errors 20]

For each gold WCEP record, the portal's `sources` list is typed with outlet_type() and
mapped with canonical_agency(); agreement is measured against the gold `agencies` and the
`news_agency` / `media` members of gold `source_types`. A second row adds find_agencies()
on the summary text ("..., Reuters reports").
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsclf.agencies import canonical_agency, find_agencies, outlet_type  # noqa: E402


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--splits", default="train,dev")
    ap.add_argument("--errors", type=int, default=0)
    args = ap.parse_args(argv)
    splits = set(args.splits.split(","))
    gold = {
        g["id"]: g
        for g in map(json.loads, open(args.data / "gold" / "wcep.jsonl", encoding="utf-8"))
        if g["split"] in splits
    }
    rows = []
    with open(args.data / "wcep" / "wcep_2002_2022.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["id"] in gold:
                rows.append((r, gold[r["id"]]))
    counts = {k: [0, 0, 0] for k in ("agencies:sources", "agencies:sources+text", "news_agency", "media")}
    exact = exact_text = n_src = 0
    errors = []
    for r, g in rows:
        gold_ag = set(g["agencies"])
        pred_src = {a for a in map(canonical_agency, r["sources"]) if a}
        pred_txt = pred_src | {m.canonical for m in find_agencies(r["text"])}
        for key, pred in (("agencies:sources", pred_src), ("agencies:sources+text", pred_txt)):
            c = counts[key]
            c[0] += len(pred & gold_ag)
            c[1] += len(pred - gold_ag)
            c[2] += len(gold_ag - pred)
        exact += pred_src == gold_ag
        exact_text += pred_txt == gold_ag
        if pred_txt != gold_ag:
            errors.append((r["id"], r["sources"], sorted(gold_ag), sorted(pred_txt), r["text"][:160]))
        if not r["sources"]:
            continue
        n_src += 1
        types = {outlet_type(s) for s in r["sources"]}
        for t in ("news_agency", "media"):
            c = counts[t]
            in_gold = t in g["source_types"]
            c[0] += (t in types) and in_gold
            c[1] += (t in types) and not in_gold
            c[2] += (t not in types) and in_gold
    print(f"WCEP gold records, splits={sorted(splits)}: {len(rows)} ({n_src} with sources)")
    print(f"agencies exact-set agreement: sources only {exact / len(rows):.3f}; "
          f"sources + find_agencies(text) {exact_text / len(rows):.3f}")
    for k, (tp, fp, fn) in counts.items():
        p, rc, f = prf(tp, fp, fn)
        label = k if k.startswith("agencies") else f"source_type {k} from outlet_type(sources)"
        print(f"  {label:50s} P={p:.3f} R={rc:.3f} F1={f:.3f} (tp={tp} fp={fp} fn={fn})")
    for e in errors[: args.errors]:
        print("-", *e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
