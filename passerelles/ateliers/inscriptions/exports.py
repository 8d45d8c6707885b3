"""The list of registrants as a spreadsheet (CSV or XLSX), for the organiser: who they are,
what part they take, where they come from, where their registration stands, whether they
came, what they need, and whether they may be written to again.

Cells go through `core.tableurs`, which turns anything a spreadsheet would read as a formula
into text."""

import datetime

from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from passerelles.ateliers.preparation.documents import par_ordre_alphabetique
from passerelles.ateliers.preparation.models import Atelier
from passerelles.contacts.models import Contact

from .models import EtatInscription, Inscription

COLONNES = [
    "Civilité",
    "Prénom",
    "Nom",
    "Courriel",
    "Rôle",
    "Fonction",
    "Qualité",
    "Collectivité",
    "Code officiel",
    "Type de collectivité",
    "Structure",
    "État de l'inscription",
    "Inscrit·e le",
    "Rang en liste d'attente",
    "Présent·e",
    "Arrivé·e à",
    "Venu·e sans inscription",
    "Besoins particuliers",
    "Accepte d'être recontacté·e",
    "Désabonné·e des courriels le",
]


def registrants_in_order(atelier: Atelier) -> list[tuple[Inscription, int | None]]:
    """Every registration with its rank on the waiting list: the confirmed in the order of the
    feuille d'émargement, then the waiting list in the order seats will be given (rank 1 is
    next), then the cancelled, latest first, as the registrations page lists them."""
    rows = Inscription.objects.filter(atelier=atelier).select_related("collectivite", "role", "contact")
    confirmed = par_ordre_alphabetique(rows.filter(etat=EtatInscription.CONFIRMEE))
    waiting = rows.filter(etat=EtatInscription.ATTENTE).order_by("cree_le", "id")
    cancelled = rows.filter(etat=EtatInscription.ANNULEE).order_by("-annulee_le", "-id")
    return (
        [(i, None) for i in confirmed]
        + [(i, rank) for rank, i in enumerate(waiting, start=1)]
        + [(i, None) for i in cancelled]
    )


def unsubscribed_since(atelier: Atelier, inscriptions: list[Inscription]) -> dict[str, datetime.datetime]:
    """When each address unsubscribed from the réseau's emails, read on the réseau's contacts
    (an unsubscribe link makes a contact of an address the réseau did not know)."""
    emails = {i.email.lower() for i in inscriptions if i.email}
    found = (
        Contact.objects.for_reseau(atelier.reseau_id)
        .annotate(adresse=Lower("email"))
        .filter(adresse__in=emails, desinscrit_le__isnull=False)
        .values_list("adresse", "desinscrit_le")
    )
    since: dict[str, datetime.datetime] = {}
    for adresse, moment in found:
        since[adresse] = min(moment, since.get(adresse, moment))
    return since


def registrant_rows(atelier: Atelier) -> tuple[list[str], list[list]]:
    """The header and one row per registration, ready for `core.tableurs`."""
    registrants = registrants_in_order(atelier)
    by_email = unsubscribed_since(atelier, [i for i, _ in registrants])
    rows = []
    for i, rank in registrants:
        unsubscribed = i.contact.desinscrit_le if i.contact else None
        unsubscribed = unsubscribed or by_email.get(i.email.lower())
        collectivite = i.collectivite
        rows.append(
            [
                i.get_civilite_display() if i.civilite else "",
                i.prenom,
                i.nom,
                i.email,
                i.role.libelle if i.role else "",
                i.fonction,
                i.get_qualite_display(),
                collectivite.nom if collectivite else "",
                collectivite.code if collectivite else "",
                collectivite.get_type_display() if collectivite else "",
                i.structure,
                i.get_etat_display(),
                _moment(i.cree_le),
                rank if rank is not None else "",
                i.present,
                _moment(i.arrive_le) if i.present else "",
                i.sur_place,
                i.besoins,
                i.consentement,
                _moment(unsubscribed),
            ]
        )
    return COLONNES, rows


def _moment(value: datetime.datetime | None) -> str:
    """14/05/2025 09:32, in the réseau's time (Paris), as a French spreadsheet reads a date."""
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def export_filename(atelier: Atelier) -> str:
    """« inscrits-agir-a-l-international-2025-05-14 »: the atelier and its date."""
    return f"inscrits-{slugify(atelier.titre)[:50].strip('-')}-{atelier.date:%Y-%m-%d}"
