"""A row read or written by hand-written SQL is the one the ORM reads or writes."""

import datetime

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.utils import timezone

from passerelles.ateliers.inscriptions.models import Inscription
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.core.lignes import insert_one, read_one

pytestmark = pytest.mark.django_db


@pytest.fixture
def atelier(reseau):
    return Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=datetime.date(2027, 3, 11),
        date_limite_inscription=datetime.date(2027, 3, 1),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        inscriptions_fermees_le=timezone.now(),
        capacite=40,
        statut=StatutAtelier.INVITATIONS_ENVOYEES,
        rappels_jours=[7, 1],
        sur_agenda=True,
    )


def every_column_of(model) -> list[str]:
    return [field.column for field in model._meta.concrete_fields]


def test_every_column_read_in_any_order_has_the_value_the_orm_reads(atelier):
    columns = list(reversed(every_column_of(Atelier)))  # not the model's order
    sql = f"SELECT {', '.join(connection.ops.quote_name(c) for c in columns)} FROM ateliers_atelier WHERE id = %s"
    read = read_one(Atelier, sql, [atelier.pk])
    assert model_to_dict(read) == model_to_dict(Atelier.objects.get(pk=atelier.pk))
    assert read.inscriptions_fermees_le == Atelier.objects.get(pk=atelier.pk).inscriptions_fermees_le
    assert read._state.adding is False and read._state.db == "default"


def test_columns_left_out_load_when_read_and_no_row_gives_none(atelier):
    read = read_one(Atelier, "SELECT statut, id FROM ateliers_atelier WHERE id = %s", [atelier.pk])
    assert read.get_deferred_fields() >= {"titre", "date"}
    assert (read.statut, read.titre, read.date) == (atelier.statut, atelier.titre, atelier.date)
    assert read_one(Atelier, "SELECT id FROM ateliers_atelier WHERE id = %s", [0]) is None


def test_an_instance_inserted_is_the_row_save_would_write(atelier):
    def registration(email):
        return Inscription(
            reseau=atelier.reseau,
            atelier=atelier,
            nom="Martin",
            prenom="Camille",
            email=email,
            a_traiter=True,
        )

    by_hand = insert_one(registration("martin@nerondes.fr"))
    by_orm = registration("durand@nerondes.fr")
    by_orm.save()
    assert by_hand.pk is not None and by_hand._state.adding is False
    written, saved = (Inscription.objects.filter(pk=i.pk).values().get() for i in (by_hand, by_orm))
    random_or_distinct = {"id", "email", "jeton", "jeton_accueil", "cree_le"}
    assert {k: v for k, v in written.items() if k not in random_or_distinct} == {
        k: v for k, v in saved.items() if k not in random_or_distinct
    }
    assert written["cree_le"] == by_hand.cree_le and written["jeton"] == by_hand.jeton
