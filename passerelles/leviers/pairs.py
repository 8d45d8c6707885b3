"""Peers who could testify: engaged collectivités ranked by likeness — its own intercommunality
first, then same type, size and rurality —, nearest first within each degree of likeness, none
farther than a day's return trip."""

import math
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from django.db.models import Case, IntegerField, Q, Value, When

from passerelles.mobilisation.models import ETAPES_ENGAGEES, FaitEngagement, Mobilisation
from passerelles.mobilisation.services import FAITS_ENGAGEMENT
from passerelles.territoires.models import RURAL_DENSITES, Collectivite, TypeCollectivite

from .profil import profiles

SIMILAR_SIZE_RATIO = 5  # a peer between a fifth and five times the population is "of similar size"
MAX_PEERS = 5
# Beyond this, a peer is not « nearby »: a testimony at a workshop means a trip there and back in
# a day. A peer 7,000 km away (Cayenne for a commune of the Cher) is no peer: the page says so.
MAX_DISTANCE_KM = 150
KM_PAR_DEGRE = 111.0


@dataclass
class Pair:
    """A peer: its profile carries the réseau's engagement facts about it (what the panel
    says of a peer), not its stage nor who holds its competences."""

    profil: object
    distance_km: float | None
    meme_type: bool
    taille_comparable: bool
    meme_ruralite: bool = False
    son_intercommunalite: bool = False


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
    """Collectivités the réseau knows to act abroad: an engagement fact or an engaged stage.
    Read from the réseau's own rows (one list of ids), then each collectivité by its key: a
    test per collectivité would read all 39,000 of them on every page."""
    facts = FaitEngagement.objects.for_reseau(reseau).filter(type__in=FAITS_ENGAGEMENT)
    stages = Mobilisation.objects.for_reseau(reseau).filter(etape__in=ETAPES_ENGAGEES)
    ids = facts.order_by().values("collectivite_id").union(stages.order_by().values("collectivite_id"))
    return Collectivite.objects.filter(pk__in=ids)


def peers_for(profil, reseau, limit: int = MAX_PEERS) -> list[Pair]:
    """The `limit` best peers within MAX_DISTANCE_KM (or at an unknown distance), by degree of
    likeness: its own intercommunality (the seed's rural testimony came from the CC), then same
    type, similar size and same rurality, same type and size, same type and rurality, same type,
    then any; nearest first within each (unknown distances last), the smallest id on a tie. An
    empty list means the réseau knows no peer nearby.

    Two queries whatever the number of engaged collectivités: those inside the box around it,
    read by degree of likeness, and those without a position. Distances are measured degree by
    degree, and no further once `limit` peers of likelier degrees are found: a commune of the Cher
    has more than a thousand engaged collectivités in its box, most of them of a degree it never
    reaches."""
    others = engaged(reseau).exclude(pk=profil.id).annotate(rang=_likeness(profil))
    located = others.exclude(latitude=None).exclude(longitude=None)
    ranked: list[tuple[int, bool, float, int]] = []
    if profil.latitude is not None and profil.longitude is not None:
        unknown = _unlocated(others.filter(Q(latitude=None) | Q(longitude=None)), limit)
        inside = located.filter(**_box(profil, MAX_DISTANCE_KM)).order_by("rang")
        rows = inside.values_list("rang", "pk", "latitude", "longitude")
        for rang, group in groupby(rows, key=itemgetter(0)):
            if len(ranked) + sum(1 for likelier, *_ in unknown if likelier < rang) >= limit:
                break  # every row left is of this degree or a less likely one
            for _, pk, latitude, longitude in group:
                distance = haversine_km(profil.latitude, profil.longitude, latitude, longitude)
                if distance <= MAX_DISTANCE_KM:
                    ranked.append((rang, False, distance, pk))
        ranked += unknown
    else:
        ranked += _unlocated(others, limit)  # no distance can be measured: likeness alone
    chosen = [(pk, None if unknown else distance) for _, unknown, distance, pk in sorted(ranked)[:limit]]
    found = profiles(
        reseau=reseau,
        collectivites=Collectivite.objects.filter(id__in=[pk for pk, _ in chosen]),
        facts_only=True,
    )
    return [_pair(profil, found[pk], distance) for pk, distance in chosen]


def _unlocated(others, limit: int) -> list[tuple[int, bool, float, int]]:
    """The `limit` likest of `others`, whose distance is unknown: after the measured ones of
    their degree."""
    return [
        (rang, True, 0.0, pk) for pk, rang in others.order_by("rang", "pk").values_list("pk", "rang")[:limit]
    ]


def _likeness(profil) -> Case:
    """0 for its own intercommunality, then 1 to 5 from the likest to any other collectivité."""
    own = Q(pk=profil.epci_id) if profil.epci_id else Q(pk__in=[])
    same_type, similar, rural = Q(type=profil.type), _similar_size(profil), _same_rurality(profil)
    return Case(
        When(own, then=Value(0)),
        When(same_type & similar & rural, then=Value(1)),
        When(same_type & similar, then=Value(2)),
        When(same_type & rural, then=Value(3)),
        When(same_type, then=Value(4)),
        default=Value(5),
        output_field=IntegerField(),
    )


def _same_rurality(profil) -> Q:
    """Rural in INSEE's sense (levels 5 to 7) like it, or urban like it; unknown matches nothing."""
    if profil.rurale is None:
        return Q(pk__in=[])
    if profil.rurale:
        return Q(densite__in=RURAL_DENSITES)
    return Q(densite__in=[level for level in range(1, 8) if level not in RURAL_DENSITES])


def _similar_size(profil) -> Q:
    if not profil.population:
        return Q(pk__in=[])
    field = "population_totale" if profil.type == TypeCollectivite.EPCI else "population_municipale"
    low, high = math.ceil(profil.population / SIMILAR_SIZE_RATIO), profil.population * SIMILAR_SIZE_RATIO
    return Q(**{f"{field}__gte": low, f"{field}__lte": high})


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
    return Pair(
        other,
        distance,
        other.type == profil.type,
        similar,
        meme_ruralite=profil.rurale is not None and other.rurale == profil.rurale,
        son_intercommunalite=other.id == profil.epci_id,
    )
