"""Peers who could testify: engaged collectivités ranked by likeness (its own intercommunality,
type, size, rurality), then nearest first; none from farther than a day's return trip."""

import math
from dataclasses import dataclass

from passerelles.mobilisation.models import ETAPES_ENGAGEES, FaitEngagement, Mobilisation
from passerelles.territoires.models import Collectivite

from .profil import profiles

SIMILAR_SIZE_RATIO = 5  # a peer between a fifth and five times the population is "of similar size"
MAX_PEERS = 5
# Beyond this, a peer is not « nearby »: a testimony at a workshop means a trip there and back in
# a day. A peer 7,000 km away (Cayenne for a commune of the Cher) is no peer: the page says so.
MAX_DISTANCE_KM = 150


@dataclass
class Pair:
    profil: object
    distance_km: float | None
    meme_type: bool
    taille_comparable: bool
    meme_ruralite: bool = False
    son_intercommunalite: bool = False

    @property
    def ressemblance(self) -> int:
        """Its own intercommunality counts double: the seed's rural testimony came from the CC."""
        return 2 * self.son_intercommunalite + self.meme_type + self.taille_comparable + self.meme_ruralite


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
    """Engaged collectivités within MAX_DISTANCE_KM (or at an unknown distance), the likest
    first, then the nearest. An empty list means the réseau knows no peer nearby."""
    found = []
    for other in engaged.values():
        if other.id == profil.id:
            continue
        distance = distance_km(profil, other)
        if distance is not None and distance > MAX_DISTANCE_KM:
            continue
        similar = bool(profil.population and other.population) and (
            1 / SIMILAR_SIZE_RATIO <= other.population / profil.population <= SIMILAR_SIZE_RATIO
        )
        found.append(
            Pair(
                other,
                distance,
                other.type == profil.type,
                similar,
                meme_ruralite=profil.rurale is not None and other.rurale == profil.rurale,
                son_intercommunalite=other.id == profil.epci_id or profil.id == other.epci_id,
            )
        )
    found.sort(key=lambda p: (-p.ressemblance, p.distance_km is None, p.distance_km or 0))
    return found[:limit]
