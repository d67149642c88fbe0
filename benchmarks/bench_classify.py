"""Classify throughput and latency of a newsclf model, beside a plain scikit-learn baseline.

Prints, on one core:

* batch throughput (articles/s) of ``model.classify_many`` on full-length articles
  (Wikinews texts, ~2,500 characters, plus the seed articles) and on short summaries
  (WCEP texts), next to a plain ``TfidfVectorizer`` + ``LinearSVC`` fitted here on the
  same texts, with the ratio newsclf / plain;
* single-article latency (p50 / p99) of ``model.classify``;
* model load time (in a fresh interpreter, imports included, and warm) and the total
  size of the model files;
* the share of classify time spent in claim extraction (``config["claims"]`` on vs off).

Targets (issue): >= 1,000 full-length articles/s in batch, p50 <= 5 ms, load <= 1 s,
files <= 50 MB, claims add at most 50 % to classify time.

    python benchmarks/bench_classify.py [--model DIR] [--n 1000] [--data ../shared/data]
"""

from __future__ import annotations

import os

# one core: set before numpy / scipy load their thread pools
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
SEEDS = REPO / "seeds" / "000_8d499fb1a50e3d79.txt"
TARGETS = {"batch_full": 1000.0, "p50_ms": 5.0, "load_s": 1.0, "size_mb": 50.0, "claims_share": 0.5}


def _read_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
                if limit is not None and len(out) >= limit:
                    break
    return out


def full_length_items(data: Path) -> list[dict[str, str]]:
    """Wikinews articles (title + text) and the seed articles as dicts."""
    from newsclf.article import split_dump

    items = [{"title": r["title"], "text": r["text"]}
             for r in _read_jsonl(data / "wikinews" / "wikinews_2019.jsonl")]
    if SEEDS.exists():
        for a in split_dump(SEEDS.read_text(encoding="utf-8")):
            items.append({"title": a.title, "text": a.body})
    return items


def short_items(data: Path, n: int) -> list[dict[str, str]]:
    """WCEP news summaries (text only)."""
    return [{"text": r["text"]} for r in _read_jsonl(data / "wcep" / "wcep_2002_2022.jsonl", n)
            if r.get("text")]


def _cycle(items: Sequence[Any], n: int) -> list[Any]:
    return [items[i % len(items)] for i in range(n)]


#: the clock of every throughput and latency figure (set by ``--clock``)
_CLOCK: list[Callable[[], float]] = [time.process_time]


def _now() -> float:
    return _CLOCK[0]()


def _best_rate(fn: Callable[[list[Any]], Any], items: list[Any], batch: int, repeat: int) -> float:
    """Best of ``repeat`` passes: articles per second, in batches of ``batch``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = _now()
        for i in range(0, len(items), batch):
            fn(items[i:i + batch])
        best = min(best, _now() - t0)
    return len(items) / best


def _latencies(fn: Callable[[Any], Any], items: Sequence[Any]) -> tuple[float, float]:
    times = []
    for it in items:
        t0 = _now()
        fn(it)
        times.append(_now() - t0)
    times.sort()
    p50 = statistics.median(times)
    p99 = times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))]
    return 1000 * p50, 1000 * p99


def _plain_baseline(texts: list[str]) -> tuple[Any, Any]:
    """A plain TF-IDF + LinearSVC fitted on ``texts`` with keyword labels."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    labels = ["conflict" if any(w in t.lower() for w in ("killed", "attack", "troops", "strike"))
              else "other" for t in texts]
    if len(set(labels)) < 2:
        labels[0] = "other" if labels[0] == "conflict" else "conflict"
    vec = TfidfVectorizer(sublinear_tf=True, min_df=1)
    clf = LinearSVC().fit(vec.fit_transform(texts), labels)
    return vec, clf


def _load_cold(model: str | None) -> float:
    """Seconds to import newsclf and load the model in a fresh interpreter (on ``--clock``)."""
    import resource

    code = ("import time; t0 = time.perf_counter(); import newsclf; "
            f"newsclf.load_model({model!r}); print(time.perf_counter() - t0)")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if _CLOCK[0] is time.process_time:   # CPU seconds of the child: interpreter start included
        return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return float(out.stdout.strip().splitlines()[-1])


def _model_dir(model: Any, arg: str | None) -> Path | None:
    if arg:
        return Path(arg)
    env = os.environ.get("NEWSCLF_MODEL")
    if env:
        return Path(env)
    default = REPO / "models" / "newsclf-en"
    return default if default.exists() else None


def _flag(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="newsclf classify throughput and latency")
    ap.add_argument("--model", help="model folder (default: $NEWSCLF_MODEL or the shipped model)")
    ap.add_argument("--n", type=int, default=1000, help="articles per throughput run (cycled)")
    ap.add_argument("--batch", type=int, default=256, help="batch size for classify_many")
    ap.add_argument("--single", type=int, default=200, help="articles for single-article latency")
    ap.add_argument("--repeat", type=int, default=2, help="passes per throughput figure (best kept)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    ap.add_argument("--clock", choices=["cpu", "wall"], default="cpu",
                    help="cpu: process CPU time (stable on a shared machine; one thread = one core); "
                         "wall: elapsed time")
    args = ap.parse_args(argv)
    _CLOCK[0] = time.process_time if args.clock == "cpu" else time.perf_counter

    sys.path.insert(0, str(REPO / "src"))
    import newsclf
    from newsclf.article import normalise

    t0 = _now()
    model = newsclf.load_model(args.model)
    warm_load = _now() - t0
    folder = _model_dir(model, args.model)
    cold_load = _load_cold(str(folder) if folder else None)
    size_mb = sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) / 1e6 if folder else float("nan")

    full = full_length_items(args.data)
    short = short_items(args.data, max(args.n, 1000))
    full_n = _cycle(full, args.n)
    short_n = _cycle(short, args.n)
    chars_full = statistics.mean(len(normalise(it).text) for it in full)
    chars_short = statistics.mean(len(it["text"]) for it in short)
    model.classify_many(full[:8])  # warm caches (gazetteer, feature names)

    print(f"model: {folder}  ({model!r})")
    print(f"python {sys.version.split()[0]}, one core (OMP/BLAS threads = 1), clock: {args.clock}")
    print(f"full-length: {len(full)} distinct articles, mean {chars_full:.0f} chars; "
          f"short: {len(short)} WCEP summaries, mean {chars_short:.0f} chars; n = {args.n}, batch = {args.batch}")
    print()

    plain_vec, plain_clf = _plain_baseline([normalise(it).text for it in full + short[:len(full)]])

    def plain(batch: list[dict[str, str]]) -> Any:
        return plain_clf.predict(plain_vec.transform([normalise(it).text for it in batch]))

    rows = []
    for name, items in (("full-length", full_n), ("short", short_n)):
        r_model = _best_rate(model.classify_many, items, args.batch, args.repeat)
        r_plain = _best_rate(plain, items, args.batch, args.repeat)
        rows.append((name, r_model, r_plain))
    print(f"{'batch throughput':22s} {'newsclf art/s':>14s} {'plain art/s':>12s} {'newsclf/plain':>14s}")
    for name, r_model, r_plain in rows:
        print(f"{name:22s} {r_model:14.0f} {r_plain:12.0f} {r_model / r_plain:14.3f}")
    print()

    single = _cycle(full, args.single)
    p50, p99 = _latencies(model.classify, single)
    pp50, pp99 = _latencies(lambda it: plain([it]), single)
    print(f"single full-length article: newsclf p50 {p50:.2f} ms, p99 {p99:.2f} ms; "
          f"plain p50 {pp50:.2f} ms, p99 {pp99:.2f} ms")

    # claims share: the same batches with claim extraction on and off, alternating pass by pass
    # (on, off, on, off, ...) so that a slow spell of the host weighs on both; best pass of each
    saved = model.config.get("claims", True)
    best = {True: float("inf"), False: float("inf")}
    try:
        for _ in range(args.repeat):
            for on in (True, False):
                model.config["claims"] = on
                best[on] = min(best[on], 1.0 / _best_rate(model.classify_many, full_n, args.batch, 1))
    finally:
        model.config["claims"] = saved
    t_on, t_off = best[True], best[False]
    added = (t_on - t_off) / t_off
    print(f"claims: {1000 * t_on:.2f} ms/article with, {1000 * t_off:.2f} ms without -> "
          f"{100 * (t_on - t_off) / t_on:.0f}% of classify time, +{100 * added:.0f}% over no claims")
    print(f"model load: {cold_load:.2f} s cold (fresh interpreter, imports included), "
          f"{warm_load:.2f} s in this process")
    print(f"model files: {size_mb:.1f} MB")
    print()
    batch_full = rows[0][1]
    print("targets:")
    print(f"  batch full-length >= {TARGETS['batch_full']:.0f} art/s: {batch_full:.0f}  {_flag(batch_full >= TARGETS['batch_full'])}")
    print(f"  p50 <= {TARGETS['p50_ms']:.0f} ms: {p50:.2f}  {_flag(p50 <= TARGETS['p50_ms'])}")
    print(f"  load <= {TARGETS['load_s']:.0f} s: {cold_load:.2f}  {_flag(cold_load <= TARGETS['load_s'])}")
    print(f"  files <= {TARGETS['size_mb']:.0f} MB: {size_mb:.1f}  {_flag(size_mb <= TARGETS['size_mb'])}")
    print(f"  claims add <= {100 * TARGETS['claims_share']:.0f}%: +{100 * added:.0f}%  "
          f"{_flag(added <= TARGETS['claims_share'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
