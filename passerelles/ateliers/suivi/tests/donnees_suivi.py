"""Hand-built histories for the "after the day" tests: an atelier, people who came, and what
the réseau had recorded about their collectivités, each record at a chosen date."""

import datetime
import itertools

from django.utils import timezone

from passerelles.ateliers.inscriptions.models import Inscription
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.mobilisation.models import ChangementEtape, FaitEngagement, Interaction
from passerelles.mobilisation.services import etape_set
from passerelles.territoires.models import Collectivite

JOUR = datetime.date(2024, 5, 14)
_numbers = itertools.count(1)


def moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def commune(code: str) -> Collectivite:
    return Collectivite.objects.get(type="commune", code=code)


def make_atelier(reseau, *, date=JOUR, responsable=None, **fields) -> Atelier:
    return Atelier.objects.create(
        reseau=reseau,
        titre=fields.pop("titre", "Agir à l'international"),
        date=date,
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        statut=fields.pop("statut", StatutAtelier.REALISE),
        responsable=responsable,
        lieu_collectivite=commune("18033"),
        **fields,
    )


def inscrire(atelier, collectivite=None, *, present=True, **fields) -> Inscription:
    number = next(_numbers)
    return Inscription.objects.create(
        reseau=atelier.reseau,
        atelier=atelier,
        nom=fields.pop("nom", f"Personne {number} (démo)"),
        email=fields.pop("email", f"personne{number}@exemple.fr"),
        collectivite=collectivite,
        present=present,
        **fields,
    )


def echange(reseau, collectivite, day: datetime.date) -> Interaction:
    return Interaction.objects.create(
        reseau=reseau, type="appel", date=day, sujet="Premier échange", collectivite=collectivite
    )


def fait(reseau, collectivite, recorded: datetime.date, type="jumelage", **fields) -> FaitEngagement:
    created = FaitEngagement.objects.create(
        reseau=reseau, collectivite=collectivite, type=type, intitule="Jumelage", source="test", **fields
    )
    FaitEngagement.objects.filter(pk=created.pk).update(cree_le=moment(recorded))
    return created


def etape(reseau, collectivite, stage: str, day: datetime.date, auteur=None, preuve="echange") -> None:
    """Moves a stage as if done on `day`; by default as staff do, after an exchange."""
    etape_set(
        reseau=reseau, collectivite=collectivite, etape=stage, auteur=auteur, motif="test", preuve=preuve
    )
    last = ChangementEtape.objects.filter(reseau=reseau, collectivite=collectivite).order_by("-id").first()
    ChangementEtape.objects.filter(pk=last.pk).update(quand=moment(day))
