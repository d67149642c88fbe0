"""End-to-end equivalence: classify outputs of this tree against a reference tree.

Loads both (the reference as package ``newsclf_ref``, see ``bench_stages.ref_package``) in one
process, classifies the same texts with the same model folder and writes, per tree, one JSON
line per text: ``to_dict()`` plus the raw (unrounded) scores as ``repr`` strings. Exits 1 when
the two files differ.

    python benchmarks/diff_outputs.py --ref OTHER_CHECKOUT/src [--wcep 3000] [--out /tmp/diff]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

ADVERSARIAL = [
    "", " ", "\n\n", "a", "TT", "\nTT\n", "(AP)", "Gaza (AP) - ", "x\u00a0\u00a0y\t z  w\r\nv",
    "Israeli troops raided Jenin in the northern West Bank; Israel's army said. Gaza, Gaza, Gaza.",
    "Tripoli, Lebanon. Lebanon, Pennsylvania. In the occupied East Jerusalem, near the Old City.",
    "The U.S. and the US said. Washington warned. In Kyiv, Ukraine's Zelensky said.",
    "al-Hasakah, ash-Sham, el-Bireh and Deir ez-Zor; AL-QAEDA and Al Qaeda; as Israel said.",
    "Ünïcödé: São Paulo, Zürich, Kraków, Đà Nẵng, Sana’a, Bil'in, İstanbul \u200d\u2028\u2029 \U0001F600",
    "\x00\x01\x02 control \x0b\x0c chars \x1f\x7f in Syria. \ud800 lone surrogate in Iraq.",
    "Syrian " * 3000, "Gaza. " * 20000, "US forces said " * 500, "A" * 100000,
    "!!!???...,,,;;;::: --- ''' \"\"\" ((( ))) [[[ ]]] {{{ }}} ... — – ‐ ‑ “ ” ‘ ’",
    "French President Emmanuel Macron said France will send troops. Saudi businessman, British socialite.",
    "John R. Bolton and Usman Khan met at the University of Cambridge; Mahan Air flew to Tehran.",
    "President of Cuba, the Emir of Qatar, Rafael Nadal of Spain, the Battle of Mosul, the city of Homs.",
    "Turkish armed forces, US troops, Thai policemen, a Saudi court; Russian Foreign Minister said.",
    "KABUL (Reuters) - Afghan officials said. (AFP) (AP)",
    "Title line\n\nBody with   double  spaces\tand tabs\u00a0and nbsp.\r\n\r\nSecond para.",
]


def texts(data: Path, n_wcep: int) -> list:
    from bench_classify import SEEDS, _read_jsonl

    out: list = [{"title": r["title"], "text": r["text"]} for r in _read_jsonl(data / "wikinews" / "wikinews_2019.jsonl")]
    out += [{"text": r["text"]} for r in _read_jsonl(data / "wcep" / "wcep_2002_2022.jsonl", n_wcep) if r.get("text")]
    if SEEDS.exists():
        out.append(SEEDS.read_text(encoding="utf-8"))
        out.append({"title": "", "text": SEEDS.read_text(encoding="utf-8")})
    out += ADVERSARIAL
    out += [(t[:20], t) for t in ADVERSARIAL]
    return out


def dump(pkg, model_dir: str, items: list, path: Path) -> None:
    import warnings

    from_seeds = pkg.article.split_dump  # every article of the seeds dump, too
    model = pkg.load_model(model_dir)
    seeds = [a for it in items if isinstance(it, str) and "\nTT\n" in it for a in from_seeds(it)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = model.classify_many(items) + model.classify_many(seeds)
        res += [model.classify(it) for it in items[:50]]  # the one-article path
    with path.open("w", encoding="utf-8") as fh:
        for r in res:
            d = r.to_dict()
            d["raw_scores"] = {h: {k: repr(v) for k, v in s.items()} for h, s in r.scores.items()}
            fh.write(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ref", type=Path, required=True,
                    help="src folder of the reference tree, e.g. a `git worktree` of the base commit")
    ap.add_argument("--model", default=str(REPO / "models" / "newsclf-en"))
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--wcep", type=int, default=3000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/newsclf_diff"))
    args = ap.parse_args()
    from bench_stages import ref_package

    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(ref_package(args.ref)))
    import newsclf
    import newsclf.article
    import newsclf_ref
    import newsclf_ref.article

    items = texts(args.data, args.wcep)
    args.out.mkdir(parents=True, exist_ok=True)
    a, b = args.out / "ref.jsonl", args.out / "this.jsonl"
    dump(newsclf_ref, args.model, items, a)
    dump(newsclf, args.model, items, b)
    la, lb = a.read_text(encoding="utf-8").splitlines(), b.read_text(encoding="utf-8").splitlines()
    diff = [i for i, (x, y) in enumerate(zip(la, lb)) if x != y]
    print(f"{len(items)} inputs, {len(la)} / {len(lb)} results; {len(diff)} differ "
          f"(ref {a}, this {b}); sha: {hash(tuple(la)) == hash(tuple(lb))}")
    for i in diff[:5]:
        print("ref :", la[i][:400])
        print("this:", lb[i][:400])
    return 0 if not diff and len(la) == len(lb) else 1


if __name__ == "__main__":
    raise SystemExit(main())
