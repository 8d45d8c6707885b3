import pytest

pytestmark = pytest.mark.django_db


def test_the_cc_page_lists_its_twelve_member_communes(client_membre):
    page = client_membre.get("/territoires/epci/200007177/").content.decode()
    assert "Communes membres (12)" in page
    assert "4\u202f773\u00a0hab." in page
    for commune in ("Nérondes", "Blet", "Tendron", "Bengy-sur-Craon"):
        assert commune in page


def test_a_commune_page_links_its_epci_departement_and_region(client_membre):
    page = client_membre.get("/territoires/commune/18160/").content.decode()
    assert 'href="/territoires/epci/200007177/"' in page
    assert 'href="/territoires/departement/18/"' in page
    assert 'href="/territoires/region/24/"' in page
    assert "Bourg rural" in page
    assert "mairie.nerondes@wanadoo.fr" in page
    assert "1\u202f403\u00a0hab." in page


def test_an_unknown_value_is_said_to_be_unknown(client_membre):
    page = client_membre.get("/territoires/commune/15031/").content.decode()
    assert "inconnu" in page


def test_a_departement_page_counts_its_communes_and_lists_its_epci(client_membre):
    page = client_membre.get("/territoires/departement/18/").content.decode()
    assert "286" in page
    assert "CC Pays de Nérondes" in page
    assert "CA Bourges Plus" in page


def test_a_region_page_lists_its_departements(client_membre):
    page = client_membre.get("/territoires/region/24/").content.decode()
    assert "1\u202f754" in page
    assert "Indre-et-Loire" in page


def test_a_delegated_commune_page_links_its_parent(client_membre):
    page = client_membre.get("/territoires/commune_deleguee/01015/").content.decode()
    assert "Commune de rattachement" in page
    assert 'href="/territoires/commune/01015/"' in page


def test_an_unknown_collectivite_is_a_404(client_membre):
    assert client_membre.get("/territoires/commune/00000/").status_code == 404
    assert client_membre.get("/territoires/planete/1/").status_code == 404


def test_every_population_shown_says_whether_it_is_municipal_or_total(client_membre):
    epci = client_membre.get("/territoires/epci/200007177/").content.decode()
    members = epci.split('id="titre-membres"')[1].split("</thead>")[0]
    assert "Population municipale" in members
    region = client_membre.get("/territoires/region/24/").content.decode()
    departements = region.split('id="titre-departements"')[1].split("</ul>")[0]
    assert departements.count("population municipale") == 6
    assert "Population totale" in region.split('id="titre-epci"')[1].split("</thead>")[0]
