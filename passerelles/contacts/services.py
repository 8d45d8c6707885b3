"""Writes on contacts and organisations; each one is journaled."""

from datetime import date, timedelta

from django.db import models, transaction
from django.db.models import Q
from django.forms.models import model_to_dict
from django.utils import timezone

from passerelles.core.journal import changed_fields, journal_record, user_or_none
from passerelles.core.models import Journal
from passerelles.core.travaux import drop_reseau_files

from . import effacement
from .models import Contact, Organisation, Suppression

PERSONAL_FIELDS = (
    "civilite",
    "prenom",
    "nom",
    "fonction",
    "email",
    "telephone",
    "notes",
    "consentement_source",
)
ERASED_NAME = "Contact effacé"


def _snapshot(contact: Contact) -> dict:
    """The contact's fields as the journal shows them: names and labels, not ids and codes."""
    return {name: _shown_value(contact, name) for name in model_to_dict(contact, exclude=["id", "reseau"])}


def _shown_value(contact: Contact, name: str):
    field = contact._meta.get_field(name)
    value = getattr(contact, name)
    if field.choices and value:
        return getattr(contact, f"get_{name}_display")()
    if isinstance(field, models.BooleanField):
        return {True: "oui", False: "non", None: "inconnu"}[value]
    if field.is_relation:
        return str(value) if value is not None else ""
    return value


@transaction.atomic
def contact_create(*, reseau, auteur, **fields) -> Contact:
    contact = Contact(reseau=reseau, cree_par=user_or_none(auteur), **fields)
    contact.full_clean()
    contact.save()
    journal_record(
        reseau=reseau, auteur=auteur, action="creation", objet=contact, libelle=f"Contact créé : {contact}"
    )
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, auteur, **fields) -> Contact:
    # The stored row, not the instance: a bound form has already written the new values into it.
    before = _snapshot(Contact.objects.get(pk=contact.pk))
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    changes = changed_fields(before, _snapshot(contact))
    if changes:
        journal_record(
            reseau=contact.reseau,
            auteur=auteur,
            action="modification",
            objet=contact,
            libelle=f"Contact modifié : {contact}",
            details=changes,
        )
    return contact


@transaction.atomic
def contact_merge(*, kept: Contact, duplicate: Contact, auteur) -> Contact:
    """Fold a duplicate into the kept contact: blanks are filled, history is moved over."""
    if kept.reseau_id != duplicate.reseau_id or kept.pk == duplicate.pk:
        raise ValueError("Les deux contacts doivent être distincts et du même réseau.")
    filled = {}
    for name in (*PERSONAL_FIELDS, "role", "collectivite", "organisation"):
        if not getattr(kept, name) and getattr(duplicate, name):
            filled[name] = getattr(duplicate, name)
            setattr(kept, name, getattr(duplicate, name))
    if duplicate.desinscrit_le and not kept.desinscrit_le:
        kept.desinscrit_le = duplicate.desinscrit_le  # an unsubscribe is never lost in a merge
    kept.derniere_interaction = max(
        filter(None, [kept.derniere_interaction, duplicate.derniere_interaction]), default=None
    )
    kept.save()
    for interaction in duplicate.interactions.all():
        interaction.contacts.add(kept)
    duplicate.relances.update(contact=kept)
    journal_record(
        reseau=kept.reseau,
        auteur=auteur,
        action="fusion",
        objet=kept,
        libelle=f"Contact fusionné : {duplicate} → {kept}",
        details={
            "doublon": duplicate.pk,
            "champs_completes": {k: str(v) for k, v in filled.items()},
            # The duplicate's identity, so that an erasure finds every form of the name.
            "doublon_valeurs": {k: getattr(duplicate, k) for k in effacement.IDENTIFYING},
        },
    )
    duplicate.delete()
    return kept


@transaction.atomic
def contact_unsubscribe(*, contact: Contact, auteur, source: str = "") -> Contact:
    if not contact.desinscrit_le:
        contact.desinscrit_le = timezone.now()
        contact.consentement_mailing = False
        contact.save(update_fields=["desinscrit_le", "consentement_mailing", "modifie_le"])
        journal_record(
            reseau=contact.reseau,
            auteur=auteur,
            action="desinscription",
            objet=contact,
            libelle=f"Désinscription : {contact}",
            details={"source": source},
        )
    return contact


@transaction.atomic
def contact_erase(*, contact: Contact, auteur, a_la_demande: bool = True) -> Contact:
    """Erase a person: every trace of them in the réseau's data is removed or anonymised (see
    `effacement`), and the record stays as an anonymous row so that counts by role and
    collectivité, and the number of erasures, hold. At the person's request, a suppression
    record keeps imports and registrations from bringing them back."""
    identite = effacement.identite_of(contact)
    others = effacement.same_person(contact, identite)
    if a_la_demande:
        _record_suppression(contact, identite)
    strict = effacement.scrubber_strict(identite)
    _erase_journal(contact, identite, strict)
    effacement.forget_import_rows(contact.reseau, identite, strict)
    effacement.erase_everywhere(effacement.Effacement(contact.reseau, contact, identite, strict))
    drop_reseau_files(
        contact.reseau,
        "Le fichier a été supprimé : une personne qu'il pouvait contenir a été effacée (RGPD). "
        "Relancez l'export au besoin.",
    )
    for record in (contact, *others):
        _blank(record)
    journal_record(
        reseau=contact.reseau,
        auteur=auteur,
        action="effacement",
        objet=contact,
        libelle=f"Contact n° {contact.pk} effacé (RGPD)",
        details={"a_la_demande": a_la_demande},
    )
    return contact


def _blank(contact: Contact) -> None:
    for name in PERSONAL_FIELDS:
        setattr(contact, name, "")
    contact.nom = ERASED_NAME
    contact.consentement_mailing = None
    contact.consentement_date = None
    contact.efface_le = timezone.now()
    contact.save()


def _record_suppression(contact: Contact, identite) -> None:
    empreintes = {effacement.empreinte_email(email) for email in identite.emails}
    empreintes |= {
        effacement.empreinte_nom(prenom, nom, collectivite)
        for collectivite in identite.collectivites
        for prenom in identite.prenoms or {""}
        for nom in identite.noms
    }
    today = timezone.localdate()
    for empreinte in empreintes:
        Suppression.objects.get_or_create(
            reseau=contact.reseau, empreinte=empreinte, defaults={"demandee_le": today}
        )


def _erase_journal(contact: Contact, identite, strict) -> None:
    """The journal's entries about the person (and the duplicates merged into them)."""
    entries = Journal.objects.filter(
        reseau=contact.reseau, objet_type="contact", objet_id__in=identite.contacts
    )
    erase_journal_entries(entries, strict)


def erase_journal_entries(entries, strict) -> None:
    """Journal entries about an erased person: the values they recorded, then any mention."""
    for entry in entries:
        details = entry.details if isinstance(entry.details, dict) else {}
        for name in (*PERSONAL_FIELDS, "champs_completes", "doublon_valeurs"):
            if name in details:
                details[name] = effacement.EFFACE
        entry.details = effacement.scrub_value(details, strict)
        entry.libelle = strict(entry.libelle)
        entry.save(update_fields=["details", "libelle"])


def suppression_for(reseau, *, email: str = "", nom: str = "", prenom: str = "", collectivite=None):
    """The suppression record matching this person, if they were erased at their request:
    imports and registrations refuse them (or ask for a new consent) and show its date."""
    empreintes = []
    if email:
        empreintes.append(effacement.empreinte_email(email))
    collectivite_id = getattr(collectivite, "pk", collectivite)
    if nom and collectivite_id:
        empreintes.append(effacement.empreinte_nom(prenom, nom, collectivite_id))
    if not empreintes:
        return None
    found = Suppression.objects.for_reseau(reseau).filter(empreinte__in=empreintes)
    return found.order_by("demandee_le").first()


def retention_cutoff(years: int, today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today - timedelta(days=round(365.25 * years))


def contacts_due_for_review(*, reseau, years: int, today: date | None = None):
    """Contacts with no interaction for `years` years (or never, and created that long ago)."""
    cutoff = retention_cutoff(years, today)
    return (
        Contact.objects.for_reseau(reseau)
        .filter(efface_le__isnull=True)
        .filter(
            Q(derniere_interaction__lt=cutoff)
            | Q(derniere_interaction__isnull=True, cree_le__date__lt=cutoff)
        )
    )


@transaction.atomic
def contacts_purge(*, reseau, auteur, years: int, today: date | None = None) -> int:
    purged = 0
    for contact in contacts_due_for_review(reseau=reseau, years=years, today=today):
        contact_erase(contact=contact, auteur=auteur, a_la_demande=False)
        purged += 1
    return purged


@transaction.atomic
def organisation_save(*, organisation: Organisation, auteur) -> Organisation:
    creating = organisation.pk is None
    organisation.full_clean()
    organisation.save()
    journal_record(
        reseau=organisation.reseau,
        auteur=auteur,
        action="creation" if creating else "modification",
        objet=organisation,
        libelle=f"Organisation {'créée' if creating else 'modifiée'} : {organisation}",
    )
    return organisation


@transaction.atomic
def organisation_merge(*, kept: Organisation, duplicate: Organisation, auteur) -> Organisation:
    """Fold a duplicate organisation into the kept one: blanks filled, contacts moved over."""
    if kept.reseau_id != duplicate.reseau_id or kept.pk == duplicate.pk:
        raise ValueError("Les deux organisations doivent être distinctes et du même réseau.")
    for name in ("collectivite", "email", "telephone", "site", "notes"):
        if not getattr(kept, name) and getattr(duplicate, name):
            setattr(kept, name, getattr(duplicate, name))
    kept.save()
    moved = Contact.objects.filter(organisation=duplicate).update(organisation=kept)
    journal_record(
        reseau=kept.reseau,
        auteur=auteur,
        action="fusion",
        objet=kept,
        libelle=f"Organisation fusionnée : {duplicate} → {kept}",
        details={"doublon": duplicate.pk, "contacts_rattaches": moved},
    )
    duplicate.delete()
    return kept
