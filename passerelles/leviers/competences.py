"""Who holds a "1 %" competence (and its budget) for a collectivité, when the réseau has not
recorded it: the statutes and the shipped data that settle it, then the legal defaults by
EPCI category, each labelled as a presumption with its rule; where the law leaves it open,
"inconnu" with who may hold it.

Sources: shared/docs/data.md (defaults by EPCI category: CA, CU and métropoles hold water,
sanitation and waste; CC hold waste); shared/docs/domain.md §8 (the « 1 % mobilité » of
L1115-3 CGCT is open to the mobility organising authorities of I of L1231-1 of the code des
transports — communes, EPCI, Métropole de Lyon, syndicats mixtes, PETR —, to the communes of
its II and to Île-de-France Mobilités, not to régions; where a syndicat mixte organises
mobility, it is the one that can mobilise it); catalogue/autorites_mobilite.yaml (the
authorities that are neither a commune nor an EPCI, with their territories and sources); the
statutes of the Métropole du Grand Paris (waste with its établissements publics territoriaux
and the Ville de Paris, territoires/ept.py).
"""

from dataclasses import dataclass
from functools import cache

from passerelles.territoires import ept

from .autorites import autorite_for, autorites

FULL_EPCI = ("CA", "CU", "METRO", "MET69")
HELD_BY_FULL_EPCI = ("eau", "assainissement", "dechets")
GRAND_PARIS = "200054781"  # Métropole du Grand Paris (SIREN)
METROPOLE_LYON = "200046977"
VILLE_DE_PARIS = "75C"
# Overseas collectivités carrying a commune's competences: their water and waste services may
# be run by a public body of their own (territoires/statuts.py).
COM_COMMUNALES = ("977", "978")


@dataclass(frozen=True)
class Detention:
    statut: str  # "confirme", "presume" or "inconnu"
    detenteur: str  # who holds it, as people name it ("" when unknown)
    detient_elle_meme: bool | None  # does the collectivité itself hold it?
    raison: str


def presumed_holder(profil, competence: str) -> Detention:
    for rule in (_mobility, _grand_paris, _overseas, _by_level):
        detention = rule(profil, competence)
        if detention is not None:
            return detention
    return _unknown("à renseigner par le réseau")


@cache
def named_communes() -> frozenset[str]:
    """Communes whose own code changes who holds a competence (named in the shipped data)."""
    return frozenset(
        {code for autorite in autorites() for code in autorite.couvre["communes"]} | set(ept.EPT_OF)
    )


def _presumed(holder: str, itself: bool, rule: str) -> Detention:
    return Detention("presume", holder, itself, f"présumé : {rule} ; à vérifier")


def _unknown(who: str) -> Detention:
    return Detention("inconnu", "", None, f"inconnu : {who}")


def _mobility(profil, competence):
    if competence != "mobilite":
        return None
    autorite = autorite_for(
        type_=profil.type,
        code=profil.code,
        region=profil.region,
        departement=profil.departement,
        epci_code=profil.epci_code,
    )
    if autorite is not None:
        since = f" depuis le {_date(autorite.depuis)}" if autorite.depuis else ""
        return _presumed(autorite.nom, False, f"{autorite.nature}{since}, d'après ses sources")
    if profil.type == "epci" and profil.categorie_epci in FULL_EPCI:
        return _unknown(
            f"{profil.nom}, autorité organisatrice de la mobilité par la loi pour sa catégorie, "
            "sauf si elle a transféré la compétence à un syndicat mixte, qui peut alors seul "
            "mobiliser ce 1 % : l'autorité peut être un syndicat"
        )
    if profil.type == "epci" and profil.categorie_epci == "CC":
        return _unknown(
            f"{profil.nom} si elle a pris la compétence en 2021, ou un syndicat mixte auquel elle l'a "
            "transférée ; sinon la Région l'exerce par substitution, et ce 1 % ne lui est pas ouvert"
        )
    if profil.type == "commune" and profil.epci_id:
        if profil.epci_categorie in FULL_EPCI:
            holder = f"{profil.epci_nom} (autorité organisatrice par la loi pour sa catégorie)"
        else:
            holder = f"{profil.epci_nom} si elle a pris la compétence en 2021"
        return _unknown(
            f"{holder}, un syndicat mixte auquel elle l'a transférée, ou la commune (II de L1231-1) : "
            "l'autorité peut être un syndicat ; là où la Région l'exerce par substitution, ce 1 % "
            "n'est pas ouvert"
        )
    return None


def _date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(day)}/{int(month)}/{year}" if day != "01" or month != "01" else f"1er janvier {year}"


def _grand_paris(profil, competence):
    in_mgp = profil.code in (GRAND_PARIS, VILLE_DE_PARIS) or profil.epci_code == GRAND_PARIS
    if not in_mgp or competence not in ("dechets", "eau", "assainissement"):
        return None
    if profil.code == VILLE_DE_PARIS:
        if competence == "dechets":
            return _presumed("la Ville de Paris", True, "la Ville de Paris gère les déchets des ménages")
        return _unknown("la Ville de Paris (Eau de Paris, sa régie) ou un syndicat")
    territoire = ept.EPT_OF.get(profil.code) if profil.type == "commune" else None
    if competence == "dechets":
        if territoire:
            return _presumed(
                territoire.nom_court,
                False,
                f"dans la Métropole du Grand Paris, les déchets des ménages relèvent des EPT ; "
                f"{profil.nom} est membre de {territoire.nom_court} ({territoire.source})",
            )
        if profil.type == "commune":
            return _presumed(
                "son établissement public territorial (EPT)",
                False,
                "dans la Métropole du Grand Paris, les déchets relèvent des EPT",
            )
        return _presumed(
            "les établissements publics territoriaux et la Ville de Paris",
            False,
            "la Métropole du Grand Paris ne gère pas les déchets des ménages",
        )
    if territoire:
        return _unknown(f"{territoire.nom_court} ou un syndicat (SEDIF, SIAAP…), selon ses statuts")
    return _unknown("un établissement public territorial ou un syndicat")


def _overseas(profil, competence):
    if profil.type == "statut_particulier" and profil.code in COM_COMMUNALES:
        return _unknown(
            f"{profil.nom}, qui exerce les compétences communales, ou un établissement public "
            "qu'elle a créé pour ce service"
        )
    return None


def _by_level(profil, competence):
    if profil.type == "epci":
        return _for_epci(profil.categorie_epci, profil.nom, competence, itself=True)
    if profil.type == "commune" and profil.epci_id:
        detention = _for_epci(profil.epci_categorie, profil.epci_nom, competence, itself=False)
        if detention.statut == "presume":
            return detention
        return _unknown(f"la commune, {profil.epci_nom} ou un syndicat")
    return None


def _for_epci(categorie: str, nom: str, competence: str, *, itself: bool) -> Detention:
    if categorie in FULL_EPCI and competence in HELD_BY_FULL_EPCI:
        return _presumed(nom, itself, "compétence obligatoire de sa catégorie d'EPCI")
    if categorie == "CC" and competence == "dechets":
        return _presumed(nom, itself, "compétence obligatoire des communautés de communes")
    return _unknown(f"{nom}, ses communes ou un syndicat")
