"""Tests for newsclf.claims, newsclf.source_typer and newsclf.claim_metrics."""

from __future__ import annotations

import pytest

from newsclf.claim_metrics import claim_scores, match_claims, matched_pairs
from newsclf.claims import Claim, extract_claims
from newsclf.source_typer import SourceTyper, certain_type, is_anonymous_span


def _by_source(claims: list[Claim]) -> dict[str, Claim]:
    return {c.source: c for c in claims}


def _check_offsets(text: str, claims: list[Claim]) -> None:
    for c in claims:
        assert text[c.source_start:c.source_end] == c.source
        assert text[c.cue_start:c.cue_end] == c.cue
        assert c.sentence_start <= c.source_start < c.source_end <= c.sentence_end
        assert c.sentence_start <= c.cue_start < c.cue_end <= c.sentence_end
        assert 0.0 <= c.score <= 1.0


def test_both_cue_orders() -> None:
    text = ("The interior ministry said on Thursday that three people were arrested. "
            "The attack caused material damage, said a security source.")
    claims = extract_claims(text)
    _check_offsets(text, claims)
    got = _by_source(claims)
    assert set(got) == {"The interior ministry", "a security source"}
    assert got["The interior ministry"].cue == "said"
    assert got["The interior ministry"].source_type == "official"
    assert got["a security source"].source_type == "anonymous"
    assert got["a security source"].anonymous is True


def test_according_to_and_agency() -> None:
    text = ("The strikes killed five militants, according to the Syrian Observatory for "
            "Human Rights. The infant was hurt, according to the official Palestinian news "
            "agency Wafa.")
    claims = extract_claims(text)
    _check_offsets(text, claims)
    got = _by_source(claims)
    assert got["the Syrian Observatory for Human Rights"].source_type == "monitor_ngo"
    wafa = got["the official Palestinian news agency Wafa"]
    assert wafa.cue == "according to"
    assert (wafa.source_type, wafa.agency) == ("news_agency", "WAFA")


def test_pronoun_antecedents() -> None:
    text = ("Field sources told Asharq Al-Awsat that the gang fired in the air. "
            "They revealed that barrels were dropped.\n\n"
            "The official news agency Wafa said a baby was hurt. "
            "It blamed the attack on settlers, AFP reported.\n\n"
            "The interior ministry described the raid as precise, AFP reported. "
            '"The operation resulted in neutralising the terrorist," it added.')
    claims = extract_claims(text)
    _check_offsets(text, claims)
    they = [c for c in claims if c.source == "They"][0]
    assert (they.source_type, they.anonymous) == ("anonymous", True)
    it_blamed = [c for c in claims if c.source == "It"][0]
    assert (it_blamed.source_type, it_blamed.agency) == ("news_agency", "WAFA")
    it_added = [c for c in claims if c.source == "it"][0]
    # the trailing "AFP reported" is a wire credit, not the antecedent
    assert it_added.source_type == "official" and it_added.agency is None


def test_two_sources_in_one_sentence() -> None:
    text = "Forces killed a senior leader, AFP reported, citing the interior ministry."
    claims = extract_claims(text)
    _check_offsets(text, claims)
    got = _by_source(claims)
    assert got["AFP"].source_type == "news_agency" and got["AFP"].agency == "AFP"
    assert got["the interior ministry"].cue == "citing"
    assert got["the interior ministry"].source_type == "official"


def test_appositive_and_who_clause() -> None:
    text = ("A Telegram group linked to the \"Hilltop Youth\", a movement of hardline settlers, "
            "posted a video. Mahmoud Abbas, who heads the Palestinian Authority, said talks "
            "had failed.")
    claims = extract_claims(text)
    _check_offsets(text, claims)
    got = _by_source(claims)
    assert got['A Telegram group linked to the "Hilltop Youth"'].source_type == "social_media"
    assert "Mahmoud Abbas" in got


def test_abbreviations_do_not_break_sources() -> None:
    text = ("U.S. officials said the strike hit a depot. Gen. Mark Milley told reporters the "
            "operation was over. Lt. Col. Avi Cohen, an army spokesman, said nobody was hurt.")
    claims = extract_claims(text)
    _check_offsets(text, claims)
    got = _by_source(claims)
    assert got["U.S. officials"].source_type == "anonymous"
    assert "Gen. Mark Milley" in got
    assert "Lt. Col. Avi Cohen" in got


def test_non_claims_are_skipped() -> None:
    text = ("The new recording revealed that the faction enjoys support. "
            "Israeli forces had received reports of stones being thrown. "
            "Officials refused to say more.")
    sources = {c.source for c in extract_claims(text)}
    assert "The new recording" not in sources
    assert not any("forces" in s for s in sources)


def test_rules_only_run_and_to_dict() -> None:
    text = "Local media reported that gunmen attacked the house. Hamas said it was not involved."
    claims = extract_claims(text, typer=None)
    got = _by_source(claims)
    assert got["Local media"].source_type == "media"
    assert got["Hamas"].source_type == "official"
    d = got["Hamas"].to_dict()
    assert {"cue", "source", "source_type", "anonymous", "agency", "score", "source_start"} <= set(d)
    assert extract_claims("") == []
    assert extract_claims("No attribution here at all.") == []


def test_certain_rules() -> None:
    assert certain_type("AFP").agency == "AFP"  # type: ignore[union-attr]
    assert certain_type("a senior Israeli official").source_type == "anonymous"  # type: ignore[union-attr]
    assert is_anonymous_span("diplomats")
    assert is_anonymous_span("officials", "who asked not to be named")
    assert not is_anonymous_span("Interior Minister Anas Khattab")
    # an institution speaking as such is certain (TAXONOMY.md section 3)
    assert certain_type("the interior ministry").source_type == "official"  # type: ignore[union-attr]
    # a named person is left to the role rule and the model
    assert certain_type("Anas Khattab") is None


def test_tiny_typer_fit_predict_and_use() -> None:
    spans = ["the interior ministry", "the army", "police", "residents", "a witness",
             "local media", "state TV", "the Syrian Observatory for Human Rights", "the UN",
             "a Telegram channel", "Amnesty International", "the newspaper", "villagers",
             "the defence ministry", "Human Rights Watch", "a Facebook post"]
    labels = ["official", "official", "official", "witness", "witness", "media", "media",
              "monitor_ngo", "monitor_ngo", "social_media", "monitor_ngo", "media", "witness",
              "official", "monitor_ngo", "social_media"]
    contexts = [f"[SRC] said on Monday ({i})" for i in range(len(spans))]
    typer = SourceTyper.fit(spans, contexts, labels, random_state=0)
    assert typer.pipeline is not None
    preds = typer.predict(["the foreign ministry", "witnesses"], ["[SRC] said", "[SRC] said"])
    assert len(preds) == 2
    assert preds[0][0] == "official"
    assert all(0.0 <= p <= 1.0 for _, p in preds)
    assert typer.predict([], []) == []
    claims = extract_claims("The health ministry said 12 people died.", typer=typer)
    assert claims[0].source_type == "official"
    with pytest.raises(ValueError):
        SourceTyper.fit(["x"], ["y"], ["not_a_type"])


def test_pipeline_is_plain_sklearn() -> None:
    typer = SourceTyper.fit(["the army", "residents"] * 3, ["said"] * 6,
                            ["official", "witness"] * 3)
    mods = {type(o).__module__.split(".")[0] for o in _walk(typer.pipeline)}
    assert mods <= {"sklearn", "numpy", "scipy", "builtins"}


def _walk(obj, seen=None):  # type: ignore[no-untyped-def]
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    yield obj
    if hasattr(obj, "get_params"):
        for v in obj.get_params(deep=False).values():
            if isinstance(v, list):
                for item in v:
                    for x in (item if isinstance(item, tuple) else (item,)):
                        yield from _walk(x, seen)
            elif hasattr(v, "get_params"):
                yield from _walk(v, seen)


def test_match_claims_and_scores() -> None:
    gold = [{"source": "the interior ministry", "source_type": "official", "anonymous": False},
            {"source": "Field sources", "source_type": "anonymous", "anonymous": True}]
    pred = [{"source": "The Interior Ministry,", "source_type": "official", "anonymous": False},
            {"source": "AFP", "source_type": "news_agency", "anonymous": False},
            {"source": "sources", "source_type": "official", "anonymous": False}]
    assert matched_pairs(pred, gold) == [(0, 0), (2, 1)]  # largest overlap first, one-to-one
    c = match_claims(pred, gold)
    assert c == {"n_pred": 3, "n_gold": 2, "matched": 2, "type_correct": 1, "anon_correct": 1}
    s = claim_scores([c, match_claims([], [])])
    assert s["precision"] == pytest.approx(2 / 3)
    assert s["recall"] == 1.0
    assert s["type_accuracy"] == 0.5


@pytest.mark.parametrize("text, agency_span", [
    ("A source told AFP the talks collapsed.", "AFP"),
    ("Sources told Reuters the attack killed five.", "Reuters"),
    ("A spokesman told the Associated Press the army withdrew.", "the Associated Press"),
    ("Police told Reuters that two men were held.", "Reuters"),
    ("A diplomat told the Reuters news agency that talks resumed.", "the Reuters news agency"),
])
def test_the_agency_object_of_told_without_that_is_the_agency_only(text, agency_span) -> None:
    # "told AFP the talks collapsed" (no "that"): the short-object path kept the whole clause,
    # source "AFP the talks collapsed", which matches no gold span ("the shortest span that
    # names the source")
    claims = extract_claims(text)
    _check_offsets(text, claims)
    wire = [c for c in claims if c.source_type == "news_agency"]
    assert [c.source for c in wire] == [agency_span]


@pytest.mark.parametrize("text, source", [
    ("Channel 12 reported that the cabinet would meet on Sunday.", "Channel 12"),
    ("The cabinet will meet on Sunday, Channel 12 reported.", "Channel 12"),
    ("Israel's Channel 13 said the cabinet would meet.", "Israel's Channel 13"),
    ("Formula 1 announces that the race is cancelled.", "Formula 1"),
    ("The ministry on June 12 said the border was closed.", "The ministry"),
])
def test_a_number_ending_a_name_is_part_of_the_source(text, source) -> None:
    # TAXONOMY.md lists "Channel 12" as a media source; the span was "Channel" (a trailing
    # number was stripped as filler between the source and the cue, as in "on June 12 said")
    claims = extract_claims(text)
    _check_offsets(text, claims)
    assert [c.source for c in claims] == [source]


@pytest.mark.parametrize("text, sources", [
    ("(Reuters) The United Nations condemns the excessive use of force.", ["The United Nations"]),
    ("(CNN) Putin says the talks will go on.", ["Putin"]),
    ("(AP) Republican state Senator Steve Komadina, criticizes the decision and urges the Attorney "
     "General to issue a prompt opinion.", []),
])
def test_a_source_span_names_a_source_without_a_leading_outlet_citation(text, sources) -> None:
    # portal summaries that open with their outlet gave the sources "(Reuters) The United
    # Nations" (typed news_agency, agency Reuters) and "(" (a parenthesis, typed official)
    claims = extract_claims(text)
    _check_offsets(text, claims)
    assert [c.source for c in claims] == sources
    assert all(c.agency is None for c in claims)


@pytest.mark.parametrize("text, types", [
    ("Residents said the strikes hit homes. They added that no warning was given.", ["witness", "witness"]),
    ("Officials said the talks collapsed. They added that a new round was planned.", ["anonymous", "anonymous"]),
    ("The ministry said five were hurt. Officials said most were minors. It also urged calm.",
     ["official", "anonymous", "official"]),
])
def test_a_plural_source_opening_a_sentence_is_plural_for_its_pronouns(text, types) -> None:
    # TAXONOMY.md: a pronoun source takes the type of who it refers to. A capitalised plural
    # ("Residents said") was not plural, so "They" was typed alone (monitor_ngo) and "It" took it
    claims = extract_claims(text)
    _check_offsets(text, claims)
    assert [c.source_type for c in claims] == types


@pytest.mark.parametrize("text, source", [
    ("Officials who asked not to be named said the talks had collapsed.", "Officials"),
    ("An official who asked not to be identified said the talks had collapsed.", "An official"),
    ("Two diplomats who were not authorized to speak publicly said the deal was close.", "Two diplomats"),
])
def test_officials_who_asked_not_to_be_named_are_an_anonymous_source(text, source) -> None:
    # TAXONOMY.md's example of an anonymous source gave no claim at all (or the span
    # "not authorized to speak")
    claims = extract_claims(text)
    _check_offsets(text, claims)
    assert [(c.source, c.source_type, c.anonymous) for c in claims] == [(source, "anonymous", True)]


def test_a_source_who_spoke_on_condition_of_anonymity_is_no_span_of_its_clause() -> None:
    # "An official who spoke on condition of anonymity said ..." also gave the source span
    # "spoke on condition of anonymity" (a second claim, of the cue "said")
    text = "An official who spoke on condition of anonymity said the talks collapsed."
    claims = extract_claims(text)
    _check_offsets(text, claims)
    assert [(c.source, c.source_type, c.anonymous) for c in claims] == [("An official", "anonymous", True)]


def test_told_dpa_without_that_is_an_agency_claim() -> None:
    # dpa writes its name in lower case: "told dpa the border was closed" gave no agency claim
    # ("told dpa that ..." did)
    text = "An official told dpa the border was closed."
    claims = extract_claims(text)
    _check_offsets(text, claims)
    assert [(c.source, c.agency) for c in claims if c.source_type == "news_agency"] == [("dpa", "dpa")]
