"""Eligibility rules: small pure functions of a profile and an instrument's rule data, each
returning a verdict ("oui", "non" or "inconnu") and its reasons in plain French."""

from dataclasses import dataclass, field

OUI, NON, INCONNU = "oui", "non", "inconnu"
TYPE_PLURALS = {"commune": "communes", "epci": "EPCI", "departement": "départements", "region": "régions"}
SMALL_FOR_LARGE_GRANTS = 10_000  # inhabitants; below, a grant of 200 k€ or more is rarely carried alone


@dataclass
class Verdict:
    statut: str = OUI
    raisons: list[str] = field(default_factory=list)

    def add(self, statut: str, raison: str) -> None:
        self.raisons.append(raison)
        order = {OUI: 0, INCONNU: 1, NON: 2}
        if order[statut] > order[self.statut]:
            self.statut = statut


def regle_types(profil, types: list[str]) -> tuple[str, str]:
    if profil.type in types:
        return OUI, "type de collectivité éligible"
    return NON, "réservé aux " + ", ".join(
        {"commune": "communes", "epci": "EPCI", "departement": "départements", "region": "régions"}[t]
        for t in types
    )


def regle_competence(profil, competences: list[str]) -> tuple[str, str]:
    detentions = [(competence, profil.detention(competence)) for competence in competences]
    for competence, detention in detentions:
        if detention.detient_elle_meme:
            label = "présumé, à vérifier" if detention.statut == "presume" else "confirmé"
            return OUI, f"détient la compétence {competence} ({label})"
    for competence, detention in detentions:
        if detention.detient_elle_meme is False:
            how = "présumé" if detention.statut == "presume" else "confirmé"
            holder = detention.detenteur
            return (
                NON,
                f"c'est {holder} qui détient la compétence {competence} et peut mobiliser ce 1 % ({how})",
            )
    return INCONNU, "détenteur de la compétence " + " / ".join(competences) + " : " + detentions[0][1].raison


def regle_primo_acces(profil, _value) -> tuple[str, str]:
    if profil.engagee:
        return NON, "déjà engagée : le dispositif vise les collectivités qui débutent"
    return OUI, "pas encore engagée à l'international à la connaissance du réseau : c'est le public visé"


def regle_partenariat_requis(profil, _value) -> tuple[str, str]:
    if {"cooperation", "jumelage"} & set(profil.faits):
        return OUI, "un partenariat à l'étranger est connu du réseau"
    return INCONNU, "suppose un partenariat avec une autorité locale étrangère ; aucun n'est connu du réseau"


def regle_membre_gal(profil, _value) -> tuple[str, str]:
    if "gal" in profil.faits:
        return OUI, "membre d'un GAL LEADER"
    return INCONNU, "appartenance à un GAL LEADER inconnue du réseau"


def regle_ampleur(profil, _value) -> tuple[str, str]:
    if (
        profil.population is not None
        and profil.population < SMALL_FOR_LARGE_GRANTS
        and profil.type == "commune"
    ):
        return (
            INCONNU,
            "montant minimal élevé (200 000 €) : plutôt à porter avec l'EPCI ou d'autres collectivités",
        )
    return OUI, "taille compatible avec un projet de cette ampleur"


def regle_cofinanceur(profil, _value) -> tuple[str, str]:
    return OUI, "la collectivité y participe en cofinançant un projet porté par une association"


RULES = {
    "types": regle_types,
    "competence": regle_competence,
    "primo_acces": regle_primo_acces,
    "partenariat_requis": regle_partenariat_requis,
    "membre_gal": regle_membre_gal,
    "ampleur": regle_ampleur,
    "cofinanceur": regle_cofinanceur,
}


# What each rule reads of a profile: profiles equal on these get the same verdict, which
# lets advice for 36,000 collectivités be computed once per distinct situation.
RULE_INPUTS = {
    "types": lambda profil, value: profil.type,
    "competence": lambda profil, value: tuple(profil.detention(c) for c in value),
    "primo_acces": lambda profil, value: profil.engagee,
    "partenariat_requis": lambda profil, value: bool({"cooperation", "jumelage"} & set(profil.faits)),
    "membre_gal": lambda profil, value: "gal" in profil.faits,
    "ampleur": lambda profil, value: (profil.type, (profil.population or 0) < SMALL_FOR_LARGE_GRANTS),
    "cofinanceur": lambda profil, value: None,
}


def eligibility_key(profil, regles: dict) -> tuple:
    return tuple((name, RULE_INPUTS[name](profil, value)) for name, value in regles.items())


def eligibility(profil, regles: dict) -> Verdict:
    verdict = Verdict()
    if not regles:
        verdict.add(INCONNU, "conditions non renseignées dans le catalogue")
    for name, value in regles.items():
        statut, raison = RULES[name](profil, value)
        verdict.add(statut, raison)
    return verdict
