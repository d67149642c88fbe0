"""Actor/location cues of country mentions (countries head, feature set 2)."""

from __future__ import annotations

import numpy as np
import pytest

from newsclf.article import normalise
from newsclf.country_cues import CUE_FEATURES, mention_cues, name_context
from newsclf.features import CANDIDATE_FEATURES, candidate_feature_names, candidate_matrix, country_candidates
from newsclf.gazetteer import Gazetteer

NAMES = [n for n in CUE_FEATURES if n not in ("only_city", "no_place", "name_part")]  # per-country columns


def cues(kind: str, before: str, after: str, in_title: bool = False) -> set[str]:
    return {n for n, v in zip(NAMES, mention_cues(kind, before, after, in_title)) if v}


@pytest.mark.parametrize("kind,before,after,expected", [
    ("country", "", " claims that a Russian plane", {"actor_verb", "sent_subject"}),
    ("demonym", "Officials said. ", " Foreign Minister Sergey Lavrov argues", {"role_gov", "sent_subject"}),
    ("demonym", "on Monday, ", " armed forces bombard targets", {"role_mil"}),
    ("demonym", "Five ", " policemen are charged", {"role_local", "actor_verb"}),  # subject of "are"
    ("city", "asked for John R. ", "'s resignation", {"in_name"}),
    ("city", "minister, Hani Al-", ".", {"in_name"}),
    ("city", "a market in ", " on Sunday", set()),        # a plain locative place
    ("country", "fighting in ", ", where", set()),
    ("demonym", "the disappearance of a ", " businessman 20 years ago", {"person_nat"}),
    ("demonym", "from ", " socialite Ghislaine Maxwell", {"person_nat"}),
    ("country", "eight years as president of ", " ended", {"of_title"}),
    ("country", "Rafael Nadal of ", " wins", {"of_title"}),
    ("city", "fighting in the Battle of ", ", where", set()),
    ("country", "in the Gulf of ", ".", set()),
])
def test_mention_cues(kind, before, after, expected):
    assert cues(kind, before, after) == expected


def test_title_actor_needs_the_title_and_a_verb():
    assert "title_actor" in cues("country", "", " closes its embassy", in_title=True)
    assert "title_actor" not in cues("country", "", " closes its embassy", in_title=False)
    assert "title_actor" not in cues("country", "", " embassy staff", in_title=True)


def test_feature_set_2_appends_the_cue_columns_and_set_1_is_unchanged():
    gaz = Gazetteer.default()
    art = normalise("France claims that a Russian military plane made a low pass off the Lebanese coast. "
                    "Residents of Tyre said they heard it.")
    one, two = country_candidates(art, gaz), country_candidates(art, gaz, 2)
    assert one.codes == two.codes
    assert one.dense.shape[1] == len(CANDIDATE_FEATURES)
    assert candidate_feature_names(2) == CANDIDATE_FEATURES + CUE_FEATURES
    assert two.dense.shape[1] == len(candidate_feature_names(2))
    np.testing.assert_array_equal(two.dense[:, :len(CANDIDATE_FEATURES)], one.dense)
    cols = {n: len(CANDIDATE_FEATURES) + i for i, n in enumerate(CUE_FEATURES)}
    fr, ru, lb = (two.codes.index(c) for c in ("FR", "RU", "LB"))
    assert two.dense[fr, cols["actor_verb"]] > 0 and two.dense[lb, cols["actor_verb"]] == 0
    assert two.dense[ru, cols["role_mil"]] > 0
    assert two.dense[fr, cols["no_place"]] == 1.0 and two.dense[lb, cols["no_place"]] == 0.0  # Tyre is in LB
    assert candidate_matrix([two]).shape[1] - candidate_matrix([one]).shape[1] == len(CUE_FEATURES)


def test_no_mentions_gives_an_empty_block_of_the_right_width():
    two = country_candidates(normalise("Nothing to place here."), Gazetteer.default(), 2)
    assert two.codes == () and two.dense.shape == (0, len(candidate_feature_names(2)))


def test_a_model_reads_its_feature_set_off_the_countries_head():
    from newsclf.exceptions import ModelLoadError
    from newsclf.heads import LinearHead
    from newsclf.model import NewsModel
    from newsclf.taxonomy import country_codes

    def model(width: int) -> NewsModel:
        head = LinearHead("countries", ("location",), np.zeros((1, width)), [0.0])
        return NewsModel(vectorizer=None, text_heads={}, source_head=None, country_head=head)

    n = len(country_codes())
    assert model(len(CANDIDATE_FEATURES) + n)._country_feature_set() == 1   # models saved before the cues
    assert model(len(candidate_feature_names(2)) + n)._country_feature_set() == 2
    with pytest.raises(ModelLoadError, match="matches no candidate feature set"):
        model(n + 3)._country_feature_set()


def test_loading_a_model_whose_countries_head_no_version_can_feed_fails_at_load(shipped_model, tmp_path):
    """Not later, on every article of a batch job."""
    import copy

    from newsclf.exceptions import ModelLoadError
    from newsclf.heads import LinearHead
    from newsclf.model import NewsModel

    model = copy.copy(shipped_model)
    model.country_head = LinearHead("countries", ("location",), np.zeros((1, 7)), [0.0])
    model.save(tmp_path / "m")
    with pytest.raises(ModelLoadError, match="retrain the countries head"):
        NewsModel.load(tmp_path / "m")


@pytest.mark.parametrize("before,after,expected", [
    ("asked for John R. ", "'s resignation", True),
    ("On Friday, 28-year-old ", " Khan stabbed", True),
    ("banned Iranian airline ", " Air from", True),
    ("a professor at the University of ", " in Ontario", True),
    ("a residential area of ", ", Riau. There", False),
    ("were killed in ", " Province on", False),
    ("a market in ", " on Sunday", False),
    ("", " was shelled", False),
])
def test_name_context(before, after, expected):
    assert name_context(before, after) is expected


def test_name_part_counts_every_mention_of_a_name_found_in_a_name():
    gaz = Gazetteer.default()
    # ("John R. Bolton" is no mention at all: the gazetteer drops a surname after a first name)
    art = normalise("On Friday, 28-year-old Usman Khan stabbed two people. Usman had served a sentence. "
                    "Fighting continued in Aleppo.")
    two = country_candidates(art, gaz, 2)
    col = len(CANDIDATE_FEATURES) + CUE_FEATURES.index("name_part")
    ru, sy = two.codes.index("RU"), two.codes.index("SY")
    assert two.dense[ru, col] == 1.0 and two.dense[sy, col] == 0.0
