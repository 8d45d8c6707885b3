"""Did the collectivités that came move forward, more than others the réseau watched as
closely? Observed progress only, compared fairly, with its uncertainty.

- Progress is a stage change that staff recorded with evidence (an exchange, a deliberation,
  a dossier, an engagement fact) above both the starting stage and « Sensibilisée ». The
  software's own moves — « Sensibilisée » for coming, « Intéressée » for asking a meeting in
  the atelier's survey — are declared intentions: counted apart, never as progress.
- The réseau only records a stage when it is in touch with a collectivité, so the whole
  territory, mostly never contacted, would show 0 % by construction. The comparison group is
  therefore, in this order: the collectivités invited to the same atelier that did not come;
  otherwise those the réseau had an exchange with over the six months after the atelier.
"""

import bisect
import datetime

from .historique import Historique, add_months, start_of
from .statistiques import SEUIL_COMPARAISON, compare, pas_encore

HORIZONS_MOIS = (3, 6)
SUIVI_MOIS = max(HORIZONS_MOIS)
INVITEES = "Collectivités invitées à cet atelier qui ne sont pas venues"
ECHANGES = (
    "Collectivités non venues avec lesquelles le réseau a eu un échange dans les 6 mois suivant l'atelier"
)


def comparison_group(
    atelier, came: set[int], invited: set[int], historique: Historique
) -> tuple[set[int], str]:
    """The collectivités watched as closely as the participants, and how they were chosen."""
    invited_away = invited - came
    if len(invited_away) >= SEUIL_COMPARAISON:
        return invited_away, INVITEES
    last = add_months(atelier.date, SUIVI_MOIS)
    exchanged = historique.echanges_entre(atelier.date, last) - came
    if exchanged:
        return exchanged, ECHANGES
    return invited_away, INVITEES


def progression(
    atelier, participants: set[int], came: set[int], invited: set[int], historique: Historique, today
) -> dict:
    """Month by month up to six months: participants against the comparison group, and the
    declared (not observed) stage moves of the participants."""
    group, definition = comparison_group(atelier, came, invited, historique)
    start = start_of(atelier.date).timestamp()
    # When each member was seen progressing, sorted: counting by a horizon is one bisection.
    own, theirs = (_progress_times(historique, ids, start) for ids in (participants, group))
    curve = []
    for months in range(1, SUIVI_MOIS + 1):
        horizon = add_months(atelier.date, months)
        if horizon > today:
            measured = pas_encore()
        else:
            instant = start_of(horizon).timestamp()
            measured = compare(
                (bisect.bisect_left(own, instant), len(participants)),
                (bisect.bisect_left(theirs, instant), len(group)),
            )
        measured["comparables"]["definition"] = definition
        curve.append({"mois": months, **measured})
    end = start_of(min(add_months(atelier.date, SUIVI_MOIS), today) + datetime.timedelta(days=1)).timestamp()
    declared = historique.declaratifs_entre(participants, start, end)
    return {"courbe": curve, "changements_declaratifs": declared}


def _progress_times(historique: Historique, ids: set[int], start: float) -> list[float]:
    observed = historique.observees
    times = (historique.progres_observe(pk, start) for pk in ids if pk in observed)
    return sorted(time for time in times if time is not None)


def pooled(points: list[dict], months: int) -> dict:
    """Several ateliers at one horizon: participants and comparables summed (a collectivité
    in two ateliers' groups counts in each, as it was watched for each)."""
    measured = [p for p in points if p["mesurable"]]
    if not measured:
        result = {"mois": months, **pas_encore()}
        result["comparables"]["definition"] = ""
        return result

    def summed(group):
        return sum(p[group]["progressees"] for p in measured), sum(p[group]["n"] for p in measured)

    result = {"mois": months, **compare(summed("participantes"), summed("comparables"))}
    definitions = sorted({p["comparables"]["definition"] for p in measured})
    result["comparables"]["definition"] = " ; ".join(definitions)
    return result
