"""Executing an import plan: all rows or none, and one journal entry for the whole file."""

from dataclasses import dataclass

from django.db import transaction

from passerelles.core.francais import accord
from passerelles.core.insertion import database_row, insert_rows, insertable_fields
from passerelles.core.journal import journal_record, user_or_none
from passerelles.territoires.normalisation import normalise

from ..models import Contact, Organisation
from .plan import CREER, METTRE_A_JOUR, LignePlan, plan_counts

MERGEABLE = ("civilite", "prenom", "fonction", "email", "telephone", "notes", "role", "collectivite")


def plan_execute(*, reseau, auteur, plan: list[LignePlan], nom_fichier: str) -> dict[str, int]:
    prepared = prepare_execution(reseau=reseau, auteur=auteur, plan=plan, nom_fichier=nom_fichier)
    with transaction.atomic():
        return prepared.write()


def prepare_execution(*, reseau, auteur, plan: list[LignePlan], nom_fichier: str) -> "Execution":
    """The new contacts turned into database rows before any transaction: the write that
    follows is short, so that a large file keeps others waiting as little as possible."""
    fields = insertable_fields(Contact, leave_out=("organisation",))
    author = user_or_none(auteur)
    rows = [
        (database_row(Contact(reseau=reseau, cree_par=author, **_contact_fields(entry)), fields), entry)
        for entry in plan
        if entry.action == CREER
    ]
    return Execution(reseau, auteur, plan, nom_fichier, [field.column for field in fields], rows)


@dataclass
class Execution:
    reseau: object
    auteur: object
    plan: list[LignePlan]
    nom_fichier: str
    columns: list[str]
    rows: list[tuple[tuple, LignePlan]]

    def write(self) -> dict[str, int]:
        """All rows or none: to be called inside a transaction."""
        organisations = _Organisations(self.reseau)
        insert_rows(
            Contact,
            [*self.columns, "organisation_id"],
            ((*row, organisations.id_of(entry.valeurs["organisation"])) for row, entry in self.rows),
        )
        merged = [entry for entry in self.plan if entry.action == METTRE_A_JOUR]
        known = Contact.objects.for_reseau(self.reseau).in_bulk([entry.contact_existant for entry in merged])
        for entry in merged:
            _merge_into(known[entry.contact_existant], entry, organisations)
        counts = plan_counts(self.plan)
        journal_record(
            reseau=self.reseau,
            auteur=self.auteur,
            action="import",
            objet=None,
            libelle=f"Import de « {self.nom_fichier} » : "
            f"{accord(counts[CREER], 'contact créé', 'contacts créés')}, "
            f"{accord(counts[METTRE_A_JOUR], 'mis à jour', 'mis à jour')}, "
            f"{accord(counts['ignorer'], 'ligne ignorée', 'lignes ignorées')}",
            details={"fichier": self.nom_fichier, **counts},
        )
        return counts


def _contact_fields(entry: LignePlan) -> dict:
    values = entry.valeurs
    fields = {
        name: values[name]
        for name in ("civilite", "prenom", "nom", "fonction", "email", "telephone", "notes")
    }
    fields["role_id"] = values["role"]
    fields["collectivite_id"] = entry.collectivite_id
    fields["consentement_mailing"] = values["consentement_mailing"]
    if values["consentement_mailing"] is not None:
        fields["consentement_source"] = values.get("consentement_source") or "import de tableur"
    return fields


def _merge_into(contact: Contact, entry: LignePlan, organisations: "_Organisations") -> None:
    incoming = _contact_fields(entry)
    changed = []
    for name in MERGEABLE:
        attribute = f"{name}_id" if name in ("role", "collectivite") else name
        new, old = incoming.get(attribute), getattr(contact, attribute)
        if new not in ("", None) and old in ("", None):
            setattr(contact, attribute, new)
            changed.append(name)
        elif new not in ("", None) and new != old:
            entry.avertissements.append(f"« {name} » différent, valeur existante gardée")
    organisation = organisations.id_of(entry.valeurs["organisation"])
    if organisation and contact.organisation_id is None:
        contact.organisation_id = organisation
        changed.append("organisation")
    if changed:
        contact.save()


class _Organisations:
    """Organisations named in the file, found by name or created once."""

    def __init__(self, reseau):
        self.reseau = reseau
        organisations = Organisation.objects.for_reseau(reseau).values_list("nom", "pk")
        self.by_name = {normalise(nom): pk for nom, pk in organisations}

    def id_of(self, name: str) -> int | None:
        if not name:
            return None
        key = normalise(name)
        if key not in self.by_name:
            self.by_name[key] = Organisation.objects.create(reseau=self.reseau, nom=name).pk
        return self.by_name[key]
