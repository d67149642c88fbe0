"""Batch scoring throughput and memory: one process, ``--workers 2``, Spark ``local[2]``.

Prints, in one run on the same real texts (WCEP summaries repeated with unique ids):

* articles/s of ``newsclf score`` with one process and with ``--workers 2`` (steady
  state: the model is loaded once beforehand and its load time printed apart), of
  ``newsclf.spark.classify_column`` on Spark ``local[2]`` (session start and the Python
  workers' model load excluded by a warm-up), and of a plain scikit-learn
  ``TfidfVectorizer`` + ``LinearSVC`` predict on the same texts; the ratios are what
  matter on a noisy shared machine;
* the peak RSS of ``newsclf score`` over an ``--n``-article stream (default 1,000,000),
  measured with ``resource.getrusage(RUSAGE_CHILDREN)`` of the scoring subprocess, and
  how long it took.

Targets: ``--workers 2`` >= 1.6x one process; peak RSS <= 1 GB for the million.

    python benchmarks/bench_batch.py [--model DIR] [--n 1000000] [--bench-n 2000] [--no-spark]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WCEP = REPO.parent / "shared" / "data" / "wcep" / "wcep_2002_2022.jsonl"


def real_texts(path: Path, k: int) -> list[dict]:
    """The first ``k`` non-empty WCEP records, with their outlets appended like the portal."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("text"):
                out.append({"id": rec["id"], "text": rec["text"]})
                if len(out) >= k:
                    break
    return out


def write_stream(path: Path, base: list[dict], n: int) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            r = base[i % len(base)]
            fh.write(json.dumps({"id": f"{r['id']}-{i}", "text": r["text"]}, ensure_ascii=False) + "\n")


def bench_newsclf(src: Path, tmp: Path, model: str | None, workers: int) -> float:
    from newsclf.batch import score_file

    out = tmp / f"out-w{workers}.jsonl"
    t0 = time.perf_counter()
    s = score_file(src, out, workers=workers, batch_size=128, model=model, progress=False)
    dt = time.perf_counter() - t0
    out.unlink()
    return s.scored / dt


def bench_sklearn(texts: list[str]) -> float:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    y = np.arange(len(texts)) % 5           # any labels: only predict speed matters
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    clf = LinearSVC().fit(vec.fit_transform(texts), y)
    t0 = time.perf_counter()
    clf.predict(vec.transform(texts))
    return len(texts) / (time.perf_counter() - t0)


def bench_spark(records: list[dict], model: str | None) -> float:
    from pyspark.sql import SparkSession

    from newsclf.spark import classify_column

    spark = (SparkSession.builder.master("local[2]").appName("newsclf-bench").config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        df = spark.createDataFrame([(r["id"], r["text"]) for r in records], "id string, text string").repartition(2)
        df = df.cache()
        df.count()
        # warm-up: start both Python workers and load the model in each
        classify_column(df.limit(64).repartition(2), model_path=model).write.format("noop").mode("overwrite").save()
        t0 = time.perf_counter()
        classify_column(df, model_path=model).write.format("noop").mode("overwrite").save()
        return len(records) / (time.perf_counter() - t0)
    finally:
        spark.stop()


def peak_rss(src: Path, tmp: Path, model: str | None, workers: int) -> tuple[float, float]:
    """(peak RSS in MB of the scoring subprocess tree's largest process, seconds)."""
    cmd = [sys.executable, "-m", "newsclf.cli", "score", str(src), "-o", str(tmp / "big-out.jsonl"),
           "--workers", str(workers), "--no-progress"]
    if model:
        cmd += ["--model", model]
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "rc = subprocess.run(sys.argv[1:]).returncode; "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - t, rc)")
    res = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    kb, seconds, rc = res.stdout.split()[-3:]
    if rc not in ("0", "1"):
        raise RuntimeError(f"scoring failed ({rc}): {res.stderr[-2000:]}")
    (tmp / "big-out.jsonl").unlink(missing_ok=True)
    return int(kb) / 1024, float(seconds)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=os.environ.get("NEWSCLF_MODEL"), help="model folder (default: shipped)")
    ap.add_argument("--n", type=int, default=1_000_000, help="articles in the peak-RSS stream")
    ap.add_argument("--bench-n", type=int, default=2000, help="articles for the throughput figures")
    ap.add_argument("--rss-workers", type=int, default=1)
    ap.add_argument("--no-spark", action="store_true")
    ap.add_argument("--no-rss", action="store_true")
    ap.add_argument("--data", type=Path, default=WCEP)
    args = ap.parse_args()

    base = real_texts(args.data, 5000)
    with tempfile.TemporaryDirectory(prefix="newsclf-bench-") as d:
        tmp = Path(d)
        if not args.no_rss:
            big = tmp / "stream.jsonl"
            write_stream(big, base, args.n)
            mb, secs = peak_rss(big, tmp, args.model, args.rss_workers)
            big.unlink()
            print(f"peak RSS, {args.n:,}-article stream (--workers {args.rss_workers}): {mb:,.0f} MB "
                  f"in {secs:,.0f} s ({args.n / secs:,.1f} articles/s incl. model load)  target <= 1024 MB",
                  flush=True)

        recs = [{"id": f"{base[i % len(base)]['id']}-{i}", "text": base[i % len(base)]["text"]}
                for i in range(args.bench_n)]
        src = tmp / "bench.jsonl"
        write_stream(src, recs, len(recs))

        from newsclf import batch

        t0 = time.perf_counter()
        batch._init_worker(args.model)        # load once; forked workers inherit it
        print(f"model load: {time.perf_counter() - t0:,.1f} s", flush=True)
        one = bench_newsclf(src, tmp, args.model, 1)
        two = bench_newsclf(src, tmp, args.model, 2)
        plain = bench_sklearn([r["text"] for r in recs])
        print(f"newsclf score, 1 process:   {one:9,.1f} articles/s")
        print(f"newsclf score, --workers 2: {two:9,.1f} articles/s   ({two / one:.2f}x one process; target >= 1.6x)")
        if not args.no_spark:
            sp = bench_spark(recs, args.model)
            print(f"Spark local[2]:             {sp:9,.1f} articles/s   ({sp / one:.2f}x one process)")
        print(f"plain TF-IDF + LinearSVC:   {plain:9,.1f} articles/s   (newsclf 1 process = {one / plain:.4f}x)")
        print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
