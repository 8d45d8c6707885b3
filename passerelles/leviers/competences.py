"""Who presumably holds a competence (and so may use its "1 %"), from the legal defaults by
EPCI category. Presumptions are labelled as such; where the law leaves it open, "inconnu".

Defaults (shared/docs/data.md): CA, CU and métropoles hold water, sanitation, waste and
mobility; CC hold waste; a CC holds mobility only if it took it in 2021, and water and
sanitation are optional for CC since 2025; syndicats often hold the real competence.
"""

from dataclasses import dataclass

FULL_EPCI = ("CA", "CU", "METRO", "MET69")
HELD_BY_FULL_EPCI = ("eau", "assainissement", "dechets", "mobilite")


@dataclass(frozen=True)
class Detention:
    statut: str  # "confirme", "presume" or "inconnu"
    detenteur: str  # who holds it, as people name it ("" when unknown)
    detient_elle_meme: bool | None  # does the collectivité itself hold it?
    raison: str


def presumed_holder(profil, competence: str) -> Detention:
    if profil.type == "epci":
        return _for_epci(profil.categorie_epci, profil.nom, competence, itself=True)
    if profil.type == "commune" and profil.epci_id:
        detention = _for_epci(profil.epci_categorie, profil.epci_nom, competence, itself=False)
        if detention.statut == "presume":
            return detention
        return Detention("inconnu", "", None, f"inconnu : la commune, {profil.epci_nom} ou un syndicat")
    return Detention("inconnu", "", None, "inconnu : à renseigner par le réseau")


def _for_epci(categorie: str, nom: str, competence: str, *, itself: bool) -> Detention:
    if (categorie in FULL_EPCI and competence in HELD_BY_FULL_EPCI) or (
        categorie == "CC" and competence == "dechets"
    ):
        return Detention("presume", nom, itself, f"{nom} (présumé d'après sa catégorie, à vérifier)")
    return Detention("inconnu", "", None, f"inconnu : {nom}, ses communes ou un syndicat")
