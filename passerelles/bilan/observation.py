"""The territory observed: which collectivités of the région act abroad, by département and by
kind, from the facts the réseau recorded (each with its source) and the dossiers it saw
« retenu »; and the « effet levier » of those dossiers. An amount nobody recorded is unknown,
never 0."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Q
from django.urls import reverse

from passerelles.accompagnement.models import ChangementDossier, Dossier, Etat
from passerelles.mobilisation.models import FaitEngagement, TypeFait
from passerelles.territoires.cartes import Zone, carte
from passerelles.territoires.models import Collectivite, TypeCollectivite

COOPERATION, JUMELAGE, UN_POURCENT, APD = "cooperation", "jumelage", "un_pourcent", "declaration_apd"
ENGAGEMENTS = {
    COOPERATION: "Coopération",
    JUMELAGE: "Jumelage",
    UN_POURCENT: "« 1 % »",
    APD: "Déclaration e-APD",
}
FACT_KINDS = {TypeFait.COOPERATION: COOPERATION, TypeFait.JUMELAGE: JUMELAGE, TypeFait.DECLARATION_APD: APD}
# A dossier « retenu » is engagement of the kind its instrument funds; the catalogue's other
# instruments (DCTCIV, FICOL, « Clés en main », Erasmus, LEADER…) fund cooperation projects.
INSTRUMENT_KINDS = {
    "town-twinning": JUMELAGE,
    "fonds-citoyen-franco-allemand": JUMELAGE,
    "un-pour-cent-eau": UN_POURCENT,
    "un-pour-cent-energie": UN_POURCENT,
    "un-pour-cent-dechets": UN_POURCENT,
    "un-pour-cent-mobilite": UN_POURCENT,
    "e-apd": APD,
}
REGION_ROW = ("—", "La région elle-même")


@dataclass
class Engagement:
    """One piece of evidence: a collectivité acting abroad in some years, and where we read it."""

    collectivite_id: int
    kind: str
    debut: int | None
    fin: int | None
    source: str
    intitule: str
    illustratif: bool = False

    def current_in(self, year: int) -> bool:
        return (self.debut is None or self.debut <= year) and (self.fin is None or self.fin >= year)


@dataclass
class Ligne:
    code: str
    nom: str
    engagees: set = field(default_factory=set)
    par_type: dict = field(default_factory=lambda: defaultdict(set))
    debut: set = field(default_factory=set)
    fin: set = field(default_factory=set)

    def cells(self) -> dict:
        return {
            "code": self.code,
            "nom": self.nom,
            "engagees": len(self.engagees),
            **{kind: len(self.par_type[kind]) for kind in ENGAGEMENTS},
            "commencees": len(self.debut),
            "arretees": len(self.fin),
        }


def engagements(reseau) -> list[Engagement]:
    """Every engagement the réseau knows of in its région: facts, then dossiers « retenu »."""
    in_region = Q(collectivite__region=reseau.region) | Q(collectivite=reseau.region)
    facts = FaitEngagement.objects.for_reseau(reseau).filter(in_region, type__in=FACT_KINDS)
    found = [
        Engagement(pk, FACT_KINDS[type_], debut, fin, source, intitule, illustratif)
        for pk, type_, debut, fin, source, intitule, illustratif in facts.values_list(
            "collectivite_id", "type", "annee_debut", "annee_fin", "source", "intitule", "illustratif"
        )
    ]
    for dossier in dossiers_retenus(reseau).filter(in_region):
        found.append(
            Engagement(
                dossier["collectivite_id"],
                INSTRUMENT_KINDS.get(dossier["instrument__code"], COOPERATION),
                dossier["retenu_le"].year,
                None,
                f"Dossier retenu le {dossier['retenu_le']:%d/%m/%Y} ({dossier['instrument__nom']})",
                dossier["instrument__nom"],
            )
        )
    return found


def dossiers_retenus(reseau):
    """Dossiers « retenu », with the moment of that decision (their latest move to it)."""
    return (
        Dossier.objects.for_reseau(reseau)
        .filter(etat=Etat.RETENU)
        .annotate(retenu_le=Max("changements__quand", filter=Q(changements__nouvel=Etat.RETENU)))
        .filter(retenu_le__isnull=False)
        .values(
            "id",
            "collectivite_id",
            "instrument__code",
            "instrument__nom",
            "retenu_le",
            "montant_accorde",
            "part_collectivite",
        )
    )


def territoire_observe(reseau, year: int) -> dict:
    """Engaged collectivités in `year`, by département and by kind of collectivité; those whose
    engagement began that year, and those whose engagement ended that year with none left."""
    known = engagements(reseau)
    places = _places({e.collectivite_id for e in known})
    departements, types = {}, {}
    current, began = defaultdict(set), set()
    for engagement in known:
        if engagement.current_in(year):
            current[engagement.collectivite_id].add(engagement.kind)
        if engagement.debut == year:
            began.add(engagement.collectivite_id)
    still = {e.collectivite_id for e in known if e.current_in(year + 1)}
    ended = {e.collectivite_id for e in known if e.fin == year} - still
    for pk in {e.collectivite_id for e in known}:
        place = places[pk]
        code, nom = _departement_of(place)
        for table, key, label in (
            (departements, code, nom),
            (types, place["type"], TypeCollectivite(place["type"]).label),
        ):
            line = table.setdefault(key, Ligne(key, label))
            if pk in current:
                line.engagees.add(pk)
                for kind in current[pk]:
                    line.par_type[kind].add(pk)
            if pk in began:
                line.debut.add(pk)
            if pk in ended:
                line.fin.add(pk)
    total = Ligne("", "Ensemble")
    for line in departements.values():
        total.engagees |= line.engagees
        total.debut |= line.debut
        total.fin |= line.fin
        for kind in ENGAGEMENTS:
            total.par_type[kind] |= line.par_type[kind]
    sources = sorted(
        (
            {
                "collectivite": places[e.collectivite_id]["nom"],
                "type": ENGAGEMENTS[e.kind],
                "intitule": e.intitule,
                "periode": _period(e),
                "source": e.source,
                "illustratif": e.illustratif,
            }
            for e in known
            if e.current_in(year) or e.fin == year
        ),
        key=lambda row: (row["collectivite"], row["type"]),
    )
    return {
        "total": total.cells(),
        "par_departement": [departements[code].cells() for code in sorted(departements)],
        "par_type": [types[key].cells() for key in TypeCollectivite.values if key in types],
        "engagees_ids": set(current),
        "commencees_ids": began,
        "sources": sources,
        "illustratif": any(e.illustratif for e in known),
    }


def carte_engagement(reseau, observed: dict, year: int) -> dict | None:
    """The région's map with its communes engaged in `year`, those that began that year apart;
    the other communes stay blank. None where the région has no outlines."""
    communes = Collectivite.objects.filter(id__in=observed["engagees_ids"], type=TypeCollectivite.COMMUNE)
    began = observed["commencees_ids"]
    # One reverse() for hundreds of communes: their pages differ only by the code at the end.
    lien = reverse("territoires:detail", kwargs={"type": TypeCollectivite.COMMUNE, "code": "0"})[:-2]
    zones = [
        Zone(
            formes=(code,),
            classe="engagement--commence" if pk in began else "engagement--oui",
            titre=f"{nom} — engagement commencé en {year}" if pk in began else f"{nom} — engagée",
            lien=f"{lien}{code}/",
        )
        for pk, code, nom in communes.values_list("id", "code", "nom")
    ]
    departements = Collectivite.objects.filter(
        type=TypeCollectivite.DEPARTEMENT, region=reseau.region, actif=True
    ).values_list("code", flat=True)
    drawn = carte(list(departements), zones)
    if drawn is None:
        return None
    map_, missing = drawn
    return {
        "svg": map_.svg(
            titre_id="titre-carte-engagement",
            description=f"Communes de la région engagées à l'international en {year}, d'après les faits "
            "et dossiers enregistrés ; survolez-en une pour son nom.",
        ),
        "commencees": sum(zone.classe == "engagement--commence" for _, zone in map_.zones),
        "engagees": sum(zone.classe == "engagement--oui" for _, zone in map_.zones),
        "sans_contour": len(missing),
    }


def _period(engagement: Engagement) -> str:
    if engagement.debut is None and engagement.fin is None:
        return "dates inconnues"
    return f"{engagement.debut or 'début inconnu'} – {engagement.fin or 'en cours'}"


def _places(ids: set[int]) -> dict[int, dict]:
    rows = Collectivite.objects.filter(id__in=ids).values(
        "id", "type", "code", "nom", "departement__code", "departement__nom"
    )
    return {row["id"]: row for row in rows}


def _departement_of(place: dict) -> tuple[str, str]:
    if place["type"] == TypeCollectivite.DEPARTEMENT:
        return place["code"], place["nom"]
    if place["departement__code"]:
        return place["departement__code"], place["departement__nom"]
    return REGION_ROW


# --- effet levier ---


def effet_levier(reseau) -> dict:
    """Euros granted from outside for each euro the collectivités put in, on dossiers
    « retenu » whose two amounts are known; by instrument and by year of the decision."""
    rows = list(dossiers_retenus(reseau))
    by_instrument, by_year = defaultdict(list), defaultdict(list)
    for row in rows:
        by_instrument[row["instrument__nom"]].append(row)
        by_year[row["retenu_le"].year].append(row)
    return {
        "ensemble": levier_of(rows),
        "par_instrument": [
            {"nom": name, **levier_of(group)} for name, group in sorted(by_instrument.items())
        ],
        "par_annee": [{"annee": year, **levier_of(group)} for year, group in sorted(by_year.items())],
    }


def levier_of(rows: list[dict]) -> dict:
    known = [r for r in rows if r["montant_accorde"] is not None and r["part_collectivite"] is not None]
    granted = sum((r["montant_accorde"] for r in known), Decimal(0))
    own = sum((r["part_collectivite"] for r in known), Decimal(0))
    return {
        "retenus": len(rows),
        "connus": len(known),
        "inconnus": len(rows) - len(known),
        "accorde": granted if known else None,
        "part": own if known else None,
        "total": granted + own if known else None,
        # No euro of their own put in: a ratio would be infinite, so it is not given.
        "ratio": float(granted / own) if known and own else None,
    }


def moves_in(reseau, since, until):
    """Every state change of a dossier within [since, until)."""
    return ChangementDossier.objects.for_reseau(reseau).filter(quand__gte=since, quand__lt=until)
