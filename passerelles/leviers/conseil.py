"""Advice for one collectivité: entry points ranked with their reasons, instruments it can
and cannot use and why, and a plain-French description built from facts."""

from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma

from .models import Instrument, PointEntree
from .poids import LARGE, POIDS, SMALL
from .regles import NON, Verdict, eligibility

COMPETENCES = ("eau", "assainissement", "dechets", "mobilite", "energie")


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


def rank_entry_points(profil, points: list[PointEntree]) -> list[Angle]:
    present = signals(profil)
    angles = []
    for point in points:
        matched = [POIDS[(signal, point.code)] for signal in present if (signal, point.code) in POIDS]
        angles.append(Angle(point, sum(weight for weight, _ in matched), [reason for _, reason in matched]))
    return sorted(angles, key=lambda angle: (-angle.score, angle.point.ordre))


def instruments_for(profil, instruments: list[Instrument]) -> tuple[list[Eligibilite], list[Eligibilite]]:
    """(usable or to check, not usable) — prerequisites are left out of both."""
    possible, excluded = [], []
    for instrument in instruments:
        if instrument.prerequis_seulement:
            continue
        result = Eligibilite(instrument, eligibility(profil, instrument.regles))
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
