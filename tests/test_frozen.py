"""Frozen (JSON + npz) model parts: lightweight inference objects equal scikit-learn's."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from newsclf.frozen import load_frozen, to_sklearn
from tests.conftest import ROOT, SHIPPED


def test_lite_parts_equal_their_sklearn_objects(shipped_model, seed_text):
    from newsclf.article import split_dump

    texts = [a.text for a in split_dump(seed_text)] + ["Rockets hit Sderot, police said.", ""]
    lite = load_frozen(SHIPPED, "vectorizer", lite=True)
    real = to_sklearn(lite)
    assert type(real).__module__.startswith("sklearn.")
    a, b = lite.transform(texts), real.transform(texts)
    assert (abs(a - b)).max() == 0
    assert list(lite.get_feature_names_out()[:50]) == list(real.get_feature_names_out()[:50])
    typer_lite = load_frozen(SHIPPED, "source_typer", lite=True)
    typer_real = to_sklearn(typer_lite)
    x = np.array([["the interior ministry", "said the ministry [SRC] in a statement"],
                  ["Field sources", "[SRC] told Asharq Al-Awsat"]], dtype=object)
    np.testing.assert_array_equal(typer_lite.predict_proba(x), typer_real.predict_proba(x))


def test_loading_and_classifying_do_not_import_sklearn(shipped_model):
    code = ("import sys, newsclf; m = newsclf.load_model(); m.classify('Israeli settlers attacked a home in Sair, "
            "north of Hebron, police said.'); print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
