"""The newsclf model: normalise -> features -> heads -> claims -> result.

:class:`NewsModel` bundles one fitted TF-IDF vectorizer shared by the text heads, the
linear heads (``conflict_types`` and any custom text head, ``source_types`` over text
plus claim evidence, ``countries`` as a candidate ranker over gazetteer mentions), and
the claim source typer. ``classify`` takes one article or a list and returns the same
:class:`~newsclf.result.Classification` type for each.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from newsclf.areas import AREA_ORDER, AreaHead, rule_areas
from newsclf.article import Article, _null, normalise
from newsclf.features import (
    SOURCE_FEATURES,
    candidate_feature_names,
    candidate_matrix,
    candidate_rows,
    country_candidates,
    source_features,
)
from newsclf.exceptions import ModelLoadError
from newsclf.frozen import dump_frozen, fast_tfidf_transform, load_frozen, to_sklearn
from newsclf.heads import LinearHead
from newsclf.persist import (
    MANIFEST,
    MODEL_CARD,
    dump_sklearn,
    load_sklearn,
    read_verified_manifest,
    write_manifest,
)
from newsclf.result import Classification, Explanation
from newsclf.taxonomy import TAXONOMY_VERSION, country_codes, macro_region

__all__ = ["NewsModel", "CONFIG", "lead_text"]

logger = logging.getLogger(__name__)

#: the full evaluation figures that training writes next to the model card (not in the manifest)
_METRICS_FULL = "metrics_full.json"

CONFIG = "config.json"
#: A text without one of these letters is not English: it abstains.
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def lead_text(article: Article, max_chars: int | None) -> str:
    """The title and the lead of the body: its first ``max_chars`` characters, cut back to the
    last sentence end when one falls in the second half. ``None`` gives the whole text.

    What a text head with ``config["lead_chars"][head]`` reads: the conflict-types head
    classifies full-length articles from their lead, as the summaries it mostly learns
    from are written (on 152 held-out full-length gold articles, micro-F1 0.59 from a
    300-character lead against 0.47 from the whole text, 0.61 from 500 characters;
    ``experiments/conflict_study.py``).
    """
    body = article.body
    if max_chars is None or len(body) <= max_chars:
        return article.text
    cut = body[:max_chars]
    k = cut.rfind(". ")
    if k > max_chars // 2:
        cut = cut[:k + 1]
    return f"{article.title}\n\n{cut}" if article.title else cut


#: what to pass classify_iter instead of a pandas object (one Series may be a row: not taken as a stream)
_PANDAS_STREAM = {
    "Series": "for a pandas Series of texts pass iter(series) or series.tolist(), for one DataFrame row "
              "classify(row.to_dict())",
    "DataFrame": 'for a pandas DataFrame pass df.to_dict("records")',
}


def _is_batch(x: Any) -> bool:
    return isinstance(x, list) or (hasattr(x, "__iter__")
                                   and not isinstance(x, (str, bytes, bytearray, memoryview, dict, tuple, Article))
                                   and not hasattr(x, "keys"))


class NewsModel:
    """A fitted newsclf model. Build one with :func:`newsclf.train` or :meth:`load`."""

    def __init__(self, *, vectorizer: Any, text_heads: dict[str, LinearHead], source_head: LinearHead | None,
                 country_head: LinearHead | None, source_typer: Any = None, config: dict[str, Any] | None = None,
                 manifest: dict[str, Any] | None = None, area_head: AreaHead | None = None) -> None:
        self.vectorizer = vectorizer
        self.text_heads = dict(text_heads)
        self.source_head = source_head
        self.country_head = country_head
        self.area_head = area_head
        self.source_typer = source_typer
        self.config = dict(config or {})
        self.manifest = dict(manifest or {})
        self._feature_names: np.ndarray | None = None
        #: the folder it was loaded from or last saved to (its card and full metrics follow it)
        self._folder: Path | None = None

    # ----------------------------------------------------------------- public API
    @property
    def taxonomy_version(self) -> str:
        return str(self.config.get("taxonomy_version", TAXONOMY_VERSION))

    @property
    def heads(self) -> tuple[str, ...]:
        names = list(self.text_heads)
        if self.source_head is not None:
            names.append("source_types")
        if self.country_head is not None:
            names.append("countries")
        return tuple(names)

    def classify(self, x: Any) -> Classification | list[Classification]:
        """Classify one article (str, bytes, dict, (title, body), Article) or a list of them.

        A list in gives a list out, in order. Raises ``TypeError`` naming the bad item.
        """
        if _is_batch(x):
            return self.classify_many(list(x))
        return self.classify_many([x])[0]

    def classify_many(self, items: Sequence[Any]) -> list[Classification]:
        articles = []
        for i, item in enumerate(items):
            try:
                articles.append(normalise(item))
            except TypeError as exc:
                if len(items) == 1:
                    raise
                raise TypeError(f"item {i} of the batch: {exc}") from None
        return self.classify_articles(articles)

    def classify_iter(self, items: Iterable[Any], *, batch_size: int = 256,
                      on_error: str = "raise") -> Iterator[Classification]:
        """Classify a stream of articles lazily: one result per item, in order, in batches of
        ``batch_size`` (memory bounded by one batch, whatever the stream's length).

        Items are what :meth:`classify` takes one at a time (str, bytes, dict, (title, body),
        Article). A bad item (None, a number, a dict without text) raises ``TypeError`` naming
        its position in the stream with ``on_error="raise"``; with ``on_error="abstain"`` it
        gives an abstained result (the dict's ``id`` kept when it has one) and a warning, so
        the results still line up one to one with the items; so does an item whose
        classification raises (logged as an error), which ends the stream with ``"raise"``.
        An exception raised by ``items`` itself comes after the results of the items it gave.
        """
        if on_error not in ("raise", "abstain"):
            raise ValueError(f"on_error must be 'raise' or 'abstain', got {on_error!r}")
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
        if not _is_batch(items):
            kind = type(items).__name__
            if type(items).__module__.startswith("pandas") and kind in _PANDAS_STREAM:
                raise TypeError(f"classify_iter takes an iterable of articles, got {kind}; {_PANDAS_STREAM[kind]}")
            raise TypeError(f"classify_iter takes an iterable of articles, got {kind}; "
                            "for one article use classify()")
        return self._stream(items, batch_size, on_error)   # (checked above, now: a generator checks late)

    def _stream(self, items: Iterable[Any], batch_size: int, on_error: str) -> Iterator[Classification]:
        batch: list[Article] = []
        it = iter(items)
        for i in itertools.count():
            try:
                item = next(it)
            except StopIteration:
                break
            except Exception:
                # the caller's source failed: the items it gave are classified first
                if batch:
                    yield from self._classify_batch(batch, on_error)
                raise
            try:
                batch.append(normalise(item))
            except TypeError as exc:
                if on_error == "raise":
                    raise TypeError(f"item {i} of the stream: {exc}") from None
                logger.warning("item %d of the stream abstains: %s", i, exc)
                rid = item.get("id") if isinstance(item, dict) else None
                batch.append(Article(body="", id=None if _null(rid) else str(rid)))
            if len(batch) >= batch_size:
                yield from self._classify_batch(batch, on_error)
                batch = []
        if batch:
            yield from self._classify_batch(batch, on_error)

    def _classify_batch(self, batch: list[Article], on_error: str) -> list[Classification]:
        """:meth:`classify_articles`; with ``on_error="abstain"``, a batch that raises is classified
        article by article and an article that raises abstains (the error logged)."""
        if on_error == "raise":
            return self.classify_articles(batch)
        try:
            return self.classify_articles(batch)
        except Exception:  # noqa: BLE001 - one article must not end the stream
            logger.warning("a batch of %d articles failed as a whole; classifying them one by one", len(batch),
                           exc_info=True)
        out = []
        for a in batch:
            try:
                out.append(self.classify_articles([a])[0])
            except Exception as exc:  # noqa: BLE001
                logger.error("article %r abstains: classifying it failed with %s: %s", a.id or a.title[:60],
                             type(exc).__name__, exc)
                out.append(self._abstain(a))
        return out

    def classify_articles(self, articles: Sequence[Article]) -> list[Classification]:
        """Classify normalised articles. Empty ones abstain, and so do those without a Latin
        letter (Arabic or Hebrew text, symbols: the models read English): no labels,
        ``abstained`` true."""
        results: list[Classification | None] = [None] * len(articles)
        live = []
        for i, a in enumerate(articles):
            if a.is_empty or _LATIN_LETTER.search(a.text) is None:
                results[i] = self._abstain(a)
            else:
                live.append(i)
        if live:
            for i, res in zip(live, self._classify_live([articles[i] for i in live])):
                results[i] = res
        return results  # type: ignore[return-value]

    # ----------------------------------------------------------------- internals
    def _abstain(self, article: Article) -> Classification:
        return Classification(abstained=True, id=article.id, credits=article.credits, title=article.title,
                              taxonomy_version=self.taxonomy_version)

    def _transform(self, articles: Sequence[Article]) -> sp.csr_matrix:
        X = fast_tfidf_transform(self.vectorizer, [a.text for a in articles])
        return X if X.dtype == np.float32 else X.astype(np.float32)

    def _head_inputs(self, articles: Sequence[Article], X: sp.csr_matrix) -> dict[str, sp.csr_matrix]:
        """The feature rows each text head reads: ``X``, or the rows of the articles' leads for a
        head with ``config["lead_chars"][head]`` (only texts longer than the lead are transformed again),
        followed by the rule cues of a head with ``config["cues"][head]`` (``{"mode", "scale"}``)."""
        leads = self.config.get("lead_chars") or {}
        out: dict[str, sp.csr_matrix] = {}
        by_n: dict[int, sp.csr_matrix] = {}
        for name in self.text_heads:
            n = leads.get(name)
            if not n:
                out[name] = X
                continue
            if n not in by_n:
                long = [i for i, a in enumerate(articles) if len(a.body) > n]
                if not long:
                    by_n[n] = X
                else:
                    Xl = fast_tfidf_transform(self.vectorizer, [lead_text(articles[i], n) for i in long])
                    rows = np.arange(len(articles))
                    rows[long] = X.shape[0] + np.arange(len(long))
                    by_n[n] = sp.vstack([X, Xl.astype(np.float32)], format="csr")[rows]
            out[name] = by_n[n]
        for name, cue in (self.config.get("cues") or {}).items():
            if name in out:  # the head reads rule cues too: [X, cue features] (newsclf.conflict_cues)
                from newsclf.conflict_cues import with_cues

                out[name] = with_cues(out[name], articles, leads.get(name), cue)
        return out

    def _claims(self, articles: Sequence[Article]) -> list[list[Any]]:
        if not self.config.get("claims", True):
            return [[] for _ in articles]
        from newsclf.claims import extract_claims_many

        return extract_claims_many([a.body for a in articles], typer=self.source_typer)

    def _source_matrix(self, X: sp.csr_matrix, articles: Sequence[Article], claims: Sequence[Sequence[Any]],
                       agency_mentions: Sequence[Sequence[Any]] | None = None):
        from newsclf.agencies import find_agencies, outlet_type

        if agency_mentions is None:
            agency_mentions = [find_agencies(a.body) for a in articles]
        dense = np.vstack([
            source_features(a, c, len(m), [outlet_type(o) for o in a.cited_outlets])
            for a, c, m in zip(articles, claims, agency_mentions)
        ]) if articles else np.zeros((0, len(SOURCE_FEATURES)), np.float32)
        from newsclf.source_typer import _hstack_csr

        return _hstack_csr([X, sp.csr_matrix(dense)])  # = sp.hstack(..., format="csr"), cheaper

    def _countries(self, article: Article) -> tuple[list[tuple[str, float]], dict[str, float], Any]:
        ranked, cands = self._countries_many([article])[0]
        return ranked, cands.areas, cands

    def _countries_many(self, articles: Sequence[Article]) -> list[tuple[list[tuple[str, float]], Any]]:
        """Candidates of each article with their scores, most likely first (one head call)."""
        from newsclf.gazetteer import Gazetteer

        gaz = Gazetteer.default()
        feature_set = self._country_feature_set()
        all_cands = [country_candidates(a, gaz, feature_set) for a in articles]
        if self.country_head is None:
            return [([], c) for c in all_cands]
        scores = self.country_head.scores(candidate_matrix(all_cands))[:, 0].tolist()
        out, k = [], 0
        for cands in all_cands:
            n = len(cands.codes)
            ranked = sorted(zip(cands.codes, scores[k:k + n]), key=lambda t: -t[1])
            k += n
            out.append((ranked, cands))
        return out

    def _country_feature_set(self) -> int:
        """The candidate feature set the countries head was fitted on, read off its width."""
        if self.country_head is None:
            return 1
        n_dense = self.country_head.n_features - len(country_codes())
        for feature_set in (2, 1):
            if len(candidate_feature_names(feature_set)) == n_dense:
                return feature_set
        raise ModelLoadError(f"countries head has {self.country_head.n_features} features, which matches no "
                             "candidate feature set of this newsclf version; retrain the countries head")

    def _select_countries(self, ranked: list[tuple[str, float]]) -> list[str]:
        if not ranked or self.country_head is None:
            return []
        thr = float(self.country_head.thresholds[0])
        floor = float(self.config.get("country_floor", 0.05))
        chosen = [c for c, s in ranked if s >= thr]
        if not chosen and ranked[0][1] >= floor:
            chosen = [ranked[0][0]]
        return chosen

    def _areas(self, countries: Sequence[str], areas: dict[str, float]) -> list[str]:
        """Palestinian areas of a PS article named in its text (:func:`newsclf.areas.rule_areas`,
        ``config["areas_min_share"]``, default 0.3); empty when it names none."""
        if "PS" not in countries:
            return []
        return rule_areas(areas, float(self.config.get("areas_min_share", 0.3)))

    def _agencies(self, article: Article, claims: Sequence[Any], mentions: Sequence[Any]) -> list[str]:
        from newsclf.agencies import canonical_agency

        out: dict[str, None] = {}
        for c in claims:
            if getattr(c, "agency", None):
                out[c.agency] = None
        # a wire credit for the text itself: a "GAZA (AFP) -" dateline in the first line, or a
        # summary's citation of its sentence ("... operation. (RIA) Russia's ...")
        body = article.body
        for m in mentions:
            if body[max(0, m.start - 1): m.start] == "(" and body[m.end: m.end + 1] == ")" and (
                    m.start < 120 or body[max(0, m.start - 10): m.start - 1].rstrip()[-1:] in {".", "!", "?"}):
                out[m.canonical] = None
        for o in article.cited_outlets:
            ag = canonical_agency(o)
            if ag:
                out[ag] = None
        return list(out)

    def _classify_live(self, articles: Sequence[Article]) -> list[Classification]:
        from newsclf.agencies import find_agencies

        X = self._transform(articles)
        inputs = self._head_inputs(articles, X)
        text_scores = {name: head.scores(inputs[name]) for name, head in self.text_heads.items()}
        claims = self._claims(articles)
        agency_mentions = [find_agencies(a.body) for a in articles]
        src_scores = None
        if self.source_head is not None:
            src_scores = self.source_head.scores(self._source_matrix(X, articles, claims, agency_mentions))
        countries_all = self._countries_many(articles)
        chosen = [self._select_countries(ranked) for ranked, _ in countries_all]
        named = [self._areas(c, cands.areas) for c, (_, cands) in zip(chosen, countries_all)]
        guessed: dict[int, tuple[list[str], dict[str, float]]] = {}
        unnamed = [i for i, c in enumerate(chosen) if "PS" in c and not named[i]]
        if unnamed and self.area_head is not None:  # a PS article that names no area: the area head
            guessed = dict(zip(unnamed, self.area_head.predict([articles[i] for i in unnamed])))
        out = []
        for i, art in enumerate(articles):
            scores: dict[str, dict[str, float]] = {}
            labels: dict[str, list[str]] = {}
            for name, head in self.text_heads.items():
                s = text_scores[name][i]
                scores[name] = dict(zip(head.labels, s.tolist()))
                labels[name] = [head.labels[j] for j in np.argsort(-s) if s[j] >= head.thresholds[j]]
            conflict = labels.get("conflict_types", [])
            if "settler_violence" in conflict and "violence_against_civilians" not in conflict \
                    and "violence_against_civilians" in scores.get("conflict_types", {}):
                conflict.append("violence_against_civilians")  # TAXONOMY: settler violence against people
            source_types: list[str] = []
            if src_scores is not None and self.source_head is not None:
                s = src_scores[i]
                scores["source_types"] = dict(zip(self.source_head.labels, s.tolist()))
                source_types = [self.source_head.labels[j] for j in np.argsort(-s) if s[j] >= self.source_head.thresholds[j]]
            ranked, cands = countries_all[i]
            area_counts = cands.areas
            countries = chosen[i]
            scores["countries"] = dict(ranked)
            areas = named[i]
            if i in guessed:  # the area head's area and probabilities (it may have abstained)
                areas, scores["areas"] = guessed[i]
            elif areas:  # each named area's share of the area mentions' salience
                total = sum(area_counts[a] for a in area_counts if a in AREA_ORDER)
                scores["areas"] = {a: area_counts[a] / total for a in AREA_ORDER if a in area_counts}
            out.append(Classification(
                countries=tuple(countries), areas=tuple(areas), macro_region=macro_region(countries),
                conflict_types=tuple(conflict), source_types=tuple(source_types),
                agencies=tuple(self._agencies(art, claims[i], agency_mentions[i])), credits=art.credits,
                claims=tuple(claims[i]), scores=scores, id=art.id, title=art.title,
                taxonomy_version=self.taxonomy_version,
                labels={k: tuple(v) for k, v in labels.items() if k != "conflict_types"},
            ))
        return out

    # ----------------------------------------------------------------- explain
    def feature_names(self) -> np.ndarray:
        if self._feature_names is None:
            self._feature_names = np.asarray(self.vectorizer.get_feature_names_out(), dtype=object)
        return self._feature_names

    def explain(self, x: Any, *, top: int = 8, result: Classification | None = None) -> list[Explanation]:
        """For each label predicted for one article, the features that pushed its margin up most.

        Pass ``result`` (this model's classification of the same article) to skip classifying it again.
        """
        art = normalise(x)
        res = result if result is not None else self.classify_articles([art])[0]
        if res.abstained:
            return []
        X = self._transform([art])
        inputs = self._head_inputs([art], X)
        names = self.feature_names()
        out: list[Explanation] = []
        cues = self.config.get("cues") or {}
        for name, head in self.text_heads.items():
            row = inputs[name].getrow(0)
            head_names = names
            if name in cues:
                from newsclf.conflict_cues import cue_names

                head_names = np.concatenate([names, np.asarray(cue_names(cues[name]["mode"]), dtype=object)])
            predicted = res.conflict_types if name == "conflict_types" else res.labels.get(name, ())
            for label in predicted:
                j = head.labels.index(label)
                contrib = row.data * head.coef[j, row.indices]
                order = np.argsort(-contrib)[:top]
                feats = tuple((str(head_names[row.indices[k]]), float(contrib[k])) for k in order if contrib[k] > 0)
                out.append(Explanation(name, label, res.scores[name][label], feats))
        if self.source_head is not None and res.source_types:
            Xs = self._source_matrix(X, [art], [list(res.claims)]).getrow(0)
            all_names = np.concatenate([names, np.asarray(SOURCE_FEATURES, dtype=object)])
            for label in res.source_types:
                j = self.source_head.labels.index(label)
                contrib = Xs.data * self.source_head.coef[j, Xs.indices]
                order = np.argsort(-contrib)[:top]
                feats = tuple((str(all_names[Xs.indices[k]]), float(contrib[k])) for k in order if contrib[k] > 0)
                out.append(Explanation("source_types", label, res.scores["source_types"][label], feats))
        if res.countries:
            _, named, cands = self._countries(art)
            if self.area_head is not None and res.areas and "PS" in res.countries \
                    and not self._areas(res.countries, named):  # the areas came from the area head
                out += self.area_head.explain(art, res.areas, top=top)
            if self.country_head is not None:
                rows = candidate_rows(cands).toarray()
                cnames = list(candidate_feature_names(self._country_feature_set()))
                cnames += [f"prior:{c}" for c in country_codes()]
                for label in res.countries:
                    i = cands.codes.index(label)
                    contrib = rows[i] * self.country_head.coef[0]
                    order = np.argsort(-contrib)[:top]
                    feats = tuple((cnames[k], float(contrib[k])) for k in order if contrib[k] > 0)
                    out.append(Explanation("countries", label, res.scores["countries"][label], feats))
        return out

    # ----------------------------------------------------------------- persistence
    def save(self, path: str | Path, *, overwrite: bool = False, metrics: dict[str, Any] | None = None,
             training: dict[str, Any] | None = None, card: str | None = None,
             format: str = "frozen") -> Path:
        """Save to a new folder (an existing one only with ``overwrite=True``).

        ``format="frozen"`` (default) stores the scikit-learn parts as JSON + ``.npz``
        (:mod:`newsclf.frozen`: loads in well under a second); ``format="skops"`` stores
        them as compressed skops files (slow to load for large vocabularies).
        """
        if format not in ("frozen", "skops"):
            raise ValueError(f"format must be 'frozen' or 'skops', got {format!r}")
        import sklearn

        from newsclf import __version__
        from newsclf.gazetteer import MATCHER_VERSION as GAZETTEER_MATCHER
        from newsclf.gazetteer import default_sha256 as default_gazetteer_sha256

        folder = Path(path)
        if folder.exists() and any(folder.iterdir()) and not overwrite:
            raise FileExistsError(f"{folder} exists and is not empty; pass overwrite=True to replace it")
        if folder.is_dir() and any(folder.iterdir()) and not (folder / MANIFEST).is_file():
            # overwrite replaces a saved model, and never deletes the files of a folder that holds none
            raise FileExistsError(f"{folder} holds no newsclf model (no {MANIFEST}) and is not empty; overwrite "
                                  "replaces a saved model only: choose a new or empty folder")
        # a loaded model saved again keeps its card and full metrics (read before the folder is
        # emptied: it may be the same folder), as its manifest keeps its training and metrics
        kept: dict[str, str] = {}
        source = self._folder
        if card is None and metrics is None and source is not None:
            for name in (MODEL_CARD, _METRICS_FULL):
                if (Path(source) / name).is_file():
                    kept[name] = (Path(source) / name).read_text(encoding="utf-8")
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*"):
            if old.is_file():
                old.unlink()
        files: list[str] = []
        files += self._dump_part(self.vectorizer, folder, "vectorizer", format)
        for head in self.text_heads.values():
            files += head.save(folder)
        if self.source_head is not None:
            files += self.source_head.save(folder)
        if self.country_head is not None:
            files += self.country_head.save(folder)
        if self.source_typer is not None:
            files += self._dump_part(self.source_typer.pipeline, folder, "source_typer", format)
        if self.area_head is not None:
            files += self._dump_part(self.area_head.vectorizer, folder, "area_vectorizer", format)
            files += self.area_head.head.save(folder)
        config = {**self.config, "taxonomy_version": self.taxonomy_version, "format": format,
                  "source_typer": self.source_typer is not None,
                  "area_head": self.area_head is not None,
                  "area_min_prob": self.area_head.min_prob if self.area_head is not None else None,
                  "text_heads": list(self.text_heads),
                  "source_head": self.source_head is not None, "country_head": self.country_head is not None}
        (folder / CONFIG).write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
        files.append(CONFIG)
        meta = {
            "newsclf_version": __version__,
            "sklearn_version": sklearn.__version__,
            "taxonomy_version": self.taxonomy_version,
            # the gazetteer the countries head was fitted with: this one for a new head; a loaded
            # (or retrained-without-countries) model keeps its own record, None when it had none
            "gazetteer_sha256": self.manifest["gazetteer_sha256"] if "gazetteer_sha256" in self.manifest
            else None if self.manifest.get("files") else default_gazetteer_sha256(),
            # and the matching code's version (1 for a model saved before it was recorded)
            "gazetteer_matcher": self.manifest.get("gazetteer_matcher", 1) if self.manifest.get("files")
            or "gazetteer_matcher" in self.manifest else GAZETTEER_MATCHER,
            "custom_taxonomy": bool(config.get("custom_taxonomy", False)),
            "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "training": training if training is not None else self.manifest.get("training", {}),
            "metrics": metrics if metrics is not None else self.manifest.get("metrics", {}),
        }
        self.manifest = write_manifest(folder, files, meta)
        if card is not None:
            (folder / MODEL_CARD).write_text(card, encoding="utf-8")
        for name, text in kept.items():
            (folder / name).write_text(text, encoding="utf-8")
        self._folder = folder
        logger.info("saved model to %s (%d files)", folder, len(files))
        return folder

    @classmethod
    def load(cls, path: str | Path) -> "NewsModel":
        """Load a model folder after checking every file against its manifest."""
        folder = Path(path)
        t0 = time.perf_counter()
        manifest = read_verified_manifest(folder)
        config = json.loads((folder / CONFIG).read_text(encoding="utf-8"))
        fmt = config.get("format", "skops")
        vectorizer = cls._load_part(folder, "vectorizer", fmt)
        text_heads = {name: LinearHead.load(folder, name) for name in config.get("text_heads", [])}
        source_head = LinearHead.load(folder, "source_types") if config.get("source_head") else None
        country_head = LinearHead.load(folder, "countries") if config.get("country_head") else None
        typer = None
        if config.get("source_typer"):
            from newsclf.source_typer import SourceTyper

            typer = SourceTyper(cls._load_part(folder, "source_typer", fmt))
        area_head = None
        if config.get("area_head"):
            area_head = AreaHead(cls._load_part(folder, "area_vectorizer", fmt), LinearHead.load(folder, "areas"),
                                 float(config["area_min_prob"]))
        model = cls(vectorizer=vectorizer, text_heads=text_heads, source_head=source_head,
                    country_head=country_head, source_typer=typer, config=config, manifest=manifest,
                    area_head=area_head)
        model._folder = folder
        model._country_feature_set()  # a countries head this version cannot feed fails here, not per article
        logger.info("loaded model %s in %.0f ms", folder, 1000 * (time.perf_counter() - t0))
        return model

    @staticmethod
    def _dump_part(obj: Any, folder: Path, stem: str, fmt: str) -> list[str]:
        obj = to_sklearn(obj)  # a lite object of a loaded frozen model: its scikit-learn equivalent
        for part in ([obj] + [t for _, t in getattr(obj, "transformer_list", [])]):
            if hasattr(part, "stop_words_"):
                part.stop_words_ = None  # bloats the file; not needed to transform
        if fmt == "skops":
            dump_sklearn(obj, folder / f"{stem}.skops")
            return [f"{stem}.skops"]
        return dump_frozen(obj, folder, stem)

    @staticmethod
    def _load_part(folder: Path, stem: str, fmt: str) -> Any:
        if fmt == "skops":
            return load_sklearn(folder / f"{stem}.skops")
        if fmt != "frozen":
            raise ModelLoadError(f"{folder}: unknown model format {fmt!r}; this newsclf reads 'frozen' and 'skops'")
        return load_frozen(folder, stem)

    def __repr__(self) -> str:
        return f"NewsModel(heads={self.heads}, taxonomy=v{self.taxonomy_version})"

