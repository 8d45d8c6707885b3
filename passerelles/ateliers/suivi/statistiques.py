"""Shares with their uncertainty, and what may be said of a difference between two groups.

Intervals are 95 % score intervals: Wilson's for one proportion, Newcombe's hybrid score
interval (his « method 10 », built from the two Wilson intervals) for a difference between
two independent proportions. Both behave at small n and at 0 % or 100 %, where the usual
« p ± 1,96 σ » gives intervals outside [0, 1] or of zero width.

A difference is claimed only when its interval excludes zero and each group has at least
`SEUIL_COMPARAISON` members. It is an association observed between groups that were not
drawn at random, never proof that the atelier caused it.
"""

import math

Z95 = 1.959963984540054
# Under ten collectivités in a group, one of them moves its share by ten points or more:
# more than the differences worth reporting, so no conclusion is drawn.
SEUIL_COMPARAISON = 10

PAS_ENCORE = "pas encore mesurable"
TROP_PEU = "trop peu pour conclure"
AUCUN_CHANGEMENT = "aucun changement observé"
DAVANTAGE = "les participantes ont davantage progressé"
MOINS = "les participantes ont moins progressé"
RESERVE = "association, pas preuve d'effet"


def wilson(successes: int, n: int) -> tuple[float, float] | None:
    """The 95 % Wilson score interval of `successes` out of `n` (None when n is 0)."""
    if not n:
        return None
    share = successes / n
    z2 = Z95 * Z95
    denominator = 1 + z2 / n
    centre = (share + z2 / (2 * n)) / denominator
    half = Z95 * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe(successes_a: int, n_a: int, successes_b: int, n_b: int) -> tuple[float, float] | None:
    """The 95 % interval of the difference of shares a − b (Newcombe, 1998, method 10)."""
    if not (n_a and n_b):
        return None
    share_a, share_b = successes_a / n_a, successes_b / n_b
    low_a, high_a = wilson(successes_a, n_a)
    low_b, high_b = wilson(successes_b, n_b)
    difference = share_a - share_b
    lower = difference - math.sqrt((share_a - low_a) ** 2 + (high_b - share_b) ** 2)
    upper = difference + math.sqrt((high_a - share_a) ** 2 + (share_b - low_b) ** 2)
    return max(-1.0, lower), min(1.0, upper)


def _rounded(interval: tuple[float, float] | None) -> list[float] | None:
    return None if interval is None else [round(interval[0], 3), round(interval[1], 3)]


def part(successes: int, n: int) -> dict:
    """A share and its interval, JSON-ready (None when n is 0)."""
    return {"part": round(successes / n, 3) if n else None, "ic95": _rounded(wilson(successes, n))}


def groupe(successes: int, n: int) -> dict:
    """One group's count, share and interval."""
    return {"n": n, "progressees": successes, **part(successes, n)}


def compare(participantes: tuple[int, int], comparables: tuple[int, int]) -> dict:
    """Both groups (successes, n), the interval of their difference and what may be said."""
    (s_a, n_a), (s_b, n_b) = participantes, comparables
    difference = newcombe(s_a, n_a, s_b, n_b)
    enough = n_a >= SEUIL_COMPARAISON and n_b >= SEUIL_COMPARAISON
    if enough and difference and difference[0] > 0:
        conclusion = DAVANTAGE
    elif enough and difference and difference[1] < 0:
        conclusion = MOINS
    elif n_a and not s_a:
        conclusion = AUCUN_CHANGEMENT
    else:
        conclusion = TROP_PEU
    return {
        "participantes": groupe(s_a, n_a),
        "comparables": groupe(s_b, n_b),
        "difference_ic95": _rounded(difference),
        "difference_etablie": conclusion in (DAVANTAGE, MOINS),
        "mesurable": True,
        "conclusion": conclusion,
    }


def pas_encore() -> dict:
    unknown = {"n": None, "progressees": None, "part": None, "ic95": None}
    return {
        "participantes": unknown,
        "comparables": dict(unknown),
        "difference_ic95": None,
        "difference_etablie": False,
        "mesurable": False,
        "conclusion": PAS_ENCORE,
    }
