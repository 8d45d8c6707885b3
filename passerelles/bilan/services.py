"""Writing what the bilan's réseau fills in itself: objectives and coordination actions,
each change journaled."""

from django.db import transaction

from passerelles.core.journal import journal_record

from .figures import CIBLES
from .models import ActionCoordination, Objectif


@transaction.atomic
def objectifs_save(*, reseau, annee: int, cibles: dict, auteur) -> None:
    """`cibles`: figure → target, or None to remove that figure's objective."""
    for figure in CIBLES:
        value = cibles.get(figure.cle)
        if value is None:
            Objectif.objects.for_reseau(reseau).filter(annee=annee, indicateur=figure.cle).delete()
        else:
            Objectif.objects.update_or_create(
                reseau=reseau, annee=annee, indicateur=figure.cle, defaults={"cible": value}
            )
    journal_record(
        reseau=reseau, auteur=auteur, action="objectifs", objet=None, libelle=f"Objectifs {annee} enregistrés"
    )


@transaction.atomic
def action_save(*, action: ActionCoordination, auteur) -> ActionCoordination:
    creating = action.pk is None
    action.full_clean()
    action.save()
    journal_record(
        reseau=action.reseau,
        auteur=auteur,
        action="coordination",
        objet=action,
        libelle=f"Action de coordination {'ajoutée' if creating else 'modifiée'} : {action}",
    )
    return action


@transaction.atomic
def action_delete(*, action: ActionCoordination, auteur) -> None:
    journal_record(
        reseau=action.reseau,
        auteur=auteur,
        action="coordination",
        objet=None,
        libelle=f"Action de coordination supprimée : {action}",
    )
    action.delete()
