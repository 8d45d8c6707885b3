"""Importing engagement facts from a spreadsheet: an export of the MEAE's Atlas of
decentralised cooperation, a list of twinnings, a list of PAT or of LEADER GAL.

Columns are recognised by their French headers (see docs/donnees.md); unknown columns are
ignored. Each row names its French collectivité by name and/or official code, or lists
INSEE codes (a PAT covering several communes). All rows are checked before any is written; then all
new facts are saved at once, or none.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from passerelles.contacts.importation.lecture import Tableau
from passerelles.core.francais import accord
from passerelles.core.journal import user_or_none
from passerelles.core.saisie import single_line
from passerelles.territoires.matching import Matcher
from passerelles.territoires.models import Collectivite
from passerelles.territoires.normalisation import normalise

from .models import FaitEngagement, TypeFait
from .pays import code_pays
from .services import faits_bulk_create

COLONNES = {
    "collectivite": [
        "collectivite",
        "collectivite francaise",
        "nom de la collectivite",
        "collectivite territoriale",
        "territoire porteur",
        "porteur",
        "commune",
        "epci",
        "autorite locale francaise",
    ],
    "code": ["code insee", "siren", "code", "code collectivite", "code officiel", "insee"],
    "codes_insee": ["communes code insee", "codes insee", "communes"],
    "departement": ["departement", "code departement", "dept"],
    "intitule": [
        "intitule",
        "intitule du projet",
        "libelle",
        "libelle du projet",
        "titre",
        "titre du projet",
        "nom du projet",
        "projet",
        "nom du pat",
        "nom usuel",
        "nom du gal",
        "nom",
    ],
    "thematique": ["thematique", "thematiques", "secteur", "secteurs", "domaine"],
    "partenaire": [
        "partenaire",
        "collectivite partenaire",
        "autorite partenaire",
        "autorite locale partenaire",
        "ville partenaire",
        "ville jumelle",
        "commune jumelle",
    ],
    "pays": ["pays", "pays partenaire"],
    "annee_debut": [
        "annee debut",
        "annee de debut",
        "debut",
        "date de debut",
        "annee",
        "annee labellisation",
        "annee de jumelage",
        "date de jumelage",
    ],
    "annee_fin": ["annee fin", "annee de fin", "fin", "date de fin"],
}
_BY_HEADER = {synonym: name for name, synonyms in COLONNES.items() for synonym in synonyms}
SOURCES_PAR_DEFAUT = {
    TypeFait.COOPERATION: "Atlas français de la coopération décentralisée (MEAE)",
    TypeFait.JUMELAGE: "Liste de jumelages",
    TypeFait.PAT: "Liste des projets alimentaires territoriaux",
    TypeFait.GAL: "Liste des groupes d'action locale LEADER",
    TypeFait.AUTRE: "Import de tableur",
    TypeFait.DECLARATION_APD: "Déclarations d'aide publique au développement (e-APD, DGCL)",
}


@dataclass
class RapportFaits:
    crees: int = 0
    deja_connus: int = 0
    ignorees: list[str] = field(default_factory=list)

    def resume(self, dry_run: bool) -> str:
        crees = (
            accord(self.crees, "fait d'engagement à créer", "faits d'engagement à créer")
            if dry_run
            else accord(self.crees, "fait d'engagement créé", "faits d'engagement créés")
        )
        return (
            f"{crees}, {accord(self.deja_connus, 'déjà connu', 'déjà connus')}, "
            f"{accord(len(self.ignorees), 'ligne ignorée', 'lignes ignorées')}."
        )


def columns_of(headers: list[str]) -> dict[str, int]:
    found = {}
    for index, header in enumerate(headers):
        name = _BY_HEADER.get(normalise(header))
        if name and name not in found:
            found[name] = index
    return found


def faits_import(
    *, reseau, auteur, table: Tableau, type_fait: str, source: str, dry_run: bool, progression=None
) -> RapportFaits:
    """Every row is read and checked first, without writing; then the new facts are written
    in one short transaction (bulk inserts), so that a large file never holds the database's
    write lock while rows are being matched. `progression(done, total)` is called as rows go."""
    columns = columns_of(table.en_tetes)
    if not {"collectivite", "code", "codes_insee"} & set(columns):
        raise ValueError("aucune colonne ne désigne la collectivité (Collectivité, Code INSEE, SIREN…)")
    matcher = Matcher()
    report = RapportFaits()
    known = set(
        FaitEngagement.objects.for_reseau(reseau)
        .filter(type=type_fait)
        .values_list("collectivite_id", "intitule", "partenaire")
    )
    nouveaux: list[FaitEngagement] = []
    total = len(table.lignes)
    for line, cells in enumerate(table.lignes, start=2):
        # A cell may hold line breaks (Alt+Entrée in a spreadsheet): every field here is one line.
        row = {k: single_line(cells[i]) for k, i in columns.items()}
        nouveaux += _new_facts(reseau, auteur, line, row, type_fait, source, matcher, known, report)
        if progression and (line - 1) % 500 == 0:
            progression(line - 1, total)
    report.crees = len(nouveaux)
    if not dry_run and nouveaux:
        faits_bulk_create(reseau=reseau, auteur=auteur, faits=nouveaux, source=source)
    return report


def _new_facts(reseau, auteur, line, row, type_fait, source, matcher, known, report) -> list[FaitEngagement]:
    targets, problem = _collectivites(row, matcher)
    if problem:
        report.ignorees.append(f"ligne {line} : {problem}")
        return []
    intitule = (row.get("intitule") or row.get("thematique") or TypeFait(type_fait).label)[:300]
    partenaire = row.get("partenaire", "")[:200]
    facts = []
    for collectivite in targets:
        key = (collectivite.pk, intitule, partenaire)
        if key in known:
            report.deja_connus += 1
            continue
        known.add(key)
        fait = FaitEngagement(
            reseau=reseau,
            collectivite=collectivite,
            saisi_par=user_or_none(auteur),
            type=type_fait,
            intitule=intitule,
            partenaire=partenaire,
            pays=row.get("pays", "")[:100],
            pays_code=code_pays(row.get("pays", "")),
            annee_debut=_year(row.get("annee_debut")),
            annee_fin=_year(row.get("annee_fin")),
            source=source[:300],
        )
        try:
            fait.clean_fields(exclude=["reseau", "collectivite", "saisi_par"])
            fait.clean()
        except ValidationError as exc:
            report.ignorees.append(f"ligne {line} : {' '.join(exc.messages)}")
            continue
        facts.append(fait)
    return facts


def _collectivites(row: dict, matcher: Matcher) -> tuple[list[Collectivite], str]:
    if row.get("codes_insee"):
        codes = row["codes_insee"].replace(",", " ").replace(";", " ").split()
        found = list(Collectivite.objects.filter(type="commune", code__in=codes, actif=True))
        return (found, "") if found else ([], f"aucun code INSEE connu parmi « {row['codes_insee'][:60]} »")
    result = matcher.match(
        row.get("collectivite", ""), code_insee=row.get("code", ""), departement=row.get("departement", "")
    )
    if result.retenu:
        return [Collectivite.objects.get(pk=result.retenu.id)], ""
    name = row.get("collectivite") or row.get("code")
    if result.candidats:
        return [], f"collectivité ambiguë ou approximative : « {name} »"
    return [], f"collectivité introuvable : « {name} »"


def _year(text: str | None) -> int | None:
    digits = "".join(ch for ch in (text or "") if ch.isdigit())
    for start in range(0, max(len(digits) - 3, 0)):
        year = int(digits[start : start + 4])
        if 1900 <= year <= 2100:
            return year
    return None
