"""Tests for legacy_archive.uwp: UWP codes, bases, zones and trade codes in plain words."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from legacy_archive.uwp import (
    POSITIONS,
    base_kinds,
    explain_bases,
    explain_trade_codes,
    explain_uwp,
    explain_zone,
    has_water,
    normalise_uwp,
    population_code,
)

LABELS = ["Starport", "Size", "Atmosphere", "Hydrographics", "Population", "Government",
          "Law level", "Tech level"]
TECH_9 = "Early stellar: gravitics, jump-1 starships"


def test_explain_a_valid_uwp():
    explained = explain_uwp("B564877-9")
    assert [label for label, _, _ in explained] == LABELS
    assert [code for _, code, _ in explained] == list("B5648779")
    meanings = {label: meaning for label, _, meaning in explained}
    assert meanings["Starport"].startswith("Good")
    assert meanings["Size"] == "8,000 km (5,000 miles)"
    assert meanings["Atmosphere"] == "Standard"
    assert meanings["Hydrographics"] == "About 40% of the surface is water"
    assert meanings["Population"] == "hundreds of millions"
    assert meanings["Government"] == "Balkanization"
    assert meanings["Law level"] == "Shotguns prohibited"
    assert meanings["Tech level"] == TECH_9


@pytest.mark.parametrize(("uwp", "position", "meaning"), [
    ("A567000-0", 2, "Standard"),
    ("X000000-0", 1, "Asteroid or planetoid belt (no single world)"),
    ("X0000A0-0", 5, "Charismatic dictator"),
    ("C5A5000-0", 2, "Exotic (not breathable)"),
    ("C55A000-0", 3, "About 100% water: no land above the surface"),
    ("C555A00-0", 4, "tens of billions"),
    ("C5550F0-0", 5, "Totalitarian oligarchy"),
    ("C555000-F", 7, "The Imperial maximum: jump-6 starships, black globes"),
    ("C55500J-G", 6, "Extreme law (level 18): no weapons, personal freedoms tightly restricted"),
    ("CA00000-0", 1, "16,000 km (10,000 miles)"),
])
def test_explain_each_table(uwp, position, meaning):
    assert explain_uwp(uwp)[position][2] == meaning


@pytest.mark.parametrize(("uwp", "expected"), [
    ("Q?Z", [("Starport", "Q", "unknown (code Q)"), ("Size", "?", "not recorded (?)"),
             ("Atmosphere", "Z", "unknown (code Z)")]
     + [(label, "", "not given") for label in LABELS[3:]]),
    ("B56X877-9", None),
    ("", [(label, "", "not given") for label in LABELS]),
])
def test_explain_junk_never_refuses(uwp, expected):
    explained = explain_uwp(uwp)
    if expected is not None:
        assert explained == expected
    else:
        assert explained[3] == ("Hydrographics", "X", "unknown (code X)")
        assert explained[7] == ("Tech level", "9", TECH_9)


def test_every_code_a_position_accepts_has_words():
    for _, table, _ in POSITIONS:
        for code, meaning in table.items():
            assert meaning and "unknown" not in meaning, code


@given(st.text(max_size=20))
def test_explain_uwp_always_gives_eight_string_triples(text):
    explained = explain_uwp(text)
    assert [label for label, _, _ in explained] == LABELS
    assert all(isinstance(part, str) for row in explained for part in row)


@pytest.mark.parametrize(("raw", "expected"), [
    ("B564877-9", ("B564877-9", [], None)),
    ("B5O4877-9", ("B504877-9", ["OCR 'O' read as 0 in UWP"], None)),
    ("C4l0569-7", ("C410569-7", ["OCR 'l' read as 1 in UWP"], None)),
    ("cIO0569-7", ("C100569-7", ["lower-case letters in UWP upper-cased",
                                 "OCR 'I' read as 1 in UWP", "OCR 'O' read as 0 in UWP"], None)),
    ("X??????-?", ("X??????-?", [], None)),
    ("BX64877-9", (None, [], "UWP 'BX64877-9' has an invalid size digit 'X'")),
    ("0564877-9", (None, [], "UWP '0564877-9' has an invalid starport code '0'")),
    ("B564877-Z", (None, [], "UWP 'B564877-Z' has an invalid tech level digit 'Z'")),
    ("B564877", (None, [], "'B564877' is not a UWP (like B564877-9)")),
    ("", (None, [], "no UWP")),
])
def test_normalise_uwp(raw, expected):
    assert normalise_uwp(raw) == expected


def test_population_and_water_helpers():
    assert population_code("A867A98-E") == 10
    assert population_code("junk") == 0
    assert has_water("B564877-9") and not has_water("B560877-9") and not has_water("B56?877-9")


def test_explain_bases():
    assert explain_bases("NS") == [("N", "Naval base"), ("S", "Scout base")]
    assert explain_bases("A") == [("A", "Naval base and scout base")]
    assert explain_bases("W") == [("W", "Scout way station")]
    assert explain_bases("Q") == [("Q", "unknown (code Q)")]
    assert explain_bases("") == []
    assert base_kinds("A") == {"naval", "scout"}
    assert base_kinds("DQ") == {"depot", "other"}


@pytest.mark.parametrize(("zone", "start"), [
    ("A", "Amber zone"), ("R", "Red zone"), ("", "No travel zone"), ("r", "Red zone"),
    ("G", "unknown (code G)"),
])
def test_explain_zone(zone, start):
    assert explain_zone(zone).startswith(start)


def test_explain_trade_codes():
    assert explain_trade_codes("Ag Ni  Zz Ag") == [
        ("Ag", "Agricultural"), ("Ni", "Non-industrial"), ("Zz", "unknown (code Zz)")]
    codes = "Ag Na In Ni Ri Po Wa De As Ba Fl Ic Va Hi Lo"
    assert all("unknown" not in meaning for _, meaning in explain_trade_codes(codes))
    assert explain_trade_codes("") == []
