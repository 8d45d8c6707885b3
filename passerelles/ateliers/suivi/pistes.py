"""From an atelier to a dossier: the survey answers asking for a meeting or naming a subject,
and the collectivités present, each a lead to « Préparer un dossier ». Registered as readers
of the dossiers' leads (`accompagnement.origines`), so that a dossier records where it came from."""

from dataclasses import dataclass

from passerelles.accompagnement.models import Origine
from passerelles.accompagnement.origines import Piste, only_instrument_of, register
from passerelles.core.francais import guillemets
from passerelles.leviers.models import PointEntree

from ..preparation.models import Atelier
from .models import Reponse
from .relances import participants_by_collectivite


@register("reponse")
def piste_reponse(pk, reseau, collectivite) -> Piste | None:
    reponse = (
        Reponse.objects.for_reseau(reseau)
        .filter(pk=pk, inscription__collectivite=collectivite, repondu_le__isnull=False)
        .select_related("questionnaire__atelier")
        .first()
    )
    if reponse is None:
        return None
    valeurs = reponse.valeurs or {}
    points = PointEntree.objects.filter(code__in=valeurs.get("points_entree") or [])
    return Piste(
        Origine.ENQUETE,
        f"Enquête de l'atelier {guillemets(reponse.questionnaire.atelier.titre)} : "
        f"{_demande(valeurs) or 'réponse'}"[:300],
        only_instrument_of(points),
    )


@register("atelier")
def piste_atelier(pk, reseau, collectivite) -> Piste | None:
    atelier = Atelier.objects.for_reseau(reseau).filter(pk=pk).first()
    if atelier is None:
        return None
    points = PointEntree.objects.filter(pk=atelier.point_entree_id) if atelier.point_entree_id else []
    return Piste(
        Origine.ATELIER, f"Suivi de l'atelier {guillemets(atelier.titre)}"[:300], only_instrument_of(points)
    )


@dataclass(frozen=True)
class PisteAtelier:
    collectivite: object
    query: str  # what names the lead in the address of « Préparer un dossier »
    demande: str  # what the survey answer asked for, if any


def pistes_of_atelier(atelier) -> list[PisteAtelier]:
    """The collectivités whose people asked in the survey for a meeting or named a subject
    (the answer is the lead), then the other collectivités present (the atelier is)."""
    answers = (
        Reponse.objects.filter(questionnaire__atelier=atelier, repondu_le__isnull=False)
        .exclude(inscription__collectivite=None)
        .select_related("inscription__collectivite")
        .order_by("repondu_le", "pk")
    )
    pistes, seen = [], set()
    for reponse in answers:
        demande = _demande(reponse.valeurs or {})
        collectivite = reponse.inscription.collectivite
        if demande and collectivite.pk not in seen:
            seen.add(collectivite.pk)
            pistes.append(PisteAtelier(collectivite, f"reponse={reponse.pk}", demande))
    for collectivite in participants_by_collectivite(atelier):
        if collectivite.pk not in seen:
            seen.add(collectivite.pk)
            pistes.append(PisteAtelier(collectivite, f"atelier={atelier.pk}", ""))
    return pistes


def _demande(valeurs: dict) -> str:
    if (valeurs.get("rendez_vous") or {}).get("souhaite"):
        return "rendez-vous demandé"
    if valeurs.get("points_entree"):
        return "intérêt exprimé"
    return ""
