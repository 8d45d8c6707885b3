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


def _fold(char: str) -> str:
    lowered = char.lower().replace("œ", "oe").replace("æ", "ae")
    # NFKD splits "é" into "e" + accent; the ASCII encoding then drops the accent.
    return unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()


# Folding every Latin character once into a table, its punctuation already a space, makes
# normalising 40,000 names a C-speed `str.translate` instead of a Unicode decomposition and
# a regular expression per name. Only what the table leaves outside ASCII (other scripts,
# symbols) still needs the expression.
_FOLD_TABLE = str.maketrans({chr(code): _NON_ALNUM.sub(" ", _fold(chr(code))) for code in range(0x250)})


def normalise(text: str) -> str:
    """Lowercase ASCII words separated by single spaces, abbreviations spelled out."""
    folded = text.translate(_FOLD_TABLE)
    if not folded.isascii():
        folded = _NON_ALNUM.sub(" ", folded)
    words = folded.split()
    if _ABBREVIATIONS.keys().isdisjoint(words):  # most names: no word to look up
        return " ".join(words)
    return " ".join([_ABBREVIATIONS.get(word, word) for word in words])


def normalise_nom_epci(nom: str) -> str:
    return _EPCI_PREFIX.sub("", normalise(nom))
