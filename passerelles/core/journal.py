"""Writing the journal: every service that changes a réseau's data records it here."""

from django.db import models

from .models import Journal


def user_or_none(auteur):
    """The account to store as author: commands and anonymous requests have none."""
    return auteur if getattr(auteur, "is_authenticated", False) else None


def journal_record(*, reseau, auteur, action: str, objet: models.Model | None, libelle: str, details=None):
    return Journal.objects.create(
        reseau=reseau,
        auteur=user_or_none(auteur),
        action=action,
        objet_type=objet._meta.model_name if objet is not None else "",
        objet_id=objet.pk if objet is not None else None,
        libelle=libelle[:300],
        details=details or {},
    )


def changed_fields(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed, as text for the journal."""
    return {
        name: [_text(before.get(name)), _text(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


def _text(value) -> str:
    return "" if value is None else str(value)


# French labels of the keys services write into `details` (and of the contact fields a change
# names); the journal never shows a raw key.
DETAIL_LABELS = {
    "motif": "Motif",
    "source": "Source",
    "fichier": "Fichier",
    "creer": "Créés",
    "mettre_a_jour": "Mis à jour",
    "ignorer": "Lignes ignorées",
    "a_verifier": "À vérifier",
    "doublon": "Doublon fusionné",
    "champs_completes": "Champs complétés",
    "contacts_rattaches": "Contacts rattachés",
    "civilite": "Civilité",
    "prenom": "Prénom",
    "nom": "Nom",
    "fonction": "Fonction",
    "role": "Rôle",
    "email": "Courriel",
    "telephone": "Téléphone",
    "collectivite": "Collectivité",
    "organisation": "Organisation",
    "notes": "Notes",
    "base_legale": "Base légale",
    "consentement_mailing": "Accepte les envois",
    "consentement_date": "Date du consentement",
    "consentement_source": "Source du consentement",
    "desinscrit_le": "Désinscrit le",
    "derniere_interaction": "Dernière interaction",
    "efface_le": "Effacé le",
    "cree_par": "Créé par",
    "type": "Type",
    "site": "Site",
}


def detail_label(key: str) -> str:
    return DETAIL_LABELS.get(key) or key.replace("_", " ").capitalize()


def detail_lines(details: dict) -> list[str]:
    """One French line per detail: a change as « old → new », a count, a text, a sub-list."""
    return [f"{detail_label(key)} : {_detail_value(key, value)}" for key, value in details.items()]


def _detail_value(key: str, value) -> str:
    if isinstance(value, list) and len(value) == 2:
        old, new = value
        return f"{old or '∅'} → {new or '∅'}"
    if isinstance(value, dict):
        return ", ".join(f"{detail_label(name)} ({text})" for name, text in value.items())
    if key == "doublon":
        return f"n° {value}"
    return str(value)
