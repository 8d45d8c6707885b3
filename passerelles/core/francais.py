"""French wording shared by services, commands and templates."""

import unicodedata

from django.contrib.humanize.templatetags.humanize import intcomma


def accord(n: int, singulier: str, pluriel: str) -> str:
    """« 1 ligne ignorée », « 2 lignes ignorées »: in French, 0 and 1 take the singular."""
    return f"{intcomma(n)}\u00a0{singulier if abs(n) < 2 else pluriel}"


def cle_de_tri(texte: str) -> tuple:
    """A collation key for French names: accents and case count only to break ties, so
    « Arçay » sorts before « Arpheuilles » (not after, as code points would) and « Élodie »
    beside « Eloi »."""
    decomposed = unicodedata.normalize("NFKD", texte)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return (base, texte.casefold(), texte)
