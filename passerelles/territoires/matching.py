"""The one matcher: loose text naming a collectivité → ranked candidates with a confidence.

Spreadsheets name collectivités anyhow: "Ville de Bourges", "Mairie de Nérondes",
"Bourges (18)", "Cté de Cnes du Pays de Nérondes", "St-Amand-Montrond", or give a postal
or INSEE code in another column. The matcher strips the institutional words, reads the
hints, looks the name up exactly, then fuzzily, and says how sure it is. A name shared by
several collectivités that no hint separates is reported as ambiguous, never guessed.
"""

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field, replace
from enum import StrEnum

from rapidfuzz import fuzz, process

from . import statuts
from .models import Collectivite, TypeCollectivite
from .normalisation import normalise

T = TypeCollectivite

# Institutional words in front of a name, after normalisation, and the type they imply.
_PREFIXES = [
    (r"(communaute|cte|comm|com) (de|d) (communes|cnes|com)", T.EPCI),
    (r"communaute (d agglomeration|d agglo)|agglomeration|agglo", T.EPCI),
    (r"communaute urbaine", T.EPCI),
    (r"metropole", T.EPCI),
    (r"c c|cc|c a|ca|c u|cu", T.EPCI),
    (r"(conseil departemental|departement|conseil general|cd)", T.DEPARTEMENT),
    (r"(conseil regional|region)", T.REGION),
    (r"(ville|mairie|commune|municipalite|hotel de ville)", T.COMMUNE),
]
_PREFIX = re.compile(
    r"^(?:" + "|".join(f"(?P<p{i}>{pattern})" for i, (pattern, _) in enumerate(_PREFIXES)) + r")"
    r"(?: (?:du|de la|de l|des|de|d|l))? "
)
_TRAILING_CODE = re.compile(r"^(?P<name>.*?) (?P<code>\d{2,3}|2a|2b|\d{5})$")
_CODE = re.compile(r"^(\d{5}|2[ab]\d{3}|\d{9})$", re.IGNORECASE)

FUZZY_CUTOFF = 86  # below this, a fuzzy match is noise rather than a typo
SURE = 90  # confidence from which a match is taken without asking


class Statut(StrEnum):
    SURE = "sure"
    AMBIGUE = "ambigue"
    INCERTAINE = "incertaine"
    AUCUNE = "aucune"


@dataclass(frozen=True)
class Candidat:
    id: int
    type: str
    code: str
    nom: str
    departement: str
    confiance: int  # 0–100
    raison: str


@dataclass
class Correspondance:
    texte: str
    statut: Statut
    candidats: list[Candidat] = field(default_factory=list)

    @property
    def retenu(self) -> Candidat | None:
        return self.candidats[0] if self.statut == Statut.SURE else None


@dataclass(frozen=True)
class _Entry:
    id: int
    type: str
    code: str
    nom: str
    departement: str
    codes_postaux: tuple[str, ...]
    population: int
    niveaux: tuple[str, ...] = ()  # the levels a collectivité with a statute of its own carries
    region: str = ""

    def is_a(self, kind: str) -> bool:
        return self.type == kind or kind in self.niveaux


class Matcher:
    """Holds an in-memory index of the current référentiel: build it once per import."""

    def __init__(self):
        self.by_name: dict[str, list[_Entry]] = defaultdict(list)
        self.by_code: dict[str, _Entry] = {}
        self.by_postal: dict[str, list[_Entry]] = defaultdict(list)
        rows = Collectivite.objects.filter(
            actif=True, type__in=[T.COMMUNE, T.EPCI, T.DEPARTEMENT, T.REGION, T.STATUT_PARTICULIER]
        ).values_list(
            "id",
            "type",
            "code",
            "nom",
            "nom_normalise",
            "departement__code",
            "codes_postaux",
            "population_municipale",
            "region__code",
        )
        self.in_region: dict[str, list[tuple[str, _Entry]]] = defaultdict(list)  # sorted by name
        for pk, type_, code, nom, nom_normalise, departement, postaux, population, region in rows:
            entry = _Entry(
                pk,
                type_,
                code,
                nom,
                departement or (code if type_ == T.DEPARTEMENT else ""),
                tuple(postaux.split()),
                population or 0,
                statuts.niveaux(type_, code) if type_ == T.STATUT_PARTICULIER else (),
                region or "",
            )
            self.by_name[nom_normalise].append(entry)
            if type_ in (T.COMMUNE, T.EPCI) and region:
                self.in_region[region].append((nom_normalise, entry))
            if type_ in (T.COMMUNE, T.EPCI):
                self.by_code[code] = entry
            if type_ == T.STATUT_PARTICULIER:
                self._index_statut(entry)
            for postal in entry.codes_postaux:
                self.by_postal[postal].append(entry)
        self.names = list(self.by_name)
        for entries in self.in_region.values():
            entries.sort(key=lambda item: item[0])

    def _index_statut(self, entry: _Entry) -> None:
        """« Ville de Paris », « Mairie de Paris », « Conseil départemental du Bas-Rhin », the code
        75056: the names and codes of the collectivité and of the levels it carries lead to it."""
        statut = statuts.BY_CODE.get(entry.code)
        if statut is None:
            return
        for name in (statut.nom, *statut.noms_usuels):
            if entry not in self.by_name[normalise(name)]:
                self.by_name[normalise(name)].append(entry)
        for type_, code in statut.parties:
            if type_ == T.COMMUNE:
                self.by_code[code] = entry

    def match(
        self,
        text: str,
        *,
        code_postal: str = "",
        code_insee: str = "",
        departement: str = "",
        region: str = "",
    ) -> Correspondance:
        """`region` is the code of the région the file comes from (the réseau's): a name found
        only outside it, when it also begins a name of that région, is asked, not taken."""
        text = (text or "").strip()
        for code in (code_insee.strip(), text):
            if _CODE.match(code) and code.upper() in self.by_code:
                entry = self.by_code[code.upper()]
                return Correspondance(
                    text, Statut.SURE, [_candidate(entry, 100, f"code officiel {entry.code}")]
                )
        full, name, kind, hinted_departement, hinted_postal = _parse(text)
        departement = (departement or hinted_departement).upper()
        code_postal = (code_postal or hinted_postal).strip()
        if not name:
            return self._by_postal_code(text, code_postal)
        # The full text first: "Ville-d'Avray" is a name, not "Ville de" + "Avray".
        candidates = self._exact(full, None) or self._exact(name, kind)
        reason = "nom exact"
        if not candidates:
            candidates, reason = self._fuzzy(name, kind), "nom approchant"
        result = self._decide(text, candidates, reason, departement, code_postal)
        if region and not (departement or code_postal):
            return self._with_local_homonyms(result, name, region)
        return result

    def _with_local_homonyms(self, result: Correspondance, name: str, region: str) -> Correspondance:
        """« Saint-Florent » is a commune of Haute-Corse, and in the Cher the usual name of
        Saint-Florent-sur-Cher: a sure match outside the région becomes a question when names
        of the région begin with the same words."""
        found = result.retenu
        if found is None or found.type not in (T.COMMUNE, T.EPCI) or self._region_of(found) == region:
            return result
        local = self._names_beginning_with(name, region)
        if not local:
            return result
        why = f"nom de la région qui commence par « {result.texte} »"
        candidates = [_candidate(entry, 70, why) for entry in local[:4]]
        outside = replace(found, confiance=60, raison="même nom, hors de la région du réseau")
        return Correspondance(result.texte, Statut.INCERTAINE, [*candidates, outside])

    def _region_of(self, candidat: Candidat) -> str:
        entry = self.by_code.get(candidat.code)
        return entry.region if entry else ""

    def _names_beginning_with(self, name: str, region: str) -> list[_Entry]:
        entries = self.in_region.get(region, [])
        start = bisect_left(entries, name + " ", key=lambda item: item[0])
        found = []
        for entry_name, entry in entries[start:]:
            if not entry_name.startswith(name + " "):
                break
            found.append(entry)
        return sorted(found, key=lambda entry: -entry.population)

    def _exact(self, name: str, kind: str | None) -> list[tuple[_Entry, int]]:
        entries = self.by_name.get(name, [])
        if kind:
            entries = [e for e in entries if e.is_a(kind)]
        elif any(e.is_a(T.COMMUNE) for e in entries):
            entries = [e for e in entries if e.is_a(T.COMMUNE)]
        return [(entry, 100) for entry in entries]

    def _fuzzy(self, name: str, kind: str | None) -> list[tuple[_Entry, int]]:
        found = process.extract(name, self.names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=8)
        results = []
        for candidate_name, score, _ in found:
            for entry in self.by_name[candidate_name]:
                if kind is None or entry.is_a(kind):
                    results.append((entry, int(score)))
        return results

    def _decide(self, text, candidates, reason, departement, code_postal) -> Correspondance:
        if not candidates:
            return Correspondance(text, Statut.AUCUNE)
        narrowed = [
            (entry, score)
            for entry, score in candidates
            if (not departement or entry.departement == departement)
            and (not code_postal or code_postal in entry.codes_postaux or entry.type != T.COMMUNE)
        ]
        hinted = bool(departement or code_postal) and narrowed
        pool = narrowed or candidates
        pool.sort(key=lambda item: (-item[1], -item[0].population))
        best_score = pool[0][1]
        best = [item for item in pool if item[1] == best_score]
        why = reason + (" et indice (département ou code postal)" if hinted else "")
        ranked = [_candidate(entry, _confidence(score, len(best)), why) for entry, score in pool[:5]]
        if len(best) > 1:
            return Correspondance(text, Statut.AMBIGUE, ranked)
        if ranked[0].confiance >= SURE:
            return Correspondance(text, Statut.SURE, ranked)
        return Correspondance(text, Statut.INCERTAINE, ranked)

    def _by_postal_code(self, text: str, code_postal: str) -> Correspondance:
        entries = [e for e in self.by_postal.get(code_postal, []) if e.type == T.COMMUNE]
        if len(entries) == 1:
            return Correspondance(
                text, Statut.SURE, [_candidate(entries[0], 95, f"seule commune du code postal {code_postal}")]
            )
        candidates = [_candidate(e, 50, f"code postal {code_postal}") for e in entries[:5]]
        return Correspondance(text, Statut.AMBIGUE if candidates else Statut.AUCUNE, candidates)


def _confidence(score: int, ties: int) -> int:
    return score if ties == 1 else min(score, 60)


def _candidate(entry: _Entry, confidence: int, reason: str) -> Candidat:
    return Candidat(entry.id, entry.type, entry.code, entry.nom, entry.departement, confidence, reason)


def _parse(text: str) -> tuple[str, str, str | None, str, str]:
    """From loose text: the normalised full text, the name without institutional words,
    the type those words imply, and the département and postal code hints it carries."""
    normal = normalise(text)
    departement = postal = ""
    trailing = _TRAILING_CODE.match(normal)
    if trailing:
        normal, code = trailing["name"], trailing["code"]
        departement, postal = ("", code) if len(code) == 5 else (code, "")
    if re.fullmatch(r"\d{5}", normal):
        return normal, "", None, departement, normal
    kind, name = None, normal
    prefix = _PREFIX.match(normal + " ")
    if prefix:
        group = next(key for key, value in prefix.groupdict().items() if value)
        kind = _PREFIXES[int(group[1:])][1]
        name = (normal + " ")[prefix.end() :].strip()
    return normal, name, kind, departement, postal
