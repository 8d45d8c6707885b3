"""The business rules of dossiers: creation from the leviers verdict, the allowed moves
between states, the accompaniment log. Every change is journaled here, never in views."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from passerelles.core.journal import journal_record, user_or_none
from passerelles.leviers.profil import profile_of
from passerelles.leviers.regles import DATA_KEYS, RULES, VIA, eligibility
from passerelles.mobilisation.models import ETAPES_ENGAGEES, Etape, Preuve
from passerelles.mobilisation.pays import code_pays
from passerelles.mobilisation.services import etape_of, etape_set

from .models import Accompagnement, ChangementDossier, Dossier, Etat

# From each state, where a dossier may go next.
TRANSITIONS = {
    Etat.IDEE: (Etat.EN_MONTAGE, Etat.ABANDONNE),
    Etat.EN_MONTAGE: (Etat.DEPOSE, Etat.IDEE, Etat.ABANDONNE),
    Etat.DEPOSE: (Etat.RETENU, Etat.REFUSE, Etat.ABANDONNE),
    Etat.RETENU: (Etat.ABANDONNE,),
    Etat.REFUSE: (Etat.EN_MONTAGE, Etat.ABANDONNE),  # prepared again for the next call
    Etat.ABANDONNE: (Etat.IDEE,),  # taken up again
}


def moves_from(etat: str) -> tuple:
    return TRANSITIONS.get(etat, ())


def verdict_of(*, reseau, collectivite, instrument) -> dict:
    """The leviers verdict for this collectivité and instrument (the same as its page shows),
    with the rule that produced it: the first rule giving the route, else the first one
    giving the verdict's status."""
    profil = profile_of(reseau=reseau, collectivite=collectivite)
    verdict = eligibility(profil, instrument.regles)
    regle = ""
    for name, value in instrument.regles.items():
        if name in DATA_KEYS or name not in RULES:
            continue
        issue = RULES[name](profil, value, instrument.regles)
        if issue.statut == verdict.statut and (verdict.statut != VIA or issue.route == verdict.route):
            regle = name
            break
    return {
        "verdict_statut": verdict.statut,
        "verdict_libelle": verdict.libelle[:300],
        "verdict_route": verdict.route[:300],
        "verdict_regle": regle,
        "verdict_raisons": " ; ".join(verdict.raisons),
    }


@transaction.atomic
def dossier_create(*, reseau, collectivite, instrument, auteur, membres=(), **fields) -> Dossier:
    fields.setdefault("suivi_par", user_or_none(auteur))
    dossier = Dossier(
        reseau=reseau,
        collectivite=collectivite,
        instrument=instrument,
        **verdict_of(reseau=reseau, collectivite=collectivite, instrument=instrument),
        **fields,
    )
    dossier.pays_code = code_pays(dossier.pays)
    dossier.full_clean()
    dossier.save()
    dossier.membres.set(membres)
    journal_record(
        reseau=reseau,
        auteur=auteur,
        action="dossier",
        objet=dossier,
        libelle=f"Dossier préparé : {dossier}",
        details={"verdict": dossier.verdict_libelle} if dossier.verdict_libelle else {},
    )
    return dossier


@transaction.atomic
def dossier_update(*, dossier, auteur, membres=None, **fields) -> Dossier:
    before = {name: getattr(dossier, name) for name in fields}
    for name, value in fields.items():
        setattr(dossier, name, value)
    dossier.pays_code = code_pays(dossier.pays)
    dossier.full_clean()
    dossier.save()
    if membres is not None:
        dossier.membres.set(membres)
    changed = {
        name: [_text(before[name]), _text(value)] for name, value in fields.items() if before[name] != value
    }
    if changed:
        journal_record(
            reseau=dossier.reseau,
            auteur=auteur,
            action="dossier_modifie",
            objet=dossier,
            libelle=f"Dossier modifié : {dossier}",
            details=changed,
        )
    return dossier


def _text(value) -> str:
    return "" if value is None else str(value)


@transaction.atomic
def dossier_move(*, dossier, etat: str, motif: str, auteur) -> ChangementDossier:
    """Move a dossier to a state it may reach from its own, with a reason. A dossier
    « retenu » is observed engagement: the collectivité moves to « Engagée », never back."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    motif = (motif or "").strip()
    if etat not in moves_from(dossier.etat):
        raise ValidationError(
            f"Un dossier {Etat(dossier.etat).label.lower()} ne peut pas passer à "
            f"« {Etat(etat).label if etat in Etat.values else etat} »."
        )
    if not motif:
        raise ValidationError("Donnez la raison de ce changement d'état.")
    ancien = dossier.etat
    dossier.etat = etat
    dossier.save(update_fields=["etat", "modifie_le"])
    change = ChangementDossier.objects.create(
        reseau=dossier.reseau,
        dossier=dossier,
        ancien=ancien,
        nouvel=etat,
        motif=motif[:300],
        auteur=user_or_none(auteur),
    )
    journal_record(
        reseau=dossier.reseau,
        auteur=auteur,
        action="dossier_etat",
        objet=dossier,
        libelle=f"{dossier} : {Etat(ancien).label} → {Etat(etat).label}",
        details={"motif": motif},
    )
    if etat == Etat.RETENU:
        _engage(dossier, auteur)
    return change


def _engage(dossier, auteur) -> bool:
    """Only forward: a collectivité already engaged stays where it is."""
    if etape_of(reseau=dossier.reseau, collectivite=dossier.collectivite) in ETAPES_ENGAGEES:
        return False
    return etape_set(
        reseau=dossier.reseau,
        collectivite=dossier.collectivite,
        etape=Etape.ENGAGEE,
        auteur=auteur,
        motif=f"dossier retenu : {dossier.instrument}"[:300],
        preuve=Preuve.DOSSIER,
    )


@transaction.atomic
def log_add(*, dossier, auteur, date, type: str, heures, note: str = "") -> Accompagnement:
    entry = Accompagnement(
        reseau=dossier.reseau,
        dossier=dossier,
        date=date,
        type=type,
        heures=heures,
        note=note,
        auteur=user_or_none(auteur),
    )
    entry.full_clean()
    entry.save()
    journal_record(
        reseau=dossier.reseau,
        auteur=auteur,
        action="accompagnement",
        objet=dossier,
        libelle=f"{dossier} : {entry.get_type_display()}, {entry.heures} h",
    )
    return entry


def hours_of(dossier) -> Decimal:
    return dossier.accompagnements.aggregate(total=Sum("heures"))["total"] or Decimal("0")
