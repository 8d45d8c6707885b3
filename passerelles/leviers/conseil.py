"""Advice for one collectivité: entry points ranked with their reasons, instruments it can
and cannot use and why, and a plain-French description built from facts."""

from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma

from passerelles.core.lots import without_cyclic_gc
from passerelles.mobilisation.models import Etape
from passerelles.territoires import statuts
from passerelles.territoires.models import CategorieEPCI

from .models import Instrument, PointEntree
from .poids import LARGE, POIDS, SMALL
from .profil import profiles
from .regles import NON, SEVERITY, Verdict, eligibility, reads_competences, situation_key

ALSACE = "6AE"
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
    # Size speaks of a town or an intercommunality: every département and région is « large »,
    # and leading them with campuses and firms would lend them the régions' competences.
    sized = profil.type in ("epci", "commune")
    if profil.population is not None and sized:
        found.add(
            "grande" if profil.population >= LARGE else "petite" if profil.population < SMALL else "moyenne"
        )
    found.add(f"type:{profil.type}")
    found.update(f"type:{niveau}" for niveau in profil.niveaux)
    if profil.type == "statut_particulier" and profil.code == ALSACE:
        found.add("transfrontalier")
    if profil.connaissance == "non_engagee" and profil.etape != Etape.PROJET:
        found.add("novice")
    return found | _competence_signals(profil)


_HELD: dict[tuple, frozenset] = {}


def _competence_signals(profil) -> frozenset:
    """Competences held, shared by profiles with the same holders (recorded ones aside)."""
    key = None if profil.connues else profil.holder_key
    if key not in _HELD:
        held = frozenset(f"competence:{c}" for c in COMPETENCES if profil.detention(c).detient_elle_meme)
        if key is None:
            return held
        _HELD[key] = held
    return _HELD[key]


def rank_entry_points(profil, points: list[PointEntree], cache: dict | None = None) -> list[Angle]:
    present = frozenset(signals(profil))
    if cache is not None and present in cache:
        return cache[present]
    angles = {point.code: Angle(point, 0, []) for point in points}
    # In the weights table's order, not the set's: that one changes with each process's seed.
    found = [(signal, weights) for signal, weights in _WEIGHTS_BY_SIGNAL.items() if signal in present]
    for _signal, weights in found:
        for code, weight, reason in weights:
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
    """(open to it in some way or to check, not accessible); prerequisites are left out.
    Profiles in the same situation share their verdicts through `cache` when one is given."""
    key = situation_key(profil) if cache is not None else None
    if key is not None and key in cache:
        return cache[key]
    general = situation_key(profil, competences=False) if cache is not None else None
    possible, excluded = [], []
    for instrument in instruments:
        if instrument.prerequis_seulement:
            continue
        if cache is None:
            verdict = eligibility(profil, instrument.regles)
        else:  # most instruments do not read who holds what: shared by many more situations
            own = (instrument.pk, key if reads_competences(instrument.regles) else general)
            if own not in cache:
                cache[own] = eligibility(profil, instrument.regles)
            verdict = cache[own]
        result = Eligibilite(instrument, verdict)
        (excluded if result.verdict.statut == NON else possible).append(result)
    possible.sort(key=lambda e: (SEVERITY[e.verdict.statut], e.instrument.nom))
    if key is not None:
        cache[key] = (possible, excluded)
    return possible, excluded


def describe(profil) -> str:
    """ "Commune de 1 403 hab. (bourg rural), membre de la CC Pays de Nérondes (4 773 hab.) ; …" """
    parts = [nature(profil)]
    if profil.population is not None:
        parts.append(f" de {intcomma(profil.population)}\u00a0hab.")
    if profil.libelle_densite:
        parts.append(f" ({profil.libelle_densite})")
    if profil.epci_nom:
        epci_population = f" ({intcomma(profil.epci_population)}\u00a0hab.)" if profil.epci_population else ""
        # The communes of the Métropole de Lyon are on its territory, not its members.
        link = "sur le territoire de" if profil.epci_categorie == "MET69" else "membre de"
        parts.append(f", {link} {_with_article(profil.epci_nom)}{epci_population}")
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
    return "".join(parts) + "." + _engagement(profil)


def _with_article(nom: str) -> str:
    """ "la CC Pays de Nérondes", "la Métropole de Lyon", but "Tours Métropole Val de Loire"."""
    if nom.startswith(("CC ", "CA ", "CU ", "Communauté", "Métropole")):
        return f"la {nom}"
    return f"l'{nom}" if nom[:1] in "AEÉIOUaeéiou" else nom


ATLAS = "l'Atlas français de la coopération décentralisée, sur cncd.fr"


def _engagement(profil) -> str:
    if profil.connaissance == "engagee":
        return " Engagée à l'international à la connaissance du réseau."
    if profil.connaissance == "non_engagee":
        return " Pas encore engagée à l'international à la connaissance du réseau."
    if profil.grande:
        return (
            " Son engagement international est inconnu du réseau, mais une collectivité de cette taille"
            f" a probablement déjà une action internationale : à vérifier dans {ATLAS}."
        )
    return f" Son engagement international est inconnu du réseau (à vérifier, par exemple dans {ATLAS})."


def nature(profil) -> str:
    """What the collectivité is, as its statute names it."""
    special = statuts.nature(profil.type, profil.code)
    if special:
        return special
    if profil.unite_outre_mer:
        return profil.unite_outre_mer[0]
    if profil.type == "epci":
        return CategorieEPCI(profil.categorie_epci).label if profil.categorie_epci else "Intercommunalité"
    return {"commune": "Commune", "departement": "Département", "region": "Région"}.get(
        profil.type, "Collectivité"
    )


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
