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
