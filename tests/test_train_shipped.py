"""training/train_shipped.py's command line (the build itself takes minutes and is not run here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))

import train_shipped  # noqa: E402


def test_an_existing_out_folder_is_refused_before_training(tmp_path, monkeypatch, capsys):
    """Minutes of training must not end in FileExistsError: the folder is checked first."""
    out = tmp_path / "m"
    out.mkdir()
    (out / "keep.txt").write_text("mine")

    def _no_training(*a, **k):
        raise AssertionError("training started")

    monkeypatch.setattr(train_shipped, "build", _no_training)
    with pytest.raises(SystemExit) as exc:
        train_shipped.main(["--data", str(tmp_path), "--out", str(out), "--no-mlflow"])
    assert exc.value.code == 2
    assert "holds no newsclf model" in capsys.readouterr().err
    assert (out / "keep.txt").read_text() == "mine"
    # a saved model is replaced only with --overwrite
    (out / "manifest.json").write_text("{}")
    with pytest.raises(SystemExit) as exc:
        train_shipped.main(["--data", str(tmp_path), "--out", str(out), "--no-mlflow"])
    assert exc.value.code == 2
    assert "--overwrite" in capsys.readouterr().err
    other = tmp_path / "other"   # a folder that holds no model is not replaced, even with --overwrite
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(SystemExit) as exc:
        train_shipped.main(["--data", str(tmp_path), "--out", str(other), "--no-mlflow", "--overwrite"])
    assert exc.value.code == 2
    assert (other / "notes.txt").read_text() == "mine"
    # --no-save writes nothing, so an existing folder does not matter
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "wcep.jsonl").write_text("")    # a --data folder that passes the check
    with pytest.raises(AssertionError, match="training started"):
        train_shipped.main(["--data", str(tmp_path), "--out", str(out), "--no-save"])


@pytest.mark.parametrize("flag", ["--no-mlflow", "--no-save"])
def test_register_with_no_mlflow_or_no_save_is_refused(tmp_path, monkeypatch, capsys, flag):
    """--register would be silently dropped: the run is not logged."""
    monkeypatch.setattr(train_shipped, "build", lambda *a, **k: (_ for _ in ()).throw(AssertionError("trained")))
    with pytest.raises(SystemExit) as exc:
        train_shipped.main(["--data", str(tmp_path), "--out", str(tmp_path / "m"), flag, "--register", "newsclf"])
    assert exc.value.code == 2
    assert "--register" in capsys.readouterr().err


def test_a_file_store_tracking_uri_is_refused_before_training(tmp_path, monkeypatch, capsys):
    pytest.importorskip("mlflow")
    monkeypatch.setattr(train_shipped, "build", lambda *a, **k: (_ for _ in ()).throw(AssertionError("trained")))
    with pytest.raises(SystemExit) as exc:
        train_shipped.main(["--data", str(tmp_path), "--out", str(tmp_path / "m"), "--tracking-uri", "mlruns"])
    assert exc.value.code == 2
    assert "file store" in capsys.readouterr().err


def test_an_alias_the_registry_refuses_is_refused_before_training(tmp_path, monkeypatch, capsys):
    pytest.importorskip("mlflow")
    monkeypatch.setattr(train_shipped, "build", lambda *a, **k: (_ for _ in ()).throw(AssertionError("trained")))
    with pytest.raises(SystemExit) as exc:
        train_shipped.main(["--data", str(tmp_path), "--out", str(tmp_path / "m"), "--tracking-uri",
                            f"sqlite:///{tmp_path / 'mlflow.db'}", "--register", "newsclf", "--alias", "latest"])
    assert exc.value.code == 2
    assert "latest" in capsys.readouterr().err


def _readme_commands() -> list[list[str]]:
    """The train_shipped.py command lines of README.md and experiments/README.md (inline or in blocks)."""
    import re
    import shlex

    root = Path(__file__).resolve().parents[1]
    out = []
    for doc in (root / "README.md", root / "experiments" / "README.md"):
        text = doc.read_text(encoding="utf-8")
        for m in re.finditer(r"python training/train_shipped\.py([^`]*?)(?:`|\n\n|\n```)", text):
            out.append(shlex.split(m.group(1).replace("\\\n", " ").replace("\n", " ")))
    return out


def test_the_readme_commands_pass_the_checks_before_training(monkeypatch, tmp_path):
    """Each documented command, run from the repository root, gets past the checks that come before
    training (one README command, without --out or --overwrite, was refused: models/newsclf-en exists)."""
    root = Path(__file__).resolve().parents[1]
    if not (root / "models" / "newsclf-en" / "manifest.json").is_file():
        pytest.skip("no shipped model folder")
    commands = _readme_commands()
    assert len(commands) >= 3
    monkeypatch.chdir(root)
    monkeypatch.setattr(train_shipped, "build", lambda *a, **k: (_ for _ in ()).throw(AssertionError("trained")))
    for argv in commands:
        argv = argv + ["--tracking-uri", f"sqlite:///{tmp_path / 'mlflow.db'}"]  # never the repository's store
        with pytest.raises(AssertionError, match="trained"):
            train_shipped.main(argv)


def test_a_data_folder_without_the_gold_files_is_refused_before_training(tmp_path, capsys):
    import train_shipped

    with pytest.raises(SystemExit) as exc:
        train_shipped.main(["--data", str(tmp_path / "nowhere"), "--no-mlflow", "--no-save"])
    assert exc.value.code == 2
    assert "holds no gold/wcep.jsonl" in capsys.readouterr().err
