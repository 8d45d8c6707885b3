"""Executing an import plan: all rows or none, and one journal entry for the whole file."""

import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Max, Min

from passerelles.core.francais import accord
from passerelles.core.insertion import database_row, insert_rows, insertable_fields
from passerelles.core.journal import journal_record, user_or_none
from passerelles.territoires.normalisation import normalise

from ..models import Contact, Organisation
from .plan import CREER, METTRE_A_JOUR, LignePlan, plan_counts

MERGEABLE = ("civilite", "prenom", "fonction", "email", "telephone", "notes", "role", "collectivite")


# A large import writes its new contacts this many at a time, each batch in its own short
# transaction, so that other writers (SQLite lets one at a time) wait for a batch, never for
# the whole file. The rows stay invisible until the import publishes them.
PAR_TRANSACTION = 2000
PAUSE_ENTRE_LOTS = 0.12  # seconds


def plan_execute(*, reseau, auteur, plan: list[LignePlan], nom_fichier: str) -> dict[str, int]:
    prepared = prepare_execution(reseau=reseau, auteur=auteur, plan=plan, nom_fichier=nom_fichier)
    with transaction.atomic():
        return prepared.write()


def prepare_execution(
    *, reseau, auteur, plan: list[LignePlan], nom_fichier: str, import_en_cours: int | None = None
) -> "Execution":
    """The new contacts turned into database rows before any transaction: the write that
    follows is short, so that a large file keeps others waiting as little as possible. With
    `import_en_cours` (the session's id) the rows are written invisible, in batches."""
    fields = insertable_fields(Contact, leave_out=("organisation",))
    author = user_or_none(auteur)
    rows = [
        (
            database_row(
                Contact(
                    reseau=reseau, cree_par=author, import_en_cours=import_en_cours, **_contact_fields(entry)
                ),
                fields,
            ),
            entry,
        )
        for entry in plan
        if entry.action == CREER
    ]
    return Execution(
        reseau, auteur, plan, nom_fichier, [field.column for field in fields], rows, import_en_cours
    )


@dataclass
class Execution:
    reseau: object
    auteur: object
    plan: list[LignePlan]
    nom_fichier: str
    columns: list[str]
    rows: list[tuple[tuple, LignePlan]]
    import_en_cours: int | None = None

    def write_pending(self, progression=None) -> None:
        """Writes, invisible and batch by batch, the new contacts whose organisation exists
        already (or who have none); a new organisation is created only when the import is
        published, with its contacts, so that a failed import leaves no organisation behind."""
        organisations = _Organisations(self.reseau)
        written_now = [
            (row, entry) for row, entry in self.rows if organisations.known(entry.valeurs["organisation"])
        ]
        self.rows = [
            (row, entry) for row, entry in self.rows if not organisations.known(entry.valeurs["organisation"])
        ]
        for start in range(0, len(written_now), PAR_TRANSACTION):
            with transaction.atomic():
                self._insert(written_now[start : start + PAR_TRANSACTION], organisations)
            let_others_write()
            if progression:
                progression(start + len(written_now[start : start + PAR_TRANSACTION]), len(written_now))

    def write(self) -> dict[str, int]:
        """All rows or none: to be called inside a transaction."""
        self.note_conflicts()
        counts = self.apply()
        self.record(counts)
        return counts

    def note_conflicts(self) -> None:
        """Warns, on each row to merge, of the values that differ from the contact's (which
        are kept): before the transaction, which then only writes."""
        merged = [entry for entry in self.plan if entry.action == METTRE_A_JOUR]
        known = Contact.objects.for_reseau(self.reseau).in_bulk([entry.contact_existant for entry in merged])
        for entry in merged:
            _note_conflicts(known[entry.contact_existant], entry)

    def apply(self) -> dict[str, int]:
        """Writes the rows `write_pending` left (if it ran) and the merges."""
        organisations = _Organisations(self.reseau)
        self._insert(self.rows, organisations)
        merged = [entry for entry in self.plan if entry.action == METTRE_A_JOUR]
        known = Contact.objects.for_reseau(self.reseau).in_bulk([entry.contact_existant for entry in merged])
        for entry in merged:
            _merge_into(known[entry.contact_existant], entry, organisations)
        return plan_counts(self.plan)

    def record(self, counts: dict[str, int]) -> None:
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

    def _insert(self, rows, organisations: "_Organisations") -> None:
        insert_rows(
            Contact,
            [*self.columns, "organisation_id"],
            ((*row, organisations.id_of(entry.valeurs["organisation"])) for row, entry in rows),
        )


def discard_pending(import_en_cours: int) -> None:
    """Deletes the hidden rows an import wrote before it failed or its worker died. Nothing
    can point to them: no screen ever showed them."""
    _in_batches("DELETE FROM {table} WHERE {batch}", import_en_cours)


def release_published(import_en_cours: int) -> None:
    """Clears the mark of an imported session's rows (already visible): later imports may
    reuse nothing of it, and the hidden rows' queries stay short."""
    _in_batches("UPDATE {table} SET import_en_cours = NULL WHERE {batch}", import_en_cours)


def _in_batches(statement: str, import_en_cours: int) -> None:
    """By ranges of ids (the import's rows follow each other), one short transaction each."""
    span = Contact.avec_imports_en_cours.filter(import_en_cours=import_en_cours).aggregate(
        low=Min("id"), high=Max("id")
    )
    if span["low"] is None:
        return
    table = connection.ops.quote_name(Contact._meta.db_table)
    sql = statement.format(table=table, batch="import_en_cours = %s AND id BETWEEN %s AND %s")
    for start in range(span["low"], span["high"] + 1, PAR_TRANSACTION):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [import_en_cours, start, start + PAR_TRANSACTION - 1])
        let_others_write()


def let_others_write() -> None:
    """A pause between two batches: SQLite hands its write lock to no one in particular, and
    a writer kept waiting retries only every 100 ms; without it, batches following each
    other could keep it waiting for the whole file."""
    time.sleep(PAUSE_ENTRE_LOTS)


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
    """Fills the contact's empty fields from the row; a value it has is kept."""
    incoming = _contact_fields(entry)
    changed = []
    for name in MERGEABLE:
        attribute = _attribute(name)
        if incoming.get(attribute) not in ("", None) and getattr(contact, attribute) in ("", None):
            setattr(contact, attribute, incoming[attribute])
            changed.append(name)
    organisation = organisations.id_of(entry.valeurs["organisation"])
    if organisation and contact.organisation_id is None:
        contact.organisation_id = organisation
        changed.append("organisation")
    if changed:
        contact.save()


def _note_conflicts(contact: Contact, entry: LignePlan) -> None:
    incoming = _contact_fields(entry)
    for name in MERGEABLE:
        new, old = incoming.get(_attribute(name)), getattr(contact, _attribute(name))
        if new not in ("", None) and old not in ("", None) and new != old:
            entry.avertissements.append(f"« {name} » différent, valeur existante gardée")


def _attribute(name: str) -> str:
    return f"{name}_id" if name in ("role", "collectivite") else name


class _Organisations:
    """Organisations named in the file, found by name or created once."""

    def __init__(self, reseau):
        self.reseau = reseau
        organisations = Organisation.objects.for_reseau(reseau).values_list("nom", "pk")
        self.by_name = {normalise(nom): pk for nom, pk in organisations}

    def known(self, name: str) -> bool:
        return not name or normalise(name) in self.by_name

    def id_of(self, name: str) -> int | None:
        if not name:
            return None
        key = normalise(name)
        if key not in self.by_name:
            self.by_name[key] = Organisation.objects.create(reseau=self.reseau, nom=name).pk
        return self.by_name[key]
