import pytest

from passerelles.territoires.matching import Matcher, Statut

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def matcher(django_db_blocker):
    with django_db_blocker.unblock():
        return Matcher()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ville de Bourges", "18033"),
        ("Mairie de Nérondes", "18160"),
        ("Bourges (18)", "18033"),
        ("BOURGES", "18033"),
        ("St-Amand-Montrond", "18197"),
        ("Saint Amand Montrond", "18197"),
        ("CC du Pays de Nérondes", "200007177"),
        ("Communauté de communes Pays de Nérondes", "200007177"),
        ("Cté de Cnes du Pays de Nérondes", "200007177"),
        ("C.C. Pays de Nérondes", "200007177"),
        ("Communauté d'agglomération Bourges Plus", "241800507"),
        ("Département du Cher", "18"),
        ("Conseil régional Centre-Val de Loire", "24"),
        ("Ville-d'Avray", "92077"),
        ("18033", "18033"),
        ("200007177", "200007177"),
    ],
)
def test_loosely_written_names_find_their_collectivite(matcher, text, code):
    result = matcher.match(text)
    assert result.statut == Statut.SURE, result
    assert result.retenu.code == code


def test_a_typo_is_matched_with_less_confidence(matcher):
    result = matcher.match("Nerondess")
    assert result.candidats[0].code == "18160"
    assert result.candidats[0].confiance < 100
    assert result.candidats[0].raison == "nom approchant"


def test_a_name_shared_by_several_departements_is_ambiguous(matcher):
    result = matcher.match("Saint-Martin")
    assert result.statut == Statut.AMBIGUE
    assert result.retenu is None
    assert len(result.candidats) > 1


def test_a_departement_hint_settles_an_ambiguous_name(matcher):
    result = matcher.match("Saint-Martin (32)")
    assert result.statut == Statut.SURE
    assert result.retenu.departement == "32"


def test_a_postal_code_in_another_column_settles_a_homonym(matcher):
    result = matcher.match("Brécy", code_postal="18220")
    assert result.statut == Statut.SURE
    assert result.retenu.departement == "18"


def test_an_insee_code_in_another_column_wins(matcher):
    result = matcher.match("n'importe quoi", code_insee="18160")
    assert result.retenu.nom == "Nérondes"
    assert result.retenu.confiance == 100


def test_a_postal_code_alone_finds_the_only_commune_it_serves(matcher):
    result = matcher.match("18000")
    assert result.statut == Statut.SURE
    assert result.retenu.nom == "Bourges"


def test_nonsense_finds_nothing(matcher):
    assert matcher.match("Xyzzyquux").statut == Statut.AUCUNE
    assert matcher.match("").statut == Statut.AUCUNE


@pytest.mark.parametrize(
    "text, code",
    [
        ("Ville de Paris", "75C"),
        ("Mairie de Paris", "75C"),
        ("Paris", "75C"),
        ("75056", "75C"),
        ("Collectivité européenne d'Alsace", "6AE"),
        ("Conseil départemental du Bas-Rhin", "6AE"),
        ("Collectivité de Corse", "20R"),
        ("Saint-Martin (978)", "978"),
    ],
)
def test_a_collectivite_with_a_statute_of_its_own_is_matched_by_its_names_and_its_parts(matcher, text, code):
    found = matcher.match(text)
    assert found.statut == "sure", found
    assert found.retenu.code == code
