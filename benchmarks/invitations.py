"""Benchmark: preparing 10,000 personalised invitations, rendering and queueing, without SMTP.

Run with `.venv/bin/python benchmarks/invitations.py [--court] [postgres-url]`. What is
measured is what the worker does when the team clicks « Envoyer les invitations »: each
invitation checked (unsubscribed, failing address), its email rendered for the person
(salutation, registration link) and queued as an outbox row under its idempotence key. The
floor, measured in the same run, is storing the same 10,000 outbox rows already written, in
one bulk insert: what any mailing costs before personalisation and idempotence.

Target (issue 8): ≤ 10 s.
"""

import datetime
import statistics
import tempfile
import time

from commun import database_argument, finish, setup_django, size, verdict

INVITATIONS = size(10_000, 300)
RUNS = size(3, 1)


def load():
    from django.db import transaction
    from django.utils import timezone

    from passerelles.ateliers.invitations.models import Invitation
    from passerelles.ateliers.preparation.models import Atelier, Sequence
    from passerelles.contacts.models import Contact
    from passerelles.core.models import Reseau
    from passerelles.territoires.models import Collectivite

    region = Collectivite.objects.create(
        type="region", code="24", nom="Centre-Val de Loire", nom_normalise="centre", mis_a_jour=timezone.now()
    )
    reseau = Reseau.objects.create(nom="CENTRAIDER", slug="centraider", region=region)
    atelier = Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international : pourquoi pas nous ?",
        date=datetime.date(2030, 5, 14),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        lieu_nom="Hôtel de ville",
        lieu_adresse="11 rue Jacques-Rimbault, Bourges",
    )
    for ordre, titre in enumerate(["Accueil", "Témoignages", "Cadre de l'AECT", "Financements", "Échanges"]):
        Sequence.objects.create(atelier=atelier, ordre=ordre, titre=titre, debut=datetime.time(9 + ordre, 30))
    with transaction.atomic():
        contacts = Contact.objects.bulk_create(
            (
                Contact(
                    reseau=reseau, civilite="Mme", prenom="Démo", nom=f"Nom{n}", email=f"p{n}@exemple.org"
                )
                for n in range(INVITATIONS)
            ),
            batch_size=2000,
        )
        Invitation.objects.bulk_create(
            (Invitation(reseau=reseau, atelier=atelier, contact=c, email=c.email) for c in contacts),
            batch_size=2000,
        )
    return atelier


def prepare(atelier) -> float:
    from passerelles.ateliers.invitations.services import invitations_queue
    from passerelles.courriels.models import Message

    Message.objects.all().delete()
    started = time.perf_counter()
    queued = invitations_queue(atelier)
    elapsed = time.perf_counter() - started
    assert queued == INVITATIONS == Message.objects.count()
    return elapsed


def floor(atelier) -> float:
    from passerelles.courriels.models import Message
    from passerelles.courriels.services import new_message_id

    rows = list(Message.objects.values("cle", "destinataire", "sujet", "corps"))
    Message.objects.all().delete()
    started = time.perf_counter()
    Message.objects.bulk_create(
        (
            Message(
                reseau=atelier.reseau,
                objet=atelier,
                nature="invitation",
                message_id=new_message_id(),
                **row,
            )
            for row in rows
        ),
        batch_size=2000,
    )
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(database_argument(tmp), referentiel=False)
        atelier = load()
        times = [prepare(atelier) for _ in range(RUNS)]
        floors = [floor(atelier) for _ in range(RUNS)]
    measured, base = statistics.median(times), statistics.median(floors)
    print(f"data: {INVITATIONS} invitations to personal contacts, programme of 5 sequences")
    print(f"floor: bulk insert of the same rows, already rendered (median of {RUNS})")
    verdict(f"preparing {INVITATIONS} invitations (render + queue)", measured, "s", floor=base, target=10)
    finish()


if __name__ == "__main__":
    main()
