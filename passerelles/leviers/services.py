"""Writes: catalogue edits (with history), competence holders, segments."""

from django.db import transaction
from django.forms.models import model_to_dict

from passerelles.core.journal import journal_record, user_or_none

from .models import DetenteurCompetence, HistoriqueCatalogue, Segment


@transaction.atomic
def catalogue_edit(*, obj, form, auteur, reseau):
    """Save a staff edit of an instrument or entry point, keeping the values it replaces."""
    before = model_to_dict(type(obj).objects.get(pk=obj.pk), exclude=["id", "prerequis", "instruments"])
    saved = form.save()
    HistoriqueCatalogue.objects.create(
        objet=catalogue_key(obj), avant=_jsonable(before), auteur=user_or_none(auteur), reseau=reseau
    )
    return saved


def catalogue_key(obj) -> str:
    """How the history names an entry: « instrument:ficol », « point:alimentation », « appel:12 »."""
    kind = {"Instrument": "instrument", "PointEntree": "point", "Appel": "appel"}[type(obj).__name__]
    return f"{kind}:{obj.pk if kind == 'appel' else obj.code}"


@transaction.atomic
def appel_add(*, form, auteur, reseau):
    """A call the staff add to an instrument; the history keeps that it had no values before."""
    appel = form.save()
    HistoriqueCatalogue.objects.create(
        objet=catalogue_key(appel), avant={}, auteur=user_or_none(auteur), reseau=reseau
    )
    return appel


def _jsonable(values: dict) -> dict:
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in values.items()}


@transaction.atomic
def detenteur_set(*, reseau, collectivite, competence: str, qui: str, autre: str, source: str, auteur):
    holder = {"elle": collectivite, "epci": collectivite.epci}.get(qui)
    detention, _ = DetenteurCompetence.objects.update_or_create(
        reseau=reseau,
        collectivite=collectivite,
        competence=competence,
        defaults={"detenteur": holder, "detenteur_nom": "" if holder else autre, "source": source},
    )
    journal_record(reseau=reseau, auteur=auteur, action="competence", objet=detention, libelle=str(detention))
    return detention


@transaction.atomic
def segment_save(*, reseau, auteur, nom: str, filtres: dict, segment: Segment | None = None) -> Segment:
    segment = segment or Segment(reseau=reseau, cree_par=user_or_none(auteur))
    segment.nom, segment.filtres = nom, {k: v for k, v in filtres.items() if v not in ("", None)}
    segment.full_clean()
    segment.save()
    journal_record(
        reseau=reseau, auteur=auteur, action="segment", objet=segment, libelle=f"Segment enregistré : {nom}"
    )
    return segment
