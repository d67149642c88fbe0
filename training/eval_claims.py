"""Evaluate claim extraction on gold ``dev`` (never ``test``).

Prints source-span precision/recall/F1, source-type accuracy and anonymous-flag
accuracy on matched claims for: Wikinews dev (title + text, first date line dropped),
WCEP dev (text only, no citations) and the four seed articles.

    python training/eval_claims.py --data /work/shared/data --seeds seeds/000_8d499fb1a50e3d79.txt \
        [--model models/source_typer.skops] [--show-errors] [--split dev|train]

``--split train`` scores the gold ``train`` records instead (a larger pool of span
errors to learn from; type accuracy there is optimistic when the typer was fitted on
train). ``test`` is refused.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from newsclf.claim_metrics import claim_scores, match_claims
from newsclf.claims import extract_claims
from newsclf.source_typer import SourceTyper

sys.path.insert(0, str(Path(__file__).resolve().parent))
from source_typer_data import wikinews_text  # noqa: E402  (one definition of the article text)

def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def seed_bodies(path: Path) -> list[str]:
    """The seed dump's four article bodies (newsclf.article.split_dump when available)."""
    raw = path.read_text(encoding="utf-8")
    try:
        from newsclf.article import split_dump
        arts = split_dump(raw)
        if len(arts) == 4 and all(a.body for a in arts):
            return [a.body for a in arts]
    except Exception as exc:  # noqa: BLE001 - fall back to the local splitter
        print(f"(split_dump unavailable: {exc!r}; using local splitter)", file=sys.stderr)
    lines = raw.split("\n")
    tt = [i for i, l in enumerate(lines) if l.strip() == "TT"]
    bodies = []
    for k, i in enumerate(tt):
        header = {l.strip() for l in lines[max(0, i - 4):i] if l.strip()}
        end = (tt[k + 1] - 4) if k + 1 < len(tt) else len(lines)
        # the next article's header block starts with its title line before the captions
        if k + 1 < len(tt):
            j = tt[k + 1] - 1
            while j > i and lines[j].strip():
                j -= 1
            while j > i and not lines[j].strip():
                j -= 1
            while j > i and lines[j].strip():
                j -= 1
            end = j
        body = [l for l in lines[i + 1:end] if l.strip() and l.strip() not in header]
        bodies.append("\n\n".join(body))
    return bodies


def evaluate(name: str, items: list[tuple[str, list[dict[str, Any]]]], typer: SourceTyper | None,
             show: bool) -> dict[str, float]:
    counts = []
    t0 = time.perf_counter()
    for text, gold in items:
        pred = [c.to_dict() for c in extract_claims(text, typer=typer)]
        counts.append(match_claims(pred, gold))
        if show:
            _show(text, pred, gold)
    dt = (time.perf_counter() - t0) / max(1, len(items)) * 1000
    s = claim_scores(counts)
    print(f"{name:10s} docs={len(items):4d} gold={int(s['n_gold']):4d} pred={int(s['n_pred']):4d} "
          f"P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
          f"type_acc={s['type_accuracy']:.3f} anon_acc={s['anonymous_accuracy']:.3f} "
          f"({dt:.2f} ms/doc)")
    return s


def _show(text: str, pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> None:
    from newsclf.claim_metrics import normalise_span, _overlap  # noqa: PLC2701
    gt = [normalise_span(g["source"]) for g in gold]
    pt = [normalise_span(p["source"]) for p in pred]
    for g, t in zip(gold, gt):
        hit = [p for p, q in zip(pred, pt) if t and 2 * _overlap(q, t) >= len(t)]
        if not hit:
            print(f"  MISS  {g['cue']!r:18} {g['source']!r} [{g['source_type']}]")
        elif hit[0]["source_type"] != g["source_type"]:
            print(f"  TYPE  {g['source']!r} gold={g['source_type']} pred={hit[0]['source_type']}")
    for p, q in zip(pred, pt):
        if not any(t and 2 * _overlap(q, t) >= len(t) for t in gt):
            print(f"  EXTRA {p['cue']!r:18} {p['source']!r} [{p['source_type']}]")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, type=Path, help="the shared data folder")
    ap.add_argument("--seeds", type=Path, help="seed dump file (gold in DATA/gold/seeds.jsonl)")
    ap.add_argument("--model", type=Path, help="skops file of a SourceTyper pipeline, or a model folder (its source typer)")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--only", choices=["wikinews", "wcep", "seeds"])
    ap.add_argument("--split", choices=["dev", "train"], default="dev",
                    help="gold split to score (never test)")
    args = ap.parse_args(argv)

    typer = None
    if args.model and args.model.is_dir():
        from newsclf.model import NewsModel
        typer = NewsModel.load(args.model).source_typer  # a model folder: its shipped typer
    elif args.model:
        import skops.io as sio
        untrusted = sio.get_untrusted_types(file=str(args.model))
        typer = SourceTyper(sio.load(str(args.model), trusted=untrusted))

    d: Path = args.data
    if args.only in (None, "wikinews"):
        corpus = {r["id"]: r for r in read_jsonl(d / "wikinews" / "wikinews_2019.jsonl")}
        gold = [g for g in read_jsonl(d / "gold" / "wikinews.jsonl") if g["split"] == args.split]
        evaluate("wikinews", [(wikinews_text(corpus[g["id"]]), g["claims"]) for g in gold],
                 typer, args.show_errors)
    if args.only in (None, "wcep"):
        gold = {g["id"]: g for g in read_jsonl(d / "gold" / "wcep.jsonl") if g["split"] == args.split}
        items = []
        with (d / "wcep" / "wcep_2002_2022.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if r["id"] in gold:
                    items.append((r["text"], gold[r["id"]]["claims"]))
        evaluate("wcep", items, typer, args.show_errors)
    if args.seeds and args.only in (None, "seeds") and args.split == "dev":
        gold = read_jsonl(d / "gold" / "seeds.jsonl")
        bodies = seed_bodies(args.seeds)
        evaluate("seeds", [(b, g["claims"]) for b, g in zip(bodies, gold)], typer, True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
