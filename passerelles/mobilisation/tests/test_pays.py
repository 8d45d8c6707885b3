import pytest

from passerelles.mobilisation.pays import code_pays, nom_pays


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Allemagne", "DE"),
        ("  burkina faso ", "BF"),
        ("Côte d'Ivoire", "CI"),
        ("RDC", "CD"),
        ("Îles Salomon", "SB"),
        ("Territoires palestiniens", "PS"),
        ("Vietnam", "VN"),
        ("sn", "SN"),
        ("Kosovo", "XK"),
        ("Germanie", ""),
        ("", ""),
    ],
)
def test_a_country_is_read_as_people_write_it(written, code):
    assert code_pays(written) == code


def test_a_code_gives_back_the_french_name():
    assert nom_pays("DE") == "Allemagne" and nom_pays("ZZ") == ""
