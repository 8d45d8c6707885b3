"""Which partner countries open which instruments: the OECD DAC list of ODA recipients and
the member states of the European Union, shipped with their source and date in
`catalogue/pays_partenaires.yaml`."""

from functools import cache

from passerelles.mobilisation.pays import nom_pays

from .catalogue import read_catalogue

PMA, AUTRE_APD = "pma", "autre"


@cache
def listes() -> dict:
    return read_catalogue("pays_partenaires.yaml")


def categorie_apd(code: str) -> str | None:
    """ "pma" (least developed), "autre" (other ODA recipient) or None (not on the DAC list)."""
    cad = listes()["liste_cad"]
    if code in cad["pma"]:
        return PMA
    return AUTRE_APD if code in cad["autres"] else None


def membre_ue(code: str) -> bool:
    return code in listes()["union_europeenne"]["membres"]


def libelle_pays(code: str, texte: str) -> str:
    return nom_pays(code) or texte or "pays non renseigné"


def fonds_conjoint(code: str) -> str | None:
    """ "oui" when a DCTCIV joint fund or geographic call covers the country, "partiel" when it
    covers part of it (Québec, in Canada), None otherwise."""
    fonds = listes()["fonds_conjoints"]
    if code in fonds["pays"]:
        return "oui"
    return "partiel" if code in fonds.get("pays_partiels", ()) else None
