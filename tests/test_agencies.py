"""Tests for newsclf.agencies (offline, hand-written fixtures)."""

from __future__ import annotations

import sys
from pathlib import Path

try:  # the package may not be installed in the test environment
    import newsclf  # noqa: F401
except ImportError:  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsclf.agencies import AGENCIES, AgencyMention, canonical_agency, find_agencies, outlet_type


def _canon(text: str) -> list[str]:
    return [m.canonical for m in find_agencies(text)]


def test_canonical_names() -> None:
    assert canonical_agency("Agence France-Presse") == "AFP"
    assert canonical_agency("AFP via Google News") == "AFP"
    assert canonical_agency("Associated Press") == "AP"
    assert canonical_agency("The Associated Press") == "AP"
    assert canonical_agency("AP via ABC News") == "AP"
    assert canonical_agency("Reuters AlertNet") == "Reuters"
    assert canonical_agency("ITAR-TASS") == "TASS"
    assert canonical_agency("Anadolu Agency") == "Anadolu"
    assert canonical_agency("Khaleej Times via AFP") == "AFP"
    assert canonical_agency("BBC") is None
    assert canonical_agency("Al Jazeera") is None
    assert canonical_agency("") is None


def test_outlet_type() -> None:
    assert outlet_type("Reuters") == "news_agency"
    assert outlet_type("Xinhua") == "news_agency"
    assert outlet_type("The Guardian") == "media"
    assert outlet_type("Press TV") == "media"


def test_agencies_tuple_has_gold_spellings() -> None:
    for name in ("Reuters", "AP", "AFP", "Xinhua", "UPI", "Anadolu", "AAP", "RIA Novosti", "TASS",
                 "SANA", "Mehr", "JTA", "Saba", "Interfax", "IRNA", "Canadian Press", "IANS",
                 "ANSA", "EFE", "Sputnik", "SPA", "Fars", "PAP", "WAFA", "dpa", "KUNA"):
        assert name in AGENCIES


def test_find_in_text_offsets_and_wafa() -> None:
    text = ('The infant was injured, according to the official Palestinian news agency Wafa. '
            'It blamed settlers for the attack, AFP reported.')
    ms = find_agencies(text)
    assert [m.canonical for m in ms] == ["WAFA", "AFP"]
    for m in ms:
        assert isinstance(m, AgencyMention)
        assert text[m.start : m.end] == m.surface


def test_full_names_and_wires() -> None:
    assert _canon("GAZA (AFP) — Strikes continued, Agence France-Presse said.") == ["AFP", "AFP"]
    assert _canon("the Associated Press reported, citing the Saudi Press Agency.") == ["AP", "SPA"]
    assert _canon("Kuwait News Agency (KUNA) and Deutsche Presse-Agentur") == ["KUNA", "KUNA", "dpa"]
    assert _canon("... killed in the attack. (Reuters) (Al Jazeera)") == ["Reuters"]


def test_ap_is_careful() -> None:
    assert _canon("He took an APPLE from the MAPS shop.") == []
    assert _canon("Shipping giant AP Moller-Maersk said") == []
    assert _canon("AP said the strike killed five.") == ["AP"]
    assert _canon("(AP) Five people died.") == ["AP"]
    assert _canon("Cap and ap are words.") == []


def test_ambiguous_short_forms_need_a_cue() -> None:
    assert _canon("Fars province was hit by an earthquake.") == []
    assert _canon("the semi-official Fars news agency reported") == ["Fars"]
    assert _canon("Growth in the MENA region slowed.") == []
    assert _canon("state news agency MENA said") == ["MENA"]
