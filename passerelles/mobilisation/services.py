"""Writes on the pipeline: stages, engagement facts, interactions and follow-ups."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from passerelles.contacts.models import Contact
from passerelles.core.francais import accord
from passerelles.core.insertion import database_row, insert_rows, insertable_fields
from passerelles.core.journal import journal_record, user_or_none

from .models import ChangementEtape, Etape, FaitEngagement, Interaction, Mobilisation, Preuve, Relance
from .pays import code_pays

# Facts that show a collectivité already acts abroad.
FAITS_ENGAGEMENT = ("cooperation", "jumelage", "autre", "declaration_apd")


def etape_of(*, reseau, collectivite) -> str:
    row = Mobilisation.objects.filter(reseau=reseau, collectivite=collectivite).values_list(
        "etape", flat=True
    )
    return row.first() or Etape.INCONNUE


@transaction.atomic
def etape_set(
    *, reseau, collectivite, etape: str, auteur, motif: str = "", preuve: str = Preuve.DECLARATION
) -> bool:
    """Move a collectivité to a stage, with its history and what the move rests on (staff
    name their evidence; the software's own moves say `Preuve.AUTOMATIQUE`); returns False if
    nothing changed."""
    mobilisation, _ = Mobilisation.objects.select_for_update().get_or_create(
        reseau=reseau, collectivite=collectivite
    )
    previous = mobilisation.etape
    if previous == etape:
        return False
    mobilisation.etape = etape
    mobilisation.full_clean()
    mobilisation.save()
    ChangementEtape.objects.create(
        reseau=reseau,
        collectivite=collectivite,
        ancienne=previous,
        nouvelle=etape,
        motif=motif[:300],
        preuve=preuve,
        auteur=user_or_none(auteur),
    )
    journal_record(
        reseau=reseau,
        auteur=auteur,
        action="etape",
        objet=mobilisation,
        libelle=f"{collectivite} : {Etape(previous).label} → {Etape(etape).label}",
        details={"motif": motif} if motif else {},
    )
    return True


@transaction.atomic
def fait_create(*, reseau, collectivite, auteur, **fields) -> FaitEngagement:
    fait = FaitEngagement(
        reseau=reseau,
        collectivite=collectivite,
        saisi_par=user_or_none(auteur),
        **fields,
    )
    fait.pays_code = code_pays(fait.pays)
    fait.full_clean()
    fait.save()
    journal_record(
        reseau=reseau,
        auteur=auteur,
        action="fait",
        objet=fait,
        libelle=f"{collectivite} : {fait.get_type_display()} — {fait}",
    )
    if fait.type in FAITS_ENGAGEMENT:
        _leave_unknown(
            reseau, collectivite, Etape.DEJA_ENGAGEE, auteur, f"{fait.get_type_display()} : {fait}"
        )
    return fait


def faits_bulk_create(*, reseau, auteur, faits: list[FaitEngagement], source: str) -> None:
    """Saves checked facts at once: one journal entry for the file, and the collectivités
    still « inconnue » move to « déjà engagée » (engagement facts only), with their history.
    The rows are prepared before the transaction, which then only writes them."""
    fields = insertable_fields(FaitEngagement)
    rows = [database_row(fait, fields) for fait in faits]
    with transaction.atomic():
        insert_rows(FaitEngagement, [field.column for field in fields], rows)
        _record_facts(reseau, auteur, faits, source)


def _record_facts(reseau, auteur, faits: list[FaitEngagement], source: str) -> None:
    journal_record(
        reseau=reseau,
        auteur=auteur,
        action="fait",
        objet=None,
        libelle=f"Import de {accord(len(faits), 'fait', 'faits')} d'engagement ({source})"[:300],
        details={"source": source, "faits": len(faits)},
    )
    engaged = {fait.collectivite_id: fait for fait in faits if fait.type in FAITS_ENGAGEMENT}
    known = set(
        Mobilisation.objects.for_reseau(reseau)
        .filter(collectivite__in=engaged)
        .exclude(etape=Etape.INCONNUE)
        .values_list("collectivite_id", flat=True)
    )
    moving = [fait for pk, fait in engaged.items() if pk not in known]
    ids = [f.collectivite_id for f in moving]
    rows = Mobilisation.objects.for_reseau(reseau).filter(collectivite__in=ids)
    rows.update(etape=Etape.DEJA_ENGAGEE, modifie_le=timezone.now())
    existing = set(rows.values_list("collectivite_id", flat=True))
    Mobilisation.objects.bulk_create(
        [
            Mobilisation(reseau=reseau, collectivite_id=f.collectivite_id, etape=Etape.DEJA_ENGAGEE)
            for f in moving
            if f.collectivite_id not in existing
        ],
        batch_size=1000,
    )
    ChangementEtape.objects.bulk_create(
        [
            ChangementEtape(
                reseau=reseau,
                collectivite_id=f.collectivite_id,
                ancienne=Etape.INCONNUE,
                nouvelle=Etape.DEJA_ENGAGEE,
                motif=f"{f.get_type_display()} : {f}"[:300],
                preuve=Preuve.AUTOMATIQUE,
                auteur=user_or_none(auteur),
            )
            for f in moving
        ],
        batch_size=1000,
    )


@transaction.atomic
def interaction_create(*, reseau, auteur, contacts=(), **fields) -> Interaction:
    interaction = Interaction(reseau=reseau, auteur=user_or_none(auteur), **fields)
    interaction.full_clean()
    interaction.save()
    contacts = [contact for contact in contacts if contact.reseau_id == reseau.pk]
    interaction.contacts.set(contacts)
    _refresh_last_interaction([contact.pk for contact in contacts])
    if interaction.collectivite:
        _leave_unknown(
            reseau,
            interaction.collectivite,
            Etape.CONTACTEE,
            auteur,
            f"premier échange : {interaction.sujet}",
        )
    return interaction


def _leave_unknown(reseau, collectivite, etape: str, auteur, motif: str) -> None:
    """A fact or a first exchange moves a collectivité out of "inconnue", never further back:
    the software's move, not an observed step forward."""
    if etape_of(reseau=reseau, collectivite=collectivite) == Etape.INCONNUE:
        etape_set(
            reseau=reseau,
            collectivite=collectivite,
            etape=etape,
            auteur=auteur,
            motif=motif,
            preuve=Preuve.AUTOMATIQUE,
        )


def _refresh_last_interaction(contact_ids: list[int]) -> None:
    latest = (
        Interaction.objects.filter(contacts__in=contact_ids)
        .values("contacts")
        .annotate(last=Max("date"))
        .values_list("contacts", "last")
    )
    for contact_id, last in latest:
        Contact.objects.filter(pk=contact_id).update(derniere_interaction=last)


@transaction.atomic
def relance_create(*, reseau, auteur, **fields) -> Relance:
    relance = Relance(reseau=reseau, cree_par=user_or_none(auteur), **fields)
    relance.full_clean()
    relance.save()
    return relance


@transaction.atomic
def relance_mark(*, relance: Relance, faite: bool, auteur, note: str = "") -> Relance:
    relance.faite_le = timezone.now() if faite else None
    if note:
        relance.note = f"{relance.note}\n{note}".strip()
    relance.save(update_fields=["faite_le", "note"])
    journal_record(
        reseau=relance.reseau,
        auteur=auteur,
        action="relance",
        objet=relance,
        libelle=f"Relance {'faite' if faite else 'rouverte'} : {relance}",
    )
    return relance
