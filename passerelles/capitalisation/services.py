"""Writes on fiches: every save keeps the previous content as a version."""

from django.db import transaction
from django.db.models import Max

from passerelles.core.journal import journal_record, user_or_none
from passerelles.core.saisie import single_line

from .models import Fiche, VersionFiche
from .recherche import fiche_index
from .sections import SECTIONS, TEXT_SECTIONS

TAG_FIELDS = (
    "points_entree",
    "instruments",
    "types_collectivites",
    "tailles",
    "ruralite",
    "publics",
    "territoire",
    "annee",
)


@transaction.atomic
def fiche_save(*, reseau, auteur, fiche: Fiche | None = None, **content) -> Fiche:
    fiche = fiche or Fiche(reseau=reseau, auteur=user_or_none(auteur))
    if fiche.pk:
        last = fiche.versions.aggregate(n=Max("numero"))["n"] or 0
        VersionFiche.objects.create(
            fiche=fiche,
            numero=last + 1,
            # From the database: a bound form has already written the new values on `fiche`.
            contenu=_snapshot(Fiche.objects.get(pk=fiche.pk)),
            auteur=user_or_none(auteur),
        )
    for name, value in content.items():
        if name in SECTIONS or name in TAG_FIELDS or name == "publiee":
            setattr(fiche, name, value)
    # A title read from a document may span lines: it is one line.
    fiche.titre = single_line(fiche.titre or "Fiche sans titre")[:300]
    fiche.territoire = single_line(fiche.territoire)
    fiche.full_clean()
    fiche.save()
    fiche_index(fiche)
    journal_record(
        reseau=reseau, auteur=auteur, action="fiche", objet=fiche, libelle=f"Fiche enregistrée : {fiche}"
    )
    return fiche


def _snapshot(fiche: Fiche) -> dict:
    data = {key: getattr(fiche, key) for key in TEXT_SECTIONS}
    data["verbatims"] = fiche.verbatims
    data.update({key: getattr(fiche, key) for key in TAG_FIELDS})
    return data


@transaction.atomic
def fiche_restore(*, fiche: Fiche, version: VersionFiche, auteur) -> Fiche:
    return fiche_save(reseau=fiche.reseau, auteur=auteur, fiche=fiche, **version.contenu)


def fiche_draft(
    *,
    titre: str,
    porteur: str,
    objectifs: list[str],
    publics: list[str],
    deroulement: list[str],
    acteurs: list[str],
    partenaires: list[str] = (),
    outils: list[str] = (),
    chiffres: dict[str, int | str] | None = None,
    calendrier: str = "",
    ressources: str = "",
    collectivites_ciblees: str = "",
) -> dict:
    """A draft fiche's content built from structured facts (an atelier's data, later):
    staff then write the limits and the lessons. Returns the sections as plain data."""

    def bullets(items) -> str:
        return "\n".join(f"- {item}" for item in items if item)

    approche = "\n".join(
        part
        for part in (
            "Publics ciblés :\n" + bullets(publics) if publics else "",
            "Déroulement :\n" + bullets(deroulement) if deroulement else "",
        )
        if part
    )
    resultats = bullets(f"{label} : {value}" for label, value in (chiffres or {}).items())
    return {
        "titre": titre,
        "porteur": porteur,
        "collectivites_ciblees": collectivites_ciblees,
        "objectifs": bullets(objectifs),
        "approche": approche,
        "resultats": resultats,
        "calendrier": calendrier,
        "ressources": ressources,
        "acteurs": bullets([*acteurs, *(f"Partenaire : {p}" for p in partenaires)]),
        "outils": bullets(outils),
        "verbatims": [],
        "leviers": "",
        "limites": "",
        "enseignements": "",
    }
