import pytest

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
