"""Who holds a "1 %" competence (and its budget) for a collectivité, when the réseau has not
recorded it: the statutes that settle it, then the legal defaults by EPCI category, each
labelled as a presumption with its rule; where the law leaves it open, "inconnu".

Sources: shared/docs/data.md (defaults by EPCI category: CA, CU and métropoles hold water,
sanitation, waste and mobility; CC hold waste; a CC holds mobility only if it took it in
2021, else the Région by substitution); shared/docs/domain.md §3.3 (Île-de-France
Mobilités); the statutes of the Métropole du Grand Paris (waste with its établissements
publics territoriaux and the Ville de Paris) and of the Métropole de Lyon (SYTRAL Mobilités).
"""

from dataclasses import dataclass

FULL_EPCI = ("CA", "CU", "METRO", "MET69")
HELD_BY_FULL_EPCI = ("eau", "assainissement", "dechets", "mobilite")
GRAND_PARIS = "200054781"  # Métropole du Grand Paris (SIREN)
METROPOLE_LYON = "200046977"
PARIS = "75056"
ILE_DE_FRANCE = "11"
# Départements that are also their région: Martinique and Guyane (collectivités uniques), Mayotte.
COLLECTIVITES_UNIQUES = ("972", "973", "976")


@dataclass(frozen=True)
class Detention:
    statut: str  # "confirme", "presume" or "inconnu"
    detenteur: str  # who holds it, as people name it ("" when unknown)
    detient_elle_meme: bool | None  # does the collectivité itself hold it?
    raison: str


def presumed_holder(profil, competence: str) -> Detention:
    for rule in (_ile_de_france, _grand_paris, _lyon, _by_level):
        detention = rule(profil, competence)
        if detention is not None:
            return detention
    return _unknown("à renseigner par le réseau")


def _presumed(holder: str, itself: bool, rule: str) -> Detention:
    return Detention("presume", holder, itself, f"présumé : {rule} ; à vérifier")


def _unknown(who: str) -> Detention:
    return Detention("inconnu", "", None, f"inconnu : {who}")


def _ile_de_france(profil, competence):
    if competence == "mobilite" and profil.region == ILE_DE_FRANCE:
        return _presumed(
            "Île-de-France Mobilités", False, "autorité organisatrice de la mobilité en Île-de-France"
        )
    return None


def _grand_paris(profil, competence):
    in_mgp = profil.code == GRAND_PARIS or profil.epci_code == GRAND_PARIS
    if not in_mgp or competence not in ("dechets", "eau", "assainissement"):
        return None
    if competence == "dechets":
        if profil.code == PARIS:
            return _presumed("la Ville de Paris", True, "la Ville de Paris gère les déchets des ménages")
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
    return _unknown("la Ville de Paris, un établissement public territorial ou un syndicat")


def _lyon(profil, competence):
    in_lyon = METROPOLE_LYON in (profil.code, profil.epci_code)
    if in_lyon and competence == "mobilite":
        return _presumed(
            "SYTRAL Mobilités", False, "autorité organisatrice sur le territoire de la Métropole de Lyon"
        )
    return None


def _by_level(profil, competence):
    if profil.type == "region" or profil.code in COLLECTIVITES_UNIQUES:
        if competence == "mobilite":
            return _presumed(
                profil.nom,
                True,
                "autorité organisatrice régionale, et par substitution là où une CC ne l'a pas prise",
            )
        return None
    if profil.type == "epci":
        return _for_epci(profil.categorie_epci, profil.nom, competence, itself=True)
    if profil.type == "commune" and profil.epci_id:
        detention = _for_epci(profil.epci_categorie, profil.epci_nom, competence, itself=False)
        if detention.statut == "presume":
            return detention
        substitution = ", la Région par substitution" if competence == "mobilite" else ""
        return _unknown(f"la commune, {profil.epci_nom}{substitution} ou un syndicat")
    return None


def _for_epci(categorie: str, nom: str, competence: str, *, itself: bool) -> Detention:
    if categorie in FULL_EPCI and competence in HELD_BY_FULL_EPCI:
        return _presumed(nom, itself, "compétence obligatoire de sa catégorie d'EPCI")
    if categorie == "CC" and competence == "dechets":
        return _presumed(nom, itself, "compétence obligatoire des communautés de communes")
    if categorie == "CC" and competence == "mobilite":
        return _unknown(f"{nom} si elle l'a prise en 2021, sinon la Région par substitution")
    return _unknown(f"{nom}, ses communes ou un syndicat")
