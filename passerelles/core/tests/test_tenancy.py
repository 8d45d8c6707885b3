"""Each réseau sees only its own data: every URL of the project is swept with another
réseau's objects. A new URL with an object id fails here until it is classified below."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from passerelles.accompagnement.models import PieceDossier
from passerelles.ateliers.inscriptions.models import Inscription, Passation
from passerelles.ateliers.invitations.models import Invitation
from passerelles.ateliers.preparation.models import Atelier
from passerelles.capitalisation.models import Fiche
from passerelles.contacts.models import Contact
from passerelles.core.models import Reseau
from passerelles.leviers.models import Segment
from passerelles.mobilisation.models import Relance

from .url_sweep import (
    OBJECT_OF_ROUTE,
    PUBLIC_BY_SLUG,
    PUBLIC_BY_TOKEN,
    PUBLIC_ROUTES,
    objects_of,
    project_routes,
    sample_url_of,
)

MARKER = "Zorglub-Réseau-B"

SHARED = {"collectivite", "instrument", "point", "appel"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_reseau_data(reseau, autre_reseau):
    """A full set of objects belonging to réseau B, each carrying the marker. Both réseaux
    share their anonymous aggregates, so that the pooled figures are swept as well."""
    Reseau.objects.filter(pk__in=[reseau.pk, autre_reseau.pk]).update(partage_agregats=True)
    return objects_of(autre_reseau, MARKER)


def routes_with_ids():
    return [route for route in project_routes() if "pk" in route.converters]


def routes_without_ids():
    return [route for route in project_routes() if not route.converters and route.name not in PUBLIC_ROUTES]


def test_every_route_with_an_id_is_classified():
    unclassified = {route.name for route in routes_with_ids()} - set(OBJECT_OF_ROUTE)
    assert not unclassified, f"classez ces routes dans OBJECT_OF_ROUTE : {sorted(unclassified)}"


@pytest.mark.parametrize("route", routes_with_ids(), ids=lambda route: route.name)
def test_another_reseaus_object_is_a_404(client_membre, other_reseau_data, route):
    kind = OBJECT_OF_ROUTE[route.name]
    url = sample_url_of(route, other_reseau_data)
    get, post = client_membre.get(url), client_membre.post(url, {"faite": "1", "doublon": "1"})
    if kind in SHARED:
        assert MARKER not in get.content.decode()
        assert MARKER not in post.content.decode()
    else:
        assert get.status_code in (404, 405), url
        assert post.status_code in (404, 405), url
    assert Contact.objects.filter(nom=MARKER).exists()  # nothing of B's was erased or merged
    assert Relance.objects.get(titre=MARKER).faite_le is None
    assert Segment.objects.get(nom=MARKER).filtres == {"departement": "18"}
    assert Fiche.objects.get(titre=MARKER).resume == MARKER
    assert PieceDossier.objects.filter(piece=MARKER).exists()


@pytest.mark.parametrize("route", routes_without_ids(), ids=lambda route: route.name)
@pytest.mark.parametrize("suffix", ["", "?format=csv", "?format=xlsx", "?toutes=1", "?departement=18"])
def test_lists_and_exports_never_show_another_reseaus_data(client_membre, other_reseau_data, route, suffix):
    response = client_membre.get(route.sample_url() + suffix)
    assert response.status_code in (200, 302, 405)
    assert MARKER.encode() not in response.content
    assert b"secret@reseau-b.org" not in response.content


def test_the_collectivite_page_shows_only_the_users_reseau(client_membre, other_reseau_data):
    page = client_membre.get("/territoires/commune/18160/").content.decode()
    assert MARKER not in page
    assert "Intéressée" not in page.split('id="titre-mobilisation"')[1].split("</select>")[1]


def test_a_user_without_reseau_cannot_use_reseau_pages(client):
    client.force_login(get_user_model().objects.create_user("sans-reseau", password="x"))
    assert client.get("/contacts/").status_code == 403
    assert client.get("/mobilisation/").status_code == 403


def _token(kind: str, obj) -> str:
    return obj.jeton_public if kind == "atelier" else obj.jeton


@pytest.mark.parametrize(("route", "kind"), PUBLIC_BY_TOKEN.items())
def test_public_pages_of_one_reseau_reveal_nothing_of_another(client, reseau, other_reseau_data, route, kind):
    from django.urls import reverse

    mine = Atelier.objects.create(
        reseau=reseau,
        titre="Atelier de A",
        date=datetime.date.today() + datetime.timedelta(days=30),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
    )
    inscription = Inscription.objects.create(
        reseau=reseau, atelier=mine, nom="Dupont", email="a@reseau-a.org"
    )
    own = {
        "atelier": mine,
        "invitation": Invitation.objects.create(reseau=reseau, atelier=mine, email="a@reseau-a.org"),
        "inscription": inscription,
        "passation": Passation.objects.create(
            reseau=reseau,
            inscription=inscription,
            prenom="Lucie",
            nom="Moreau",
            email="b@reseau-a.org",
            expire_le=timezone.now() + datetime.timedelta(days=1),
        ),
    }
    page = client.get(reverse(route, kwargs={"jeton": _token(kind, own[kind])}))
    assert page.status_code == 200
    assert MARKER not in page.content.decode() and "secret@reseau-b.org" not in page.content.decode()
    # A token is only good for its own kind of page: B's tokens of other kinds open nothing here.
    for other_kind, obj in other_reseau_data.items():
        if other_kind in ("atelier", "invitation", "inscription", "passation") and other_kind != kind:
            assert client.get(reverse(route, kwargs={"jeton": _token(other_kind, obj)})).status_code == 404


def routes_with_a_slug():
    return [route for route in project_routes() if "slug" in route.converters]


def test_every_route_named_by_a_reseaus_slug_is_classified():
    unclassified = {route.name for route in routes_with_a_slug()} - PUBLIC_BY_SLUG
    assert not unclassified, f"classez ces routes dans PUBLIC_BY_SLUG : {sorted(unclassified)}"
    assert PUBLIC_BY_SLUG <= PUBLIC_ROUTES


@pytest.mark.parametrize("route", routes_with_a_slug(), ids=lambda route: route.name)
def test_a_reseaus_public_agenda_reveals_nothing_of_another_reseau_nor_of_anyone(
    client, reseau, other_reseau_data, route
):
    from django.urls import reverse

    from passerelles.ateliers.preparation.models import StatutAtelier

    upcoming = {
        "date": datetime.date.today() + datetime.timedelta(days=30),
        "statut": StatutAtelier.INVITATIONS_ENVOYEES,
        "sur_agenda": True,
    }
    Atelier.objects.filter(pk=other_reseau_data["atelier"].pk).update(**upcoming)
    mine = Atelier.objects.create(
        reseau=reseau,
        titre="Atelier de A",
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        **upcoming,
    )
    Inscription.objects.create(
        reseau=reseau,
        atelier=mine,
        prenom="Hélène",
        nom="Dupré",
        email="helene@reseau-a.org",
        besoins="Régime",
    )
    theirs = client.get(reverse(route.name, kwargs={"slug": other_reseau_data["reseau"].slug}))
    assert MARKER in theirs.content.decode()  # B's agenda shows B's atelier: the sweep would see a leak
    page = client.get(reverse(route.name, kwargs={"slug": reseau.slug}))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Atelier de A" in body
    forbidden = [MARKER, "secret@reseau-b.org", other_reseau_data["atelier"].jeton_public, "RESACOOP"]
    forbidden += ["Dupré", "Hélène", "helene@reseau-a.org", "Régime", mine.inscriptions.get().jeton]
    assert [text for text in forbidden if text in body] == []
