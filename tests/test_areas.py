"""The area head: the Palestinian area of a PS article that names none (newsclf.areas)."""

from __future__ import annotations

import numpy as np
import pytest

from newsclf.areas import MASK, AreaHead, fit_area_head, masked_text, rule_areas, weak_area_examples
from newsclf.article import Article, normalise
from newsclf.model import NewsModel

# a small weak corpus written for these tests: each names its area, as the corpus articles do
GAZA = [
    "Hamas fires rockets from Gaza into southern Israel; the IDF answers with air strikes on Khan Younis.",
    "An Israeli air strike on Rafah kills three Hamas militants, the Gaza health ministry says.",
    "Protesters gather at the Gaza border fence; Israeli snipers shoot two of them near Beit Hanoun.",
    "Hamas police in Gaza City arrest members of a rival group after a rocket attack on Israel.",
    "Egypt opens the Rafah crossing for the wounded of Gaza as Hamas and Israel agree on a truce.",
    "Fishermen from Deir al-Balah say Israeli gunboats fired on them off the Gaza coast.",
]
WEST_BANK = [
    "Israeli settlers attack a village near Nablus; the Palestinian Authority condemns the raid.",
    "Palestinian Authority President Mahmoud Abbas meets Fatah leaders in Ramallah.",
    "Israeli troops arrest ten Palestinians in night raids in Jenin and Hebron, settlers watch.",
    "The Palestinian Authority security forces in Bethlehem detain a Fatah activist.",
    "Settlers set fire to olive groves near Ramallah as Abbas calls for protection.",
    "Israel approves new settlement homes near Hebron; the Palestinian Authority protests.",
]
TEXTS = GAZA + WEST_BANK
LABELS = ["gaza_strip"] * len(GAZA) + ["west_bank"] * len(WEST_BANK)


@pytest.fixture(scope="module")
def small_head() -> AreaHead:
    arts = [normalise(t) for t in TEXTS]
    texts, labels = weak_area_examples(arts)
    assert labels == LABELS  # each fixture text names its area
    return fit_area_head(texts, labels, C=10.0, min_df=1)


def test_masked_text_hides_palestinian_places_and_keeps_the_rest():
    text = masked_text(Article(title="Raid in Jenin", body="Israeli troops raid Jenin and Ramallah; Hamas protests."))
    assert "Jenin" not in text and "Ramallah" not in text
    assert text.count(MASK.strip()) == 3
    assert "Israeli troops raid" in text and "Hamas protests." in text  # actors are evidence, not names


def test_masked_text_without_places_is_the_text():
    art = Article(body="Hamas reports it has executed one of its commanders.")
    assert masked_text(art) == art.body


def test_rule_areas_keeps_areas_with_a_share_of_the_mentions():
    assert rule_areas({"west_bank": 3.0, "gaza_strip": 1.0}) == ["west_bank"]
    assert rule_areas({"west_bank": 2.0, "gaza_strip": 1.0}) == ["west_bank", "gaza_strip"]
    assert rule_areas({"gaza_strip": 1.0, "west_bank": 1.0}) == ["gaza_strip", "west_bank"]  # ties: AREA_ORDER
    assert rule_areas({}) == []


def test_the_head_reads_context_not_names(small_head):
    probs = small_head.probabilities(["Hamas fires rockets at Israel.", "Settlers attack; Abbas condemns them."])
    assert probs.shape == (2, 2)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    assert small_head.labels[int(probs[0].argmax())] == "gaza_strip"
    assert small_head.labels[int(probs[1].argmax())] == "west_bank"


def test_the_head_abstains_below_min_prob(small_head):
    arts = [Article(body="Hamas fires rockets at Israel.")]
    areas, probs = small_head.predict(arts)[0]
    assert areas == ["gaza_strip"] and set(probs) == {"gaza_strip", "west_bank"}
    unsure = AreaHead(small_head.vectorizer, small_head.head, min_prob=0.999)
    assert unsure.predict(arts)[0][0] == []
    assert small_head.predict([]) == []


def test_one_area_is_not_enough_to_fit():
    with pytest.raises(ValueError, match="at least two areas"):
        fit_area_head(GAZA, ["gaza_strip"] * len(GAZA), min_df=1)


def test_labels_outside_the_areas_are_refused(small_head):
    from newsclf.heads import LinearHead

    bad = LinearHead(name="areas", labels=("gaza_strip", "sinai"), coef=small_head.head.coef,
                     intercept=small_head.head.intercept)
    with pytest.raises(ValueError, match="area head labels"):
        AreaHead(small_head.vectorizer, bad)


def test_a_model_saves_and_loads_its_area_head(shipped_model, small_head, tmp_path):
    model = NewsModel(vectorizer=shipped_model.vectorizer, text_heads=shipped_model.text_heads,
                      source_head=shipped_model.source_head, country_head=shipped_model.country_head,
                      source_typer=shipped_model.source_typer, config=shipped_model.config, area_head=small_head)
    model.save(tmp_path / "m")
    again = NewsModel.load(tmp_path / "m")
    assert again.area_head is not None and again.area_head.labels == small_head.labels
    assert again.area_head.min_prob == small_head.min_prob
    texts = ["Hamas fires rockets at Israel.", "Settlers attack; Abbas condemns them."]
    np.testing.assert_allclose(again.area_head.probabilities(texts), small_head.probabilities(texts), rtol=1e-5)


@pytest.mark.parametrize("name", ["head_areas.npz", "area_vectorizer.json", "area_vectorizer.npz"])
def test_a_changed_area_head_file_is_refused(shipped_model, small_head, tmp_path, name):
    from newsclf.exceptions import ModelIntegrityError

    model = NewsModel(vectorizer=shipped_model.vectorizer, text_heads=shipped_model.text_heads,
                      source_head=None, country_head=shipped_model.country_head, area_head=small_head)
    folder = model.save(tmp_path / "m")
    (folder / name).write_bytes((folder / name).read_bytes() + b" ")
    with pytest.raises(ModelIntegrityError, match="does not match its manifest"):
        NewsModel.load(folder)


def test_shipped_model_gives_an_area_to_a_ps_article_that_names_none(shipped_model):
    assert shipped_model.area_head is not None
    res = shipped_model.classify("Hamas police arrest a Palestinian man accused of firing rockets at Israel, "
                                 "Hamas officials said, as the blockade of the strip continues.")
    assert "PS" in res.countries
    assert res.areas == ("gaza_strip",)
    assert set(res.scores["areas"]) == set(shipped_model.area_head.labels)
    assert sum(res.scores["areas"].values()) == pytest.approx(1.0, rel=1e-4)


def test_shipped_model_keeps_named_areas_and_leaves_other_countries_alone(shipped_model):
    named = shipped_model.classify("Israeli troops raid the Jenin refugee camp in the West Bank, "
                                   "killing two Palestinian gunmen.")
    assert named.areas == ("west_bank",)
    assert named.scores["areas"] == {"west_bank": 1.0}  # the named area's share, not the head's guess
    other = shipped_model.classify("Iraqi forces retake a district of Mosul from Islamic State fighters.")
    assert other.areas == () and "areas" not in other.scores


def test_explain_gives_the_words_behind_a_guessed_area(shipped_model):
    text = ("Hamas police arrest a Palestinian man accused of firing rockets at Israel, "
            "Hamas officials said, as the blockade of the strip continues.")
    res = shipped_model.classify(text)
    ex = [e for e in shipped_model.explain(text, result=res) if e.head == "areas"]
    assert [e.label for e in ex] == list(res.areas) == ["gaza_strip"]
    assert ex[0].score == pytest.approx(res.scores["areas"]["gaza_strip"], rel=1e-5)
    words = [f for f, _ in ex[0].features]
    assert "hamas" in words and all(w > 0 for _, w in ex[0].features)


def test_explain_leaves_named_areas_to_the_gazetteer(shipped_model):
    text = "Israeli troops raid the Jenin refugee camp in the West Bank, killing two Palestinian gunmen."
    assert shipped_model.classify(text).areas == ("west_bank",)
    assert not [e for e in shipped_model.explain(text) if e.head == "areas"]
