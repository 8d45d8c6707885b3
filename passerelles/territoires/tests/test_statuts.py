"""One collectivité, one page: the collectivités that the official files split into a commune,
a département and a région (or two départements) are each one row of the référentiel, with
one population, found by their usual name, counted once; the old addresses lead to them."""

import pytest
from django.db.models import Sum

from passerelles.territoires.models import Collectivite, TypeCollectivite
from passerelles.territoires.selectors import TYPE_FILTERS, SearchFilters, collectivite_search

pytestmark = pytest.mark.django_db
T = TypeCollectivite

ONE_PAGE = {
    "75C": ("Ville de Paris", [("commune", "75056"), ("departement", "75")]),
    "6AE": ("Collectivité européenne d'Alsace", [("departement", "67"), ("departement", "68")]),
    "20R": ("Collectivité de Corse", [("region", "94"), ("departement", "2A"), ("departement", "2B")]),
    "972": ("Collectivité territoriale de Martinique", [("region", "02"), ("departement", "972")]),
    "973": ("Collectivité territoriale de Guyane", [("region", "03"), ("departement", "973")]),
    "976": ("Département de Mayotte", [("region", "06"), ("departement", "976")]),
    "978": (
        "Collectivité de Saint-Martin",
        [("commune", "97801"), ("departement", "978"), ("region", "978")],
    ),
    "977": (
        "Collectivité de Saint-Barthélemy",
        [("commune", "97701"), ("departement", "977"), ("region", "977")],
    ),
    "975": (
        "Collectivité territoriale de Saint-Pierre-et-Miquelon",
        [("departement", "975"), ("region", "975")],
    ),
}


def one(code: str) -> Collectivite:
    return Collectivite.objects.get(type=T.STATUT_PARTICULIER, code=code)


@pytest.mark.parametrize("code", ONE_PAGE)
def test_each_collectivite_with_a_statute_of_its_own_is_one_active_row_carrying_its_parts(code):
    nom, parts = ONE_PAGE[code]
    collectivite = one(code)
    assert collectivite.nom == nom and collectivite.actif
    for type_, part_code in parts:
        part = Collectivite.objects.get(type=type_, code=part_code)
        assert not part.actif, (type_, part_code)
        assert part.successeur == collectivite


def test_its_population_is_the_whole_summed_from_the_levels_it_merged():
    alsace = one("6AE")
    bas_rhin = Collectivite.objects.get(type=T.DEPARTEMENT, code="67")
    haut_rhin = Collectivite.objects.get(type=T.DEPARTEMENT, code="68")
    assert alsace.population_municipale == bas_rhin.population_municipale + haut_rhin.population_municipale
    assert one("75C").population_municipale == 2_103_778  # the commune 75056 of the snapshot
    assert one("978").population_municipale == 31_160  # the « commune » 97801 of the snapshot
    spm = Collectivite.objects.filter(type=T.COMMUNE, departement__code="975")
    assert one("975").population_municipale == spm.aggregate(s=Sum("population_municipale"))["s"]


def test_the_communes_keep_their_departement_and_region_as_circonscriptions():
    strasbourg = Collectivite.objects.select_related("departement").get(type=T.COMMUNE, code="67482")
    assert strasbourg.departement.code == "67"
    assert one("6AE").region.code == "44"
    assert one("75C").region.code == "11"


@pytest.mark.parametrize(
    "old, code",
    [
        ("/territoires/departement/75/", "75C"),
        ("/territoires/commune/75056/", "75C"),
        ("/territoires/departement/67/", "6AE"),
        ("/territoires/departement/68/", "6AE"),
        ("/territoires/region/94/", "20R"),
        ("/territoires/departement/2A/", "20R"),
        ("/territoires/departement/2B/", "20R"),
        ("/territoires/departement/972/", "972"),
        ("/territoires/region/02/", "972"),
        ("/territoires/departement/973/", "973"),
        ("/territoires/region/06/", "976"),
        ("/territoires/departement/977/", "977"),
        ("/territoires/commune/97801/", "978"),
        ("/territoires/region/978/", "978"),
        ("/territoires/departement/975/", "975"),
    ],
)
def test_the_old_addresses_redirect_to_the_one_page(client_membre, old, code):
    response = client_membre.get(old)
    assert response.status_code == 301
    assert response["Location"] == f"/territoires/statut_particulier/{code}/"


def test_the_one_page_says_what_the_law_makes_it_and_what_the_files_list_apart(client_membre):
    page = client_membre.get("/territoires/statut_particulier/6AE/").content.decode()
    assert "loi n° 2019-816" in page.lower() or "Loi n° 2019-816" in page
    assert "Bas-Rhin" in page and "Haut-Rhin" in page
    paris = client_membre.get("/territoires/statut_particulier/75C/").content.decode()
    assert "2017-257" in paris


def test_the_metropole_de_lyon_page_does_not_call_its_communes_members(client_membre):
    page = client_membre.get("/territoires/epci/200046977/").content.decode()
    assert "Communes de son territoire" in page
    assert "Communes membres" not in page
    assert "pas un EPCI" in page


@pytest.mark.parametrize(
    "query, nom",
    [
        ("Ville de Paris", "Ville de Paris"),
        ("Paris", "Ville de Paris"),
        ("Collectivité européenne d'Alsace", "Collectivité européenne d'Alsace"),
        ("Collectivité européenne", "Collectivité européenne d'Alsace"),
        ("Bas-Rhin", "Collectivité européenne d'Alsace"),
        ("Métropole de Lyon", "Métropole de Lyon"),
        ("Corse", "Collectivité de Corse"),
        ("Martinique", "Collectivité territoriale de Martinique"),
        ("Saint-Martin", "Collectivité de Saint-Martin"),
        ("2A", "Collectivité de Corse"),
        ("67", "Collectivité européenne d'Alsace"),
    ],
)
def test_the_search_finds_it_by_its_usual_name_first(query, nom):
    first = collectivite_search(SearchFilters(q=query)).first()
    assert first.nom == nom


def test_a_departement_code_finds_the_collectivite_that_carries_it_with_the_region_of_that_code():
    found = [c.nom for c in collectivite_search(SearchFilters(q="75"))[:2]]
    assert sorted(found) == ["Nouvelle-Aquitaine", "Ville de Paris"]


def test_the_search_never_shows_a_level_it_carries_as_a_collectivite():
    found = list(collectivite_search(SearchFilters(q="Paris")).values_list("type", "code")[:30])
    assert ("departement", "75") not in found and ("commune", "75056") not in found


def shown(key: str) -> int:
    return Collectivite.objects.filter(TYPE_FILTERS[key][1], actif=True).count()


def test_the_counts_shown_stay_the_official_ones_with_each_collectivite_counted_once():
    assert shown("commune") == 34_875  # the Ville de Paris among them, once
    assert shown("epci") == 1_254
    assert shown("outre_mer") == 94  # Saint-Martin and Saint-Barthélemy among them, once
    special = Collectivite.objects.filter(TYPE_FILTERS["statut_particulier"][1], actif=True)
    assert set(special.values_list("code", flat=True)) == {*ONE_PAGE, "200046977"}


def test_the_ile_de_france_page_lists_the_ville_de_paris_among_its_departements(client_membre):
    page = client_membre.get("/territoires/region/11/").content.decode()
    departements = page.split('id="titre-departements"')[1].split("</ul>")[0]
    assert "Ville de Paris" in departements
    grand_est = client_membre.get("/territoires/region/44/").content.decode()
    assert (
        "Collectivité européenne d&#x27;Alsace"
        in grand_est.split('id="titre-departements"')[1].split("</ul>")[0]
    )


def test_the_summary_of_a_region_counts_paris_once_as_a_commune():
    from passerelles.territoires.selectors import territory_summary

    ile_de_france = Collectivite.objects.get(type=T.REGION, code="11")
    paris = [ligne for ligne in territory_summary(ile_de_france).lignes if ligne.departement.code == "75"]
    assert paris[0].communes == 1
    assert paris[0].population == 2_103_778


def test_filtering_by_a_departement_it_carries_lists_the_collectivite_with_its_communes():
    found = collectivite_search(SearchFilters(departement="67", type="departement"))
    assert [c.nom for c in found] == ["Collectivité européenne d'Alsace"]


def test_the_shared_matcher_is_rebuilt_when_the_referentiel_changes_and_only_then(db):
    from passerelles.territoires.cache import referentiel_changed, shared_matcher
    from passerelles.territoires.models import Collectivite

    built = shared_matcher()
    assert shared_matcher() is built  # nothing changed: the same matcher, no table scanned
    Collectivite.objects.get(type="commune", code="18160").save()
    rebuilt = shared_matcher()
    assert rebuilt is not built
    referentiel_changed()  # what the import says once it commits
    assert shared_matcher() is not rebuilt
