"""Executing an import plan: all rows or none, and one journal entry for the whole file."""

from django.db import transaction

from passerelles.core.francais import accord
from passerelles.core.journal import journal_record, user_or_none
from passerelles.territoires.normalisation import normalise

from ..models import Contact, Organisation
from .plan import CREER, METTRE_A_JOUR, LignePlan, plan_counts

MERGEABLE = ("civilite", "prenom", "fonction", "email", "telephone", "notes", "role", "collectivite")


@transaction.atomic
def plan_execute(*, reseau, auteur, plan: list[LignePlan], nom_fichier: str) -> dict[str, int]:
    organisations = _Organisations(reseau)
    created = [
        Contact(reseau=reseau, cree_par=user_or_none(auteur), **_contact_fields(entry, organisations))
        for entry in plan
        if entry.action == CREER
    ]
    Contact.objects.bulk_create(created, batch_size=1000)
    for entry in plan:
        if entry.action == METTRE_A_JOUR:
            _merge_into_existing(reseau, entry, organisations)
    counts = plan_counts(plan)
    journal_record(
        reseau=reseau,
        auteur=auteur,
        action="import",
        objet=None,
        libelle=f"Import de « {nom_fichier} » : {accord(counts[CREER], 'contact créé', 'contacts créés')}, "
        f"{accord(counts[METTRE_A_JOUR], 'mis à jour', 'mis à jour')}, "
        f"{accord(counts['ignorer'], 'ligne ignorée', 'lignes ignorées')}",
        details={"fichier": nom_fichier, **counts},
    )
    return counts


def _contact_fields(entry: LignePlan, organisations: "_Organisations") -> dict:
    values = entry.valeurs
    fields = {
        name: values[name]
        for name in ("civilite", "prenom", "nom", "fonction", "email", "telephone", "notes")
    }
    fields["role_id"] = values["role"]
    fields["collectivite_id"] = entry.collectivite_id
    fields["organisation"] = organisations.get(values["organisation"])
    fields["consentement_mailing"] = values["consentement_mailing"]
    if values["consentement_mailing"] is not None:
        fields["consentement_source"] = values.get("consentement_source") or "import de tableur"
    return fields


def _merge_into_existing(reseau, entry: LignePlan, organisations: "_Organisations") -> None:
    contact = Contact.objects.for_reseau(reseau).get(pk=entry.contact_existant)
    incoming = _contact_fields(entry, organisations)
    changed = []
    for name in MERGEABLE:
        attribute = f"{name}_id" if name in ("role", "collectivite") else name
        new, old = incoming.get(attribute), getattr(contact, attribute)
        if new not in ("", None) and old in ("", None):
            setattr(contact, attribute, new)
            changed.append(name)
        elif new not in ("", None) and new != old:
            entry.avertissements.append(f"« {name} » différent, valeur existante gardée")
    if incoming["organisation"] and contact.organisation_id is None:
        contact.organisation = incoming["organisation"]
        changed.append("organisation")
    if changed:
        contact.save()


class _Organisations:
    """Organisations named in the file, found by name or created once."""

    def __init__(self, reseau):
        self.reseau = reseau
        self.by_name = {normalise(o.nom): o for o in Organisation.objects.for_reseau(reseau)}

    def get(self, name: str) -> Organisation | None:
        if not name:
            return None
        key = normalise(name)
        if key not in self.by_name:
            self.by_name[key] = Organisation.objects.create(reseau=self.reseau, nom=name)
        return self.by_name[key]
