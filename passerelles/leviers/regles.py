"""Verdict rules: small pure functions of a profile and an instrument's rule data (the
`regles` of the catalogue), each saying whether the collectivité can submit itself, through
which route it can take part, what must be checked, or why it cannot — in plain French.

The table `tests/verdicts.yaml` is the specification of these rules (docs/leviers.md)."""

from dataclasses import dataclass, field

from .partenaires import PMA, categorie_apd, fonds_conjoint, libelle_pays, membre_ue

PEUT_DEPOSER, VIA, A_VERIFIER, NON = "peut_deposer", "accessible_via", "a_verifier", "non_accessible"
SEVERITY = {PEUT_DEPOSER: 0, VIA: 1, A_VERIFIER: 2, NON: 3}
LIBELLES = {
    PEUT_DEPOSER: "peut déposer",
    VIA: "accessible via",
    A_VERIFIER: "à vérifier",
    NON: "non accessible",
}
TYPE_PLURALS = {"commune": "communes", "epci": "EPCI", "departement": "départements", "region": "régions"}
DATA_KEYS = ("via", "taux", "non_vises")  # read by the rules, not rules themselves
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
    if set(profil.niveaux) & set(types):  # the Ville de Paris deposits as a commune and a département
        return Issue(PEUT_DEPOSER, f"elle peut aussi passer par {via}" if via else "")
    if via:
        return Issue(VIA, f"ne dépose pas elle-même : elle y prend part via {via}", via)
    if types:
        not_listed = f" ; {regles['non_vises']}" if regles.get("non_vises") else ""
        return Issue(NON, f"seuls déposent les {_plural(types)}{not_listed}")
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
            if holder.startswith("l'EPT "):  # counted together in a segment, named on the page
                generic = "son établissement public territorial (EPT)"
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
    joint = [p for p in partners if fonds_conjoint(p.pays_code) == "oui"]
    partners = [p for p in partners if fonds_conjoint(p.pays_code) != "oui"]
    if joint and not partners:
        return Issue(
            NON,
            f"partenaire dans un pays couvert par un fonds conjoint de la DCTCIV ({_named(joint[0])}) : "
            "l'appel généraliste exclut ces pays ; voir le fonds conjoint",
        )
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


def _allemagne(partners, regles) -> Issue:
    german = [p for p in partners if p.pays_code == "DE"]
    if german:
        return Issue(PEUT_DEPOSER, f"partenaire allemand connu : {_named(german[0])}")
    unread = [p for p in partners if not p.pays_code]
    if unread:
        return Issue(A_VERIFIER, f"pays du partenaire non renseigné ou non reconnu : {_named(unread[0])}")
    return Issue(
        A_VERIFIER,
        "suppose un partenaire allemand ; aucun n'est connu du réseau (un jumelage franco-allemand "
        "à créer est aussi soutenu)",
    )


def _fonds_conjoint(partners, regles) -> Issue:
    covered = [p for p in partners if fonds_conjoint(p.pays_code) == "oui"]
    if covered:
        return Issue(
            PEUT_DEPOSER,
            f"partenaire dans un pays couvert par un fonds conjoint ou un appel géographique : "
            f"{_named(covered[0])} (fonds de l'année à vérifier sur cncd.fr)",
        )
    maybe = [p for p in partners if fonds_conjoint(p.pays_code) == "partiel" or not p.pays_code]
    if maybe:
        return Issue(
            A_VERIFIER,
            f"{_named(maybe[0])} : couvert seulement pour certaines autorités locales (Québec) ou pays "
            "non renseigné",
        )
    known = ", ".join(_named(p) for p in partners)
    return Issue(NON, f"partenaires connus hors des pays couverts par un fonds conjoint ({known})")


PARTNER_RULES = {
    "apd": _apd,
    "convention": _convention,
    "ue": _ue,
    "allemagne": _allemagne,
    "fonds_conjoint": _fonds_conjoint,
}
MISSING_PARTNER = {
    "apd": "suppose un partenariat avec une autorité locale d'un pays de la liste du CAD (APD) ; "
    "aucun n'est connu du réseau",
    "convention": "suppose une convention avec une autorité locale étrangère ; aucune n'est connue du réseau",
    "ue": "suppose des partenaires d'au moins deux pays, dont un de l'UE ; "
    "aucun jumelage ni partenaire connu du réseau",
    "allemagne": "suppose un partenaire allemand ; aucun jumelage ni partenaire connu du réseau",
    "fonds_conjoint": "suppose un partenaire dans un pays couvert par un fonds conjoint ou un appel "
    "géographique de la DCTCIV ; aucun n'est connu du réseau",
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


# Départements and régions with a land border (or, overseas, Guyane and Saint-Martin): the
# zone of an Interreg A cross-border programme. Elsewhere the programme is to be found.
DEPARTEMENTS_FRONTALIERS = frozenset(
    ("59", "02", "08", "55", "54", "57", "67", "68", "90", "25", "39", "01")
    + ("74", "73", "05", "04", "06", "66", "09", "31", "65", "64", "973", "978")
)
REGIONS_FRONTALIERES = frozenset(("32", "44", "27", "84", "93", "76", "75", "03"))


def regle_frontalier(profil, _value, regles: dict) -> Issue:
    departements = set(profil.departements)
    if (
        departements & DEPARTEMENTS_FRONTALIERS
        or profil.region in REGIONS_FRONTALIERES
        and ("region" in profil.niveaux)
    ):
        return Issue(
            PEUT_DEPOSER,
            "territoire frontalier : dans la zone d'un programme transfrontalier (Interreg A), chef de "
            "file ou partenaire avec des partenaires de l'autre côté de la frontière",
        )
    return Issue(
        A_VERIFIER,
        "programme couvrant son territoire (transfrontalier maritime, transnational ou interrégional) "
        "et partenaires d'au moins deux autres pays : à vérifier",
    )


QPV_MINIMUM = 1_000  # inhabitants of a quartier prioritaire (décret n° 2014-767 du 3 juillet 2014)


def regle_qpv(profil, text: str, regles: dict) -> Issue:
    if profil.type == "commune" and profil.population is not None and profil.population < QPV_MINIMUM:
        return Issue(
            NOTE,
            "VVV-SI ne la concerne pas : un quartier prioritaire compte au moins 1\u202f000 habitants "
            "(décret n° 2014-767), et la commune en a moins ; JSI reste ouvert",
        )
    return Issue(NOTE, f"{text} ; la présence d'un quartier prioritaire n'est pas connue de l'application")


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
    "frontalier": regle_frontalier,
    "qpv": regle_qpv,
}


def situation_key(profil, *, competences: bool = True) -> tuple:
    """Everything the rules read of a profile: profiles equal on it get the same verdicts,
    which lets advice for 36,000 collectivités be computed once per distinct situation.
    A new rule that reads something else of the profile must add it here. Without
    `competences`, the key leaves out who holds what (read only by the « 1 % » rules): the
    other instruments are then computed once for many more profiles."""
    general = (
        profil.type,
        profil.niveaux,
        profil.hors_droit_commun,
        tuple(profil.partenaires),
        "gal" in profil.faits,
        profil.departements,
        profil.region,
        profil.type == "commune" and (profil.population or 0) < QPV_MINIMUM,
    )
    if not competences:
        return general
    known = tuple(
        sorted(
            (c, d.detenteur_id == profil.id, d.libelle_detenteur, d.source) for c, d in profil.connues.items()
        )
    )
    return (*general, profil.holder_key, known)


def reads_competences(regles: dict) -> bool:
    return "competence" in regles


def eligibility(profil, regles: dict) -> Verdict:
    verdict = Verdict()
    if profil.hors_droit_commun:
        # TAAF districts, Clipperton, Wallis-et-Futuna's circonscriptions: not advised; the
        # communes of French Polynesia and New Caledonia: under their own codes, to check.
        _, advised, why = profil.hors_droit_commun
        verdict.add(A_VERIFIER if advised else NON, why)
        return verdict
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
