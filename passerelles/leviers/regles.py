"""Verdict rules: small pure functions of a profile and an instrument's rule data (the
`regles` of the catalogue), each saying whether the collectivité can submit itself, through
which route it can take part, what must be checked, or why it cannot — in plain French.

The table `tests/verdicts.yaml` is the specification of these rules (docs/leviers.md)."""

from dataclasses import dataclass, field

from .competences import COLLECTIVITES_UNIQUES
from .partenaires import PMA, categorie_apd, libelle_pays, membre_ue

PEUT_DEPOSER, VIA, A_VERIFIER, NON = "peut_deposer", "accessible_via", "a_verifier", "non_accessible"
SEVERITY = {PEUT_DEPOSER: 0, VIA: 1, A_VERIFIER: 2, NON: 3}
LIBELLES = {
    PEUT_DEPOSER: "peut déposer",
    VIA: "accessible via",
    A_VERIFIER: "à vérifier",
    NON: "non accessible",
}
TYPE_PLURALS = {"commune": "communes", "epci": "EPCI", "departement": "départements", "region": "régions"}
DATA_KEYS = ("via", "taux")  # read by the rules, not rules themselves
NOTE = None  # a rule outcome that informs without changing the verdict


@dataclass
class Verdict:
    statut: str = PEUT_DEPOSER
    route: str = ""  # for "accessible via": the route, named for this collectivité
    voie: str = ""  # the same route in general terms, to count a segment by route
    raisons: list[str] = field(default_factory=list)

    def add(self, statut: str | None, raison: str, route: str = "", voie: str = "") -> None:
        if raison:
            self.raisons.append(raison)
        if statut is not None and SEVERITY[statut] > SEVERITY[self.statut]:
            self.statut = statut
        if statut == VIA and not self.route:
            self.route, self.voie = route, voie or route

    @property
    def libelle(self) -> str:
        if self.statut == VIA:
            return f"accessible via {self.route}"
        return LIBELLES[self.statut]


@dataclass(frozen=True)
class Issue:
    statut: str | None
    raison: str
    route: str = ""
    voie: str = ""


def _plural(types) -> str:
    return ", ".join(TYPE_PLURALS.get(t, t) for t in types)


def regle_depose(profil, types: list[str], regles: dict) -> Issue:
    via = regles.get("via", "")
    if profil.type in types or (profil.code in COLLECTIVITES_UNIQUES and "region" in types):
        return Issue(PEUT_DEPOSER, f"elle peut aussi passer par {via}" if via else "")
    if via:
        return Issue(VIA, f"ne dépose pas elle-même : elle y prend part via {via}", via)
    if types:
        return Issue(NON, f"seuls déposent les {_plural(types)}")
    return Issue(NON, "aucune collectivité ne dépose elle-même")


def regle_competence(profil, competences: list[str], regles: dict) -> Issue:
    detentions = [(competence, profil.detention(competence)) for competence in competences]
    for competence, detention in detentions:
        if detention.detient_elle_meme:
            how = "confirmé" if detention.statut == "confirme" else detention.raison
            return Issue(PEUT_DEPOSER, f"détient la compétence {LABELS[competence]} ({how})")
    for competence, detention in detentions:
        if detention.detient_elle_meme is False and detention.detenteur:
            holder = detention.detenteur
            how = "confirmé" if detention.statut == "confirme" else detention.raison
            generic = "son EPCI" if holder == profil.epci_nom else holder
            return Issue(
                VIA,
                f"la compétence {LABELS[competence]} relève de {holder}, qui peut mobiliser ce 1 % ({how})",
                holder,
                generic,
            )
    missing = detentions[0][1].raison
    what = " / ".join(LABELS[c] for c in competences)
    return Issue(A_VERIFIER, f"qui détient la compétence {what} ? {missing}")


def regle_partenaire(profil, kind: str, regles: dict) -> Issue:
    partners = profil.partenaires
    if not partners:
        return Issue(A_VERIFIER, MISSING_PARTNER[kind])
    return PARTNER_RULES[kind](partners, regles)


def _named(partner) -> str:
    country = libelle_pays(partner.pays_code, partner.pays)
    return f"{partner.nom} ({country})" if partner.nom else country


def _apd(partners, regles) -> Issue:
    eligible = [p for p in partners if categorie_apd(p.pays_code)]
    if eligible:
        return Issue(
            PEUT_DEPOSER, f"partenaire dans un pays de la liste du CAD (APD) : {_named(eligible[0])}"
        )
    unread = [p for p in partners if not p.pays_code]
    if unread:
        return Issue(A_VERIFIER, f"pays du partenaire non renseigné ou non reconnu : {_named(unread[0])}")
    known = ", ".join(_named(p) for p in partners)
    return Issue(
        NON,
        f"partenaires connus hors de la liste du CAD ({known}) : "
        "il faut un partenaire dans un pays éligible à l'APD",
    )


def _convention(partners, regles) -> Issue:
    rates = regles.get("taux", {})
    categories = {p.pays_code: categorie_apd(p.pays_code) for p in partners if p.pays_code}
    if not categories:
        return Issue(
            PEUT_DEPOSER, f"partenariat connu : {_named(partners[0])} ; le taux dépend du pays, non renseigné"
        )
    best = min(categories.items(), key=lambda item: {PMA: 0, "autre": 1, None: 2}[item[1]])
    partner = next(p for p in partners if p.pays_code == best[0])
    rate = rates.get(best[1] or "hors_apd", "")
    year = f" (règles {rates['annee']})" if rates.get("annee") else ""
    return Issue(
        PEUT_DEPOSER,
        f"partenariat connu : {_named(partner)}" + (f" ; cofinancement jusqu'à {rate}{year}" if rate else ""),
    )


def _ue(partners, regles) -> Issue:
    european = [p for p in partners if membre_ue(p.pays_code) and p.pays_code != "FR"]
    if european:
        return Issue(PEUT_DEPOSER, f"partenaire dans un autre pays de l'UE : {_named(european[0])}")
    unread = [p for p in partners if not p.pays_code]
    if unread:
        return Issue(A_VERIFIER, f"pays du partenaire non renseigné ou non reconnu : {_named(unread[0])}")
    known = ", ".join(_named(p) for p in partners)
    return Issue(
        A_VERIFIER,
        f"partenaires connus hors de l'UE ({known}) : "
        "éligibles seulement si leur pays participe au programme "
        "CERV (liste non intégrée à l'application) ; sinon, il faut un partenaire d'un autre pays de l'UE",
    )


PARTNER_RULES = {"apd": _apd, "convention": _convention, "ue": _ue}
MISSING_PARTNER = {
    "apd": "suppose un partenariat avec une autorité locale d'un pays de la liste du CAD (APD) ; "
    "aucun n'est connu du réseau",
    "convention": "suppose une convention avec une autorité locale étrangère ; aucune n'est connue du réseau",
    "ue": "suppose des partenaires d'au moins deux pays, dont un de l'UE ; "
    "aucun jumelage ni partenaire connu du réseau",
}


def regle_membre_gal(profil, _value, regles: dict) -> Issue:
    if "gal" in profil.faits:
        return Issue(
            PEUT_DEPOSER,
            "membre d'un GAL LEADER connu du réseau : projet à inscrire dans sa stratégie de coopération",
        )
    if profil.type in ("departement", "region"):
        return Issue(
            A_VERIFIER, "à monter avec un GAL LEADER de son territoire, dans sa stratégie de coopération"
        )
    return Issue(A_VERIFIER, "appartenance à un GAL LEADER inconnue du réseau")


def regle_priorite(profil, text: str, regles: dict) -> Issue:
    return Issue(NOTE, f"public prioritaire, pas exclusif : {text}")


LABELS = {
    "eau": "eau",
    "assainissement": "assainissement",
    "dechets": "déchets",
    "mobilite": "mobilité",
    "energie": "énergie",
}
RULES = {
    "depose": regle_depose,
    "competence": regle_competence,
    "partenaire": regle_partenaire,
    "membre_gal": regle_membre_gal,
    "priorite": regle_priorite,
}


def situation_key(profil) -> tuple:
    """Everything the rules read of a profile: profiles equal on it get the same verdicts,
    which lets advice for 36,000 collectivités be computed once per distinct situation.
    A new rule that reads something else of the profile must add it here."""
    return (
        profil.type,
        profil.code in COLLECTIVITES_UNIQUES,
        profil.holder_key,
        tuple(
            sorted(
                (c, d.detenteur_id == profil.id, d.libelle_detenteur, d.source)
                for c, d in profil.connues.items()
            )
        ),
        tuple(profil.partenaires),
        "gal" in profil.faits,
    )


def eligibility(profil, regles: dict) -> Verdict:
    verdict = Verdict()
    rules = {name: value for name, value in regles.items() if name not in DATA_KEYS}
    if not rules:
        verdict.add(A_VERIFIER, "conditions non renseignées dans le catalogue")
    for name, value in rules.items():
        if name not in RULES:
            verdict.add(A_VERIFIER, f"règle « {name} » inconnue de l'application : à vérifier")
            continue
        issue = RULES[name](profil, value, regles)
        verdict.add(issue.statut, issue.raison, issue.route, issue.voie)
        if issue.statut == NON:
            break
    return verdict
