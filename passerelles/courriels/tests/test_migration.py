"""The outbox left the ateliers app (migration ateliers 0003): a database written before the
move keeps every message, with the id its unsubscribe link signs, and its background jobs."""

import datetime

import pytest
from django.test import Client

from conftest import atelier_before_migrating, migrate_to, migrate_to_latest
from passerelles.core.models import Travail
from passerelles.courriels.desabonnement import unsubscribe_token
from passerelles.courriels.models import AdresseEnEchec, Message

BEFORE = [("ateliers", "0002_enquete"), ("courriels", None)]


@pytest.mark.django_db(transaction=True)
def test_messages_written_before_the_move_keep_their_ids_atelier_and_unsubscribe_links(
    reference_data_reloaded,
):
    atelier = atelier_before_migrating(datetime.date(2024, 5, 14))
    reseau = atelier.reseau
    old = migrate_to(BEFORE)
    OldMessage = old.get_model("ateliers", "Message")
    for pk in (7, 12):
        OldMessage.objects.create(
            id=pk,
            reseau_id=reseau.pk,
            atelier_id=atelier.pk,
            nature="confirmation",
            cle=f"confirmation:{pk}",
            destinataire=f"personne{pk}@exemple.fr",
            sujet="Inscription confirmée",
            corps="Bonjour",
            message_id=f"<{pk}@passerelles.test>",
            etat="envoye",
        )
    old.get_model("ateliers", "AdresseEnEchec").objects.create(
        reseau_id=reseau.pk, email="refus@exemple.fr", erreur="550"
    )
    job = Travail.objects.create(
        reseau=reseau, nature="passerelles.ateliers.invitations.invitations_send", libelle="Envoi"
    )

    migrate_to_latest()

    moved = list(Message.objects.order_by("id"))
    assert [(m.pk, m.objet, m.libelle_nature) for m in moved] == [
        (7, atelier, "Confirmation d'inscription"),
        (12, atelier, "Confirmation d'inscription"),
    ]
    assert list(atelier.messages.values_list("pk", flat=True)) == [7, 12]
    assert AdresseEnEchec.objects.get().email == "refus@exemple.fr"
    job.refresh_from_db()
    assert job.nature == "passerelles.ateliers.invitations.services.invitations_send"
    page = Client().get(f"/ateliers/desabonnement/{unsubscribe_token(moved[0])}/")
    assert page.status_code == 200 and "personne7@exemple.fr" in page.content.decode()
    newer = Message.objects.create(
        reseau=reseau,
        nature="merci",
        cle="merci:1",
        destinataire="a@exemple.fr",
        sujet="s",
        corps="c",
        message_id="<merci@passerelles.test>",
    )
    assert newer.pk > 12
