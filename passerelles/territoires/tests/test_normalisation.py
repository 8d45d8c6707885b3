import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passerelles.territoires.normalisation import normalise, normalise_nom_epci


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("Nérondes", "nerondes"),
        ("Saint-Étienne", "saint etienne"),
        ("ST-ETIENNE", "saint etienne"),
        ("Ste-Maure-de-Touraine", "sainte maure de touraine"),
        ("L'Abergement-Clémenciat", "l abergement clemenciat"),
        ("Œuilly", "oeuilly"),
        ("  Bourges  (18) ", "bourges 18"),
    ],
)
def test_names_are_folded_to_plain_words(raw, normal):
    assert normalise(raw) == normal


def test_an_epci_name_is_ranked_without_its_category():
    assert normalise_nom_epci("CC du Pays de Pontchâteau St-Gildas-des-Bois") == (
        "pays de pontchateau saint gildas des bois"
    )
    assert normalise_nom_epci("CA Bourges Plus") == "bourges plus"
    assert normalise_nom_epci("Bordeaux Métropole") == "bordeaux metropole"


def _normalised_char_by_char(text: str) -> str:
    """The rule spelled out, one character at a time: a Latin one (below U+0250) lowercased and
    stripped of its accents, anything but ASCII letters and digits then a separator,
    abbreviations spelled out."""

    def fold(char: str) -> str:
        if ord(char) >= 0x250:
            return char
        lowered = char.lower().replace("œ", "oe").replace("æ", "ae")
        return unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()

    words = re.sub(r"[^a-z0-9]+", " ", "".join(map(fold, text))).split()
    abbreviations = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
    return " ".join(abbreviations.get(word, word) for word in words)


def test_every_character_is_folded_as_the_rule_says():
    every_character = [chr(code) for code in range(0x3000) if not 0xD800 <= code < 0xE000]
    assert [normalise(c) for c in every_character] == [_normalised_char_by_char(c) for c in every_character]


@given(st.lists(st.sampled_from([*"aeÉéœŒß-' .ǅΩﬁ²\u0301", "st", "Ste", "STES", "Saint"])).map("".join))
def test_names_are_folded_as_the_rule_says(text):
    assert normalise(text) == _normalised_char_by_char(text)
