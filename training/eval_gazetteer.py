"""Measure the gazetteer's rule baseline (rank_countries, areas) against gold labels.

Usage:
    python training/eval_gazetteer.py --data /path/to/shared/data --seeds /path/to/seeds/000_x.txt \
        [--splits dev] [--threshold 0.5] [--errors 20]

Text of a record: WCEP = `text` + " (Source)" for each cited outlet; Wikinews = title +
text; seeds = the seed file cut at each gold record's title (repeated lines and the "TT"
marker removed). Never run on `test` when tuning.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsclf.gazetteer import Gazetteer  # noqa: E402


def seed_articles(seed_file: Path, titles: list[str]) -> list[str]:
    """Cut the seed file into articles at the gold titles (in order) and normalise."""
    raw = seed_file.read_text(encoding="utf-8")
    starts = []
    pos = 0
    for t in titles:
        i = raw.index(t, pos)
        starts.append(i)
        pos = i + len(t)
    out = []
    for k, s in enumerate(starts):
        chunk = raw[s : starts[k + 1] if k + 1 < len(starts) else len(raw)]
        seen: set[str] = set()
        lines = []
        for line in chunk.splitlines():
            line = line.strip()
            if not line or line == "TT" or line in seen:
                continue
            seen.add(line)
            lines.append(line)
        out.append("\n".join(lines[1:]))  # the first line is the title
    return out


def load_records(data: Path, seeds: Path | None, splits: set[str]) -> list[dict]:
    """Gold records joined with their text: dicts with id, title, text, countries, areas."""
    recs = []
    wcep_gold = [json.loads(line) for line in open(data / "gold" / "wcep.jsonl", encoding="utf-8")]
    wanted = {g["id"]: g for g in wcep_gold if g["split"] in splits}
    with open(data / "wcep" / "wcep_2002_2022.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            g = wanted.get(r["id"])
            if g is None:
                continue
            text = r["text"] + "".join(f" ({s})" for s in r["sources"])
            recs.append({**g, "title": None, "text": text, "corpus": "wcep"})
    wn_gold = {
        g["id"]: g
        for g in map(json.loads, open(data / "gold" / "wikinews.jsonl", encoding="utf-8"))
        if g["split"] in splits
    }
    for r in map(json.loads, open(data / "wikinews" / "wikinews_2019.jsonl", encoding="utf-8")):
        g = wn_gold.get(r["id"])
        if g is not None:
            recs.append({**g, "title": r["title"], "text": r["text"], "corpus": "wikinews"})
    if seeds is not None:
        sg = [json.loads(line) for line in open(data / "gold" / "seeds.jsonl", encoding="utf-8")]
        texts = seed_articles(seeds, [g["title"] for g in sg])
        for g, text in zip(sg, texts):
            if g["split"] in splits:
                recs.append({**g, "text": text, "corpus": "seeds"})
    return recs


def evaluate(gz: Gazetteer, recs: list[dict], thresholds: list[float], max_n: int) -> dict:
    top1 = n_top = 0
    prf = {t: [0, 0, 0] for t in thresholds}  # tp, fp, fn
    area_ok = area_n = area_first_ok = 0
    per_corpus: dict[str, list[int]] = {}
    for r in recs:
        ranked = gz.rank_countries(r["text"], r["title"])
        r["_ranked"] = ranked
        gold = r["countries"]
        if gold:
            n_top += 1
            ok = bool(ranked) and ranked[0][0] == gold[0]
            top1 += ok
            pc = per_corpus.setdefault(r["corpus"], [0, 0])
            pc[0] += ok
            pc[1] += 1
        for t in thresholds:
            pred = {c for c, s in ranked[:max_n] if s >= t}
            g = set(gold)
            prf[t][0] += len(pred & g)
            prf[t][1] += len(pred - g)
            prf[t][2] += len(g - pred)
        if "PS" in gold:
            area_n += 1
            pa = gz.areas(r["text"], r["title"])
            r["_areas"] = pa
            area_ok += set(pa) == set(r["areas"])
            area_first_ok += bool(pa) and bool(r["areas"]) and pa[0] == r["areas"][0]
    f1 = {}
    for t, (tp, fp, fn) in prf.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f1[t] = (p, rc, 2 * p * rc / (p + rc) if p + rc else 0.0)
    return {
        "n": len(recs),
        "top1": top1 / max(n_top, 1),
        "n_top": n_top,
        "per_corpus": {k: (v[0] / v[1], v[1]) for k, v in per_corpus.items()},
        "f1": f1,
        "areas_exact": area_ok / max(area_n, 1),
        "areas_first": area_first_ok / max(area_n, 1),
        "n_ps": area_n,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="the shared data folder (has gold/, wcep/, wikinews/)")
    ap.add_argument("--seeds", type=Path, default=None, help="the seed article file labelled by gold/seeds.jsonl")
    ap.add_argument("--splits", default="dev", help="comma-separated: train,dev (never test while tuning)")
    ap.add_argument("--max-n", type=int, default=3)
    ap.add_argument("--errors", type=int, default=0, help="print this many top-1 errors")
    args = ap.parse_args(argv)
    splits = set(args.splits.split(","))
    t0 = time.perf_counter()
    gz = Gazetteer.default()
    t_load = time.perf_counter() - t0
    recs = load_records(args.data, args.seeds, splits)
    thresholds = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0]
    t0 = time.perf_counter()
    res = evaluate(gz, recs, thresholds, args.max_n)
    t_eval = time.perf_counter() - t0
    print(f"splits={sorted(splits)} records={res['n']} (gazetteer load {t_load * 1000:.0f} ms, "
          f"{res['n'] / t_eval:.0f} records/s incl. ranking)")
    print(f"rank_countries top-1 accuracy vs gold first country: {res['top1']:.3f} (n={res['n_top']})")
    for k, (acc, n) in sorted(res["per_corpus"].items()):
        print(f"  {k:9s} top-1 {acc:.3f} (n={n})")
    print(f"country-set micro P/R/F1 (keep score >= t, at most {args.max_n}):")
    for t, (p, r, f) in res["f1"].items():
        print(f"  t={t:.1f}  P={p:.3f} R={r:.3f} F1={f:.3f}")
    print(f"areas on gold records with PS (n={res['n_ps']}): exact-set accuracy {res['areas_exact']:.3f}, "
          f"first-area accuracy {res['areas_first']:.3f}")
    shown = 0
    for r in recs:
        if shown >= args.errors:
            break
        ranked = r.get("_ranked", [])
        if r["countries"] and (not ranked or ranked[0][0] != r["countries"][0]):
            shown += 1
            print(f"- {r['id']} gold={r['countries']} pred={ranked[:3]} :: {(r['title'] or '')[:60]} {r['text'][:220]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
