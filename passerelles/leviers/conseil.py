"""Advice for one collectivité: entry points ranked with their reasons, instruments it can
and cannot use and why, and a plain-French description built from facts."""

from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma

from passerelles.core.lots import without_cyclic_gc

from .models import Instrument, PointEntree
from .poids import LARGE, POIDS, SMALL
from .profil import profiles
from .regles import NON, Verdict, eligibility, eligibility_key

COMPETENCES = ("eau", "assainissement", "dechets", "mobilite", "energie")
_WEIGHTS_BY_SIGNAL: dict[str, list[tuple[str, int, str]]] = {}
for (_signal, _code), (_weight, _reason) in POIDS.items():
    _WEIGHTS_BY_SIGNAL.setdefault(_signal, []).append((_code, _weight, _reason))


@dataclass
class Angle:
    point: PointEntree
    score: int
    raisons: list[str]


@dataclass
class Eligibilite:
    instrument: Instrument
    verdict: Verdict


def signals(profil) -> set[str]:
    found = {f"fait:{kind}" for kind in profil.faits}
    if profil.rurale:
        found.add("rurale")
    if profil.population is not None:
        found.add(
            "grande" if profil.population >= LARGE else "petite" if profil.population < SMALL else "moyenne"
        )
    found.add(f"type:{profil.type}")
    if not profil.engagee:
        found.add("novice")
    for competence in COMPETENCES:
        if profil.detention(competence).detient_elle_meme:
            found.add(f"competence:{competence}")
    return found


def rank_entry_points(profil, points: list[PointEntree], cache: dict | None = None) -> list[Angle]:
    present = frozenset(signals(profil))
    if cache is not None and present in cache:
        return cache[present]
    angles = {point.code: Angle(point, 0, []) for point in points}
    for signal in present:
        for code, weight, reason in _WEIGHTS_BY_SIGNAL.get(signal, ()):
            if code in angles:
                angles[code].score += weight
                angles[code].raisons.append(reason)
    ranked = sorted(angles.values(), key=lambda angle: (-angle.score, angle.point.ordre))
    if cache is not None:
        cache[present] = ranked
    return ranked


def instruments_for(
    profil, instruments: list[Instrument], cache: dict | None = None
) -> tuple[list[Eligibilite], list[Eligibilite]]:
    """(usable or to check, not usable) — prerequisites are left out of both. Profiles in the
    same situation share their verdicts through `cache` when one is given."""
    possible, excluded = [], []
    for instrument in instruments:
        if instrument.prerequis_seulement:
            continue
        if cache is None:
            result = Eligibilite(instrument, eligibility(profil, instrument.regles))
        else:
            key = (instrument.pk, eligibility_key(profil, instrument.regles))
            if key not in cache:
                cache[key] = Eligibilite(instrument, eligibility(profil, instrument.regles))
            result = cache[key]
        (excluded if result.verdict.statut == NON else possible).append(result)
    possible.sort(key=lambda e: (e.verdict.statut != "oui", e.instrument.nom))
    return possible, excluded


def describe(profil) -> str:
    """ "Commune de 1 403 hab. (bourg rural), membre de la CC Pays de Nérondes (4 773 hab.) ; …" """
    kind = {
        "commune": "Commune",
        "epci": "Intercommunalité",
        "departement": "Département",
        "region": "Région",
    }
    parts = [kind.get(profil.type, "Collectivité")]
    if profil.population is not None:
        parts.append(f" de {intcomma(profil.population)}\u00a0hab.")
    if profil.libelle_densite:
        parts.append(f" ({profil.libelle_densite})")
    if profil.epci_nom:
        epci_population = f" ({intcomma(profil.epci_population)}\u00a0hab.)" if profil.epci_population else ""
        parts.append(f", membre de la {profil.epci_nom}{epci_population}")
    known = [
        f"{len(titles)} {label}"
        for kind_, label in (
            ("jumelage", "jumelage(s)"),
            ("cooperation", "projet(s) de coopération"),
            ("pat", "PAT"),
            ("gal", "GAL"),
        )
        if (titles := profil.faits.get(kind_))
    ]
    parts.append(
        " ; le réseau lui connaît " + ", ".join(known)
        if known
        else " ; le réseau ne lui connaît ni jumelage, ni projet, ni PAT"
    )
    return "".join(parts) + "."


@dataclass
class Conseil:
    profil: object
    angles: list[Angle]
    possibles: list[Eligibilite]


def advice_for_many(*, reseau, collectivites) -> dict[int, Conseil]:
    """Advice for a whole set of collectivités (a segment, or all of France) in one pass."""
    points, instruments = list(PointEntree.objects.all()), list(Instrument.objects.all())
    rankings, verdicts = {}, {}
    with without_cyclic_gc():
        found = profiles(reseau=reseau, collectivites=collectivites)
        return {
            pk: Conseil(
                profil,
                rank_entry_points(profil, points, rankings),
                instruments_for(profil, instruments, verdicts)[0],
            )
            for pk, profil in found.items()
        }
