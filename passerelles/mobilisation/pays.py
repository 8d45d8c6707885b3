"""Countries of foreign partners: ISO 3166-1 alpha-2 codes and French names (shipped in
`donnees/pays.json`), and the reading of a country typed by staff or found in a spreadsheet."""

import json
from functools import cache
from pathlib import Path

from passerelles.territoires.normalisation import normalise

PAYS_FILE = Path(__file__).resolve().parent / "donnees" / "pays.json"

# Names people write that differ from the ISO French name.
ALIAS = {
    "bolivie": "BO",
    "iran": "IR",
    "coree du nord": "KP",
    "coree du sud": "KR",
    "laos": "LA",
    "moldavie": "MD",
    "palestine": "PS",
    "territoires palestiniens": "PS",
    "cisjordanie": "PS",
    "syrie": "SY",
    "tanzanie": "TZ",
    "venezuela": "VE",
    "vietnam": "VN",
    "turquie": "TR",
    "cabo verde": "CV",
    "rdc": "CD",
    "congo kinshasa": "CD",
    "congo brazzaville": "CG",
    "congo": "CG",
    "micronesie": "FM",
    "macedoine": "MK",
    "russie": "RU",
    "republique tcheque": "CZ",
    "myanmar": "MM",
    "iles salomon": "SB",
    "timor leste": "TL",
    "angleterre": "GB",
    "ecosse": "GB",
    "pays de galles": "GB",
    "irlande du nord": "GB",
    "usa": "US",
    "etats unis d amerique": "US",
    "swaziland": "SZ",
}


@cache
def pays_noms() -> dict[str, str]:
    """ISO code -> French name."""
    data = json.loads(PAYS_FILE.read_text(encoding="utf-8"))
    return {row["code"]: row["nom"] for row in data["pays"]}


@cache
def _by_name() -> dict[str, str]:
    found = {}
    for code, nom in pays_noms().items():
        found[normalise(nom)] = code
        if ", " in nom:  # "Salomon, Îles" is also written "Îles Salomon"
            head, tail = nom.split(", ", 1)
            found[normalise(f"{tail} {head}")] = code
            found[normalise(head)] = code
    return found | ALIAS


def code_pays(texte: str) -> str:
    """The ISO code of a country as people write it ("Allemagne", "RDC", "DE"), or ""."""
    text = (texte or "").strip()
    if not text:
        return ""
    if len(text) == 2 and text.upper() in pays_noms():
        return text.upper()
    return _by_name().get(normalise(text), "")


def nom_pays(code: str) -> str:
    return pays_noms().get(code, "")
