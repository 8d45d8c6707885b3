"""One normal form for French place names, used when storing and when searching.

"Saint-Étienne", "ST ETIENNE" and "saint etienne" all become "saint etienne", so that a
search is an indexed comparison of plain ASCII words rather than accent folding at query time.
"""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Abbreviations found in official names ("St-Gildas-des-Bois") and in what people type.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}

# Official EPCI names start with their category ("CC du Pays de …", "CA Bourges Plus");
# ranking compares the name without it, so "bourges" is a prefix of "CA Bourges Plus".
_EPCI_PREFIX = re.compile(
    r"^(cc|ca|cu|communaute (de communes|d agglomeration|urbaine))( (du|de la|de l|des|de|d))? "
)


def normalise(text: str) -> str:
    """Lowercase ASCII words separated by single spaces, abbreviations spelled out."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    lowered = stripped.lower().replace("œ", "oe").replace("æ", "ae")
    words = _NON_ALNUM.sub(" ", lowered).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def normalise_nom_epci(nom: str) -> str:
    return _EPCI_PREFIX.sub("", normalise(nom))
