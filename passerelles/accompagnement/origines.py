"""Where a dossier starts: the lead it follows. The page preparing a dossier is reached from
the collectivité's funding block, a relance, a survey answer or an atelier's follow-up page;
each names itself in the address, is read here within the réseau, and is recorded on the
dossier with the instrument it points to when it points to exactly one."""

from dataclasses import dataclass

from passerelles.ateliers.preparation.models import Atelier
from passerelles.ateliers.suivi.models import Reponse
from passerelles.ateliers.suivi.relances import participants_by_collectivite
from passerelles.core.francais import guillemets
from passerelles.core.saisie import id_or_none
from passerelles.leviers.models import Instrument, PointEntree
from passerelles.mobilisation.models import Relance

from .models import Origine


@dataclass(frozen=True)
class Piste:
    origine: str
    libelle: str = ""
    instrument: Instrument | None = None
    query: str = ""  # the address's query that names it, kept when the form is sent


def piste_of(params, *, reseau, collectivite) -> Piste:
    """The lead named by `params` (a request's GET), or « saisi directement ». An id that is
    not the réseau's, or about another collectivité, is no lead."""
    for name, reader in (("relance", _relance), ("reponse", _reponse), ("atelier", _atelier)):
        pk = id_or_none(params.get(name))
        if pk is not None:
            piste = reader(pk, reseau, collectivite)
            if piste is not None:
                return piste
    code = (params.get("instrument") or "")[:60]
    instrument = _dossier_instruments().filter(code=code).first() if code else None
    if instrument is not None:
        return Piste(
            Origine.COLLECTIVITE, "Bloc « Financements » de la page", instrument, f"instrument={code}"
        )
    return Piste(Origine.SAISIE)


def _relance(pk, reseau, collectivite) -> Piste | None:
    relance = Relance.objects.for_reseau(reseau).filter(pk=pk, collectivite=collectivite).first()
    if relance is None:
        return None
    return Piste(Origine.RELANCE, f"Relance {guillemets(relance.titre)}"[:300], None, f"relance={pk}")


def _reponse(pk, reseau, collectivite) -> Piste | None:
    reponse = (
        Reponse.objects.for_reseau(reseau)
        .filter(pk=pk, inscription__collectivite=collectivite, repondu_le__isnull=False)
        .select_related("questionnaire__atelier")
        .first()
    )
    if reponse is None:
        return None
    atelier = reponse.questionnaire.atelier
    valeurs = reponse.valeurs or {}
    asked = "rendez-vous demandé" if (valeurs.get("rendez_vous") or {}).get("souhaite") else "intérêt exprimé"
    points = PointEntree.objects.filter(code__in=valeurs.get("points_entree") or [])
    return Piste(
        Origine.ENQUETE,
        f"Enquête de l'atelier {guillemets(atelier.titre)} : {asked}"[:300],
        _only_instrument_of(points),
        f"reponse={pk}",
    )


def _atelier(pk, reseau, collectivite) -> Piste | None:
    atelier = Atelier.objects.for_reseau(reseau).filter(pk=pk).select_related("point_entree").first()
    if atelier is None:
        return None
    points = PointEntree.objects.filter(pk=atelier.point_entree_id) if atelier.point_entree_id else []
    return Piste(
        Origine.ATELIER,
        f"Suivi de l'atelier {guillemets(atelier.titre)}"[:300],
        _only_instrument_of(points),
        f"atelier={pk}",
    )


def _dossier_instruments():
    return Instrument.objects.filter(prerequis_seulement=False)


def _only_instrument_of(points) -> Instrument | None:
    """The instrument the entry points lead to, when they lead to exactly one."""
    if not points:
        return None
    found = list(_dossier_instruments().filter(points_entree__in=points).distinct()[:2])
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class PisteAtelier:
    collectivite: object
    query: str
    demande: str  # what the survey answer asked for, if any


def pistes_of_atelier(atelier) -> list[PisteAtelier]:
    """The collectivités an atelier's follow-up may lead to a dossier: those whose people
    asked in the survey for a meeting or named a subject (the answer is the lead), then the
    other collectivités present (the atelier is the lead)."""
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
        return "rendez-vous demandé dans l'enquête"
    if valeurs.get("points_entree"):
        return "intérêt exprimé dans l'enquête"
    return ""
