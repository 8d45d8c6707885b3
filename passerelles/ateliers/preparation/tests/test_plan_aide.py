"""The planning aid beside the atelier form: the segment in figures, what to talk about,
who could speak, and the lessons of past ateliers for this entry point."""

import re

import pytest

from passerelles.capitalisation.demo import demo_fiche
from passerelles.leviers.models import PointEntree, Segment
from passerelles.mobilisation.demo import demo_engagement_facts

pytestmark = pytest.mark.django_db

NEWCOMERS = {
    "departement": "18",
    "type": "commune",
    "population": "moins-500",
    "ruralite": "rural",
    "etape": "inconnue",
}


@pytest.fixture
def newcomers(reseau):
    return Segment.objects.create(reseau=reseau, nom="Petites communes rurales du Cher", filtres=NEWCOMERS)


def aide(client, **params):
    return client.get("/ateliers/aide/", params, HTTP_HX_REQUEST="true").content.decode()


def test_decentralised_cooperation_for_newcomers_brings_up_the_too_technical_lesson(
    client_membre, reseau, newcomers
):
    demo_fiche(reseau)
    aect = PointEntree.objects.get(code="cooperation-decentralisee")
    html = aide(client_membre, segments=newcomers.pk, point_entree=aect.pk)
    lessons = html.split("<h3>Leçons des ateliers passés</h3>")[1]
    first = re.search(r"<li>(.*?)<div", lessons, re.S).group(1)
    assert "trop technique" in first
    assert "pour les nouveaux venus" in first


def test_the_segment_is_described_in_figures_with_peers_nearest_first(client_membre, reseau, newcomers):
    demo_engagement_facts(reseau)  # the Région, Bourges and the CC du Pays de Nérondes
    html = aide(client_membre, segments=newcomers.pk)
    assert re.search(r"<strong>\d[\d\u202f]*</strong> collectivités, [\d\u202f]+\u00a0hab.", html)
    assert "0\u00a0% déjà engagées" in html  # the segment keeps only collectivités the réseau does not know
    peers = html.split("Intervenants possibles")[1]
    names = re.findall(r'<a href="/territoires/[^"]+">([^<]+)</a>', peers)
    assert names[0] == "Bourges"  # a commune, like the segment's collectivités, comes first
    assert set(names) == {"Bourges", "CC Pays de Nérondes", "Centre-Val de Loire"}
    assert re.search(r"Bourges</a>, [\d\u202f]+\u00a0hab. — \d+ km", peers)


def test_without_a_choice_the_aid_says_what_to_choose(client_membre):
    assert "Choisissez un angle d" in aide(client_membre)


def test_another_reseaus_segment_is_ignored(client_membre, autre_reseau):
    foreign = Segment.objects.create(reseau=autre_reseau, nom="Zorglub", filtres={"departement": "69"})
    html = aide(client_membre, segments=foreign.pk)
    assert "Zorglub" not in html


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999", ""])
def test_malformed_choices_never_fail(client_membre, value):
    for name in ("segments", "point_entree", "roles"):
        assert client_membre.get("/ateliers/aide/", {name: value}).status_code == 200


def test_the_full_page_works_without_htmx(client_membre, newcomers):
    page = client_membre.get("/ateliers/aide/", {"segments": newcomers.pk}).content.decode()
    assert "<h1>Aide à la planification</h1>" in page and "Petites communes rurales du Cher" in page


def test_funding_is_counted_by_route_and_never_called_eligible(client_membre, newcomers):
    html = aide(client_membre, segments=newcomers.pk)
    funding = html.split("Financements, par voie d'accès")[1].split("<h4>")[0]
    # Small communes do not apply to Clés en main themselves: an association or a GIP does.
    cles_en_main = funding.split("Clés en main")[1].split("</ul>")[0]
    assert "Accessible via" in cles_en_main and "Peut déposer" not in cles_en_main
    assert "éligible" not in funding.lower()


def peer_distances(html: str) -> list[tuple[str, int]]:
    peers = html.split("Intervenants possibles")[1].split("</ul>")[0]
    return [
        (name, int(km.replace("\u202f", "")))
        for name, km in re.findall(
            r'<a href="/territoires/[^"]+">([^<]+)</a>[^<]*? — ([\d\u202f]+) km', peers
        )
    ]


def test_speakers_are_measured_from_the_venue_nearest_first(client_membre, reseau, newcomers):
    demo_engagement_facts(reseau)  # the Région, Bourges and the CC du Pays de Nérondes
    html = aide(client_membre, segments=newcomers.pk, lieu_collectivite="Bourges (18)")
    distances = peer_distances(html)
    assert distances[0] == ("Bourges", 0)  # the atelier is in Bourges
    assert [km for _, km in distances] == sorted(km for _, km in distances)
    assert "Distances depuis le lieu de l’atelier (Bourges)" in html


def test_without_a_venue_speakers_are_measured_from_the_segments_centre_and_say_so(
    client_membre, reseau, newcomers
):
    demo_engagement_facts(reseau)
    html = aide(client_membre, segments=newcomers.pk)
    distances = peer_distances(html)
    assert [km for _, km in distances] == sorted(km for _, km in distances)
    assert "Distances depuis le centre du segment" in html


def test_the_atelier_form_sends_its_venue_to_the_aid(client_membre, reseau, newcomers):
    from passerelles.ateliers.preparation.models import Atelier
    from passerelles.territoires.models import Collectivite

    demo_engagement_facts(reseau)
    atelier = Atelier.objects.create(
        reseau=reseau,
        titre="Atelier",
        date="2027-03-16",
        heure_debut="09:30",
        heure_fin="12:30",
        lieu_collectivite=Collectivite.objects.get(type="commune", code="18033"),
    )
    atelier.segments.add(newcomers)
    page = client_membre.get(f"/ateliers/{atelier.pk}/modifier/").content.decode()
    assert peer_distances(page)[0] == ("Bourges", 0)
    assert 'hx-include="#cible, #id_lieu_collectivite"' in page


def test_a_venue_the_aid_cannot_place_leaves_the_rest_of_the_aid(client_membre, reseau, newcomers):
    demo_engagement_facts(reseau)
    html = aide(client_membre, segments=newcomers.pk, lieu_collectivite="Saint-Martin")  # many homonyms
    assert "Distances depuis le centre du segment" in html
