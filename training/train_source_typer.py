"""Fit the source typer and print its accuracy on gold ``dev`` source spans.

    python training/train_source_typer.py --data /work/shared/data [--out models/source_typer.skops]
        [--include-dev]   # final fit: add gold dev after tuning (dev accuracy is then optimistic)

Dev accuracy is measured on gold dev claims typed from their gold span and context,
model alone and with the certain rules (agency lexicon, anonymity) winning, as in
:func:`newsclf.claims.extract_claims`.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from source_typer_data import build_examples, gold_examples  # noqa: E402

from newsclf.source_typer import SourceTyper, certain_type  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--out", type=Path, help="save the pipeline here with skops")
    ap.add_argument("--include-dev", action="store_true")
    ap.add_argument("--gold-repeat", type=int, default=3)
    ap.add_argument("--weak-cap", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    t0 = time.time()
    exs = build_examples(args.data, include_dev=args.include_dev, gold_repeat=args.gold_repeat,
                         weak_cap=args.weak_cap)
    print(f"training examples: {len(exs)} {dict(Counter(e.origin for e in exs))}")
    print(f"labels: {dict(Counter(e.label for e in exs))}")
    typer = SourceTyper.fit([e.span for e in exs], [e.context for e in exs],
                            [e.label for e in exs], random_state=args.seed)
    print(f"fitted in {time.time() - t0:.1f}s")

    dev = gold_examples(args.data, ("dev",))
    preds = typer.predict([e.span for e in dev], [e.context for e in dev])
    model_ok = sum(p[0] == e.label for p, e in zip(preds, dev))
    combined_ok = 0
    for p, e in zip(preds, dev):
        rule = certain_type(e.span, e.context.split("[SRC]", 1)[-1])
        lab = rule.source_type if rule is not None else p[0]
        combined_ok += lab == e.label
    n = max(1, len(dev))
    tag = " (dev was fitted on: optimistic)" if args.include_dev else ""
    print(f"dev source spans: {len(dev)}  model acc={model_ok / n:.3f}  "
          f"rules+model acc={combined_ok / n:.3f}{tag}")

    if args.out:
        import skops.io as sio
        args.out.parent.mkdir(parents=True, exist_ok=True)
        sio.dump(typer.pipeline, args.out, compression=zipfile.ZIP_DEFLATED)
        print(f"saved {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
