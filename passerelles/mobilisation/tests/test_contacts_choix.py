"""The exchange and relance forms of a collectivité with many contacts offer a search
instead of listing everyone."""

import pytest
from django.urls import reverse

from conftest import make_member
from passerelles.contacts.models import Contact
from passerelles.mobilisation.contacts_choix import LISTE_COMPLETE_MAX
from passerelles.mobilisation.models import Interaction, Relance
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db


@pytest.fixture
def bourges():
    return Collectivite.objects.get(type="commune", code="18033")


@pytest.fixture
def many_contacts(reseau, bourges):
    Contact.objects.bulk_create(
        Contact(reseau=reseau, nom=f"Agent{n:03d}", email=f"agent{n}@bourges.fr", collectivite=bourges)
        for n in range(LISTE_COMPLETE_MAX * 10)
    )
    return Contact.objects.filter(reseau=reseau)


def test_a_long_list_of_contacts_is_searched_not_listed(client_membre, many_contacts, bourges):
    page = client_membre.get(reverse("mobilisation:interaction", args=[bourges.pk])).content.decode()
    assert "Agent0" not in page
    assert "Chercher une personne" in page
    found = client_membre.get(
        reverse("mobilisation:contacts_recherche", args=[bourges.pk]), {"q": "agent01", "champ": "contacts"}
    ).content.decode()
    assert found.count('type="checkbox" name="contacts"') == 10  # Agent010 … Agent019
    assert "Agent2" not in found


def test_an_exchange_is_saved_with_the_people_found(client_membre, many_contacts, bourges):
    chosen = list(many_contacts.order_by("nom")[:2])
    response = client_membre.post(
        reverse("mobilisation:interaction", args=[bourges.pk]),
        {"type": "appel", "date": "2025-03-04", "sujet": "Appel", "contacts": [c.pk for c in chosen]},
    )
    assert response.status_code == 302
    assert set(Interaction.objects.get().contacts.all()) == set(chosen)


def test_a_relance_picks_one_person_by_search(client_membre, many_contacts, bourges, membre):
    person = many_contacts.get(nom="Agent042")
    page = client_membre.get(reverse("mobilisation:relance", args=[bourges.pk])).content.decode()
    assert "Agent042" not in page
    client_membre.post(
        reverse("mobilisation:relance", args=[bourges.pk]),
        {"titre": "Rappeler", "echeance": "2025-04-01", "responsable": membre.pk, "contact": person.pk},
    )
    assert Relance.objects.get().contact == person


def test_a_contact_of_another_reseau_is_neither_found_nor_accepted(
    client_membre, many_contacts, bourges, autre_reseau
):
    stranger = Contact.objects.create(reseau=autre_reseau, nom="Etranger", collectivite=bourges)
    make_member("ana", autre_reseau)
    found = client_membre.get(
        reverse("mobilisation:contacts_recherche", args=[bourges.pk]), {"q": "Etranger", "champ": "contacts"}
    )
    assert 'name="contacts"' not in found.content.decode()
    assert "Personne de cette collectivité ne correspond à « Etranger »." in found.content.decode()
    response = client_membre.post(
        reverse("mobilisation:interaction", args=[bourges.pk]),
        {"type": "appel", "date": "2025-03-04", "sujet": "Appel", "contacts": [stranger.pk]},
    )
    assert response.status_code == 200
    assert not Interaction.objects.exists()


def test_a_short_list_stays_a_list_of_boxes(client_membre, reseau, bourges):
    Contact.objects.create(reseau=reseau, nom="Seule", collectivite=bourges)
    page = client_membre.get(reverse("mobilisation:interaction", args=[bourges.pk])).content.decode()
    assert "Seule" in page and "Chercher une personne" not in page
