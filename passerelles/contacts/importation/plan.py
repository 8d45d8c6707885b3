"""From mapped rows to a plan: for each row, create, update (merge) or skip, and why.

The plan is plain data (JSON-serialisable): the dry run shows it, the import executes it,
and the upload screen keeps it between steps.
"""

import re
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from passerelles.territoires.matching import Correspondance, Matcher, Statut
from passerelles.territoires.normalisation import normalise

from ..models import Contact, Role
from ..roles import role_of_function
from .colonnes import CHAMPS

CREER, METTRE_A_JOUR, IGNORER = "creer", "mettre_a_jour", "ignorer"
_FORMULA = re.compile(r"^(=|@|[+-](?![\d\s().,]*$))")
_YES = {"oui", "o", "yes", "y", "1", "vrai", "true", "x"}
_NO = {"non", "n", "no", "0", "faux", "false"}
_CIVILITES = {"mme": "Mme", "madame": "Mme", "mlle": "Mme", "m": "M.", "mr": "M.", "monsieur": "M."}
TEXT_FIELDS = ("civilite", "prenom", "nom", "fonction", "email", "telephone", "notes")
MAX_LENGTHS = {name: Contact._meta.get_field(name).max_length for name in TEXT_FIELDS if name != "notes"}


@dataclass
class LignePlan:
    ligne: int  # line number in the file, header = 1
    action: str
    motif: str = ""
    valeurs: dict = field(default_factory=dict)
    collectivite_id: int | None = None
    correspondance: dict | None = None  # statut, texte, candidats
    contact_existant: int | None = None
    avertissements: list[str] = field(default_factory=list)


def build_plan(
    *,
    reseau,
    lignes: list[list[str]],
    mapping: dict[int, str],
    choix: dict[str, int | None] | None = None,
    fusions_refusees: set[int] = frozenset(),
    matcher: Matcher | None = None,
) -> list[LignePlan]:
    """`choix` maps a line number to the collectivité the user picked for an uncertain row."""
    matcher = matcher or Matcher()
    choix = choix or {}
    roles = _role_index()
    existing = _ExistingContacts(reseau)
    plan = []
    for position, cells in enumerate(lignes, start=2):
        raw = {name: cells[index] for index, name in mapping.items() if index < len(cells)}
        entry = _plan_row(position, raw, matcher, roles, choix)
        if entry.action == CREER and position not in fusions_refusees:
            duplicate = existing.find(entry.valeurs, entry.collectivite_id)
            if isinstance(duplicate, int):
                entry.action, entry.contact_existant = METTRE_A_JOUR, duplicate
                entry.motif = (
                    "doublon d'un contact existant (même courriel ou même nom dans la même collectivité)"
                )
            elif duplicate is not None:
                _fill_blanks(duplicate, entry)
                entry.action, entry.motif = (
                    IGNORER,
                    f"doublon de la ligne {duplicate.ligne}, fusionné avec elle",
                )
        if entry.action == CREER:
            existing.remember(entry.valeurs, entry.collectivite_id, entry)
        plan.append(entry)
    return plan


def _fill_blanks(first: LignePlan, duplicate: LignePlan) -> None:
    for name, value in duplicate.valeurs.items():
        if value not in ("", None) and first.valeurs.get(name) in ("", None):
            first.valeurs[name] = value
    if first.collectivite_id is None and duplicate.collectivite_id is not None:
        first.collectivite_id, first.correspondance = duplicate.collectivite_id, duplicate.correspondance


def plan_as_data(plan: list[LignePlan]) -> list[dict]:
    return [asdict(entry) for entry in plan]


def plan_counts(plan: list[LignePlan]) -> dict[str, int]:
    counts = {CREER: 0, METTRE_A_JOUR: 0, IGNORER: 0, "a_verifier": 0}
    for entry in plan:
        counts[entry.action] += 1
        if entry.correspondance and entry.correspondance["statut"] in ("ambigue", "incertaine"):
            counts["a_verifier"] += 1
    return counts


def _plan_row(position: int, raw: dict, matcher: Matcher, roles: dict, choix: dict) -> LignePlan:
    entry = LignePlan(ligne=position, action=CREER)
    values = {}
    for name in TEXT_FIELDS:
        text = raw.get(name, "").strip()
        if _FORMULA.match(text) and name != "telephone":
            entry.avertissements.append(f"formule neutralisée dans « {CHAMPS[name][0]} »")
            text = "'" + text
        limit = MAX_LENGTHS.get(name)
        if limit and len(text) > limit:
            entry.avertissements.append(f"« {CHAMPS[name][0]} » tronqué à {limit} caractères")
            text = text[:limit]
        values[name] = text
    values["civilite"] = _CIVILITES.get(normalise(values["civilite"]), "")
    if values["email"]:
        values["email"] = values["email"].lower()
        try:
            validate_email(values["email"])
        except ValidationError:
            entry.avertissements.append(f"courriel invalide ignoré : {values['email']}")
            values["email"] = ""
    values["role"] = _role(raw.get("role", ""), roles, entry) or _role_of_function(values["fonction"], roles)
    values["organisation"] = raw.get("organisation", "").strip()[:200]
    values["consentement_mailing"] = _consent(raw.get("consentement", ""))
    entry.valeurs = values
    if not values["nom"]:
        entry.action, entry.motif = IGNORER, "nom manquant"
        return entry
    _match_collectivite(entry, raw, matcher, choix)
    return entry


def _match_collectivite(entry: LignePlan, raw: dict, matcher: Matcher, choix: dict) -> None:
    text = raw.get("collectivite", "").strip()
    hints = {name: raw.get(name, "").strip() for name in ("code_postal", "code_insee", "departement")}
    if not text and not hints["code_insee"]:
        return
    result: Correspondance = matcher.match(text, **hints)
    entry.correspondance = {
        "texte": text,
        "statut": str(result.statut),
        "candidats": [asdict(candidate) for candidate in result.candidats],
    }
    if str(entry.ligne) in choix:
        entry.collectivite_id = choix[str(entry.ligne)]
        entry.correspondance["statut"] = "choisie"
    elif result.retenu:
        entry.collectivite_id = result.retenu.id
    elif result.statut in (Statut.AMBIGUE, Statut.INCERTAINE):
        entry.avertissements.append(f"collectivité à préciser : « {text} »")
    else:
        entry.avertissements.append(f"collectivité introuvable : « {text} »")


def _role_index() -> dict[str, int]:
    index = {}
    for pk, code, libelle in Role.objects.values_list("id", "code", "libelle"):
        index[normalise(code)] = pk
        index[normalise(libelle)] = pk
    return index


def _role(text: str, roles: dict, entry: LignePlan) -> int | None:
    if not text.strip():
        return None
    pk = roles.get(normalise(text))
    if pk is None:
        entry.avertissements.append(f"rôle inconnu ignoré : « {text} »")
    return pk


def _role_of_function(fonction: str, roles: dict) -> int | None:
    """A « Fonction » such as « Maire » or « DGS » sets the role; the text itself is kept."""
    code = role_of_function(normalise(fonction))
    return roles.get(normalise(code)) if code else None


def _consent(text: str) -> bool | None:
    word = normalise(text)
    return True if word in _YES else False if word in _NO else None


class _ExistingContacts:
    """Finds the contact a row duplicates: same email, or same name in the same collectivité."""

    def __init__(self, reseau):
        # Values are contact ids (existing contacts) or the plan entry of an earlier row.
        self.by_email: dict[str, int | LignePlan] = {}
        self.by_name: dict[tuple, int | LignePlan] = {}
        rows = Contact.objects.for_reseau(reseau).filter(efface_le__isnull=True)
        for pk, email, prenom, nom, collectivite in rows.values_list(
            "id", "email", "prenom", "nom", "collectivite_id"
        ):
            self.remember({"email": email, "prenom": prenom, "nom": nom}, collectivite, pk)

    @staticmethod
    def _name_key(values: dict, collectivite_id) -> tuple | None:
        if not collectivite_id:
            return None
        return normalise(values["prenom"]), normalise(values["nom"]), collectivite_id

    def remember(self, values: dict, collectivite_id, identity) -> None:
        if values.get("email"):
            self.by_email.setdefault(values["email"].lower(), identity)
        key = self._name_key(values, collectivite_id)
        if key:
            self.by_name.setdefault(key, identity)

    def find(self, values: dict, collectivite_id) -> int | LignePlan | None:
        found = self.by_email.get(values["email"]) if values["email"] else None
        return found or self.by_name.get(self._name_key(values, collectivite_id))
