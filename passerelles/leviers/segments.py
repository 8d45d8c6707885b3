"""Segments: collectivités chosen by filters, counted live, summed up, exported with contacts.

A segment is just its filters (a dict of strings, as in a query string): what an atelier
will invite, and what the builder page edits.
"""

import math
from collections import Counter
from types import SimpleNamespace

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum

from passerelles.contacts.models import Contact
from passerelles.mobilisation.selectors import filter_by_knowledge
from passerelles.territoires import statuts
from passerelles.territoires.cache import shared_matcher
from passerelles.territoires.models import RURAL_DENSITES, Collectivite, TypeCollectivite
from passerelles.territoires.selectors import POPULATION_BANDS, TYPE_FILTERS

from .competences import FULL_EPCI, HELD_BY_FULL_EPCI
from .conseil import advice_for_many
from .models import DetenteurCompetence
from .pairs import distance_km, engaged_profiles, haversine_km
from .regles import A_VERIFIER, LIBELLES, SEVERITY, VIA

T = TypeCollectivite
FILTER_KEYS = (
    "region",
    "departement",
    "epci",
    "type",
    "population",
    "ruralite",
    "etape",
    "avec",
    "sans",
    "competence",
    "centre",
    "rayon_km",
    "roles",
)


def segment_queryset(*, reseau, filtres: dict) -> QuerySet[Collectivite]:
    f = {key: str(filtres.get(key) or "").strip() for key in FILTER_KEYS}
    qs = Collectivite.objects.filter(actif=True)
    qs = qs.filter(TYPE_FILTERS[f["type"] if f["type"] in TYPE_FILTERS else "commune"][1])
    if f["region"]:
        qs = qs.filter(
            Q(region__code=f["region"]) | Q(type=T.REGION, code=f["region"]) | _carrying([f["region"]])
        )
    if f["departement"]:
        codes = [code.strip().upper() for code in f["departement"].replace(",", " ").split()]
        qs = qs.filter(
            Q(departement__code__in=codes) | Q(type=T.DEPARTEMENT, code__in=codes) | _carrying(codes)
        )
    if f["epci"]:
        qs = qs.filter(Q(epci__code=f["epci"]) | Q(type=T.EPCI, code=f["epci"]))
    if f["population"] in POPULATION_BANDS:
        _, low, high = POPULATION_BANDS[f["population"]]
        qs = qs.filter(population_municipale__gte=low)
        qs = qs.filter(population_municipale__lte=high) if high is not None else qs
    if f["ruralite"] == "rural":
        qs = qs.filter(densite__in=RURAL_DENSITES)
    elif f["ruralite"] == "urbain":
        qs = qs.filter(densite__in=[1, 2, 3, 4])
    elif f["ruralite"].isdigit():
        qs = qs.filter(densite=int(f["ruralite"]))
    qs = _by_knowledge(qs, reseau, f)
    if f["centre"] and f["rayon_km"]:
        qs = _within(qs, f["centre"], f["rayon_km"])
    return qs


def _carrying(codes: list[str]) -> Q:
    """The collectivité with a statute of its own that carries these départements or région."""
    carriers = [carrier for code in codes for carrier in statuts.PAR_CODE_DE_PARTIE.get(code, [])]
    return Q(type=T.STATUT_PARTICULIER, code__in=carriers)


def _by_knowledge(qs, reseau, f):
    qs = filter_by_knowledge(qs, reseau=reseau, avec=f["avec"], sans=f["sans"], etape=f["etape"])
    if f["competence"]:
        qs = qs.filter(_holds(reseau, f["competence"]))
    if f["roles"]:
        contacts = Contact.objects.for_reseau(reseau).filter(
            collectivite=OuterRef("pk"), efface_le__isnull=True
        )
        qs = qs.filter(Exists(contacts.filter(role__famille=f["roles"])))
    return qs


def _holds(reseau, competence: str) -> Q:
    """Holds the competence, confirmed by the réseau or presumed from the EPCI category."""
    confirmed = DetenteurCompetence.objects.for_reseau(reseau).filter(
        collectivite=OuterRef("pk"), detenteur=OuterRef("pk"), competence=competence
    )
    categories = list(FULL_EPCI) if competence in HELD_BY_FULL_EPCI else []
    if competence == "dechets":
        categories.append("CC")
    return Q(Exists(confirmed)) | Q(type=T.EPCI, categorie_epci__in=categories)


def _within(qs, centre_text: str, rayon: str):
    try:
        radius = float(rayon.replace(",", "."))
    except ValueError:
        return qs.none()
    match = shared_matcher().match(centre_text)
    if not match.retenu:
        return qs.none()
    centre = Collectivite.objects.get(pk=match.retenu.id)
    if centre.latitude is None:
        return qs.none()
    dlat = radius / 111.0
    dlon = radius / (111.0 * max(math.cos(math.radians(centre.latitude)), 0.01))
    box = qs.filter(
        latitude__range=(centre.latitude - dlat, centre.latitude + dlat),
        longitude__range=(centre.longitude - dlon, centre.longitude + dlon),
    )
    inside = [
        pk
        for pk, lat, lon in box.values_list("id", "latitude", "longitude")
        if haversine_km(centre.latitude, centre.longitude, lat, lon) <= radius
    ]
    return qs.filter(id__in=inside)


def segment_summary(*, reseau, filtres: dict, lieu=None) -> dict:
    """What a workshop for this segment should be about, and who could speak at it.

    Returns a dict:
      taille: number of collectivités; population: their municipal population;
      part_engagee: share engaged abroad as far as the réseau knows (0.0 to 1.0);
      connaissance: {"engagee": n, "non_engagee": n, "inconnue": n} — unknown is not "beginner";
      angles: [(PointEntree, n)], the three entry points most often among each one's first three;
      instruments: [(Instrument, [(route, n), …])] — for each instrument, how many collectivités
        take part by each route, never summed across routes: route is « peut déposer »,
        « accessible via <route> » (for example « accessible via une association du territoire… »)
        or « à vérifier »; instruments none of them can reach are left out; most reachable first;
      intervenants: [(Profil, km or None)], engaged collectivités nearest first, measured from
        `lieu` (the atelier's venue, a Collectivite) when it has a position, else from the
        segment's centre;
      distances_depuis: « le lieu de l’atelier (Bourges) » or « le centre du segment », what the
        distances are measured from (None when no distance can be measured).
    """
    advice = advice_for_many(reseau=reseau, collectivites=segment_queryset(reseau=reseau, filtres=filtres))
    members = {pk: conseil.profil for pk, conseil in advice.items()}
    top_angles, routes = Counter(), {}
    for conseil in advice.values():
        for angle in conseil.angles[:3]:
            top_angles[angle.point] += 1
        for eligible in conseil.possibles:
            verdict = eligible.verdict
            route = f"accessible via {verdict.voie}" if verdict.statut == VIA else LIBELLES[verdict.statut]
            routes.setdefault(eligible.instrument, Counter())[(SEVERITY[verdict.statut], route)] += 1
    instruments = sorted(
        (
            (instrument, [(route, n) for (_, route), n in sorted(counts.items())])
            for instrument, counts in routes.items()
        ),
        key=lambda item: (-sum(n for route, n in item[1] if route != LIBELLES[A_VERIFIER]), item[0].nom),
    )
    knowledge = Counter(p.connaissance for p in members.values())
    return {
        "taille": len(members),
        "population": sum(p.population or 0 for p in members.values()),
        "part_engagee": knowledge["engagee"] / len(members) if members else 0.0,
        "connaissance": {key: knowledge[key] for key in ("engagee", "non_engagee", "inconnue")},
        "angles": top_angles.most_common(3),
        "instruments": instruments,
        **_speakers(reseau, members, lieu),
    }


def _speakers(reseau, members: dict, lieu) -> dict:
    """The five engaged collectivités nearest to the venue (an atelier in Bourges hears Bourges
    first, at 0 km), or to the segment's centre when the venue is unknown or has no position."""
    origin, label = _origin(members, lieu)
    if origin is None:
        return {"intervenants": [], "distances_depuis": None}
    speakers = [
        (p, distance_km(origin, p)) for p in engaged_profiles(reseau).values() if p.latitude is not None
    ]
    speakers.sort(key=lambda item: (item[1], item[0].id))
    return {"intervenants": speakers[:5], "distances_depuis": label}


def _origin(members: dict, lieu) -> tuple:
    if lieu is not None and lieu.latitude is not None and lieu.longitude is not None:
        return lieu, f"le lieu de l’atelier ({lieu.nom})"
    placed = [p for p in members.values() if p.latitude is not None]
    if not placed:
        return None, None
    centre = SimpleNamespace(
        latitude=sum(p.latitude for p in placed) / len(placed),
        longitude=sum(p.longitude for p in placed) / len(placed),
    )
    return centre, "le centre du segment"


def segment_population(qs) -> int:
    return qs.aggregate(total=Sum("population_municipale"))["total"] or 0


def segment_export_rows(*, reseau, filtres: dict) -> tuple[list[str], list[list]]:
    """One row per known contact; a collectivité where nobody is known gets its town hall."""
    members = (
        segment_queryset(reseau=reseau, filtres=filtres)
        .select_related("departement")
        .order_by("departement__code", "nom")
    )
    contacts: dict[int, list[Contact]] = {}
    for contact in (
        Contact.objects.for_reseau(reseau)
        .filter(collectivite__in=members.values("id"), efface_le__isnull=True)
        .select_related("role")
    ):
        contacts.setdefault(contact.collectivite_id, []).append(contact)
    headers = [
        "Collectivité",
        "Type",
        "Code officiel",
        "Département",
        "Population",
        "Contact",
        "Fonction",
        "Rôle",
        "Courriel",
        "Téléphone",
        "Peut recevoir des envois",
        "Nature du contact",
    ]
    rows = []
    for c in members.iterator(2000):
        base = [
            c.nom,
            c.libelle_type,
            c.code,
            c.departement.code if c.departement else "",
            c.population_municipale,
        ]
        for p in contacts.get(c.pk, []):
            rows.append(
                base
                + [
                    p.nom_complet,
                    p.fonction,
                    p.role.libelle if p.role else "",
                    p.email,
                    p.telephone,
                    p.peut_recevoir_des_envois,
                    "personne",
                ]
            )
        if c.pk not in contacts:
            rows.append(
                base
                + [
                    "Mairie" if c.mairie_email else "",
                    "",
                    "",
                    c.mairie_email,
                    c.mairie_telephone,
                    "",
                    "contact institutionnel",
                ]
            )
    return headers, rows
