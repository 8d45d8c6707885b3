"""The registration's read of an atelier under its lock (services._locked_for_registration,
in SQL) says what the ORM's rules say: the seats taken, and the active registration of an
address, on generated registrations of every state, the atelier known by its id or its link."""

import datetime
import random

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from passerelles.ateliers.inscriptions import services
from passerelles.ateliers.inscriptions.models import EtatInscription, Inscription, SourceInscription
from passerelles.ateliers.preparation.models import Atelier

pytestmark = pytest.mark.django_db

ADDRESSES = ["anne@exemple.fr", "Anne@Exemple.fr", "bob@exemple.fr", "", "chloe@exemple.fr"]


def generated_atelier(reseau, rng: random.Random, n: int) -> Atelier:
    atelier = Atelier.objects.create(
        reseau=reseau,
        titre=f"Atelier {n}",
        date=timezone.localdate() + datetime.timedelta(days=10),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 0),
        capacite=rng.choice([None, 3, 10]),
    )
    now = timezone.now()
    for k in range(rng.randint(0, 14)):
        etat = rng.choice(list(EtatInscription))
        email = rng.choice(ADDRESSES)
        active_same_address = (
            etat != EtatInscription.ANNULEE
            and email
            and services.actives(atelier).filter(email__iexact=email).exists()
        )
        Inscription.objects.create(
            reseau=reseau,
            atelier=atelier,
            nom=f"Personne {k}",
            email="" if active_same_address else email,
            etat=etat,
            source=rng.choice(list(SourceInscription)),
            offre_expire_le=rng.choice(
                [None, now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=5)]
            ),
        )
    return atelier


def orm_answer(atelier: Atelier, email: str) -> tuple[int, int | None]:
    same = services.actives(atelier).filter(email__iexact=email).exclude(email="").order_by("pk").first()
    return services.places_prises(atelier), same.pk if same else None


def test_the_sql_read_counts_seats_and_finds_addresses_as_the_orm_does(reseau):
    rng = random.Random(2026)
    for n in range(40):
        atelier = generated_atelier(reseau, rng, n)
        for email in [*ADDRESSES, "ANNE@EXEMPLE.FR", "personne@ailleurs.fr"]:
            for known_as in (atelier, services.Lien(atelier.jeton_public)):
                with transaction.atomic():
                    read = services._locked_for_registration(known_as, email)
                assert (read.prises, read.deja_inscrite) == orm_answer(atelier, email), (n, email)
                assert (read.pk, read.capacite, read.statut, read.date) == (
                    atelier.pk,
                    atelier.capacite,
                    atelier.statut,
                    atelier.date,
                )


def test_a_link_no_atelier_has_reads_nothing(reseau):
    with transaction.atomic():
        assert services._locked_for_registration(services.Lien("inconnu"), "anne@exemple.fr") is None


def test_an_address_holds_one_active_registration_per_atelier_whatever_its_case(reseau):
    atelier = generated_atelier(reseau, random.Random(1), 0)
    Inscription.objects.create(reseau=reseau, atelier=atelier, nom="Anne", email="anne@exemple.fr")
    with pytest.raises(IntegrityError), transaction.atomic():
        Inscription.objects.create(reseau=reseau, atelier=atelier, nom="Anne", email="Anne@Exemple.FR")
    Inscription.objects.create(
        reseau=reseau, atelier=atelier, nom="Anne", email="Anne@Exemple.FR", etat=EtatInscription.ANNULEE
    )


def test_the_read_is_answered_from_indexes_whatever_the_ateliers_size(reseau):
    """The seats from `inscription_places`, the address from `inscription_active_unique`: never
    a pass over the atelier's registrations, which a popular atelier counts by the thousand."""
    atelier = generated_atelier(reseau, random.Random(2), 0)
    sql, params = (
        services._ATELIER_AND_SEATS.format(key="id"),
        {
            "value": atelier.pk,
            "email": "anne@exemple.fr",
            "now": connection.ops.adapt_datetimefield_value(timezone.now()),
        },
    )
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test's tables are too small to index
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert plan.count("inscription_places") == 2, plan
    assert "inscription_active_unique" in plan, plan
