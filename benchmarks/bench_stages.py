"""Per-stage cost of ``classify_many`` (µs/article), this tree against a reference tree, interleaved.

The reference tree (``--ref``, the ``src`` folder of another checkout) is copied to a temporary folder as a package
named ``newsclf_ref`` so that both load in one process; each stage then runs old, new, old,
new, ... for ``--rounds`` rounds and the medians are printed (CPU time: noisy neighbours on a
shared machine cost wall time, not CPU time).

    python benchmarks/bench_stages.py --ref OTHER_CHECKOUT/src [--rounds 7] [--model DIR]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))


def ref_package(src: Path, name: str = "newsclf_ref") -> Path:
    """Copy ``src/newsclf`` to a temporary folder as package ``name``; returns the folder to put on sys.path."""
    root = Path(tempfile.mkdtemp(prefix="newsclf_ref_"))
    dst = root / name
    shutil.copytree(src / "newsclf", dst)
    for py in dst.rglob("*.py"):
        t = py.read_text(encoding="utf-8")
        t = re.sub(r"\b(from|import) newsclf(?=[. ]|$)", rf"\1 {name}", t, flags=re.M)
        t = t.replace('files("newsclf")', f'files("{name}")')
        py.write_text(t, encoding="utf-8")
    return root


def stages(pkg, model, items):
    """name -> zero-argument callable running that stage over all ``items``."""
    normalise = pkg.article.normalise
    arts = [normalise(it) for it in items]
    gaz = pkg.gazetteer.Gazetteer.default()
    fs = model._country_feature_set()
    X = model._transform(arts)
    claims = model._claims(arts)
    find_agencies = pkg.agencies.find_agencies
    split = pkg.sentences.split_sentences
    cc = pkg.features.country_candidates
    return {
        "normalise": lambda: [normalise(it) for it in items],
        "tfidf whole": lambda: model._transform(arts),
        "tfidf lead": lambda: model._head_inputs(arts, X),
        "gazetteer.find": lambda: [(gaz.find(a.title), gaz.find(a.body)) for a in arts],
        "country_candidates": lambda: [cc(a, gaz, fs) for a in arts],
        "countries step": lambda: model._countries_many(arts),
        "find_agencies": lambda: [find_agencies(a.body) for a in arts],
        "split_sentences": lambda: [split(a.body) for a in arts],
        "source matrix": lambda: model._source_matrix(X, arts, claims),
        "claims (not ours)": lambda: model._claims(arts),
        "classify_many": lambda: model.classify_many(items),
    }


def e2e(items, models, rounds: int, batch: int) -> None:
    """Articles/s of ``classify_many`` for ref and this tree and of a plain scikit-learn pipeline:
    every batch timed once per round for each, in rotating order; per batch the minimum CPU time
    over the rounds (what noisy neighbours do not inflate), summed over the batches."""
    from bench_classify import _plain_baseline

    from newsclf.article import normalise

    vec, clf = _plain_baseline([normalise(it).text for it in items])
    fns = {"ref": models[0].classify_many, "this": models[1].classify_many,
           "plain": lambda b: clf.predict(vec.transform([normalise(it).text for it in b]))}
    batches = [items[i:i + batch] for i in range(0, len(items), batch)]
    best = {k: [float("inf")] * len(batches) for k in fns}
    names = list(fns)
    for r in range(rounds):
        for j, b in enumerate(batches):
            for k in names[r % 3:] + names[:r % 3]:
                t0 = time.process_time()
                fns[k](b)
                best[k][j] = min(best[k][j], time.process_time() - t0)
    rate = {k: len(items) / sum(v) for k, v in best.items()}
    print(f"{len(items)} full-length articles in batches of {batch}, {rounds} rounds (per-batch minimum CPU time)")
    for k in ("ref", "this"):
        print(f"{k:5s} {rate[k]:7.0f} art/s  ({1e6 / rate[k]:6.0f} µs/article)  {rate[k] / rate['plain']:.3f} of plain")
    print(f"plain {rate['plain']:7.0f} art/s")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref", type=Path, required=True,
                    help="src folder of the reference tree, e.g. a `git worktree` of the base commit")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--model", default=str(REPO / "models" / "newsclf-en"))
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--only", default="", help="comma-separated stage names")
    ap.add_argument("--e2e", action="store_true",
                    help="classify_many throughput only: ref, this and a plain TF-IDF + LinearSVC interleaved "
                         "batch by batch (the minimum over rounds of each batch, summed)")
    ap.add_argument("--batch", type=int, default=25, help="batch size of --e2e")
    args = ap.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(ref_package(args.ref)))
    import importlib

    import newsclf
    import newsclf_ref
    from bench_classify import full_length_items

    mods = ("article", "gazetteer", "agencies", "sentences", "features")
    pkgs = []
    for p in (newsclf_ref, newsclf):
        for m in mods:
            importlib.import_module(f"{p.__name__}.{m}")
        pkgs.append(p)
    items = full_length_items(args.data)
    models = [p.load_model(args.model) for p in pkgs]
    for mdl in models:
        mdl.classify_many(items)  # warm caches
    st = [stages(p, mdl, items) for p, mdl in zip(pkgs, models)]
    names = [n for n in st[0] if not args.only or n in args.only.split(",")]
    n = len(items)
    times = {name: ([], []) for name in names}
    for r in range(args.rounds):
        for name in names:
            for k in ((0, 1) if r % 2 == 0 else (1, 0)):  # alternate which runs first
                t0 = time.process_time()
                st[k][name]()
                times[name][k].append(time.process_time() - t0)
    if args.e2e:
        e2e(items, models, args.rounds, args.batch)
        return 0
    print(f"{n} full-length articles, {args.rounds} interleaved rounds, CPU µs/article (median and minimum)")
    print(f"{'stage':22s} {'ref med':>9s} {'this med':>9s} {'ratio':>6s} {'ref min':>9s} {'this min':>9s} {'ratio':>6s}")
    for name in names:
        a, b = (statistics.median(times[name][k]) / n * 1e6 for k in (0, 1))
        c, d = (min(times[name][k]) / n * 1e6 for k in (0, 1))
        print(f"{name:22s} {a:9.1f} {b:9.1f} {b / a:6.2f} {c:9.1f} {d:9.1f} {d / c:6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
