"""Honest source-type accuracy: K-fold cross-validation over gold ``train`` articles.

For each fold the typer is fitted as ``train_source_typer.py`` fits it (UCDP sources +
weak corpus claims + gold train claims repeated ``--gold-repeat`` times), but with the
held-out fold's gold articles left out; the held-out articles are then run through
:func:`newsclf.claims.extract_claims` with that typer and scored as ``eval_claims.py``
scores them (span matching of :mod:`newsclf.claim_metrics`; type accuracy on matched
claims). Gold ``dev`` and ``test`` are never used.

    python training/cv_source_typer.py --data /work/shared/data [--folds 5] [--show-errors]
        [--weak-cache /tmp/weak.pkl]   # reuse the weak examples (only if the rules did not change)

Prints span P/R/F1, out-of-fold type accuracy per corpus and overall, per-gold-type
accuracy and the confusion matrix (gold rows, predicted columns).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from source_typer_data import (Example, context_of, _find, ucdp_examples,  # noqa: E402
                               weak_examples, wikinews_text)

from newsclf.claim_metrics import claim_scores, match_claims, matched_pairs  # noqa: E402
from newsclf.claims import extract_claims_many  # noqa: E402
from newsclf.source_typer import SOURCE_TYPES, SourceTyper  # noqa: E402


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_train_articles(data: Path) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(corpus, text, gold claims) of every gold ``train`` article (never dev/test)."""
    out: list[tuple[str, str, list[dict[str, Any]]]] = []
    wn = {r["id"]: r for r in _read_jsonl(data / "wikinews" / "wikinews_2019.jsonl")}
    for g in _read_jsonl(data / "gold" / "wikinews.jsonl"):
        if g["split"] == "train":
            out.append(("wikinews", wikinews_text(wn[g["id"]]), g["claims"]))
    gold = {g["id"]: g for g in _read_jsonl(data / "gold" / "wcep.jsonl") if g["split"] == "train"}
    with (data / "wcep" / "wcep_2002_2022.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["id"] in gold:
                out.append(("wcep", r["text"], gold[r["id"]]["claims"]))
    return out


def article_examples(text: str, claims: list[dict[str, Any]]) -> list[Example]:
    """Gold training examples of one article (as ``gold_examples`` builds them)."""
    out = []
    pos = 0
    for c in claims:
        span = c["source"]
        i = _find(text, span, pos) if text else -1
        if i < 0:
            ctx = ""
        else:
            ctx = context_of(text, i, i + len(span))
            pos = i + len(span)
        out.append(Example(span, ctx, c["source_type"], "gold-train"))
    return out



def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--gold-repeat", type=int, default=3)
    ap.add_argument("--weak-cap", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--weak-cache", type=Path,
                    help="pickle of the UCDP + weak examples (built and saved when missing)")
    ap.add_argument("--set", action="append", default=[], metavar="PARAM=VALUE",
                    help="pipeline parameter to try, e.g. clf__C=4 (a Python literal)")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--errors-out", type=Path, help="write the out-of-fold type errors (jsonl)")
    args = ap.parse_args(argv)

    if args.set:
        import ast

        import newsclf.source_typer as st
        params = {}
        for kv in args.set:
            k, v = kv.split("=", 1)
            try:
                params[k] = ast.literal_eval(v)
            except (ValueError, SyntaxError):
                params[k] = v
        base_build = st.build_pipeline

        def build(random_state: int = 0) -> Any:
            return base_build(random_state).set_params(**params)
        st.build_pipeline = build  # SourceTyper.fit looks it up at call time
        print(f"pipeline parameters: {params}")

    t0 = time.time()
    if args.weak_cache and args.weak_cache.exists():
        with args.weak_cache.open("rb") as fh:
            base = pickle.load(fh)
    else:
        base = ucdp_examples(args.data / "ucdp" / "ucdp_ged_syria_2016_2019.csv")
        base += weak_examples(args.data, cap_per_label=args.weak_cap)
        if args.weak_cache:
            with args.weak_cache.open("wb") as fh:
                pickle.dump(base, fh)
    print(f"non-gold examples: {len(base)} {dict(Counter(e.origin for e in base))} "
          f"({time.time() - t0:.0f}s)")

    arts = load_train_articles(args.data)
    # grouped by article: article k goes to fold k % K (the gold files' order)
    folds = [[a for k, a in enumerate(arts) if k % args.folds == f] for f in range(args.folds)]
    exs_by_art = [article_examples(text, claims) for _, text, claims in arts]
    fold_of = [k % args.folds for k in range(len(arts))]

    counts: dict[str, list[dict[str, int]]] = {"wikinews": [], "wcep": []}
    confusion: Counter[tuple[str, str]] = Counter()
    errors = []
    for f in range(args.folds):
        gold_tr = [e for k, ex in enumerate(exs_by_art) if fold_of[k] != f for e in ex]
        exs = base + gold_tr * args.gold_repeat
        typer = SourceTyper.fit([e.span for e in exs], [e.context for e in exs],
                                [e.label for e in exs], random_state=args.seed)
        held = folds[f]
        preds = extract_claims_many([t for _, t, _ in held], typer=typer)
        for (corpus, text, gold), pc in zip(held, preds):
            pred = [c.to_dict() for c in pc]
            counts[corpus].append(match_claims(pred, gold))
            for i, j in matched_pairs(pred, gold):
                p, g = pred[i], gold[j]
                confusion[(g["source_type"], p["source_type"])] += 1
                if p["source_type"] != g["source_type"]:
                    errors.append({"corpus": corpus, "gold_source": g["source"],
                                   "pred_source": p["source"], "gold": g["source_type"],
                                   "pred": p["source_type"], "score": p.get("score"),
                                   "cue": g.get("cue")})
        print(f"fold {f}: {len(held)} articles ({time.time() - t0:.0f}s)", file=sys.stderr)

    for name, c in list(counts.items()) + [("all", counts["wikinews"] + counts["wcep"])]:
        s = claim_scores(c)
        print(f"{name:9s} docs={len(c):4d} gold={int(s['n_gold']):4d} matched={int(s['matched']):4d} "
              f"P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
              f"OOF type_acc={s['type_accuracy']:.3f} anon_acc={s['anonymous_accuracy']:.3f}")
    labels = [t for t in SOURCE_TYPES if any(k[0] == t or k[1] == t for k in confusion)]
    width = 12
    print("\nconfusion (rows gold, columns predicted):")
    print(" " * width + "".join(f"{t[:10]:>11s}" for t in labels) + "      n    acc")
    for g in labels:
        row = [confusion[(g, p)] for p in labels]
        n = sum(row)
        acc = confusion[(g, g)] / n if n else 0.0
        print(f"{g:<{width}s}" + "".join(f"{v:11d}" for v in row) + f"  {n:5d}  {acc:.3f}")
    if args.show_errors:
        for e in sorted(errors, key=lambda e: (e["gold"], e["pred"])):
            print(f"  TYPE {e['corpus']:8s} {e['gold_source']!r} (pred span {e['pred_source']!r}) "
                  f"gold={e['gold']} pred={e['pred']} p={e['score']}")
    if args.errors_out:
        with args.errors_out.open("w", encoding="utf-8") as fh:
            for e in errors:
                fh.write(json.dumps(e) + "\n")
    print(f"({time.time() - t0:.0f}s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
