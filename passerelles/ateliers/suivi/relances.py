"""The follow-up work an atelier leaves behind: relances, a schedule, stage moves.

Everything here is idempotent: each relance carries an `origine` naming the atelier, its
kind and the collectivité (or registration) it is about, and is created only if that
origine does not exist yet. Running the follow-up twice, or after a crashed worker, creates
nothing more. A stage only ever moves forward because of an atelier, and such a move is the software's own
(`Preuve.AUTOMATIQUE`): declared, never counted as observed progress.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from passerelles.ateliers.inscriptions.models import EtatInscription, Inscription, Qualite, SourceInscription
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.core.francais import date_longue, guillemets
from passerelles.core.travaux import report_progress, travail_task
from passerelles.mobilisation.models import Etape, Interaction, Preuve, Relance, TypeInteraction
from passerelles.mobilisation.services import etape_of, etape_set, interaction_create, relance_create

from .historique import RANG
from .indicateurs import ORIGINE_PREFIX
from .models import Reponse

DELAI_RELANCE_JOURS = 15
MOTIF_PREFIX = "a participé à l'atelier"
CALENDRIER_JOURS = (15, 90, 180)


class SuiviImpossible(Exception):
    def __init__(self, message_fr: str):
        super().__init__(message_fr)
        self.message_fr = message_fr


@dataclass
class Bilan:
    relances: int = 0
    etapes: int = 0


def responsable_of(atelier: Atelier):
    responsable = atelier.responsable or atelier.cree_par
    if responsable is None:
        raise SuiviImpossible(
            "Désignez d'abord un responsable de l'atelier : c'est lui qui reçoit les relances."
        )
    return responsable


def motif_of(atelier: Atelier) -> str:
    return f"{MOTIF_PREFIX} {guillemets(atelier.titre)} du {date_longue(atelier.date)}"


def participants_by_collectivite(atelier: Atelier) -> dict:
    """Each collectivité that came to take part, with the first person present (for the
    relance's contact); a collectivité that only spoke or organised is a partner, not a lead."""
    present = (
        Inscription.objects.filter(atelier=atelier, present=True, qualite=Qualite.PARTICIPANT)
        .exclude(collectivite=None)
        .select_related("collectivite", "contact")
        .order_by("collectivite_id", "cree_le", "pk")
    )
    found = {}
    for inscription in present:
        found.setdefault(inscription.collectivite, inscription)
    return found


def _relance_once(atelier, *, cle: str, titre: str, echeance, responsable, auteur, **fields) -> bool:
    origine = f"{ORIGINE_PREFIX.format(pk=atelier.pk)}{cle}"
    if Relance.objects.filter(reseau=atelier.reseau, origine=origine).exists():
        return False
    relance_create(
        reseau=atelier.reseau,
        auteur=auteur,
        titre=titre[:200],
        echeance=echeance,
        responsable=responsable,
        origine=origine,
        **fields,
    )
    return True


def _move_forward(atelier, collectivite, etape: str, motif: str, auteur) -> bool:
    if RANG[etape_of(reseau=atelier.reseau, collectivite=collectivite)] >= RANG[etape]:
        return False
    return etape_set(
        reseau=atelier.reseau,
        collectivite=collectivite,
        etape=etape,
        auteur=auteur,
        motif=motif,
        preuve=Preuve.AUTOMATIQUE,
    )


@transaction.atomic
def follow_participant(atelier, collectivite, inscription, *, responsable, auteur) -> Bilan:
    done = Bilan()
    done.etapes += _move_forward(atelier, collectivite, Etape.SENSIBILISEE, motif_of(atelier), auteur)
    _record_attendance(atelier, collectivite, inscription, auteur)
    for days in CALENDRIER_JOURS:
        done.relances += _relance_once(
            atelier,
            cle=f"j{days}:{collectivite.pk}",
            titre=f"Suivi J+{days} de l'atelier {guillemets(atelier.titre)} : {collectivite.nom}",
            echeance=atelier.date + datetime.timedelta(days=days),
            responsable=responsable,
            auteur=auteur,
            collectivite=collectivite,
            contact=inscription.contact,
        )
    return done


def _record_attendance(atelier, collectivite, inscription, auteur) -> None:
    """The atelier becomes an exchange in the collectivité's file (dated on the day)."""
    sujet = f"Atelier {guillemets(atelier.titre)}"[:200]
    exists = Interaction.objects.filter(
        reseau=atelier.reseau, collectivite=collectivite, date=atelier.date, sujet=sujet
    ).exists()
    if not exists:
        interaction_create(
            reseau=atelier.reseau,
            auteur=auteur,
            type=TypeInteraction.EVENEMENT,
            date=atelier.date,
            sujet=sujet,
            collectivite=collectivite,
            contacts=[inscription.contact] if inscription.contact else [],
        )


@transaction.atomic
def follow_answer(reponse: Reponse, *, responsable, auteur=None) -> Bilan:
    """A participant who asks for a meeting or names subjects of interest gets a relance
    due 15 days after answering; a meeting request makes the collectivité « Intéressée »."""
    done = Bilan()
    atelier, inscription, valeurs = reponse.questionnaire.atelier, reponse.inscription, reponse.valeurs
    rendez_vous = (valeurs.get("rendez_vous") or {}).get("souhaite")
    interests = valeurs.get("points_entree") or []
    if reponse.repondu_le is None or not (rendez_vous or interests):
        return done
    about = inscription.collectivite.nom if inscription.collectivite else inscription.nom_complet
    what = "rendez-vous demandé" if rendez_vous else "intérêt exprimé"
    quand = (valeurs.get("rendez_vous") or {}).get("quand")
    done.relances += _relance_once(
        atelier,
        cle=f"interet:{inscription.collectivite_id or f'i{inscription.pk}'}",
        titre=f"Après l'atelier {guillemets(atelier.titre)} : {what} ({about})",
        echeance=timezone.localdate(reponse.repondu_le) + datetime.timedelta(days=DELAI_RELANCE_JOURS),
        responsable=responsable,
        auteur=auteur,
        collectivite=inscription.collectivite,
        contact=inscription.contact,
        note=f"Souhaite être recontacté·e : {quand}." if rendez_vous and quand else "",
    )
    if rendez_vous and inscription.collectivite:
        motif = f"a demandé un rendez-vous après l'atelier {guillemets(atelier.titre)}"
        done.etapes += _move_forward(atelier, inscription.collectivite, Etape.INTERESSEE, motif, auteur)
    return done


@transaction.atomic
def follow_no_show(atelier, inscription, *, responsable, auteur) -> Bilan:
    return Bilan(
        relances=_relance_once(
            atelier,
            cle=f"absent:{inscription.pk}",
            titre=f"Inscrit·e absent·e à l'atelier {guillemets(atelier.titre)} : {inscription.nom_complet}"
            + (f" ({inscription.collectivite.nom})" if inscription.collectivite else ""),
            echeance=atelier.date + datetime.timedelta(days=DELAI_RELANCE_JOURS),
            responsable=responsable,
            auteur=auteur,
            collectivite=inscription.collectivite,
            contact=inscription.contact,
            note="Proposer les supports de l'atelier et un échange.",
        )
    )


def no_shows(atelier):
    return (
        Inscription.objects.filter(atelier=atelier, etat=EtatInscription.CONFIRMEE, present=False)
        .exclude(source=SourceInscription.SUR_PLACE)
        .select_related("collectivite", "contact")
    )


def suivi_generate(atelier: Atelier, *, auteur=None, travail=None) -> Bilan:
    """All the follow-up of an atelier that took place; safe to run again."""
    if atelier.statut != StatutAtelier.REALISE:
        raise SuiviImpossible("Le suivi se prépare une fois l'atelier marqué « Réalisé ».")
    responsable = responsable_of(atelier)
    participants = participants_by_collectivite(atelier)
    answers = list(
        Reponse.objects.filter(inscription__atelier=atelier, repondu_le__isnull=False).select_related(
            "questionnaire__atelier", "inscription__collectivite", "inscription__contact"
        )
    )
    absents = list(no_shows(atelier))
    results = []
    total = len(participants) + len(answers) + len(absents)

    def record(result: Bilan) -> None:
        results.append(result)
        if travail is not None:
            report_progress(travail, len(results), total, etape="Relances et étapes")

    for collectivite, inscription in participants.items():
        record(follow_participant(atelier, collectivite, inscription, responsable=responsable, auteur=auteur))
    for reponse in answers:
        record(follow_answer(reponse, responsable=responsable, auteur=auteur))
    for inscription in absents:
        record(follow_no_show(atelier, inscription, responsable=responsable, auteur=auteur))
    return Bilan(relances=sum(r.relances for r in results), etapes=sum(r.etapes for r in results))


@travail_task
def suivi_atelier(travail, *, atelier_id: int):
    atelier = Atelier.objects.get(pk=atelier_id, reseau=travail.reseau)
    bilan = suivi_generate(atelier, auteur=travail.cree_par, travail=travail)
    return {"relances": bilan.relances, "etapes": bilan.etapes}


def echeancier(atelier: Atelier, today=None) -> dict:
    """The atelier's relances as the follow-up page shows them: late, due now, to come, done."""
    today = today or timezone.localdate()
    relances = (
        Relance.objects.for_reseau(atelier.reseau)
        .filter(origine__startswith=ORIGINE_PREFIX.format(pk=atelier.pk))
        .select_related("collectivite", "contact", "responsable")
        .order_by("echeance", "pk")
    )
    groups = {"en_retard": [], "a_faire": [], "a_venir": [], "faites": []}
    for relance in relances:
        if relance.faite:
            groups["faites"].append(relance)
        elif relance.echeance < today:
            groups["en_retard"].append(relance)
        elif relance.echeance <= today + datetime.timedelta(days=7):
            groups["a_faire"].append(relance)
        else:
            groups["a_venir"].append(relance)
    return groups
