"""What the registration tests share."""

from django.core.management import call_command

from .. import services
from ..models import Inscription
from ..traitement import traiter


def register_processed(atelier, personne, site_url: str) -> Inscription:
    """A registration once the worker has processed it: its seat, then its contact, its part
    and its email (traitement.py), as a few seconds after the form."""
    inscription, _ = services.inscription_register(atelier=atelier, personne=personne, site_url=site_url)
    traiter(inscription.pk, site_url)
    inscription.refresh_from_db()
    return inscription


def run_worker() -> None:
    call_command("worker", batch=True, interval=0, verbosity=0)
