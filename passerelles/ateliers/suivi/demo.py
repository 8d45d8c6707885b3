"""The seed's atelier after the day, in the demo: survey answers and a pipeline history that
reproduce what the seed reports — four collectivités the réseau did not know, most others
already known or engaged, newcomers who found the entry too technical, and a follow-up that
was never done (its relances are late, no change is observed). The survey answers are
invented (the seed gives no figures) and every page and report says so.

Called by the demo once the Bourges atelier (May 2024, `illustratif=True`) exists with its
registrations and attendance; safe to run again. Everyone involved is fictitious demo data.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from passerelles.ateliers.inscriptions.models import Inscription, Qualite
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.mobilisation.models import ChangementEtape, Etape, FaitEngagement
from passerelles.mobilisation.services import interaction_create

from .enquete import questionnaire_for
from .historique import NOUVELLE, Historique, start_of
from .models import Reponse
from .relances import participants_by_collectivite, suivi_generate

NOUVELLES_DU_SEED = 4
# Before the atelier: engaged collectivités were recorded well ahead, known ones met the
# réseau some months before.
ENGAGEES_CONNUES_DEPUIS = datetime.timedelta(days=700)
CONNUES_DEPUIS = datetime.timedelta(days=150)
SUIVI_PREPARE_APRES_JOURS = 4
SUJET_ECHANGE = "Rencontre au salon des maires du Cher (démo)"

# Invented answers (the seed reports no survey), demo only and shown « fictif » everywhere;
# they follow what the seed tells: newcomers found the entry too technical and left
# frightened, asking for nothing; the convinced learnt little they did not know.
# (note, trop technique, trop institutionnel, commentaire)
REPONSES_NOUVELLES = [
    (
        2,
        True,
        True,
        "Beaucoup de sigles et de procédures : on ne voit pas par où une petite commune commencerait.",
    ),
    (3, True, False, "Intéressant, mais cela paraît très lourd pour nos moyens."),
    (2, True, True, ""),
    (3, True, False, ""),
]
REPONSES_CONVAINCUES = [
    (3, False, True, "Peu de nouveautés pour nous : nous connaissons déjà ce cadre."),
    (4, False, False, "Les témoignages d'élus étaient le meilleur moment."),
    (3, False, True, ""),
    (4, False, False, ""),
]


def demo_atelier(reseau) -> Atelier | None:
    return (
        Atelier.objects.for_reseau(reseau)
        .filter(illustratif=True, date__year=2024, date__month=5)
        .order_by("date", "pk")
        .first()
    )


@transaction.atomic
def demo_suivi(reseau) -> Atelier | None:
    """Adds the after-the-day story to the demo's Bourges atelier; returns it (None if absent)."""
    atelier = demo_atelier(reseau)
    if atelier is None:
        return None
    _make_held(atelier)
    present = _present_collectivites(atelier)
    history = Historique.of(reseau)
    new = _choose_new(present, history, atelier)
    for collectivite in present:
        if collectivite.pk not in new:
            _known_before(atelier, collectivite, history)
    _answers(atelier, new)
    last_change = ChangementEtape.objects.aggregate(last=Max("id"))["last"] or 0
    suivi_generate(atelier, auteur=None)
    # The follow-up was prepared once the answers were in, and nothing was done since.
    ChangementEtape.objects.filter(reseau=reseau, id__gt=last_change).update(
        quand=start_of(atelier.date + datetime.timedelta(days=SUIVI_PREPARE_APRES_JOURS))
    )
    return atelier


def _make_held(atelier: Atelier) -> None:
    if atelier.responsable is None and atelier.cree_par is None:
        atelier.responsable = get_user_model().objects.filter(username="demo").first()
    if atelier.statut != StatutAtelier.ANNULE:
        atelier.statut = StatutAtelier.REALISE
    atelier.save(update_fields=["responsable", "statut"])


def _present_collectivites(atelier: Atelier) -> list:
    return sorted(participants_by_collectivite(atelier), key=lambda c: (c.population_municipale or 0, c.nom))


def _choose_new(present: list, history: Historique, atelier: Atelier) -> set[int]:
    """The seed's four newcomers: collectivités the réseau knew nothing of before the day,
    those without any record first, then the smallest."""
    candidates = [
        c
        for c in present
        if history.statut_avant(c.pk, atelier.date) == NOUVELLE and c.pk not in history.premier_engagement
    ]
    recorded = set(history.etapes) | set(history.premier_echange) | set(history.premier_fait)
    candidates.sort(key=lambda c: (c.pk in recorded, c.population_municipale or 0, c.nom))
    return {c.pk for c in candidates[:NOUVELLES_DU_SEED]}


def _known_before(atelier: Atelier, collectivite, history: Historique) -> None:
    """Dates the réseau's knowledge of a collectivité before the atelier, as the seed tells."""
    if collectivite.pk in history.premier_engagement:
        _backdate_engagement(atelier, collectivite)
        return
    if history.statut_avant(collectivite.pk, atelier.date) != NOUVELLE:
        return
    reseau, when = atelier.reseau, atelier.date - CONNUES_DEPUIS
    interaction_create(
        reseau=reseau,
        auteur=None,
        type="evenement",
        date=when,
        sujet=SUJET_ECHANGE,
        collectivite=collectivite,
        compte_rendu="Échange de démonstration : premier contact avec le réseau.",
    )
    # The first exchange moved the stage today: it happened back then.
    ChangementEtape.objects.filter(
        reseau=reseau, collectivite=collectivite, quand__gte=start_of(atelier.date)
    ).update(quand=start_of(when))


def _backdate_engagement(atelier: Atelier, collectivite) -> None:
    """The seed's engaged collectivités testified at the atelier: the réseau knew them."""
    known = start_of(atelier.date - ENGAGEES_CONNUES_DEPUIS)
    FaitEngagement.objects.filter(
        reseau=atelier.reseau, collectivite=collectivite, cree_le__gte=start_of(atelier.date)
    ).update(cree_le=known)
    ChangementEtape.objects.filter(
        reseau=atelier.reseau,
        collectivite=collectivite,
        nouvelle=Etape.DEJA_ENGAGEE,
        quand__gte=start_of(atelier.date),
    ).update(quand=known)


def _answers(atelier: Atelier, new: set[int]) -> None:
    """Participants' answers only: speakers, organisers and partners are not the public."""
    questionnaire = questionnaire_for(atelier)
    answered_on = timezone.make_aware(
        datetime.datetime.combine(atelier.date + datetime.timedelta(days=3), datetime.time(18))
    )
    present = Inscription.objects.filter(atelier=atelier, present=True, qualite=Qualite.PARTICIPANT)
    counters = {True: 0, False: 0}
    for inscription in present.order_by("pk"):
        newcomer = inscription.collectivite_id in new
        answers = REPONSES_NOUVELLES if newcomer else REPONSES_CONVAINCUES
        note, technical, institutional, comment = answers[counters[newcomer] % len(answers)]
        counters[newcomer] += 1
        Reponse.objects.get_or_create(
            inscription=inscription,
            defaults={
                "reseau": atelier.reseau,
                "questionnaire": questionnaire,
                "valeurs": {
                    "satisfaction": note,
                    "trop_technique": technical,
                    "trop_institutionnel": institutional,
                    "points_entree": [],
                    "rendez_vous": {"souhaite": False, "quand": ""},
                    "commentaire": f"{comment} (réponse fictive, démonstration)" if comment else "",
                },
                "citation_autorisee": bool(comment),
                "repondu_le": answered_on,
            },
        )
    if questionnaire.envoye_le is None:
        questionnaire.envoye_le = answered_on - datetime.timedelta(days=2)
        questionnaire.save(update_fields=["envoye_le"])
