"""Model cards: data and licenses, label counts, metrics, intended use, limitations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["render_card", "DATA_LICENSES"]

#: attributions required by ../shared/data/README.md
DATA_LICENSES = {
    "wcep/wcep_2002_2022.jsonl": ("Wikipedia Current Events Portal summaries, 2002-2022",
                                  'CC BY-SA: "Wikipedia contributors, Portal:Current events"'),
    "ucdp/ucdp_ged_syria_2016_2019.csv": ("UCDP Georeferenced Event Dataset, Syria 2016-2019",
                                          "CC BY 4.0: Sundberg & Melander (2013), UCDP GED codebook"),
    "wikinews/wikinews_2019.jsonl": ("Wikinews articles from 2019", "CC BY 2.5: Wikinews"),
}


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def _metrics_table(metrics: Mapping[str, Any], *, in_sample_dev: bool = False) -> list[str]:
    rows = [
        ("primary-country accuracy", lambda m: m["primary_country_accuracy"]),
        ("countries micro-F1", lambda m: m["countries"]["f1"]),
        ("areas accuracy (PS articles)", lambda m: m["areas_accuracy_ps"]),
        ("conflict_types micro-F1", lambda m: m["conflict_types"]["micro_f1"]),
        ("conflict_types macro-F1", lambda m: m["conflict_types"]["macro_f1"]),
        ("source_types micro-F1", lambda m: m["source_types"]["micro_f1"]),
        ("source_types macro-F1", lambda m: m["source_types"]["macro_f1"]),
        ("agencies F1", lambda m: m["agencies"]["f1"]),
        ("claims source-span F1", lambda m: (m.get("claims") or {}).get("f1")),
        ("claims source-type accuracy", lambda m: (m.get("claims") or {}).get("type_accuracy")),
    ]
    splits = [s for s in ("dev", "test", "seeds") if isinstance(metrics.get(s), Mapping)]
    names = {"dev": "gold dev", "test": "gold test", "seeds": "seed articles"}
    if in_sample_dev:
        names["dev"] = "gold dev (fitted on)"
    out = ["| metric | " + " | ".join(f"{names[s]} (n={metrics[s]['n']})" for s in splits) + " |",
           "|---|" + "---|" * len(splits)]
    for name, get in rows:
        vals = []
        for s in splits:
            try:
                vals.append(_fmt(get(metrics[s])))
            except (KeyError, TypeError):
                vals.append("-")
        out.append(f"| {name} | " + " | ".join(vals) + " |")
    for head in ("conflict_types", "source_types"):
        if "test" in metrics:
            out += ["", f"Per-label F1 on gold test, `{head}`:", "", "| label | F1 | support |", "|---|---|---|"]
            for label, s in metrics["test"][head]["per_label"].items():
                out.append(f"| {label} | {s['f1']:.3f} | {s['support']} |")
    return out


def render_card(manifest: Mapping[str, Any], metrics: Mapping[str, Any] | None = None,
                *, name: str = "newsclf-en") -> str:
    """A Markdown model card for a saved model."""
    training = manifest.get("training", {})
    cues = {"lead": "title + lead", "lead+body": "title + lead and on the whole text"}.get(
        str((training.get("config") or {}).get("conflict_cues")), "")
    own_data = "data_sha256" in training  # trained with newsclf.train on its user's labels
    weak = bool(training.get("n_weak"))
    use = ("A model trained with `newsclf.train` on its owner's labels (below): its intended use is its "
           "trainer's to state. newsclf's own limits hold: English news text, not for decisions about "
           "individuals, and a claim's source type says who is cited, not whether the claim is true."
           if own_data else
           "Tagging English news articles, mainly Middle East conflict coverage, with the countries where the "
           "events happen (plus macro-region and Palestinian area), multi-label conflict types, the kinds of "
           "sources the article relies on, and its attributed claims. For research, monitoring and triage of news "
           "streams, with a human reading what matters. Not for decisions about individuals, and not a "
           "fact-checker: a claim's source type says who is cited, not whether the claim is true.")
    heads = set(training.get("heads_trained", [])) | set(training.get("heads_kept_from_base", [])) \
        if own_data else {"countries", "source_types", "conflict_types"}
    parts = []
    if "countries" in heads:
        parts.append("Countries are a linear ranker over gazetteer candidates (GeoNames-derived names plus a "
                     "curated list of conflict places) with mention-context features that tell an acting country "
                     "from a place where events happen; the Palestinian area of a PS article comes from the areas "
                     "its places are in or, when it names none, from a multinomial logistic regression over its "
                     "words, fitted on corpus articles that name an area with those names masked (it abstains "
                     "below its `area_min_prob`).")
    if "source_types" in heads:
        parts.append("Source types combine text features with evidence from the extracted claims and cited "
                     "outlets; claim source types come from a linear model over the source span and its context, "
                     "with lexicon rules for agencies and anonymity.")
    lines = [
        f"# Model card: {name}",
        "",
        f"newsclf {manifest.get('newsclf_version')}, scikit-learn {manifest.get('sklearn_version')}, "
        f"taxonomy v{manifest.get('taxonomy_version')}, created {manifest.get('created')}.",
        "",
        "## Intended use",
        use,
        "",
        "## Model",
        "TF-IDF features (config below) with one-vs-rest linear classifiers per head, Platt-calibrated scores "
        f"and per-label F1-optimal thresholds (fitted on: {training.get('fitted_on', 'gold train')}; calibration: "
        f"{training.get('calibration', 'gold dev')}). "
        + ("Conflict types read the article's title and lead (`lead_chars` in the config) and, with "
           "`weak_mode = \"stacked\"`, take the margins of a head fitted on the weakly labelled corpus as "
           "features of the head fitted on gold (folded into one linear head). " if weak else "")
        + (f"The conflict-types head also reads the keyword rules' cues on the {cues} "
           "(`cues` in the config, `newsclf.conflict_cues`). " if cues and "conflict_types" in heads else "")
        + " ".join(parts),
        "",
        "```",
        str(training.get("config", {})),
        "```",
        "",
        "## Training data and licenses",
        "Read by path from `../shared/data`, never copied into the model or the repo.",
        "",
        "| file | what | license / attribution |",
        "|---|---|---|",
    ]
    for f in training.get("corpus_files", DATA_LICENSES):
        what, lic = DATA_LICENSES.get(f, (f, "see data/README.md"))
        lines.append(f"| `{f}` | {what} | {lic} |")
    lines.append("| `gold/*.jsonl` | hand-made labels (train fitted, dev tuned, test reported only) | written for this project |")
    lines += ["", f"Gold records: {training.get('n_gold')}; weakly labelled corpus articles: {training.get('n_weak')}.",
              "", "Weak conflict-type label counts (corpus, by labelling functions):", ""]
    for label, n in (training.get("weak_label_counts") or {}).items():
        lines.append(f"- `{label}`: {n}")
    area = training.get("area_head")
    if area:
        lines += ["", f"Area head (PS articles that name no area): {area.get('n_weak')} corpus articles that name "
                  f"one, by area: {area.get('by_label')}; no gold labels."]
    if metrics:
        lines += ["", "## Metrics", "", "Measured by `newsclf evaluate` / `training/train_shipped.py`:", ""]
        in_sample = "dev" in str(training.get("fitted_on", ""))
        lines += _metrics_table(metrics, in_sample_dev=in_sample)
        if in_sample:
            lines += ["", "Gold dev was fitted on (after the settings were chosen on it, see experiments/), so its "
                      "column is in-sample; gold test and the seed articles were never fitted or tuned on."]
        if metrics.get("train_seconds") is not None:
            lines += ["", f"Training time: {metrics['train_seconds']} s on a 2-core machine."]
    if own_data:
        lines += [
            "",
            "## Known limitations",
            "- The figures above come from the evaluation rows of its owner's data; with few rows per label "
            "their confidence intervals are wide.",
            "- Heads kept from a base model keep that model's limits (see its card); countries are found only "
            "through the gazetteer's names.",
            "- English only. Arabic or Hebrew text returns few or no labels.",
        ]
        return "\n".join(lines) + "\n"
    lines += [
        "",
        "## Known limitations",
        "- Weak labels come from keyword rules and portal sections: rare types (settler violence, displacement, "
        "humanitarian crisis) have few gold examples and lower F1; see per-label figures. Every portal summary "
        "that mentions settlers is in the gold set, so weak supervision adds no settler-violence examples: that "
        "label rests on ~20 gold examples.",
        "- Countries are found only through the gazetteer's names; an article that names no place gets none.",
        "- Trained on short portal summaries much more than on full articles; long features and opinion pieces "
        "are out of distribution.",
        "- English only. Arabic or Hebrew text returns few or no labels.",
        "- The gold sets are small (hundreds of records per split): figures have wide confidence intervals.",
    ]
    return "\n".join(lines) + "\n"
