"""The dashboard's map: every commune of the région filled by stage, linked to its page, and a
legend that counts exactly what is drawn."""

import re

import pytest

from passerelles.mobilisation import services
from passerelles.mobilisation.selectors import dashboard
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db


def get(type_, code):
    return Collectivite.objects.get(type=type_, code=code)


@pytest.fixture
def followed(reseau, membre):
    stages = {
        ("commune", "18033"): "engagee",  # Bourges
        ("commune", "18031"): "contactee",  # Blet
        ("commune", "28018"): "contactee",  # Authon-du-Perche, a commune nouvelle
        ("epci", "200007177"): "deja_engagee",  # CC Pays de Nérondes
        ("region", "24"): "interessee",
    }
    for (type_, code), etape in stages.items():
        services.etape_set(reseau=reseau, collectivite=get(type_, code), etape=etape, auteur=membre)


def test_the_legend_counts_the_communes_drawn_and_only_them(reseau, followed):
    carte = dashboard(reseau=reseau).carte
    legend = {code: n for code, _, n in carte.legende}
    assert legend["contactee"] == 2
    assert legend["engagee"] == 1
    assert legend["deja_engagee"] == 0  # the CC is not a commune: it is listed beside the map
    assert legend["interessee"] == 0  # nor is the région
    assert sum(legend.values()) == carte.svg.count('class="zone ') == 1754 - carte.sans_contour
    assert carte.sans_contour == 0


def test_epci_and_region_are_listed_beside_the_map_with_their_stage(reseau, followed):
    others = {(autre.nom, autre.libelle_etape) for autre in dashboard(reseau=reseau).carte.autres_suivies}
    assert others == {("CC Pays de Nérondes", "Déjà engagée"), ("Centre-Val de Loire", "Intéressée")}


def test_each_commune_is_a_filled_outline_linked_to_its_page_with_its_name(client_membre, followed):
    page = client_membre.get("/mobilisation/").content.decode()
    bourges = re.search(
        r'<a href="/territoires/commune/18033/"[^>]*><path d="[^"]+" class="zone ([^"]+)">', page
    )
    assert bourges.group(1) == "etape--engagee"
    assert "<title>Bourges — Engagée</title>" in page
    assert page.count('class="zone etape--inconnue"') == 1754 - 3
    assert "style=" not in page


def test_a_commune_nouvelle_is_drawn_with_the_outlines_of_the_communes_it_absorbed(reseau, followed):
    svg = dashboard(reseau=reseau).carte.svg
    path = re.search(r'<a href="/territoires/commune/28018/"[^>]*><path d="([^"]+)"', svg).group(1)
    assert path.count("M") == 2  # Authon-du-Perche and Soizé, a commune déléguée since 2018


def test_moving_a_commune_to_another_stage_redraws_the_map(reseau, membre, followed):
    assert "<title>Blet — Contactée</title>" in dashboard(reseau=reseau).carte.svg
    services.etape_set(reseau=reseau, collectivite=get("commune", "18031"), etape="engagee", auteur=membre)
    assert "<title>Blet — Engagée</title>" in dashboard(reseau=reseau).carte.svg


def test_the_legend_on_the_page_matches_the_map(client_membre, followed):
    page = client_membre.get("/mobilisation/").content.decode()
    legend = page.split('id="titre-legende"')[1].split("</ul>")[0]
    assert "Contactée</a> : 2" in legend
    assert "Non suivie : 1\u202f751" in legend


def test_the_map_of_the_ile_de_france_draws_paris_once_as_the_ville_de_paris(reseau, membre):
    reseau.region = get("region", "11")
    reseau.save()
    ville = get("statut_particulier", "75C")
    services.etape_set(reseau=reseau, collectivite=ville, etape="contactee", auteur=membre)
    carte = dashboard(reseau=reseau).carte
    assert carte.svg.count('href="/territoires/statut_particulier/75C/"') == 1
    assert "/territoires/commune/75056/" not in carte.svg
    assert {code: n for code, _, n in carte.legende}["contactee"] == 1


def test_the_map_of_the_grand_est_still_draws_the_communes_of_alsace(reseau):
    reseau.region = get("region", "44")
    reseau.save()
    carte = dashboard(reseau=reseau).carte
    assert 'href="/territoires/commune/67482/"' in carte.svg  # Strasbourg
