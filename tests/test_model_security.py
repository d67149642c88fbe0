"""Tampered and malicious model folders: refused before anything in them runs.

Every payload here is REAL: each test first shows that the payload does run when opened
the unsafe way (plain ``pickle.loads``, or skops with the payload's types trusted), then
that ``newsclf.load_model`` refuses the folder and the payload's marker file is not
created. The manifest's sha256 entries are updated to match the planted files, so the
integrity check passes and the type checks are what stop them. Payloads only write a
marker file inside pytest's tmp_path.
"""

from __future__ import annotations

import io
import json
import pickle
import shlex
import shutil
import warnings
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import newsclf
from newsclf import ModelIntegrityError, ModelLoadError, ModelVersionWarning, UntrustedModelError
from newsclf.persist import MANIFEST, sha256_file
from tests.test_robustness import tiny_model_folder


class SideEffect:
    """A class whose unpickling (``__reduce__``) or skops loading (``__setstate__``) writes a marker."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (exec, (f"open({self.marker!r}, 'w').write('pickle payload ran')",))

    def __getstate__(self) -> dict[str, str]:
        return {"marker": self.marker}

    def __setstate__(self, state: dict[str, str]) -> None:
        Path(state["marker"]).write_text("skops payload ran")


# ------------------------------------------------------------------ helpers
def _copy(tmp_path_factory, tmp_path: Path, fmt: str = "frozen") -> Path:
    dst = tmp_path / f"model-{fmt}"
    shutil.copytree(tiny_model_folder(tmp_path_factory, fmt), dst)
    return dst


def _rehash(folder: Path, name: str) -> None:
    """What an attacker (or a careless re-packer) does: make the manifest match the file."""
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["files"][name] = sha256_file(folder / name)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1))


def _plant(folder: Path, name: str, data: bytes) -> None:
    (folder / name).write_bytes(data)
    _rehash(folder, name)


def _node(value: Any) -> dict[str, Any]:
    return {"__class__": type(value).__name__, "__module__": "builtins", "__loader__": "JsonNode",
            "content": json.dumps(value), "is_json": True, "__id__": id(value)}


def crafted_skops(module: str, name: str, args: list[Any]) -> bytes:
    """A skops file whose schema calls ``module.name(*args)`` when loaded (ConstructorFromReduceNode)."""
    schema = {"__class__": name, "__module__": module, "__loader__": "ConstructorFromReduceNode",
              "content": {"__class__": "tuple", "__module__": "builtins", "__loader__": "TupleNode",
                          "content": [_node(a) for a in args], "__id__": 2},
              "__id__": 1, "protocol": 2, "_skops_version": "0.16.0"}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("schema.json", json.dumps(schema))
    return buf.getvalue()


def _skops_payloads(marker: Path) -> dict[str, bytes]:
    import skops.io as sio

    tmp = marker.with_suffix(".src.skops")
    sio.dump(SideEffect(str(marker)), tmp)
    custom = tmp.read_bytes()
    tmp.unlink()
    return {
        # a class with __setstate__ side effects (the classic "custom type" attack)
        "custom_class_setstate": custom,
        # os.system("touch marker")
        "os_system": crafted_skops("os", "system", [f"touch {shlex.quote(str(marker))}"]),
        # builtins.exec("open(marker, 'w')...") -- a builtins.* callable, not a container type
        "builtins_exec": crafted_skops("builtins", "exec", [f"open({str(marker)!r}, 'w').write('x')"]),
        # numpy.savetxt(marker, [1, 2, 3]) -- a numpy.* function that writes files
        "numpy_savetxt": crafted_skops("numpy", "savetxt", [str(marker), [1, 2, 3]]),
    }


PAYLOADS = ["custom_class_setstate", "os_system", "builtins_exec", "numpy_savetxt"]


# ------------------------------------------------------------------ integrity
@pytest.mark.parametrize("fmt", ["frozen", "skops"])
def test_a_flipped_byte_is_refused_with_model_integrity_error(tmp_path_factory, tmp_path, fmt):
    folder = _copy(tmp_path_factory, tmp_path, fmt)
    victim = "vectorizer.npz" if fmt == "frozen" else "vectorizer.skops"
    data = bytearray((folder / victim).read_bytes())
    data[len(data) // 2] ^= 0x01
    (folder / victim).write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError, match=victim):
        newsclf.load_model(folder)


@pytest.mark.parametrize("name", ["config.json", "head_conflict_types.npz", "source_typer.json"])
def test_any_changed_or_missing_file_is_refused(tmp_path_factory, tmp_path, name):
    folder = _copy(tmp_path_factory, tmp_path)
    (folder / name).write_bytes((folder / name).read_bytes() + b" ")
    with pytest.raises(ModelIntegrityError, match="does not match its manifest"):
        newsclf.load_model(folder)
    (folder / name).unlink()
    with pytest.raises(ModelIntegrityError, match="missing"):
        newsclf.load_model(folder)


def test_a_broken_manifest_is_a_model_load_error(tmp_path_factory, tmp_path):
    folder = _copy(tmp_path_factory, tmp_path)
    (folder / MANIFEST).write_text("{not json")
    with pytest.raises(ModelLoadError, match="not valid JSON"):
        newsclf.load_model(folder)
    (folder / MANIFEST).unlink()
    with pytest.raises(ModelLoadError, match="no manifest.json"):
        newsclf.load_model(folder)
    with pytest.raises(ModelLoadError, match="does not exist"):
        newsclf.load_model(tmp_path / "nowhere")


def test_the_untouched_copies_load(tmp_path_factory, tmp_path):
    for fmt in ("frozen", "skops"):
        model = newsclf.load_model(_copy(tmp_path_factory, tmp_path, fmt))
        assert model.classify("Air strikes hit Aleppo, the army said.").countries == ("SY",)


# ------------------------------------------------------------------ malicious skops files
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_live_when_opened_unsafely(tmp_path, payload):
    """The control experiment: skops, told to trust the payload's types, runs it."""
    import skops.io as sio

    marker = tmp_path / "marker"
    path = tmp_path / "evil.skops"
    path.write_bytes(_skops_payloads(marker)[payload])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sio.load(path, trusted=sio.get_untrusted_types(file=path))
    assert marker.exists()


@pytest.mark.parametrize("victim", ["vectorizer.skops", "source_typer.skops"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_skops_file_with_untrusted_types_is_refused_and_never_runs(tmp_path_factory, tmp_path, payload, victim):
    folder = _copy(tmp_path_factory, tmp_path, "skops")
    marker = tmp_path / "marker"
    _plant(folder, victim, _skops_payloads(marker)[payload])
    with pytest.raises(UntrustedModelError) as exc:
        newsclf.load_model(folder)
    assert victim in str(exc.value)
    assert not marker.exists(), "the payload ran while loading the model"


@pytest.mark.parametrize("victim", ["vectorizer.skops", "source_typer.skops"])
def test_a_pickle_renamed_to_skops_is_refused_and_never_runs(tmp_path_factory, tmp_path, victim):
    folder = _copy(tmp_path_factory, tmp_path, "skops")
    marker = tmp_path / "marker"
    payload = pickle.dumps(SideEffect(str(marker)))
    pickle.loads(payload)  # control: the payload is live
    assert marker.exists()
    marker.unlink()
    _plant(folder, victim, payload)
    with pytest.raises(UntrustedModelError, match="never loads pickles"):
        newsclf.load_model(folder)
    assert not marker.exists()


# ------------------------------------------------------------------ frozen (JSON + npz) format
@pytest.mark.parametrize("victim", ["vectorizer.npz", "source_typer.npz", "head_conflict_types.npz"])
def test_a_pickle_payload_in_an_npz_is_never_unpickled(tmp_path_factory, tmp_path, victim):
    folder = _copy(tmp_path_factory, tmp_path)
    marker = tmp_path / "marker"
    with np.load(folder / victim, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    first = sorted(arrays)[0]
    evil = np.empty(1, dtype=object)
    evil[0] = SideEffect(str(marker))
    arrays[first] = evil  # an object array: stored as a pickle inside the npz
    np.savez(folder / victim, **arrays)
    _rehash(folder, victim)
    with pytest.raises((ModelLoadError, ValueError), match="pickle"):
        newsclf.load_model(folder)
    assert not marker.exists()
    # a whole pickle file in place of the npz
    _plant(folder, victim, pickle.dumps(SideEffect(str(marker))))
    with pytest.raises((ModelLoadError, ValueError), match="pickle"):
        newsclf.load_model(folder)
    assert not marker.exists()


@pytest.mark.parametrize("spec", [
    {"type": "system", "module": "os", "args": ["touch /tmp/x"]},
    {"type": "os.system"},
    {"type": "builtins.exec"},
])
def test_a_frozen_spec_naming_another_type_is_refused(tmp_path_factory, tmp_path, spec):
    folder = _copy(tmp_path_factory, tmp_path)
    _plant(folder, "vectorizer.json", json.dumps(spec).encode())
    with pytest.raises(TypeError, match="unknown frozen type"):
        newsclf.load_model(folder)


# ------------------------------------------------------------------ versions
def test_another_sklearn_and_newsclf_version_warn_naming_both_versions(tmp_path_factory, tmp_path):
    import sklearn

    folder = _copy(tmp_path_factory, tmp_path)
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["sklearn_version"] = "1.2.0"
    manifest["newsclf_version"] = "9.4.0"
    (folder / MANIFEST).write_text(json.dumps(manifest))  # the manifest itself is not hashed
    with pytest.warns(ModelVersionWarning) as record:
        model = newsclf.load_model(folder)
    messages = [str(w.message) for w in record if issubclass(w.category, ModelVersionWarning)]
    assert any("1.2.0" in m and sklearn.__version__ in m for m in messages), messages
    assert any("9.4.0" in m and newsclf.__version__ in m for m in messages), messages
    assert model.classify("Air strikes hit Aleppo, the army said.").countries == ("SY",)


def test_the_same_versions_load_without_a_warning(tmp_path_factory, tmp_path):
    folder = _copy(tmp_path_factory, tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ModelVersionWarning)
        newsclf.load_model(folder)


def test_another_taxonomy_version_is_refused(tmp_path_factory, tmp_path):
    folder = _copy(tmp_path_factory, tmp_path)
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["taxonomy_version"] = "2"
    (folder / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(ModelLoadError, match="taxonomy v2"):
        newsclf.load_model(folder)


def test_a_newer_model_format_asks_to_upgrade(tmp_path_factory, tmp_path):
    folder = _copy(tmp_path_factory, tmp_path)
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["format_version"] = 99
    (folder / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(ModelLoadError, match="upgrade newsclf"):
        newsclf.load_model(folder)


def test_a_model_trained_with_another_gazetteer_warns_naming_both(tmp_path_factory, tmp_path):
    from newsclf.gazetteer import default_sha256

    folder = _copy(tmp_path_factory, tmp_path)
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["gazetteer_sha256"] = "0" * 64
    (folder / MANIFEST).write_text(json.dumps(manifest))
    with pytest.warns(ModelVersionWarning, match="another gazetteer") as record:
        newsclf.load_model(folder)
    assert any("000000000000" in str(w.message) and default_sha256()[:12] in str(w.message) for w in record)


def test_a_saved_model_records_the_gazetteer_it_was_trained_with(tmp_path):
    from newsclf.gazetteer import default_sha256

    out = newsclf.load_model().save(tmp_path / "m")
    assert json.loads((out / MANIFEST).read_text())["gazetteer_sha256"] == default_sha256()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ModelVersionWarning)
        newsclf.load_model(out)


def test_a_model_that_does_not_record_its_gazetteer_warns_and_saving_it_again_does_not_hide_it(
        tmp_path_factory, tmp_path):
    folder = _copy(tmp_path_factory, tmp_path)
    manifest = json.loads((folder / MANIFEST).read_text())
    del manifest["gazetteer_sha256"]
    (folder / MANIFEST).write_text(json.dumps(manifest))
    with pytest.warns(ModelVersionWarning, match="does not record the gazetteer") as record:
        model = newsclf.load_model(folder)
    assert record[0].filename == __file__   # the warning points at the caller, not at newsclf
    out = model.save(tmp_path / "again")
    assert json.loads((out / MANIFEST).read_text())["gazetteer_sha256"] is None
    with pytest.warns(ModelVersionWarning, match="does not record the gazetteer"):
        newsclf.load_model(out)


def test_a_model_without_countries_or_area_head_does_not_warn_about_the_gazetteer(tmp_path):
    import newsclf.retrain as retrain

    rows = [{"text": f"Teachers began a strike over pay in Cairo, day {i}.", "topics": ["strike"]} for i in range(6)]
    rows += [{"text": f"Rival factions signed a peace deal in Doha, round {i}.", "topics": ["peace"]} for i in range(6)]
    model = retrain.train(rows, heads={"topics": None}, config={"min_df": 1}, track=False)
    out = model.save(tmp_path / "m")
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["gazetteer_sha256"] = "0" * 64
    (out / MANIFEST).write_text(json.dumps(manifest))
    assert not json.loads((out / "config.json").read_text())["country_head"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", ModelVersionWarning)
        newsclf.load_model(out)


def test_a_model_fitted_with_another_gazetteer_matcher_warns_and_the_record_is_kept(tmp_path_factory, tmp_path,
                                                                                     monkeypatch):
    """The same gazetteer data matched by other code gives other features: the manifest records
    the matcher's version, a model without the record counts as version 1, and saving a loaded
    model again keeps its record."""
    import newsclf.gazetteer as gazetteer

    folder = _copy(tmp_path_factory, tmp_path)
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest.pop("gazetteer_matcher", None)                 # saved before the record: version 1
    (folder / MANIFEST).write_text(json.dumps(manifest))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ModelVersionWarning)
        model = newsclf.load_model(folder)
    assert json.loads((model.save(tmp_path / "again") / MANIFEST).read_text())["gazetteer_matcher"] == 1
    monkeypatch.setattr(gazetteer, "MATCHER_VERSION", 2)   # the matching code changed since
    with pytest.warns(ModelVersionWarning, match=r"another version of the gazetteer's matching code \(1\) "
                                                 r"than this newsclf's \(2\)"):
        fresh = newsclf.load_model(folder)
    fresh.manifest = {}                                     # a newly fitted model records this version
    assert json.loads((fresh.save(tmp_path / "new") / MANIFEST).read_text())["gazetteer_matcher"] == 2


def test_a_loaded_model_saved_again_keeps_its_card_and_full_metrics(tmp_path):
    from tests.conftest import SHIPPED

    model = newsclf.load_model(SHIPPED)
    out = model.save(tmp_path / "copy")
    for name in ("MODEL_CARD.md", "metrics_full.json"):
        assert (out / name).read_bytes() == (SHIPPED / name).read_bytes()
    again = newsclf.load_model(out)
    again.save(out, overwrite=True)            # the same folder: read before it is emptied
    assert (out / "MODEL_CARD.md").read_bytes() == (SHIPPED / "MODEL_CARD.md").read_bytes()
    newsclf.load_model(out)


def test_save_npz_stores_what_does_not_compress_and_deflates_the_rest(tmp_path):
    """Float weights that deflate would hardly shrink are stored (they load without inflating);
    compressible arrays are deflated; the file is byte-for-byte reproducible and loads the same."""
    import zipfile

    import numpy as np

    from newsclf.persist import save_npz

    rng = np.random.default_rng(0)
    arrays = {"noise": rng.standard_normal((200, 500)).astype(np.float32), "zeros": np.zeros((200, 500), np.float32),
              "labels": np.array(["a", "b"])}
    save_npz(tmp_path / "a.npz", arrays)
    save_npz(tmp_path / "b.npz", arrays)
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    kinds = {i.filename: i.compress_type for i in zipfile.ZipFile(tmp_path / "a.npz").infolist()}
    assert kinds == {"labels.npy": zipfile.ZIP_DEFLATED, "noise.npy": zipfile.ZIP_STORED,
                     "zeros.npy": zipfile.ZIP_DEFLATED}
    with np.load(tmp_path / "a.npz", allow_pickle=False) as z:
        assert all(np.array_equal(z[k], v) for k, v in arrays.items())
