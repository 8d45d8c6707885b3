"""What a registration from a public or personal link leaves to the worker (its « traitement »):
finding or creating the réseau's contact behind it, with the consent given; its part in the
atelier (a speaker of the programme); the email that confirms it.

The form's request only takes the seat and marks the registration `a_traiter`, in one short
transaction under the atelier's lock: whoever registers waits for their seat, not for the
contacts search, the journal and the email. The mark is the queue: the worker looks for marked
registrations at each of its rounds (every second) and does the rest, which a request would
pay for if it queued a task instead. A worker killed before or during the work leaves the mark
in place, and the next round finds it; the work is done once.
"""

import logging
import time

from django.conf import settings
from django.db import transaction

from passerelles.core.travaux import on_worker_round
from passerelles.courriels import services as courriels

from . import services
from .models import EtatInscription, Inscription

logger = logging.getLogger(__name__)

# Registrations looked at in one round, oldest first: the next round takes the rest.
PAR_TOUR = 200
# A registration whose processing failed (a bug, the database gone) waits this long before it
# is tried again, rather than at every round.
REESSAI_SECONDES = 300
_failed_at: dict[int, float] = {}


def traiter(inscription_id: int, site_url: str) -> bool:
    """Returns whether there was anything left to do."""
    with transaction.atomic():
        inscription = Inscription.objects.select_related("atelier__reseau").filter(pk=inscription_id).first()
        if inscription is None:
            return False
        # Contacts are looked up and created under the atelier's lock, as at the door.
        services.locked(inscription.atelier)
        inscription.refresh_from_db()
        if not inscription.a_traiter:
            return False
        courriels.kick()
        inscription.contact = services.contact_for(
            atelier=inscription.atelier, personne=services.personne_of(inscription), auteur=None
        )
        inscription.qualite = services.qualite_of(inscription.atelier, inscription.contact)
        inscription.a_traiter = False
        inscription.save(update_fields=["contact", "qualite", "a_traiter"])
        _confirm(inscription, site_url)
    return True


def _confirm(inscription: Inscription, site_url: str) -> None:
    """The email that tells where the registration stands, unless another one told them since
    (a seat offered or given from the waiting list, a cancellation)."""
    told_since = inscription.promue_le or inscription.offre_expire_le
    if inscription.etat != EtatInscription.ANNULEE and not told_since:
        services.notify_state(inscription, site_url)


@on_worker_round
def traiter_les_nouvelles() -> list[int]:
    """Processes the registrations waiting for the worker; returns those it processed."""
    waiting = Inscription.objects.filter(a_traiter=True).order_by("cree_le", "pk")
    processed = []
    for pk in waiting.values_list("pk", flat=True)[:PAR_TOUR]:
        if _failed_lately(pk):
            continue
        try:
            if traiter(pk, settings.SITE_URL):
                processed.append(pk)
        except Exception:
            _failed_at[pk] = time.monotonic()
            logger.exception("Registration %s could not be processed; next try in %s s", pk, REESSAI_SECONDES)
        else:
            _failed_at.pop(pk, None)
    return processed


def _failed_lately(pk: int) -> bool:
    failed = _failed_at.get(pk)
    return failed is not None and time.monotonic() - failed < REESSAI_SECONDES
