"""Peers who could testify: engaged collectivités of similar type and size, nearest first."""

import math
from dataclasses import dataclass

from passerelles.mobilisation.models import ETAPES_ENGAGEES, FaitEngagement, Mobilisation
from passerelles.territoires.models import Collectivite

from .profil import profiles

SIMILAR_SIZE_RATIO = 5  # a peer between a fifth and five times the population is "of similar size"
MAX_PEERS = 5


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
        .filter(type__in=["cooperation", "jumelage", "autre"])
        .values_list("collectivite_id", flat=True)
    ) | set(
        Mobilisation.objects.for_reseau(reseau)
        .filter(etape__in=ETAPES_ENGAGEES)
        .values_list("collectivite_id", flat=True)
    )
    return profiles(reseau=reseau, collectivites=Collectivite.objects.filter(id__in=ids))


def peers_for(profil, engaged: dict, limit: int = MAX_PEERS) -> list[Pair]:
    found = []
    for other in engaged.values():
        if other.id == profil.id:
            continue
        similar = bool(profil.population and other.population) and (
            1 / SIMILAR_SIZE_RATIO <= other.population / profil.population <= SIMILAR_SIZE_RATIO
        )
        found.append(Pair(other, distance_km(profil, other), other.type == profil.type, similar))
    found.sort(
        key=lambda p: (
            not (p.meme_type and p.taille_comparable),
            not p.meme_type,
            p.distance_km is None,
            p.distance_km or 0,
        )
    )
    return found[:limit]
