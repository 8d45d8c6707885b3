"""Run in a subprocess against a database shared with the tests of the sending guarantees:
`python -m passerelles.courriels.tests.envois_sous_processus <messages> <tasks>` queues that
many messages (no référentiel needed: a bare region is enough for the réseau) and that many
sending tasks, as several workers would find them."""

import os
import sys


def seed(messages: int, tasks: int) -> None:
    from django.utils import timezone

    from passerelles.core.models import Reseau
    from passerelles.courriels import expedition as envoi
    from passerelles.courriels.services import queue_message
    from passerelles.territoires.models import Collectivite

    region = Collectivite.objects.create(
        type="region", code="24", nom="Centre-Val de Loire", nom_normalise="centre", mis_a_jour=timezone.now()
    )
    reseau = Reseau.objects.create(nom="CENTRAIDER", slug="centraider", region=region)
    for n in range(messages):
        queue_message(
            reseau=reseau,
            cle=f"garantie:{n}",
            nature="confirmation",
            destinataire=f"personne{n}@exemple.fr",
            sujet=f"Message {n}",
            corps="Bonjour",
        )
    for _ in range(tasks):
        envoi.send_pending.enqueue()


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passerelles.settings")
    import django

    django.setup()
    seed(int(sys.argv[1]), int(sys.argv[2]))
