"""What leaves the application about contacts: list exports and a person's own data."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet

from passerelles.core.journal import detail_lines
from passerelles.core.models import Journal

from .models import Contact

CONTACT_COLUMNS = [
    ("Civilité", lambda c: c.civilite),
    ("Prénom", lambda c: c.prenom),
    ("Nom", lambda c: c.nom),
    ("Fonction", lambda c: c.fonction),
    ("Rôle", lambda c: c.role.libelle if c.role else ""),
    ("Courriel", lambda c: c.email),
    ("Téléphone", lambda c: c.telephone),
    ("Collectivité", lambda c: c.collectivite.nom if c.collectivite else ""),
    ("Type de collectivité", lambda c: c.collectivite.libelle_type if c.collectivite else ""),
    ("Code officiel", lambda c: c.collectivite.code if c.collectivite else ""),
    (
        "Département",
        lambda c: c.collectivite.departement.code if c.collectivite and c.collectivite.departement else "",
    ),
    ("Organisation", lambda c: c.organisation.nom if c.organisation else ""),
    ("Base légale", lambda c: c.get_base_legale_display()),
    ("Accepte les envois", lambda c: {True: "oui", False: "non", None: "inconnu"}[c.consentement_mailing]),
    ("Désinscrit", lambda c: "oui" if c.desinscrit else "non"),
    ("Dernière interaction", lambda c: c.derniere_interaction.isoformat() if c.derniere_interaction else ""),
]


def contact_export_rows(contacts: QuerySet[Contact]) -> tuple[list[str], list[list]]:
    contacts = contacts.select_related("role", "collectivite__departement", "organisation")
    headers = [title for title, _ in CONTACT_COLUMNS]
    return headers, [[value(contact) for _, value in CONTACT_COLUMNS] for contact in contacts.iterator(2000)]


def contact_personal_data(contact: Contact) -> dict:
    """Everything held on one person, for a GDPR access request, under French names."""
    fields = {
        "Civilité": contact.civilite,
        "Prénom": contact.prenom,
        "Nom": contact.nom,
        "Fonction": contact.fonction,
        "Rôle": contact.role.libelle if contact.role else "",
        "Courriel": contact.email,
        "Téléphone": contact.telephone,
        "Collectivité": contact.collectivite.nom if contact.collectivite else "",
        "Organisation": contact.organisation.nom if contact.organisation else "",
        "Notes": contact.notes,
        "Base légale": contact.get_base_legale_display(),
        "Accepte les envois": {True: "oui", False: "non", None: "inconnu"}[contact.consentement_mailing],
        "Date du consentement": contact.consentement_date,
        "Source du consentement": contact.consentement_source,
        "Désinscrit le": contact.desinscrit_le,
        "Créé le": contact.cree_le,
        "Modifié le": contact.modifie_le,
    }
    echanges = [
        {"Date": i.date, "Type": i.get_type_display(), "Sujet": i.sujet, "Compte rendu": i.compte_rendu}
        for i in contact.interactions.order_by("date")
    ]
    relances = [
        {"Titre": r.titre, "Échéance": r.echeance, "Faite le": r.faite_le, "Note": r.note}
        for r in contact.relances.order_by("echeance")
    ]
    journal = [
        {"Quand": j.quand, "Quoi": j.libelle, "Détail": " ; ".join(detail_lines(j.details))}
        for j in Journal.objects.filter(reseau=contact.reseau, objet_type="contact", objet_id=contact.pk)
    ]
    return {
        "Réseau": contact.reseau.nom,
        "Contact": fields,
        "Échanges": echanges,
        "Relances": relances,
        "Journal": journal,
    }


def personal_data_json(contact: Contact) -> bytes:
    return json.dumps(
        contact_personal_data(contact), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    ).encode()


def personal_data_rows(contact: Contact) -> list[list[str]]:
    """The same data flattened as (section, field, value) rows for a CSV."""
    data = contact_personal_data(contact)
    rows = [["Contact", key, _text(value)] for key, value in data["Contact"].items()]
    for section in ("Échanges", "Relances", "Journal"):
        for position, item in enumerate(data[section], start=1):
            rows.extend([f"{section} {position}", key, _text(value)] for key, value in item.items())
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
