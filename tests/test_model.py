"""The shipped model end to end: seeds, result type, batch, abstain, save/load, tampering."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

import newsclf
from newsclf import Classification, ModelIntegrityError, ModelLoadError
from newsclf.article import split_dump
from newsclf.taxonomy import country_codes, labels

GOLD_KEYS = {"countries", "areas", "macro_region", "conflict_types", "source_types", "agencies", "credits", "claims"}


def _seed_gold(shared_data):
    return [json.loads(line) for line in (shared_data / "gold" / "seeds.jsonl").read_text().splitlines()]


def test_seed_articles_get_gold_countries_and_areas(shipped_model, seed_text, shared_data):
    results = shipped_model.classify(split_dump(seed_text))
    gold = _seed_gold(shared_data)
    assert [r.countries for r in results] == [tuple(g["countries"]) for g in gold]
    assert [set(r.areas) for r in results] == [set(g["areas"]) for g in gold]
    assert [r.credits for r in results] == [tuple(g["credits"]) for g in gold]
    assert [r.macro_region for r in results] == ["Middle East"] * 4


def test_result_dict_has_the_taxonomy_keys(shipped_model, seed_text):
    res = shipped_model.classify(seed_text)  # a dump: the first article
    assert isinstance(res, Classification)
    d = res.to_dict()
    assert GOLD_KEYS <= set(d)
    assert set(d["scores"]["conflict_types"]) == set(labels("conflict_types"))
    assert set(d["scores"]["source_types"]) == set(labels("source_types"))
    assert all(0.0 <= v <= 1.0 for head in d["scores"].values() for v in head.values())
    assert set(d["conflict_types"]) <= set(labels("conflict_types"))
    assert set(d["countries"]) <= set(country_codes())
    for claim in d["claims"]:
        assert {"cue", "source", "source_type", "anonymous", "agency"} <= set(claim)
    json.dumps(d)  # serialisable


def test_list_in_list_out_in_order(shipped_model, seed_text):
    arts = split_dump(seed_text)
    batch = shipped_model.classify(arts)
    assert isinstance(batch, list) and len(batch) == 4
    one_by_one = [shipped_model.classify(a) for a in arts]
    assert [b.to_dict() for b in batch] == [o.to_dict() for o in one_by_one]
    assert shipped_model.classify([]) == []


def test_module_level_classify_uses_the_shipped_model(seed_text):
    if not newsclf.default_model_path().joinpath("manifest.json").is_file():
        pytest.skip("no shipped model")
    res = newsclf.classify(split_dump(seed_text)[1])
    assert res.countries == ("PS",) and res.areas == ("gaza_strip",)


@pytest.mark.parametrize("text", ["", "   \n\t  ", b""])
def test_empty_text_abstains(shipped_model, text):
    res = shipped_model.classify(text)
    assert res.abstained is True
    assert res.countries == res.conflict_types == res.source_types == res.claims == ()
    assert res.to_dict()["abstained"] is True


@pytest.mark.parametrize("bad", [None, 12, [None], ["ok text", 3]])
def test_bad_input_raises_a_clear_type_error(shipped_model, bad):
    with pytest.raises(TypeError) as exc:
        shipped_model.classify(bad)
    msg = str(exc.value)
    assert "got" in msg and ("NoneType" in msg or "int" in msg)


def test_explain_gives_features_for_each_predicted_label(shipped_model, seed_text):
    art = split_dump(seed_text)[3]
    res = shipped_model.classify(art)
    ex = shipped_model.explain(art)
    heads = {(e.head, e.label) for e in ex}
    for label in res.conflict_types:
        assert ("conflict_types", label) in heads
    for e in ex:
        assert e.features and all(w > 0 for _, w in e.features)
    assert shipped_model.explain(art, result=res) == ex  # a given result is not recomputed


def test_save_load_round_trip(shipped_model, seed_text, tmp_path):
    out = shipped_model.save(tmp_path / "copy")
    again = newsclf.load_model(out)
    arts = split_dump(seed_text)
    assert [r.to_dict() for r in again.classify(arts)] == [r.to_dict() for r in shipped_model.classify(arts)]
    with pytest.raises(FileExistsError):
        shipped_model.save(out)


def test_tampered_file_is_refused(shipped_model, tmp_path):
    folder = shipped_model.save(tmp_path / "m")
    target = folder / "head_conflict_types.npz"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError, match="head_conflict_types.npz"):
        newsclf.load_model(folder)


def test_missing_folder_and_missing_manifest(tmp_path):
    with pytest.raises(ModelLoadError, match="does not exist"):
        newsclf.load_model(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelLoadError, match="manifest"):
        newsclf.load_model(tmp_path / "empty")


def test_manifest_records_versions_and_hashes(shipped_model):
    m = shipped_model.manifest
    assert m["taxonomy_version"] == newsclf.TAXONOMY_VERSION
    assert m["sklearn_version"] and m["newsclf_version"]
    assert all(len(h) == 64 for h in m["files"].values())
    assert m["metrics"]["test"]["n"] > 0


def test_lead_text_cuts_at_a_sentence_end_and_keeps_short_texts_whole():
    from newsclf.article import Article
    from newsclf.model import lead_text

    art = Article(title="Title", body="First sentence here. " * 40)
    lead = lead_text(art, 300)
    assert lead.startswith("Title\n\nFirst sentence here.") and lead.endswith("here.")
    assert 150 < len(lead) - len("Title\n\n") <= 300
    short = Article(title="T", body="Short body.")
    assert lead_text(short, 300) == short.text and lead_text(art, None) == art.text


def test_a_head_with_lead_chars_reads_the_lead_only(shipped_model, seed_text):
    """The conflict head's scores for a long article are those of its lead as an article of its own."""
    import copy

    from newsclf.article import Article, split_dump
    from newsclf.model import lead_text

    arts = split_dump(seed_text)
    whole, model = copy.copy(shipped_model), copy.copy(shipped_model)
    whole.config = {**shipped_model.config, "lead_chars": {}}
    model.config = {**shipped_model.config, "lead_chars": {"conflict_types": 300}}
    full = whole.classify_articles(arts)
    led = model.classify_articles(arts)
    as_lead = whole.classify_articles([Article(title="", body=lead_text(a, 300)) for a in arts])
    for f, r, ref in zip(full, led, as_lead):
        assert r.scores["conflict_types"] == pytest.approx(ref.scores["conflict_types"], abs=1e-6)
        assert r.countries == f.countries and r.source_types == f.source_types  # other heads read the whole text
    assert any(r.conflict_types != f.conflict_types for r, f in zip(led, full))


def _without_cues(model):
    """The shipped model as a model saved before newsclf.conflict_cues: its conflict-types head cut
    back to the TF-IDF columns and no ``cues`` in its config (the shipped model reads cues)."""
    import copy

    from newsclf.heads import LinearHead

    n = len(model.feature_names())
    ct = model.text_heads["conflict_types"]
    head = LinearHead(ct.name, ct.labels, ct.coef[:, :n], ct.intercept, ct.calib_a, ct.calib_b, ct.thresholds)
    out = copy.copy(model)
    out.text_heads = {**model.text_heads, "conflict_types": head}
    out.config = {k: v for k, v in model.config.items() if k != "cues"}
    return out


def test_the_shipped_model_reads_conflict_cues(shipped_model, seed_text):
    """The shipped conflict-types head reads TF-IDF columns, then one column per cue of its mode."""
    from newsclf.article import split_dump
    from newsclf.conflict_cues import cue_names

    cues = shipped_model.config.get("cues") or {}
    assert set(cues) == {"conflict_types"}
    arts = split_dump(seed_text)
    X = shipped_model._head_inputs(arts, shipped_model._transform(arts))["conflict_types"]
    width = len(shipped_model.feature_names()) + len(cue_names(cues["conflict_types"]["mode"]))
    assert X.shape[1] == width == shipped_model.text_heads["conflict_types"].n_features


def test_a_model_without_cues_reads_text_features_only(shipped_model, seed_text):
    """No ``cues`` in the config (models saved before newsclf.conflict_cues): heads read the TF-IDF rows as before."""
    import copy

    from newsclf.article import split_dump

    arts = split_dump(seed_text)
    plain = _without_cues(shipped_model)
    inputs = plain._head_inputs(arts, plain._transform(arts))
    assert inputs["conflict_types"].shape[1] == len(plain.feature_names())
    other = copy.copy(plain)
    other.config = {**plain.config, "cues": {}}
    assert [r.to_dict() for r in other.classify_articles(arts)] == \
        [r.to_dict() for r in plain.classify_articles(arts)]
    assert plain.explain(arts[0])


def test_a_head_with_cues_reads_lead_rows_then_cues(shipped_model, seed_text):
    """config["cues"][head] appends cue_matrix(articles, lead_chars, mode, scale) to the head's rows."""
    import copy

    import scipy.sparse as sp

    from newsclf.article import split_dump
    from newsclf.conflict_cues import cue_matrix, cue_names
    from newsclf.heads import LinearHead

    arts = split_dump(seed_text)
    plain = _without_cues(shipped_model)
    ct = plain.text_heads["conflict_types"]
    e = len(cue_names("lead+body"))
    rng = np.random.default_rng(0)
    w = rng.normal(size=(len(ct.labels), e))
    head = LinearHead(ct.name, ct.labels, np.hstack([ct.coef, w]), ct.intercept, ct.calib_a, ct.calib_b,
                      ct.thresholds)
    model = copy.copy(plain)
    model.text_heads = {**plain.text_heads, "conflict_types": head}
    model.config = {**plain.config, "cues": {"conflict_types": {"mode": "lead+body", "scale": 0.5}}}
    n = plain.config["lead_chars"]["conflict_types"]
    X = plain._head_inputs(arts, plain._transform(arts))["conflict_types"]
    want = head.scores(sp.hstack([X, sp.csr_matrix(cue_matrix(arts, n, "lead+body", 0.5))], format="csr"))
    got = np.array([[r.scores["conflict_types"][label] for label in ct.labels] for r in model.classify_articles(arts)])
    np.testing.assert_allclose(got, want, atol=1e-6)
    assert model.explain(arts[0])  # cue columns have names


def test_a_result_pickles_and_copies_like_a_frozen_value(shipped_model, seed_text):
    # a result crosses process boundaries (ProcessPoolExecutor.map, joblib, multiprocessing)
    # and copy.deepcopy / dataclasses.asdict: its read-only scores must not make it unpicklable
    import copy
    import dataclasses
    import pickle

    res = shipped_model.classify(split_dump(seed_text)[3])
    back = pickle.loads(pickle.dumps(res))
    assert back == res and back.to_dict() == res.to_dict()
    with pytest.raises(TypeError):
        back.scores["countries"]["XX"] = 1.0  # still read-only after the round trip
    assert copy.deepcopy(res) == res
    assert dataclasses.asdict(res)["scores"]["countries"] == dict(res.scores["countries"])


def test_a_result_is_hashable_as_a_frozen_dataclass_promises(shipped_model, seed_text):
    # frozen=True gives Classification a __hash__; it raised "unhashable type" on the scores
    arts = split_dump(seed_text)
    a, b = shipped_model.classify(arts[3]), shipped_model.classify(arts[3])
    assert a == b and hash(a) == hash(b)
    assert len({a, b, shipped_model.classify(arts[1])}) == 2


def test_a_file_given_as_the_model_folder_is_named_as_a_file(tmp_path):
    # load_model("models/newsclf-en/manifest.json") said the path "does not exist"
    f = tmp_path / "manifest.json"
    f.write_text("{}")
    with pytest.raises(ModelLoadError, match="is a file, not a model folder") as exc:
        newsclf.load_model(f)
    assert "does not exist" not in str(exc.value)


def test_a_memoryview_is_one_article_as_normalise_reads_it(shipped_model):
    # normalise accepts a memoryview of UTF-8 bytes; classify took it for a batch of ints
    text = b"Syrian army shelled Idlib, SANA said."
    res = shipped_model.classify(memoryview(text))
    assert isinstance(res, Classification) and res == shipped_model.classify(text)


def test_an_agency_cited_after_a_sentence_is_an_agency_of_the_article(shipped_model):
    # a portal summary citing its wire after a sentence ("... operation. (RIA) Russia's Foreign
    # Ministry accuses ...") names an agency of the text (TAXONOMY.md: a wire credit for the text
    # itself counts); only a citation in the first 120 characters counted (the dateline rule)
    text = ("Russian President Dmitry Medvedev says Russia launched a military operation to help peacekeepers "
            "stationed in the region defend their position. (RIA) Russia's Foreign Ministry accuses Ukraine of "
            "encouraging Georgia to carry out ethnic cleansing in South Ossetia. (Reuters)")
    res = shipped_model.classify(text)
    assert set(res.agencies) == {"RIA Novosti", "Reuters"}
    assert "news_agency" not in {c.source_type for c in res.claims}  # the citation is no claim
