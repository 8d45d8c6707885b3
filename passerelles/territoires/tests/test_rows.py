from passerelles.territoires.rows import FIELDS, row_values
from passerelles.territoires.sources import Complement


def test_row_values_line_up_with_the_field_names():
    complement = Complement(47.0, 2.8, "1 place de la Mairie", "mairie@example.org", "02", "https://x", 5)
    values = dict(
        zip(
            FIELDS, row_values(nom="Nérondes", population_municipale=1403, complement=complement), strict=True
        )
    )
    assert values["nom"] == "Nérondes"
    assert values["nom_normalise"] == "nerondes"
    assert values["texte_recherche"] == " nerondes "
    assert values["population_municipale"] == 1403
    assert (values["latitude"], values["longitude"]) == (47.0, 2.8)
    assert values["densite"] == 5
    assert values["mairie_email"] == "mairie@example.org"


def test_an_explicit_position_wins_over_the_complement():
    values = dict(zip(FIELDS, row_values(nom="CC X", position=(46.0, 1.0)), strict=True))
    assert (values["latitude"], values["longitude"]) == (46.0, 1.0)
    assert values["densite"] is None
    assert values["mairie_adresse"] == ""
