"""From mapped rows to a plan: for each row, create, update (merge) or skip, and why.

The plan is plain data (JSON-serialisable): the dry run shows it, the import executes it,
and the upload screen keeps it between steps.
"""

import re
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from passerelles.core.francais import date_longue
from passerelles.core.saisie import single_line
from passerelles.territoires.matching import Correspondance, Matcher, Statut
from passerelles.territoires.normalisation import normalise

from ..effacement import empreinte, empreinte_email, empreinte_nom
from ..models import Contact, Homonyme, Role, Suppression
from ..roles import role_of_function
from .colonnes import CHAMPS

CREER, METTRE_A_JOUR, IGNORER = "creer", "mettre_a_jour", "ignorer"
HOMONYME = "homonyme d'un contact existant : fusion refusée, contact créé à part"
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
    homonyme_de: int | None = None  # an existing contact this row was declared not to be
    homonyme_connu: bool = False  # declared so in an earlier import, not on this screen
    avertissements: list[str] = field(default_factory=list)


def build_plan(
    *,
    reseau,
    lignes: list[list[str]],
    mapping: dict[int, str],
    choix: dict[str, int | None] | None = None,
    fusions_refusees: set[int] = frozenset(),
    matcher: Matcher | None = None,
    progression=None,
) -> list[LignePlan]:
    """`choix` maps a line number to the collectivité the user picked for an uncertain row;
    `progression(done, total)` is called every 500 rows."""
    matcher = matcher or Matcher()
    choix = choix or {}
    roles = _role_index()
    region = reseau.region.code if reseau.region_id else ""
    existing = _ExistingContacts(reseau)
    suppressions = _Suppressions(reseau)
    homonymes: dict[str, set[int]] = {}
    for contact_id, cle in Homonyme.objects.for_reseau(reseau).values_list("contact_id", "cle"):
        homonymes.setdefault(cle, set()).add(contact_id)
    plan = []
    for position, cells in enumerate(lignes, start=2):
        raw = {name: cells[index] for index, name in mapping.items() if index < len(cells)}
        entry = _plan_row(position, raw, matcher, roles, choix, region)
        suppressions.check(entry)
        declared, duplicate = set(), None
        if entry.action == CREER:
            declared = homonymes.get(homonym_key(entry), set())
            duplicate = existing.find(entry.valeurs, entry.collectivite_id, declared)
        if isinstance(duplicate, int) and position in fusions_refusees:
            entry.homonyme_de = duplicate
            entry.avertissements.append(HOMONYME)
        elif duplicate is None and declared:
            entry.homonyme_de, entry.homonyme_connu = min(declared), True
            entry.avertissements.append(HOMONYME)
        elif entry.action == CREER and position not in fusions_refusees:
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
        if progression and len(plan) % 500 == 0:
            progression(len(plan), len(lignes))
    return plan


def homonym_key(entry: LignePlan) -> str:
    values = entry.valeurs
    return empreinte("homonyme", values["prenom"], values["nom"], values["email"], entry.collectivite_id)


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


def _plan_row(position: int, raw: dict, matcher: Matcher, roles: dict, choix: dict, region: str) -> LignePlan:
    entry = LignePlan(ligne=position, action=CREER)
    values = {}
    for name in TEXT_FIELDS:
        # A cell may hold line breaks (Alt+Entrée): only the notes keep them.
        text = raw.get(name, "").strip() if name == "notes" else single_line(raw.get(name, ""))
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
    values["organisation"] = single_line(raw.get("organisation", ""))[:200]
    values["consentement_mailing"] = _consent(raw.get("consentement", ""))
    values["consentement_source"] = raw.get("consentement_source", "").strip()[:200]
    entry.valeurs = values
    if not values["nom"]:
        entry.action, entry.motif = IGNORER, "nom manquant"
        return entry
    _match_collectivite(entry, raw, matcher, choix, region)
    return entry


def _match_collectivite(entry: LignePlan, raw: dict, matcher: Matcher, choix: dict, region: str) -> None:
    text = raw.get("collectivite", "").strip()
    hints = {name: raw.get(name, "").strip() for name in ("code_postal", "code_insee", "departement")}
    if not text and not hints["code_insee"]:
        return
    result: Correspondance = matcher.match(text, **hints, region=region)
    entry.correspondance = {
        "texte": text,
        "statut": str(result.statut),
        "candidats": [asdict(candidate) for candidate in result.candidats],
    }
    chosen = choix.get(str(entry.ligne), "absent")
    offered = {candidate.id for candidate in result.candidats}
    if chosen is None or chosen in offered:  # a tampered choice outside the candidates is ignored
        entry.collectivite_id = chosen
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


class _Suppressions:
    """People erased at their request come back only with a new consent and its source."""

    def __init__(self, reseau):
        self.dates = dict(Suppression.objects.for_reseau(reseau).values_list("empreinte", "demandee_le"))

    def check(self, entry: LignePlan) -> None:
        if entry.action != CREER or not self.dates:
            return
        values = entry.valeurs
        empreintes = [empreinte_email(values["email"])] if values["email"] else []
        if entry.collectivite_id:
            empreintes.append(empreinte_nom(values["prenom"], values["nom"], entry.collectivite_id))
        dates = [self.dates[e] for e in empreintes if e in self.dates]
        if not dates:
            return
        quand = date_longue(min(dates))
        if values["consentement_mailing"] is True and values["consentement_source"]:
            entry.avertissements.append(
                f"personne effacée à sa demande le {quand}, importée de nouveau avec son consentement "
                f"(source : {values['consentement_source']})"
            )
            return
        entry.action = IGNORER
        entry.motif = (
            f"personne effacée à sa demande le {quand} : pour l'importer de nouveau, indiquez son "
            "nouveau consentement et sa source (colonnes « Accepte les envois » et "
            "« Source du consentement »)"
        )


class _ExistingContacts:
    """Finds the contact a row duplicates: same email, or same name in the same collectivité."""

    def __init__(self, reseau):
        # Values are contact ids (existing contacts) or the plan entry of an earlier row.
        self.by_email: dict[str, list[int | LignePlan]] = {}
        self.by_name: dict[tuple, list[int | LignePlan]] = {}
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
            self.by_email.setdefault(values["email"].lower(), []).append(identity)
        key = self._name_key(values, collectivite_id)
        if key:
            self.by_name.setdefault(key, []).append(identity)

    def find(self, values: dict, collectivite_id, excluded: set[int] = frozenset()) -> int | LignePlan | None:
        """The first record with the row's email, else with its name in its collectivité,
        leaving out the contacts the row was declared a homonym of."""
        candidates = self.by_email.get(values["email"], []) if values["email"] else []
        candidates = candidates + self.by_name.get(self._name_key(values, collectivite_id), [])
        kept = (found for found in candidates if not (isinstance(found, int) and found in excluded))
        return next(kept, None)
