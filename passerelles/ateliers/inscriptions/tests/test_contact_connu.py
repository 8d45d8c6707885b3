"""The contact behind a registration is found in one query (the public form waits on it); it must
be the one the plain rule names: the oldest contact with the same address, else the oldest with
the same name in the same collectivité. Checked against that rule, written out query by query,
on generated contacts full of near misses."""

import datetime
import random

import pytest

from passerelles.ateliers.inscriptions import services
from passerelles.ateliers.inscriptions.services import Personne
from passerelles.ateliers.preparation.models import Atelier
from passerelles.contacts.models import Contact, cle_de_tri
from passerelles.territoires.models import Collectivite
from passerelles.territoires.normalisation import normalise

pytestmark = pytest.mark.django_db

PRENOMS = ["Jean", "Jean Pierre", "Pierre", "Zoé", "Zoe", "Élodie", "ELODIE"]
NOMS = ["Paul", "Pierre Paul", "Martin", "MARTIN", "Dupré", "Dupre"]
ADRESSES = ["", "martin@exemple.fr", "MARTIN@exemple.fr", "zoe@exemple.fr", "paul@exemple.fr"]


def rule_of_two_queries(atelier: Atelier, personne: Personne) -> Contact | None:
    known = Contact.objects.for_reseau(atelier.reseau).filter(efface_le__isnull=True).order_by("id")
    email = personne.email.strip()
    if email:
        contact = known.filter(email__iexact=email).first()
        if contact:
            return contact
    if personne.collectivite is None:
        return None
    wanted = (normalise(personne.prenom), normalise(personne.nom))
    same_key = known.filter(
        collectivite=personne.collectivite, cle_tri=cle_de_tri(personne.nom, personne.prenom)
    )
    return next((c for c in same_key if (normalise(c.prenom), normalise(c.nom)) == wanted), None)


@pytest.fixture
def atelier(reseau):
    return Atelier.objects.create(
        reseau=reseau,
        titre="Atelier",
        date=datetime.date(2030, 1, 15),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
    )


def test_the_one_query_lookup_names_the_same_contact_as_the_rule_for_every_generated_person(
    atelier, reseau, autre_reseau
):
    draw = random.Random(23)
    places = [None, *Collectivite.objects.filter(type="commune", code__in=["18033", "18160"])]
    for _ in range(120):
        contact = Contact.objects.create(
            reseau=draw.choice([reseau, reseau, autre_reseau]),
            prenom=draw.choice(PRENOMS),
            nom=draw.choice(NOMS),
            email=draw.choice(ADRESSES),
            collectivite=draw.choice(places),
        )
        if draw.random() < 0.1:
            Contact.objects.filter(pk=contact.pk).update(efface_le="2026-01-01T00:00:00Z")
    found = 0
    for _ in range(300):
        personne = Personne(
            prenom=draw.choice(PRENOMS),
            nom=draw.choice(NOMS),
            email=draw.choice([*ADRESSES, " Martin@Exemple.fr "]),
            collectivite=draw.choice(places),
        )
        expected = rule_of_two_queries(atelier, personne)
        assert services._known_contact(atelier, personne) == expected, personne
        found += expected is not None
    assert 50 < found < 290  # the draw exercised both outcomes, not only one
