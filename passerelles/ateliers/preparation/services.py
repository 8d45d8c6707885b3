"""Writes of the planning pages: the atelier with its framing, partners and budget, and its
programme; each change is journaled."""

from django.db import transaction
from django.db.models import Max

from passerelles.ateliers.inscriptions.services import registrants_tell_move, speakers_mark
from passerelles.core.francais import guillemets
from passerelles.core.journal import changed_fields, journal_record, user_or_none

from .models import Atelier, Sequence

JOURNALED_FIELDS = (
    "titre",
    "statut",
    "point_entree",
    "date",
    "heure_debut",
    "heure_fin",
    "lieu_collectivite",
    "lieu_nom",
    "lieu_adresse",
    "capacite",
    "date_limite_inscription",
)


# What changes the day for whoever is registered: they are told, with their calendar's event.
DEROULEMENT = ("date", "heure_debut", "heure_fin", "lieu_collectivite", "lieu_nom", "lieu_adresse")


def _snapshot(atelier: Atelier) -> dict:
    return {name: str(getattr(atelier, name) or "") for name in JOURNALED_FIELDS}


@transaction.atomic
def atelier_save(*, reseau, auteur, form, formsets, atelier: Atelier | None = None) -> Atelier:
    """Save a valid atelier form and its inline formsets (framing, partners, budget)."""
    # The form has already written the new values on the instance: compare with the stored row.
    before = _snapshot(Atelier.objects.get(pk=atelier.pk)) if atelier else {}
    created = atelier is None
    atelier = form.save(commit=False)
    atelier.reseau = reseau
    if created:
        atelier.cree_par = user_or_none(auteur)
    atelier.save()
    form.save_m2m()
    for formset in formsets:
        formset.instance = atelier
        formset.save()
    changes = {} if created else changed_fields(before, _snapshot(atelier))
    journal_record(
        reseau=reseau,
        auteur=auteur,
        action="atelier",
        objet=atelier,
        libelle=f"Atelier {'créé' if created else 'modifié'} : {atelier}",
        details=changes,
    )
    if set(changes) & set(DEROULEMENT):
        registrants_tell_move(atelier)
    return atelier


def _programme_de(atelier: Atelier) -> str:
    return f"Programme de {guillemets(atelier.titre)}\u00a0:"


@transaction.atomic
def sequence_save(*, atelier: Atelier, auteur, form, interventions) -> Sequence:
    """Save a sequence of the programme and its speakers; a new one goes at the end."""
    sequence = form.save(commit=False)
    created = sequence.pk is None
    if created:
        sequence.atelier = atelier
        last = atelier.sequences.aggregate(last=Max("ordre"))["last"]
        sequence.ordre = 0 if last is None else last + 1
    sequence.save()
    interventions.instance = sequence
    interventions.save()
    speakers_mark(atelier)
    journal_record(
        reseau=atelier.reseau,
        auteur=auteur,
        action="programme",
        objet=atelier,
        libelle=f"{_programme_de(atelier)} séquence {'ajoutée' if created else 'modifiée'} ({sequence})",
    )
    return sequence


@transaction.atomic
def sequence_move(*, sequence: Sequence, sens: str, auteur) -> bool:
    """Swap a sequence with its neighbour above ("haut") or below ("bas"); False at an end."""
    atelier = sequence.atelier
    ordered = list(atelier.sequences.select_for_update().order_by("ordre", "debut", "id"))
    index = next(i for i, s in enumerate(ordered) if s.pk == sequence.pk)
    target = index - 1 if sens == "haut" else index + 1
    if not 0 <= target < len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    _renumber(ordered)
    journal_record(
        reseau=atelier.reseau,
        auteur=auteur,
        action="programme",
        objet=atelier,
        libelle=f"{_programme_de(atelier)} séquence déplacée ({sequence})",
    )
    return True


def _renumber(sequences) -> None:
    """Positions 0, 1, 2… in the given order, saving only the sequences that moved."""
    for position, item in enumerate(sequences):
        if item.ordre != position:
            item.ordre = position
            item.save(update_fields=["ordre"])


@transaction.atomic
def sequence_delete(*, sequence: Sequence, auteur) -> None:
    atelier = sequence.atelier
    titre = str(sequence)
    sequence.delete()
    _renumber(atelier.sequences.order_by("ordre", "debut", "id"))
    journal_record(
        reseau=atelier.reseau,
        auteur=auteur,
        action="programme",
        objet=atelier,
        libelle=f"{_programme_de(atelier)} séquence supprimée ({titre})",
    )
