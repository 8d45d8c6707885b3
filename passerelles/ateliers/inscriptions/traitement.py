"""What a registration from a public or personal link leaves to the worker (its « traitement »):
finding or creating the réseau's contact behind it, with the consent given; its part in the
atelier (a speaker of the programme); the email that confirms it.

The form's request only takes the seat, in one short transaction under the atelier's lock,
and queues this work in that same transaction: whoever registers waits for their seat, not
for the contacts search, the journal and the email. A worker killed before or during the work
leaves the registration `a_traiter`; the worker's start-up (and its check every minute)
queues it again, and the work is done once.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from passerelles.core.travaux import on_worker_start
from passerelles.courriels import services as courriels

from . import services
from .models import EtatInscription, Inscription

# A registration still waiting after this long, with no task queued for it, lost its task.
PERDUE_APRES = timedelta(minutes=2)


@task()
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


@on_worker_start
def traiter_les_oubliees(now=None) -> list[int]:
    """Queues again the registrations whose task was lost; returns them."""
    lost = set(
        Inscription.objects.filter(
            a_traiter=True, cree_le__lt=(now or timezone.now()) - PERDUE_APRES
        ).values_list("pk", flat=True)
    )
    lost -= _queued()
    for pk in sorted(lost):
        traiter.enqueue(pk, settings.SITE_URL)
    return sorted(lost)


def _queued() -> set[int]:
    """The registrations a task waits to process (a long mailing ahead of it in the queue
    is no reason to queue it twice)."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=traiter.module_path, status="READY")
    return {result.args_kwargs["args"][0] for result in waiting.only("args_kwargs")}
