"""newsclf.conflict_cues: the weak-label keyword rules as dense features of the conflict-types gold head."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from newsclf.article import Article
from newsclf.conflict_cues import CUE_MODES, RULES, cue_matrix, cue_names, cue_vector, rule_fires
from newsclf.heads import LinearHead
from newsclf.training import TrainConfig, fit_text_head_stacked, fold_stacked

LABELS = list(RULES)


def fired(text: str) -> set[str]:
    return {label for label, v in zip(LABELS, rule_fires(text)) if v}


def test_rules_are_the_weak_labelling_rules():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
    import weak_labels

    assert weak_labels.RULES is RULES  # one source of truth


@pytest.mark.parametrize("text, label", [
    ("Israeli Settler Attack Injures Palestinian Baby, Five Arrested", "settler_violence"),
    ("A car bomb explodes outside a police station in Kirkuk.", "terrorism"),
    ("Israeli warplanes carry out airstrikes on Gaza.", "airstrike_shelling"),
    ("Thousands protest in Beirut against the government.", "protest"),
    ("Gunmen abduct three aid workers near Idlib.", "violence_against_civilians"),
])
def test_a_rule_fires_on_its_cue(text, label):
    assert label in fired(text)


def test_a_veto_silences_its_rule():
    assert "armed_clash" in fired("Rebels clash with the army near Aleppo.")
    assert "armed_clash" not in fired("Protesters clash with police in Tehran.")
    assert not fired("The weather was fine and the market opened late.")


def test_cue_names_and_widths():
    assert cue_names("lead") == [f"cue:lead:{label}" for label in LABELS]
    assert cue_names("lead+body") == cue_names("lead") + [f"cue:body:{label}" for label in LABELS]
    assert set(CUE_MODES) == {"lead", "lead+body"}
    with pytest.raises(ValueError, match="cue mode"):
        cue_names("title")
    assert cue_matrix([], 300, "lead+body").shape == (0, 2 * len(LABELS))


def test_lead_cues_read_the_lead_and_body_cues_the_whole_text():
    body = "Ministers met in Geneva on Monday. " * 20 + "Rockets hit the town and settlers attacked farmers."
    art = Article(title="Talks resume", body=body)
    j_air, j_settler = LABELS.index("airstrike_shelling"), LABELS.index("settler_violence")
    v = cue_vector(art, 300, "lead+body")
    lead, whole = v[:len(LABELS)], v[len(LABELS):]
    assert lead[j_air] == 0 and lead[j_settler] == 0
    assert whole[j_air] == 1 and whole[j_settler] == 1
    assert np.array_equal(cue_vector(art, 300, "lead"), lead)
    assert np.array_equal(cue_vector(art, None, "lead"), whole)  # no lead: the whole text
    short = Article(title="Settlers attack a village", body="Settlers attacked a village near Nablus.")
    s = cue_vector(short, 300, "lead+body", scale=2.0)
    assert s[j_settler] == 2.0 and s[len(LABELS) + j_settler] == 2.0 and set(np.unique(s)) <= {0.0, 2.0}
    m = cue_matrix([art, short], 300, "lead", 0.5)
    assert m.dtype == np.float32 and m.shape == (2, len(LABELS)) and m[1, j_settler] == 0.5


def test_train_config_validates_cue_settings():
    assert TrainConfig().conflict_cues == "lead" and TrainConfig(conflict_cues=None).conflict_cues is None
    assert TrainConfig(conflict_cues="lead+body", cue_scale=2).to_dict()["conflict_cues"] == "lead+body"
    with pytest.raises(ValueError, match="conflict_cues"):
        TrainConfig(conflict_cues="body")
    with pytest.raises(ValueError, match="cue_scale"):
        TrainConfig(cue_scale=0)


def test_fold_stacked_keeps_extra_columns_and_margins():
    rng = np.random.default_rng(0)
    n, k, e, labels = 30, 3, 4, ("a", "b")
    weak = LinearHead("w", ("x", "y", "z"), rng.normal(size=(k, n)), rng.normal(size=k))
    head = LinearHead("h", labels, rng.normal(size=(2, n + k + e)), rng.normal(size=2))
    X = sp.random(5, n, density=0.3, random_state=1, format="csr")
    E = rng.integers(0, 2, size=(5, e)).astype(np.float64)
    alpha = 0.7
    unfolded = head.margins(sp.hstack([X, alpha * weak.margins(X), E], format="csr"))
    folded = fold_stacked(head, weak, alpha, n_extra=e)
    assert folded.n_features == n + e
    np.testing.assert_allclose(folded.margins(sp.hstack([X, E], format="csr")), unfolded, rtol=1e-4, atol=1e-4)
    with pytest.raises(ValueError, match="extra"):
        fold_stacked(head, weak, alpha)


def test_fit_text_head_stacked_with_gold_extra_features():
    rng = np.random.default_rng(0)
    Xw = sp.random(200, 40, density=0.2, random_state=2, format="csr")
    Yw = (rng.random((200, 2)) < 0.4).astype(np.int8)
    Xg = sp.random(30, 40, density=0.2, random_state=3, format="csr")
    Yg = np.array([[i % 2, (i // 2) % 2] for i in range(30)], np.int8)
    E = Yg.astype(np.float32)  # a perfect cue: the gold head should lean on it
    head = fit_text_head_stacked("ct", ["a", "b"], Xg, Yg, Xw, Yw, TrainConfig(), E_gold=E)
    assert head.n_features == 42
    pred = head.scores(sp.hstack([Xg, sp.csr_matrix(E)], format="csr")) >= head.thresholds
    assert (pred == Yg.astype(bool)).mean() > 0.9
    with pytest.raises(ValueError, match="rows"):
        fit_text_head_stacked("ct", ["a", "b"], Xg, Yg, Xw, Yw, TrainConfig(), E_gold=E[:5])


def _slow_fires(text: str) -> np.ndarray:
    return np.array([float(bool(rx.search(text)) and not (veto is not None and veto.search(text)))
                     for rx, veto in RULES.values()], np.float32)


@pytest.mark.parametrize("text", [
    "ISIS claims the attack on a Kabul market.", "UNHCR says 10,000 Refugees FLED the fighting.",
    "Israeli Settler Attack Injures Palestinian Baby", "IEDs and Mortars hit the base", "",
    # lowercasing "İ" adds a character: the window of "attacked ... dies" would shift
    "Bishop Luigi Padovese of the Roman Catholic Apostolic Vicariate of Anatolia is attacked at his home in "
    "İskenderun, Hatay Province and dies later in hospital.",
    "Rebels kıdnap a priest", "A ſuicide attack hit the city",  # re.I matches ı to i and ſ to s
])
def test_lowercased_rules_decide_as_the_case_insensitive_rules(text):
    assert np.array_equal(rule_fires(text), _slow_fires(text))


def test_lowercased_rules_agree_on_the_gold_texts(shared_data):
    from newsclf.corpus import join_gold
    from newsclf.model import lead_text

    recs = join_gold([shared_data / "gold/wcep.jsonl", shared_data / "gold/wikinews.jsonl"],
                     [shared_data / "wcep/wcep_2002_2022.jsonl", shared_data / "wikinews/wikinews_2019.jsonl"],
                     splits=["train"])
    texts = [lead_text(r.article, 300) for r in recs] + [r.article.text for r in recs if r.id.startswith("wikinews-")]
    assert len(texts) > 1000
    assert all(np.array_equal(rule_fires(t), _slow_fires(t)) for t in texts)


def test_every_rule_has_a_substring_gate_of_literal_starts():
    from newsclf.conflict_cues import _LOWER, _gate

    for (label, (rx, _)), (_, _, gate) in zip(RULES.items(), _LOWER):
        assert gate, label
        assert all(g and g == g.lower() for g in gate)
    assert set(_gate(re.compile(r"\b(air ?strikes?|shell(?:ing|ed)\b|caf[eé]s?)"))) == {"air", "shelling", "shelled", "cafe", "café"}
    assert _gate(re.compile(r"\b(\w+ing|war)")) is None  # an alternative without a literal start: no gate
