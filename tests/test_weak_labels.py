"""Weak labelling functions for conflict types: positive and negative examples per rule."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))

from weak_labels import RULE_CHARS, weak_conflict_labels  # noqa: E402

from newsclf.article import Article  # noqa: E402


def wl(text: str, section: str | None = "Uncategorized", **meta) -> set[str]:
    m = dict(meta)
    if section is not None:
        m["category"] = section
    return weak_conflict_labels(Article(body=text, meta=m)) or set()


@pytest.mark.parametrize("text", [
    "A gunman opens fire at a Labour Party camp with 69 people killed.",
    "Government troops fire on anti-government protesters, killing at least nine people.",
    "Three people are killed after an explosion in a mosque during Friday prayers in Kabul.",
    "A man takes several employees hostage at a bank in Beirut.",
    "An Iraqi police colonel is gunned down in Afak.",
    "Three journalists are killed in an ambush near the border.",
])
def test_violence_against_civilians_positive(text):
    assert "violence_against_civilians" in wl(text)


@pytest.mark.parametrize("text", [
    "Iran's judiciary executes three prisoners for terrorism offences.",
    "Iraq announces the executions of seven terror convicts, hanged yesterday.",
    "Police say a man has confessed to the murder of a newspaper editor.",
    "The trial resumes over the 2005 assassination of the former prime minister.",
])
def test_violence_against_civilians_negative(text):
    assert "violence_against_civilians" not in wl(text)


@pytest.mark.parametrize("text", [
    "A suicide bomber kills 20 people at a market in Baghdad.",
    "Islamic State claims responsibility for the attack on a checkpoint.",
    "Boko Haram gunmen attack a village in Borno.",
])
def test_terrorism_positive(text):
    assert "terrorism" in wl(text)


@pytest.mark.parametrize("text", [
    "Eleven ISIL militants are killed in airstrikes by the Turkish Air Force in Aleppo Governorate.",
    "An ISIL member who lived in California is arrested in Sacramento.",
    "Japan marks the 65th anniversary of the atomic bombing of Nagasaki.",
])
def test_terrorism_negative(text):
    assert "terrorism" not in wl(text)


def test_armed_clash():
    assert "armed_clash" in wl("Rebels clash with government troops near the airport.")
    assert "armed_clash" in wl("The Syrian Army captures at least 23 villages in Aleppo Governorate.")
    assert "armed_clash" in wl("Gunmen attack an army checkpoint; four soldiers are killed in the shootout.")
    assert "armed_clash" not in wl("Tanks capture the attention of visitors at the museum.")
    assert "armed_clash" not in wl("Clashes between protesters and security forces leave dozens injured.")
    assert "armed_clash" not in wl("Demonstrators clash with police in the capital.")


@pytest.mark.parametrize("text,expected", [
    ("Police detain five suspects after the shooting.", True),
    ("A court denies bail to the opposition activist.", True),
    ("Mexico's federal police capture a man who was allegedly the top hitman of the cartel.", True),
    ("Israeli troops kill a Palestinian at a checkpoint.", False),
    ("The United States agrees to extradite the former banker.", False),
])
def test_security_operation(text, expected):
    assert ("security_operation" in wl(text)) is expected


@pytest.mark.parametrize("text", [
    "Thousands of civilians flee the fighting in the north.",
    "Israel evicts Palestinian families from their homes in Sheikh Jarrah.",
    "The army expels villagers from the border area.",
    "Britain plans the removal of Iraqi asylum applicants to Baghdad.",
])
def test_displacement_positive(text):
    assert "displacement" in wl(text)


@pytest.mark.parametrize("text,section", [
    ("Israeli troops kill a man in a West Bank refugee camp.", "Uncategorized"),
    ("The United States expels all Syrian diplomats.", "Uncategorized"),
    ("Iraqi forces expel ISIS from the refinery town of Baiji.", "Uncategorized"),
    ("Israel deports a French-Palestinian lawyer.", "Uncategorized"),
    ("Mass evacuations are carried out as wildfires burn near Athens.", "Disasters and accidents"),
    ("Hurricane Dorian makes landfall; residents told to evacuate.\n\nThe storm is category 5.", None),
    ("A helicopter crashes whilst evacuating an unwell oil worker.", "Uncategorized"),
])
def test_displacement_negative(text, section):
    assert "displacement" not in wl(text, section)


@pytest.mark.parametrize("text", [
    "The opposition leader accuses the government of rigging the vote.",
    "The European Union imposes sanctions on Russian officials.",
    "The United States vetoes a draft resolution critical of Israeli settlements.",
    "The minister threatens to quit the coalition.",
    "Israel approves the construction of new homes for settlers in the West Bank.",
    "Hillary Clinton condemns the demolition of the hotel.",
])
def test_political_dispute_positive(text):
    assert "political_dispute" in wl(text)


@pytest.mark.parametrize("text", [
    "Israelis go to the polls to elect the new members of the Knesset (Israel's parliament).",
    "The President opens discussions on a new government, with Netanyahu expected to return as Prime Minister.",
    "Police arrest a resident who was allegedly involved in an attempted abduction.",
    "Four teenagers shot at a graduation party in Allegheny County.",
    "The congress votes to suspend its controversial rule on foreign games.",
])
def test_political_dispute_negative(text):
    assert "political_dispute" not in wl(text)


def test_diplomacy():
    assert "diplomacy_ceasefire" in wl("The government reaches a truce with the Houthi rebels.")
    assert "diplomacy_ceasefire" in wl("Bangladesh and Myanmar agree to return Rohingya refugees.")
    assert "diplomacy_ceasefire" in wl("Israel releases 250 prisoners held for years.")
    assert "diplomacy_ceasefire" not in wl("A bomb explodes at a ceremony attended by foreign diplomats.")


@pytest.mark.parametrize("text,expected", [
    ("The World Health Organization reports a polio outbreak in the war-torn city.", True),
    ("Amnesty criticises the European Union for meager assistance of Syrian refugees.", True),
    ("An Iranian Red Crescent plane is blocked from landing.", True),
    ("The death toll from the attack on a military post rises to 53.", False),
    ("Israeli troops kill a man in a West Bank refugee camp.", False),
])
def test_humanitarian(text, expected):
    assert ("humanitarian_crisis" in wl(text)) is expected


def test_rules_read_the_lead_only():
    filler = "The minister opened a new bridge on Monday. " * (RULE_CHARS // 40 + 1)
    assert "protest" not in wl(filler + "Years ago, protests were held here.", None)
    assert "protest" in wl("Thousands protest in the capital. " + filler, None)


def test_disaster_headline_without_section_is_negative_evidence():
    assert wl("Typhoon strikes Philippines\n\nThousands are evacuated and left homeless.", None) == set()
    # a strong violence cue still counts
    assert "airstrike_shelling" in wl("Storm of airstrikes hits Idlib\n\nWarplanes bomb the town.", None)


def test_ucdp_codes():
    assert "violence_against_civilians" in wl("Event in Aleppo.", None, type_of_violence=3)
    assert "armed_clash" in wl("Event in Aleppo.", None, type_of_violence=1)


@pytest.mark.parametrize("text,section,expected", [
    ("Airstrikes kill 15 people in Aleppo while three hospitals are hit.", "Uncategorized", True),
    ("Hundreds of thousands of inhabitants are left without drinking water.", "Uncategorized", True),
    ("A boat carrying Syrian refugees sinks in the Aegean Sea.", "Disasters and accidents", True),
    ("A boat carrying tourists sinks in the Aegean Sea.", "Disasters and accidents", False),
    ("Thirty militants and four soldiers have been killed since the weekend.", "Uncategorized", False),
])
def test_humanitarian_more(text, section, expected):
    assert ("humanitarian_crisis" in wl(text, section)) is expected
