"""Tests for newsclf.retrain: training on users' own labels (offline, hand-written data)."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest

from newsclf.exceptions import TrainingDataError, UnknownLabelError
from newsclf.retrain import load_toml_config, parse_labels, stratified_split, train

# Hand-written short articles for a tiny custom taxonomy: riot / strike / peace.
RIOT = [
    "Protesters threw stones at police and set tyres on fire in {p} overnight.",
    "Rioters looted shops and clashed with security forces in central {p}.",
    "Police fired tear gas at crowds who torched cars in {p} after the funeral.",
    "Angry youths smashed windows and burned a police station in {p}.",
    "Street battles between rioters and riot police left dozens hurt in {p}.",
    "Crowds attacked government buildings and set them ablaze in {p} on Friday.",
    "Masked men hurled petrol bombs at police lines in {p} during the unrest.",
    "Riot police used water cannon on stone-throwing crowds in {p}.",
    "Looters ransacked a market as violent unrest spread across {p}.",
    "Demonstrators overturned vehicles and clashed with troops in {p}.",
]
STRIKE = [
    "Dock workers in {p} walked off the job demanding higher wages.",
    "Teachers across {p} began an indefinite strike over unpaid salaries.",
    "A general strike shut banks, schools and shops in {p} on Monday.",
    "Doctors in {p} stopped work for a third day in a pay dispute with the ministry.",
    "The transport union called a walkout that halted buses and trains in {p}.",
    "Oil workers in {p} downed tools, cutting output at the refinery.",
    "Public sector employees in {p} went on strike against pension cuts.",
    "Factory workers in {p} staged a sit-in strike and the union rejected the offer.",
    "Port labourers in {p} extended their strike, leaving ships unloaded.",
    "Nurses in {p} held a 24-hour strike to demand more staff.",
]
PEACE = [
    "Negotiators in {p} signed a ceasefire agreement after weeks of talks.",
    "Mediators announced a truce between the rival factions in {p}.",
    "Leaders met in {p} and agreed a peace deal to end the fighting.",
    "The two sides in {p} exchanged prisoners under the reconciliation accord.",
    "Diplomats hailed the peace talks held in {p} as a breakthrough.",
    "A reconciliation conference in {p} ended with a joint declaration of peace.",
    "Envoys brokered a lasting ceasefire in {p} under United Nations auspices.",
    "Rival leaders shook hands in {p} as the peace accord took effect.",
    "Talks in {p} produced a roadmap for disarmament and a permanent truce.",
    "The government and rebels in {p} agreed to a peace settlement.",
]
PLACES = ["Beirut", "Amman", "Baghdad", "Cairo", "Tunis", "Khartoum"]


def make_rows() -> list[dict]:
    """60 articles: 20 per label (each template in two places), deterministic ids."""
    rows = []
    for label, templates in (("riot", RIOT), ("strike", STRIKE), ("peace", PEACE)):
        for k, t in enumerate(templates):
            for j in range(2):
                place = PLACES[(k + 3 * j) % len(PLACES)]
                rows.append({"id": f"{label}-{k}-{j}", "text": t.format(p=place), "topics": [label]})
    return rows


def canonical_digests(folder: Path) -> dict[str, str]:
    """The manifest's file digests, with skops files digested by content.

    skops writes zip timestamps and Python object ids (``__id__``, ``<id>.npy``) into its
    files, so their bytes differ between identical fits; we renumber the ids in order of
    appearance and hash the members (see the report to the lead on persist.dump_sklearn).
    """
    manifest = json.loads((folder / "manifest.json").read_text())
    out = {}
    for name, digest in manifest["files"].items():
        if not name.endswith(".skops"):
            out[name] = digest
            continue
        with zipfile.ZipFile(folder / name) as z:
            schema = z.read("schema.json").decode()
            mapping: dict[str, str] = {}
            for m in re.finditer(r'"__id__": (\d+)|"file": "(\d+)\.npy"', schema):
                key = m.group(1) or m.group(2)
                mapping.setdefault(key, str(len(mapping)))
            canon = re.sub(r"\b(\d{6,})\b", lambda m: "id" + mapping.get(m.group(1), m.group(1)), schema)
            h = hashlib.sha256(canon.encode())
            for member in sorted(z.namelist(), key=lambda n: mapping.get(n[:-4], n)):
                if member != "schema.json":
                    h.update(mapping.get(member[:-4], member).encode())
                    h.update(z.read(member))
        out[name] = h.hexdigest()
    return out


FAST = {"min_df": 1, "max_features": 5000}


def test_same_config_data_seed_gives_identical_model(tmp_path):
    rows = make_rows()
    kw = dict(heads={"topics": ["riot", "strike", "peace"]}, config=FAST, track=False)
    train(rows, out=tmp_path / "a", **kw)
    train(rows, out=tmp_path / "b", **kw)
    da, db = canonical_digests(tmp_path / "a"), canonical_digests(tmp_path / "b")
    assert da == db
    assert set(da) >= {"vectorizer.json", "vectorizer.npz", "head_topics.npz", "config.json"}
    # the default (frozen) format is byte-for-byte reproducible: the raw file hashes agree
    ma = json.loads((tmp_path / "a" / "manifest.json").read_text())["files"]
    mb = json.loads((tmp_path / "b" / "manifest.json").read_text())["files"]
    assert ma == mb


def test_custom_taxonomy_on_conflict_types_and_card(tmp_path):
    rows = [{**r, "conflict_types": r.pop("topics")} for r in make_rows()]
    model = train(rows, heads={"conflict_types": ["riot", "strike", "peace"]}, config=FAST, track=False,
                  out=tmp_path / "m")
    res = model.classify("Riot police fired tear gas as rioters burned cars and looted shops in Amman.")
    assert "riot" in res.conflict_types
    cfg = json.loads((tmp_path / "m" / "config.json").read_text())
    assert cfg["custom_taxonomy"] is True
    assert cfg["taxonomy"]["conflict_types"] == ["riot", "strike", "peace"]
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text())
    assert manifest["custom_taxonomy"] is True
    card = (tmp_path / "m" / "MODEL_CARD.md").read_text()
    assert "| riot | 16 |" in card and "custom label set" in card  # training-split label counts
    assert "gold/*.jsonl" not in card
    import newsclf

    again = newsclf.load_model(tmp_path / "m")
    assert again.classify("Teachers began a strike over pay in Cairo.").conflict_types == \
        model.classify("Teachers began a strike over pay in Cairo.").conflict_types


def test_base_model_keeps_heads_and_shares_vectorizer(tmp_path):
    rows = make_rows()
    base = train(rows, heads={"topics": None}, config=FAST, track=False)
    flip = [{"id": r["id"], "text": r["text"], "mood": ["bad"] if r["topics"] != ["peace"] else ["good"]}
            for r in rows]
    model = train(flip, heads={"mood": None}, base_model=base, config=FAST, track=False)
    assert set(model.text_heads) == {"topics", "mood"}
    assert model.vectorizer is base.vectorizer
    assert model.text_heads["topics"] is base.text_heads["topics"]
    assert model.config["taxonomy"] == {"topics": ["peace", "riot", "strike"], "mood": ["bad", "good"]}


def test_unknown_builtin_label_names_closest_match():
    rows = [{"text": f"Air strikes hit the town of number {i}.", "conflict_types": ["airstrike_shelling"]}
            for i in range(12)]
    rows[3]["conflict_types"] = ["airstrikes_shelling"]
    with pytest.raises(UnknownLabelError) as e:
        train(rows, heads={"conflict_types": "builtin"}, track=False)
    msg = str(e.value)
    assert "'airstrikes_shelling'" in msg and "row 3" in msg and "did you mean 'airstrike_shelling'" in msg
    assert "Valid ids" in msg and "violence_against_civilians" in msg


def test_unknown_custom_label():
    rows = make_rows()
    rows[5]["topics"] = ["strikes"]
    with pytest.raises(UnknownLabelError, match=r"'strikes'.*did you mean 'strike'.*riot, strike, peace"):
        train(rows, heads={"topics": ["riot", "strike", "peace"]}, track=False)


def test_rare_label_warns_with_count():
    rows = make_rows()
    rows[0]["topics"] = ["riot", "curfew"]
    with pytest.warns(UserWarning, match=r"'curfew' has 1 training example"):
        train(rows, heads={"topics": ["riot", "strike", "peace", "curfew"]}, config=FAST, track=False)


def test_empty_dataset():
    with pytest.raises(TrainingDataError, match="0 rows"):
        train([], heads={"topics": ["a"]}, track=False)


def test_missing_column_names_columns_present():
    rows = [{"body": "x", "topics": ["riot"]}] * 3
    with pytest.raises(TrainingDataError, match=r"column 'text' .*missing in 3 of 3 rows.*\['body', 'topics'\]"):
        train(rows, heads={"topics": ["riot"]}, track=False)
    with pytest.raises(TrainingDataError, match=r"'labels_col'.*missing"):
        train(make_rows(), heads={"topics": None}, label_columns={"topics": "labels_col"}, track=False)


def test_rows_without_text_are_counted_not_dropped():
    rows = make_rows()
    rows[2]["text"] = "   "
    rows[7]["text"] = None
    with pytest.raises(TrainingDataError, match=r"2 of 60 rows have no text.*rows 2, 7"):
        train(rows, heads={"topics": None}, track=False)


def test_no_label_column():
    with pytest.raises(TrainingDataError, match="no label column"):
        train([{"text": "a"}], track=False)


def test_parse_labels_forms():
    assert parse_labels("riot|strike", row=0, column="c") == ["riot", "strike"]
    assert parse_labels('["riot", "peace"]', row=0, column="c") == ["riot", "peace"]
    assert parse_labels(None, row=0, column="c") == [] == parse_labels(float("nan"), row=0, column="c")
    with pytest.raises(TrainingDataError, match="row 4"):
        parse_labels(3, row=4, column="c")


def test_stratified_split_keeps_rare_labels_in_both():
    sets = [["a"]] * 40 + [["b"]] * 3 + [[]] * 7
    tr, ev = stratified_split(sets, 0.2, 0)
    assert sorted(tr + ev) == list(range(50)) and not set(tr) & set(ev)
    assert sum(i in ev for i in range(40, 43)) == 1
    assert stratified_split(sets, 0.2, 0) == (tr, ev)


def test_file_formats_and_datasets(tmp_path):
    import pandas as pd

    rows = make_rows()
    jl = tmp_path / "d.jsonl"
    jl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    csv = tmp_path / "d.csv"
    pd.DataFrame([{**r, "topics": "|".join(r["topics"])} for r in rows]).to_csv(csv, index=False)
    pq = tmp_path / "d.parquet"
    pd.DataFrame(rows).to_parquet(pq)
    kw = dict(heads={"topics": ["riot", "strike", "peace"]}, config=FAST, track=False)
    train(rows, out=tmp_path / "ref", **kw)
    ref = canonical_digests(tmp_path / "ref")
    for src in (jl, csv, pq, pd.DataFrame(rows)):
        out = tmp_path / f"m{id(src)}"
        train(src, out=out, **kw)
        assert canonical_digests(out)["head_topics.npz"] == ref["head_topics.npz"], src
    datasets = pytest.importorskip("datasets")
    ds = datasets.load_dataset("json", data_files=str(jl))  # a DatasetDict with a train split
    out = tmp_path / "hf"
    train(ds, out=out, **kw)
    assert canonical_digests(out)["head_topics.npz"] == ref["head_topics.npz"]


def test_toml_config_schema(tmp_path):
    (tmp_path / "c.toml").write_text(
        'out = "models/m"\n[data]\ntrain = "d.jsonl"\ntext_column = "text"\n'
        '[heads]\ntopics = ["riot", "strike", "peace"]\nconflict_types = "builtin"\n'
        '[labels]\ntopics = "topics"\n[train]\nmin_df = 1\n[mlflow]\nexperiment = "x"\n')
    cfg = load_toml_config(tmp_path / "c.toml")
    assert cfg["data"]["train"] == str(tmp_path / "d.jsonl")
    assert cfg["out"] == str(tmp_path / "models" / "m")
    (tmp_path / "bad.toml").write_text('[data]\ntrain = "d.jsonl"\n[train]\nlearning_rate = 1\n')
    with pytest.raises(ValueError, match="unknown config keys"):
        load_toml_config(tmp_path / "bad.toml")


def test_cli_train(tmp_path, capsys):
    from newsclf.cli import main as cli

    (tmp_path / "d.jsonl").write_text("".join(json.dumps(r) + "\n" for r in make_rows()))
    (tmp_path / "c.toml").write_text(
        '[data]\ntrain = "d.jsonl"\n[heads]\ntopics = ["riot", "strike", "peace"]\n'
        '[train]\nmin_df = 1\n[mlflow]\nenabled = false\n')
    assert cli(["train", "--config", str(tmp_path / "c.toml"), "--out", str(tmp_path / "m")]) == 0
    assert "saved" in capsys.readouterr().out
    assert (tmp_path / "m" / "MODEL_CARD.md").is_file()
    # an existing folder needs --overwrite; a bad label gives exit code 2 with the message
    assert cli(["train", "--config", str(tmp_path / "c.toml"), "--out", str(tmp_path / "m")]) == 2
    assert "overwrite" in capsys.readouterr().out


def test_conflict_types_read_the_lead_unless_turned_off(tmp_path):
    """From scratch, conflict_types reads title + first 300 body characters; custom heads read it all."""
    rows = [{**r, "conflict_types": r["topics"]} for r in make_rows()]
    model = train(rows, heads={"conflict_types": ["riot", "strike", "peace"], "topics": None}, config=FAST,
                  track=False)
    assert model.config["lead_chars"] == {"conflict_types": 300}
    off = train(rows, heads={"conflict_types": ["riot", "strike", "peace"]},
                config={**FAST, "conflict_lead_chars": 0}, track=False)
    assert off.config["lead_chars"] == {}
    # a long article whose riot comes after the lead: only the whole-text head can see it
    long = "Teachers began a strike over pay in Cairo. " + "The talks went on. " * 30 + \
        "Riot police fired tear gas as rioters burned cars and looted shops. " * 3
    assert "riot" not in model.classify(long).conflict_types
    assert "riot" in model.classify(long).labels["topics"]


def test_conflict_cues_are_features_of_the_conflict_head_and_survive_save_load(tmp_path):
    """conflict_cues="lead": the head reads [TF-IDF of the lead, rule cues]; save/load gives the same scores."""
    import newsclf
    from newsclf.conflict_cues import RULES, cue_names

    rows = [{**r, "conflict_types": r["topics"]} for r in make_rows()]
    heads = {"conflict_types": ["riot", "strike", "peace"]}
    model = train(rows, heads=heads, config={**FAST, "conflict_cues": "lead", "cue_scale": 2.0}, track=False)
    assert model.config["cues"] == {"conflict_types": {"mode": "lead", "scale": 2.0}}
    n_vocab = len(model.vectorizer.get_feature_names_out())
    assert model.text_heads["conflict_types"].n_features == n_vocab + len(RULES)
    texts = ["Protesters clashed with riot police and torched cars in Cairo.", PEACE[0].format(p="Amman"),
             "Settlers attacked a Palestinian village. " + "The talks went on. " * 30]
    before = [r.scores["conflict_types"] for r in model.classify(texts)]
    again = newsclf.load_model(model.save(tmp_path / "m"))
    assert again.config["cues"] == model.config["cues"]
    assert [r.scores["conflict_types"] for r in again.classify(texts)] == before
    # the cues are a part of the explanation's feature names
    names = model.feature_names().tolist() + cue_names("lead")
    for e in model.explain(texts[0]):
        assert all(f in names for f, _ in e.features)
    # a model without cues (conflict_cues = None; "lead" is the default) reads the TF-IDF columns only
    assert train(rows, heads=heads, config=FAST, track=False).config["cues"] == \
        {"conflict_types": {"mode": "lead", "scale": 1.0}}
    plain = train(rows, heads=heads, config={**FAST, "conflict_cues": None}, track=False)
    assert plain.config["cues"] == {}
    assert plain.text_heads["conflict_types"].n_features == len(plain.vectorizer.get_feature_names_out())


def test_an_existing_out_folder_is_refused_before_training(tmp_path, monkeypatch):
    out = tmp_path / "m"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    import newsclf.retrain as rt

    def _no_training(*a, **k):  # the check must come before any data is read
        raise AssertionError("training started")

    monkeypatch.setattr(rt, "_load_data", _no_training)
    with pytest.raises(FileExistsError, match="overwrite=True"):
        train(make_rows(), heads={"topics": None}, config=FAST, track=False, out=out)
    assert (out / "keep.txt").read_text() == "mine"


def test_a_custom_model_card_describes_its_own_data_and_heads(tmp_path):
    model = train(make_rows(), heads={"topics": None}, config=FAST, track=False, out=tmp_path / "m")
    card = (tmp_path / "m" / "MODEL_CARD.md").read_text()
    assert "fitted on: " in card and "rows of your data" in card and "gold train" not in card
    assert "its intended use is its trainer's to state" in card
    assert "weakly labelled corpus" not in card and "gazetteer candidates" not in card
    assert "Weak labels come from keyword rules" not in card
    assert model.manifest["training"]["fitted_on"].endswith("rows of your data")


def test_newsclf_train_shows_its_signature():
    import inspect

    import newsclf

    params = inspect.signature(newsclf.train).parameters
    assert {"data", "heads", "base_model", "out", "track"} <= set(params)


def test_the_readme_example_config_trains_and_keeps_the_shipped_heads(tmp_path, shipped_model):
    from newsclf.cli import main as cli

    root = Path(__file__).resolve().parents[1]
    assert cli(["train", "--config", str(root / "examples" / "custom_example.toml"), "--out", str(tmp_path / "m")]) == 0
    import newsclf

    model = newsclf.load_model(tmp_path / "m")
    assert model.text_heads["conflict_types"].labels == ("riot", "strike", "peace")
    assert model.country_head is not None and model.source_head is not None and model.area_head is not None
    res = model.classify("Bus drivers in Beirut began a strike on Monday over fuel prices, their union said.")
    assert res.conflict_types == ("strike",) and res.countries == ("LB",)


def test_a_model_retrained_without_countries_keeps_its_base_models_gazetteer_record(tmp_path):
    """The countries head comes from the base model, so does the gazetteer it was fitted with:
    retraining other heads must not make a stale countries head look current."""
    rows = make_rows()
    base = train(rows, heads={"topics": None}, config=FAST, track=False)
    base.manifest["gazetteer_sha256"] = "0" * 64   # as if fitted with another gazetteer
    flip = [{"id": r["id"], "text": r["text"], "mood": ["bad"] if r["topics"] != ["peace"] else ["good"]}
            for r in rows]
    model = train(flip, heads={"mood": None}, base_model=base, config=FAST, track=False)
    out = model.save(tmp_path / "m")
    import json

    assert json.loads((out / "manifest.json").read_text())["gazetteer_sha256"] == "0" * 64


def test_toml_heads_value_that_is_no_list_nor_builtin_is_refused(tmp_path, capsys):
    """A typo of "builtin" is an error naming it, not a label set of its letters (b, u, i, l, t, n)."""
    from newsclf.cli import main as cli

    (tmp_path / "d.jsonl").write_text("".join(json.dumps(r) + "\n" for r in make_rows()))
    (tmp_path / "c.toml").write_text('[data]\ntrain = "d.jsonl"\n[heads]\ntopics = "builtn"\n'
                                     '[train]\nmin_df = 1\n[mlflow]\nenabled = false\n')
    with pytest.raises(ValueError, match="'builtn'"):
        load_toml_config(tmp_path / "c.toml")
    assert cli(["train", "--config", str(tmp_path / "c.toml"), "--out", str(tmp_path / "m")]) == 2
    out = capsys.readouterr().out
    assert "'builtn'" in out and "b, u, i" not in out
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize("toml, match", [
    ('heads = ["topics"]\n[data]\ntrain = "d.jsonl"\n', r"heads.*table"),
    ('[data]\ntrain = "d.jsonl"\n[labels]\ntopics = ["topics"]\n', r"\[labels\] topics"),
    ('[data]\ntrain = "d.jsonl"\n[mlflow]\nenabled = "false"\n', r"enabled.*true or false"),
    ('out = 5\n[data]\ntrain = "d.jsonl"\n', r"out"),
])
def test_toml_sections_and_values_of_the_wrong_type_are_refused(tmp_path, capsys, toml, match):
    """A config of the wrong shape is a message and exit code 2, never a traceback; a quoted "false"
    does not turn MLflow tracking on."""
    from newsclf.cli import main as cli

    (tmp_path / "c.toml").write_text(toml)
    with pytest.raises(ValueError, match=match):
        load_toml_config(tmp_path / "c.toml")
    assert cli(["train", "--config", str(tmp_path / "c.toml"), "--out", str(tmp_path / "m")]) == 2
    assert "newsclf train:" in capsys.readouterr().out


def test_label_columns_of_a_head_that_is_not_trained_are_refused():
    """A typo in a label_columns ([labels]) head name must not silently train on another column."""
    rows = [{**r, "conflict_types": ["riot"]} for r in make_rows()]   # a stale column of the head's own name
    with pytest.raises(ValueError, match="conflict_typse"):
        train(rows, heads={"conflict_types": ["riot", "strike", "peace"]},
              label_columns={"conflict_typse": "topics"}, config=FAST, track=False)


@pytest.mark.parametrize("overwrite", [False, True])
def test_an_out_path_that_is_a_file_is_refused_before_training(tmp_path, monkeypatch, overwrite):
    out = tmp_path / "m"
    out.write_text("mine")
    import newsclf.retrain as rt

    def _no_training(*a, **k):
        raise AssertionError("training started")

    monkeypatch.setattr(rt, "_load_data", _no_training)
    with pytest.raises(FileExistsError, match="not a folder"):
        train(make_rows(), heads={"topics": None}, config=FAST, track=False, out=out, overwrite=overwrite)
    assert out.read_text() == "mine"


def test_too_few_rows_for_the_vocabulary_is_a_training_data_error():
    """Three rows with the default min_df = 2: say so, not scikit-learn's 'max_df corresponds to < documents
    than min_df'."""
    rows = [{"id": str(i), "text": t.format(p="Cairo"), "topics": ["riot"]} for i, t in enumerate(RIOT[:3])]
    with pytest.raises(TrainingDataError, match=r"3 training rows.*min_df"):
        train(rows, heads={"topics": None}, track=False)


def test_register_without_tracking_is_not_silently_dropped(tmp_path, monkeypatch):
    """register/alias with track=False is an error before training; on the command line, --register with a
    config whose [mlflow] has enabled = false (as the README's example) tracks and registers the run."""
    with pytest.raises(ValueError, match="register"):
        train(make_rows(), heads={"topics": None}, config=FAST, track=False, register="m", alias="champion")
    import newsclf.retrain as rt
    from newsclf.cli import main as cli

    seen = {}

    def fake_train(data, **kw):
        seen.update(kw)
        return train(data, **{**kw, "track": False, "register": None, "alias": None, "tracking_uri": None})

    monkeypatch.setattr(rt, "train", fake_train)
    (tmp_path / "d.jsonl").write_text("".join(json.dumps(r) + "\n" for r in make_rows()))
    (tmp_path / "c.toml").write_text('[data]\ntrain = "d.jsonl"\n[heads]\ntopics = ["riot", "strike", "peace"]\n'
                                     '[train]\nmin_df = 1\n[mlflow]\nenabled = false\n')
    assert cli(["train", "--config", str(tmp_path / "c.toml"), "--out", str(tmp_path / "m"),
                "--register", "mine", "--alias", "champion"]) == 0
    assert seen["track"] is True and seen["register"] == "mine" and seen["alias"] == "champion"
    assert cli(["train", "--config", str(tmp_path / "c.toml"), "--out", str(tmp_path / "m2")]) == 0
    assert seen["track"] is False


def test_overwrite_replaces_a_model_folder_but_never_deletes_other_files(tmp_path, monkeypatch):
    """overwrite=True (--overwrite) replaces a saved model; pointed by mistake at a folder that holds no model
    (a project root, a home folder) it used to delete every file in it."""
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "README.md").write_text("mine")
    import newsclf.retrain as rt

    model = train(make_rows(), heads={"topics": None}, config=FAST, track=False)
    with pytest.raises(FileExistsError, match="no newsclf model"):
        model.save(folder, overwrite=True)
    real_load = rt._load_data
    monkeypatch.setattr(rt, "_load_data", lambda *a, **k: (_ for _ in ()).throw(AssertionError("training started")))
    with pytest.raises(FileExistsError, match="no newsclf model"):
        train(make_rows(), heads={"topics": None}, config=FAST, track=False, out=folder, overwrite=True)
    assert (folder / "README.md").read_text() == "mine"
    monkeypatch.setattr(rt, "_load_data", real_load)
    # a model folder is replaced
    m = tmp_path / "m"
    train(make_rows(), heads={"topics": None}, config=FAST, track=False, out=m)
    train(make_rows(), heads={"topics": None}, config={**FAST, "C": 2.0}, track=False, out=m, overwrite=True)
    assert json.loads((m / "manifest.json").read_text())["training"]["config"]["C"] == 2.0


@pytest.mark.parametrize("extra, match", [({"eval_frac": 0.3}, "eval_frac"), ({"eval_fraction": 1.5}, "eval_fraction"),
                                          ({"refit_vectoriser": True}, "refit_vectoriser")])
def test_a_typo_in_the_extra_train_keys_is_refused(extra, match, monkeypatch):
    """extra = { eval_fraction, refit_vectorizer }: a misspelt key was silently ignored (the default split used)."""
    import newsclf.retrain as rt

    monkeypatch.setattr(rt, "_load_data", lambda *a, **k: (_ for _ in ()).throw(AssertionError("training started")))
    with pytest.raises(ValueError, match=match):
        train(make_rows(), heads={"topics": None}, config={**FAST, "extra": extra}, track=False)


def test_jsonl_training_data_with_a_byte_order_mark_and_unicode_line_separators(tmp_path):
    # a BOM file failed "line 1: invalid JSON", and str.splitlines cut records at U+2028 / U+0085
    from newsclf.retrain import load_records

    rows = [{"text": "Troops clashed in Aden,\u2028officials said.", "conflict_types": ["armed_clash"]},
            {"text": "Protesters rallied\u0085 in Beirut.", "conflict_types": ["protest"]}]
    path = tmp_path / "labels.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode())
    assert load_records(path)[0] == rows


def test_eval_fraction_zero_is_recorded_as_such():
    """The run's record says why there are no evaluation rows: eval_fraction = 0, not 'fewer than 10 rows'."""
    model = train(make_rows(), heads={"topics": None}, config={**FAST, "extra": {"eval_fraction": 0}}, track=False)
    src = model.manifest["training"]["eval_source"]
    assert model.manifest["training"]["n_eval"] == 0
    assert "fewer than 10" not in src and "eval_fraction" in src
    tiny = train(make_rows()[::7], heads={"topics": None}, config=FAST, track=False)
    assert "fewer than 10 rows" in tiny.manifest["training"]["eval_source"]


def test_a_country_code_in_lower_case_names_its_upper_case_id():
    """'ps' and 'il' are common in label files: the closest match is the same code in upper case (difflib
    found none for two letters)."""
    rows = [{"text": f"Israeli troops raided Jenin in the West Bank, report {i}.", "countries": ["PS"]}
            for i in range(12)]
    rows[4]["countries"] = ["ps"]
    with pytest.raises(UnknownLabelError, match=r"'ps' in row 4.*did you mean 'PS'"):
        train(rows, heads={"countries": None}, track=False)


@pytest.mark.parametrize("bad, match", [({"text": "Riot in Amman.", "topics": ["war"]}, "unknown topics label 'war'"),
                                        ({"text": None, "topics": ["riot"]}, "no text"),
                                        ({"text": "Riot in Amman."}, "is missing")])
def test_an_error_in_the_evaluation_data_says_it_is_in_the_evaluation_data(bad, match):
    """'row 0' of what? The message names the evaluation data, not only a row number the training file has too."""
    with pytest.raises((TrainingDataError, UnknownLabelError), match=rf"evaluation data.*{match}"):
        train(make_rows(), heads={"topics": None}, config=FAST, track=False, eval_data=[bad])


@pytest.mark.parametrize("name, content, match", [
    ("d.jsonl", '{"text": "Riot in Amman.", "topics": ["riot"]}\n["riot", "text"]\n', r"d\.jsonl:2: .*list"),
    ("d.jsonl", '{"text": "Riot in Amman.", "topics": ["riot"]}\n42\n', r"d\.jsonl:2: .*int"),
    ("d.json", '[{"text": "Riot in Amman.", "topics": ["riot"]}, 1]', r"d\.json: record 2 .*int"),
])
def test_a_json_record_that_is_no_object_names_its_line(tmp_path, name, content, match):
    """It was 'dictionary update sequence element #0 has length 4; 2 is required', or a TypeError traceback."""
    (tmp_path / name).write_text(content)
    with pytest.raises(TrainingDataError, match=match):
        train(tmp_path / name, heads={"topics": None}, config=FAST, track=False)


@pytest.mark.parametrize("bad", ['{"text": "x", "n": ' + "1" * 5000 + "}", "[" * 100000])
def test_training_json_lines_too_deep_or_too_long_numbers_are_training_data_errors(tmp_path, bad):
    """json.loads raises a plain ValueError (integer over 4,300 digits) or RecursionError
    (deep nesting), not a JSONDecodeError: both are a TrainingDataError naming the line."""
    from newsclf.exceptions import TrainingDataError
    from newsclf.retrain import load_records

    path = tmp_path / "labels.jsonl"
    path.write_text(json.dumps({"text": "ok", "conflict_types": []}) + "\n" + bad + "\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match=r"labels.jsonl:2: invalid JSON"):
        load_records(path)
