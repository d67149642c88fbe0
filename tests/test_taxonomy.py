"""Taxonomy v1 as package data: ids of TAXONOMY.md, unknown labels, macro-regions."""

from __future__ import annotations

import pytest

from newsclf import TAXONOMY_VERSION, UnknownLabelError
from newsclf.taxonomy import Taxonomy, country_codes, labels, macro_region, validate_labels


def test_ids_are_those_of_the_contract():
    assert TAXONOMY_VERSION == "1"
    assert labels("conflict_types") == (
        "armed_clash", "airstrike_shelling", "terrorism", "security_operation", "violence_against_civilians",
        "settler_violence", "displacement", "political_dispute", "protest", "diplomacy_ceasefire",
        "humanitarian_crisis")
    assert labels("source_types") == (
        "news_agency", "official", "anonymous", "monitor_ngo", "media", "witness", "social_media")
    assert labels("areas") == ("gaza_strip", "west_bank", "east_jerusalem")
    assert {"PS", "IL", "SY", "IQ", "US"} <= set(country_codes())


@pytest.mark.parametrize(("countries", "region"), [
    (["PS", "IL"], "Middle East"), (["EG"], "Northern Africa"), (["AF"], "South Asia"),
    (["UA"], "Europe"), (["US"], "North America"), ([], None), (["ZZ"], None)])
def test_macro_region_is_acled_lookup_of_the_first_country(countries, region):
    assert macro_region(countries) == region


def test_unknown_label_lists_valid_ids_and_closest_match():
    with pytest.raises(UnknownLabelError) as exc:
        validate_labels("conflict_types", ["armed_clash", "airstrikes"])
    msg = str(exc.value)
    assert "'airstrikes'" in msg and "did you mean 'airstrike_shelling'" in msg and "protest" in msg
    assert isinstance(exc.value, ValueError)


def test_unknown_head():
    with pytest.raises(KeyError, match="unknown head"):
        Taxonomy.builtin("sentiment")
