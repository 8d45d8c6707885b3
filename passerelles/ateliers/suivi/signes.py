"""Signs of change after an atelier: noted and withdrawn by the team, each in the journal."""

from django.db import transaction

from passerelles.core.journal import journal_record, user_or_none

from .models import SigneChangement


@transaction.atomic
def signe_create(*, atelier, auteur, **fields) -> SigneChangement:
    signe = SigneChangement(reseau=atelier.reseau, atelier=atelier, saisi_par=user_or_none(auteur), **fields)
    signe.full_clean()
    signe.save()
    journal_record(
        reseau=atelier.reseau,
        auteur=auteur,
        action="signe",
        objet=signe,
        libelle=f"Signe de changement après « {atelier.titre} » : {signe.constat}"[:300],
        details={"source": signe.source},
    )
    return signe


@transaction.atomic
def signe_delete(*, signe: SigneChangement, auteur) -> None:
    journal_record(
        reseau=signe.reseau,
        auteur=auteur,
        action="signe",
        objet=None,
        libelle=f"Signe de changement retiré : {signe.constat}"[:300],
    )
    signe.delete()
