"""Peers who could testify: engaged collectivités of similar type and size, nearest first."""

import math
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from passerelles.mobilisation.models import ETAPES_ENGAGEES, FaitEngagement, Mobilisation
from passerelles.mobilisation.services import FAITS_ENGAGEMENT
from passerelles.territoires.models import Collectivite, TypeCollectivite

from .profil import profiles

SIMILAR_SIZE_RATIO = 5  # a peer between a fifth and five times the population is "of similar size"
MAX_PEERS = 5
# Nearest peers are looked for in growing boxes around the collectivité (km): most pages find
# five within the first, without measuring the distance to every engaged collectivité.
RAYONS_KM = (30, 120, 500)
KM_PAR_DEGRE = 111.0


@dataclass
class Pair:
    profil: object
    distance_km: float | None
    meme_type: bool
    taille_comparable: bool


def haversine_km(latitude1: float, longitude1: float, latitude2: float, longitude2: float) -> float:
    lat1, lat2 = math.radians(latitude1), math.radians(latitude2)
    dlat, dlon = lat2 - lat1, math.radians(longitude2 - longitude1)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return round(2 * 6371 * math.asin(math.sqrt(h)), 1)


def distance_km(a, b) -> float | None:
    """Between two things that have a latitude and a longitude (profiles, collectivités)."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def engaged_profiles(reseau) -> dict:
    ids = set(
        FaitEngagement.objects.for_reseau(reseau)
        .filter(type__in=FAITS_ENGAGEMENT)
        .values_list("collectivite_id", flat=True)
    ) | set(
        Mobilisation.objects.for_reseau(reseau)
        .filter(etape__in=ETAPES_ENGAGEES)
        .values_list("collectivite_id", flat=True)
    )
    return profiles(reseau=reseau, collectivites=Collectivite.objects.filter(id__in=ids))


def engaged(reseau):
    """Collectivités the réseau knows to act abroad: an engagement fact or an engaged stage."""
    facts = FaitEngagement.objects.for_reseau(reseau).filter(
        type__in=FAITS_ENGAGEMENT, collectivite=OuterRef("pk")
    )
    stages = Mobilisation.objects.for_reseau(reseau).filter(
        etape__in=ETAPES_ENGAGEES, collectivite=OuterRef("pk")
    )
    return Collectivite.objects.filter(Exists(facts) | Exists(stages))


def peers_for(profil, reseau, limit: int = MAX_PEERS) -> list[Pair]:
    """The `limit` best peers: same type and similar size first, then same type, then any;
    nearest first within each (unknown distances last), the smallest id on a tie."""
    others = engaged(reseau).exclude(pk=profil.id)
    same_type = others.filter(type=profil.type)
    similar = _similar_size(profil)
    groups = [same_type.filter(similar), same_type.exclude(similar), others.exclude(type=profil.type)]
    chosen: list[tuple[int, float | None]] = []
    for group in groups:
        if len(chosen) < limit:
            chosen += _nearest(profil, group, limit - len(chosen))
    found = profiles(
        reseau=reseau, collectivites=Collectivite.objects.filter(id__in=[pk for pk, _ in chosen])
    )
    return [_pair(profil, found[pk], distance) for pk, distance in chosen]


def _similar_size(profil) -> Q:
    if not profil.population:
        return Q(pk__in=[])
    field = "population_totale" if profil.type == TypeCollectivite.EPCI else "population_municipale"
    low, high = math.ceil(profil.population / SIMILAR_SIZE_RATIO), profil.population * SIMILAR_SIZE_RATIO
    return Q(**{f"{field}__gte": low, f"{field}__lte": high})


def _nearest(profil, group, wanted: int) -> list[tuple[int, float | None]]:
    located = group.exclude(latitude=None).exclude(longitude=None)
    if profil.latitude is None or profil.longitude is None:
        found = []
    else:
        found = _within_growing_boxes(profil, located, wanted)
    if len(found) < wanted:
        unlocated = group.filter(Q(latitude=None) | Q(longitude=None)).order_by("pk")
        found += [(pk, None) for pk in unlocated.values_list("pk", flat=True)[: wanted - len(found)]]
    return found


def _within_growing_boxes(profil, located, wanted: int) -> list[tuple[int, float]]:
    for radius in (*RAYONS_KM, None):
        rows = located if radius is None else located.filter(**_box(profil, radius))
        measured = sorted(
            (haversine_km(profil.latitude, profil.longitude, latitude, longitude), pk)
            for pk, latitude, longitude in rows.values_list("pk", "latitude", "longitude")
        )
        inside = [(pk, distance) for distance, pk in measured if radius is None or distance <= radius]
        if len(inside) >= wanted or radius is None:
            return inside[:wanted]
    return []


def _box(profil, radius: float) -> dict:
    dlat = radius / KM_PAR_DEGRE
    dlon = radius / (KM_PAR_DEGRE * max(math.cos(math.radians(profil.latitude)), 0.01))
    return {
        "latitude__range": (profil.latitude - dlat, profil.latitude + dlat),
        "longitude__range": (profil.longitude - dlon, profil.longitude + dlon),
    }


def _pair(profil, other, distance: float | None) -> Pair:
    similar = bool(profil.population and other.population) and (
        1 / SIMILAR_SIZE_RATIO <= other.population / profil.population <= SIMILAR_SIZE_RATIO
    )
    return Pair(other, distance, other.type == profil.type, similar)
