"""What a réseau had recorded about each collectivité, with dates, read once per page.

Dates that count, decided once for all indicators:
- « avant l'atelier » means strictly before the atelier's day (an exchange on the day is the
  atelier itself);
- an exchange counts at its `Interaction.date`; a stage at its `ChangementEtape.quand`;
- an engagement fact counts from the day the réseau recorded it (`FaitEngagement.cree_le`),
  not from `annee_debut` nor `date_source`: the measure is what the réseau knew the day of the
  atelier, and a jumelage since 1985 recorded after the atelier was unknown to it that day.
  Whether a collectivité was far from international action, though, is a fact about it, not
  about the réseau's knowledge: a jumelage since 1985 recorded later still means it was not.
"""

import bisect
import calendar
import datetime
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter

from django.db.models import Min
from django.utils import timezone

from passerelles.mobilisation.models import (
    PREUVES_OBSERVEES,
    ChangementEtape,
    Etape,
    FaitEngagement,
    Interaction,
)
from passerelles.mobilisation.services import FAITS_ENGAGEMENT

NOUVELLE, CONNUE, ENGAGEE = "nouvelle", "connue", "engagee"
# An engaged stage is the top; « Déjà engagée » is not "further" than « Engagée ».
RANG = {etape.value: min(i, list(Etape).index(Etape.ENGAGEE)) for i, etape in enumerate(Etape)}
# Taking part in an atelier is itself what « Sensibilisée » records: progress is counted
# above it, for participants and comparables alike, so an atelier cannot credit itself.
RANG_SENSIBILISEE = RANG[Etape.SENSIBILISEE]
RANG_ENGAGEE = RANG[Etape.ENGAGEE]
INCONNUE = Etape.INCONNUE.value


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


Timeline = tuple[tuple[float, ...], tuple[str, ...]]  # POSIX timestamps, stages: bisection stays fast


@dataclass
class Historique:
    """Every stage change (and, apart, those observed with evidence), exchanges and facts of
    one réseau; shared by every atelier of a dashboard."""

    etapes: dict[int, Timeline] = field(default_factory=dict)
    observees: dict[int, Timeline] = field(default_factory=dict)
    declaratifs: dict[int, tuple[float, ...]] = field(default_factory=dict)
    premier_echange: dict[int, datetime.date] = field(default_factory=dict)
    premier_fait: dict[int, datetime.date] = field(default_factory=dict)
    # when the first fact showing action abroad was recorded, and the earliest year one began
    premier_engagement: dict[int, datetime.date] = field(default_factory=dict)
    premier_debut: dict[int, int] = field(default_factory=dict)
    # every exchange with a collectivité, by date: (dates, ids) sorted together; None when not read
    echanges: tuple[list[datetime.date], list[int]] | None = ((), ())

    @classmethod
    def of(cls, reseau, collectivite_ids: set[int] | None = None, *, echanges: bool = True) -> "Historique":
        """The réseau's whole history, or only that of `collectivite_ids`: one atelier's page
        then costs the same whatever the réseau's past. Without `echanges`, the exchanges are
        not listed one by one (only a comparison group is drawn from them)."""

        def about(rows):
            return rows if collectivite_ids is None else rows.filter(collectivite_id__in=collectivite_ids)

        history = cls()
        history._read_stages(about(ChangementEtape.objects.for_reseau(reseau)))
        interactions = about(Interaction.objects.for_reseau(reseau).exclude(collectivite=None))
        if echanges:
            dated = sorted(interactions.values_list("date", "collectivite_id"))
            history.echanges = ([d for d, _ in dated], [pk for _, pk in dated])
        else:
            history.echanges = None
        history.premier_echange = dict(
            interactions.values("collectivite_id").annotate(d=Min("date")).values_list("collectivite_id", "d")
        )
        faits = about(FaitEngagement.objects.for_reseau(reseau))
        history.premier_fait = _first_recorded(faits)
        rows = faits.filter(type__in=FAITS_ENGAGEMENT).values_list(
            "collectivite_id", "cree_le", "annee_debut"
        )
        for collectivite_id, recorded, begun in rows:
            recorded = timezone.localdate(recorded)
            first = history.premier_engagement.get(collectivite_id)
            history.premier_engagement[collectivite_id] = recorded if first is None else min(first, recorded)
            if begun is not None:
                earliest = history.premier_debut.get(collectivite_id, begun)
                history.premier_debut[collectivite_id] = min(earliest, begun)
        return history

    def _read_stages(self, changes) -> None:
        """Each collectivité's stages as tuples, built at once from its changes in order:
        tuples of numbers and names the garbage collector soon stops following, where lists
        grown row by row would be scanned again by every full collection of the request."""
        rows = changes.order_by("collectivite_id", "quand", "id").values_list(
            "collectivite_id", "nouvelle", "quand", "preuve"
        )
        for pk, of_one in groupby(rows, key=itemgetter(0)):
            moves = [
                (when.timestamp(), stage, preuve in PREUVES_OBSERVEES) for _, stage, when, preuve in of_one
            ]
            self.etapes[pk] = _timeline(moves)
            observed = [move for move in moves if move[2]]
            if observed:
                self.observees[pk] = _timeline(observed)
            if len(observed) < len(moves):
                self.declaratifs[pk] = tuple(instant for instant, _, seen in moves if not seen)

    def etape_au(self, collectivite_id: int, moment: float) -> str:
        """The stage held just before `moment` (a POSIX timestamp)."""
        timeline = self.etapes.get(collectivite_id)
        if timeline is None:
            return INCONNUE
        position = bisect.bisect_left(timeline[0], moment)
        return timeline[1][position - 1] if position else INCONNUE

    def progres_observe(self, collectivite_id: int, moment: float) -> float | None:
        """When the collectivité was first seen, with evidence, above both the stage it held at
        `moment` and « Sensibilisée » (None if never): moves the software made by itself, and
        declarations without a piece, do not count."""
        instants, stages = self.observees.get(collectivite_id, ((), ()))
        if not instants:
            return None
        floor = max(RANG[self.etape_au(collectivite_id, moment)], RANG_SENSIBILISEE)
        for index in range(bisect.bisect_left(instants, moment), len(instants)):
            if RANG[stages[index]] > floor:
                return instants[index]
        return None

    def declaratifs_entre(self, collectivite_ids, start: float, end: float) -> int:
        """The declared stage moves of these collectivités from `start` to `end` excluded."""
        declaratifs, found = self.declaratifs, 0
        for pk in collectivite_ids:
            instants = declaratifs.get(pk)
            if instants:
                found += bisect.bisect_left(instants, end) - bisect.bisect_left(instants, start)
        return found

    def echanges_entre(self, first: datetime.date, last: datetime.date) -> set[int]:
        """Collectivités with at least one exchange dated from `first` to `last` included."""
        dates, ids = self.echanges
        return set(ids[bisect.bisect_left(dates, first) : bisect.bisect_right(dates, last)])

    def situations(self, collectivite_ids, day: datetime.date) -> dict[int, tuple[str, bool]]:
        """Where each collectivité stood before `day`:
        - new, known or engaged, as the réseau's records stood;
        - whether it was far from international action: no engaged stage before the day, and
          no recorded cooperation, twinning, other action abroad or e-APD declaration that was
          known before it or had begun by its year.
        A dashboard asks it for every collectivité of every atelier (25,000 at 50,000
        participants): one loop, with what it reads bound once."""
        moment = start_of(day).timestamp()
        etapes, premier_echange, premier_fait = self.etapes, self.premier_echange, self.premier_fait
        premier_engagement, premier_debut = self.premier_engagement, self.premier_debut
        found = {}
        for pk in collectivite_ids:
            timeline = etapes.get(pk)
            position = bisect.bisect_left(timeline[0], moment) if timeline else 0
            stage = timeline[1][position - 1] if position else INCONNUE
            engaged = RANG[stage] == RANG_ENGAGEE
            engagement, begun = premier_engagement.get(pk), premier_debut.get(pk)
            known_abroad = (engagement and engagement < day) or (begun is not None and begun <= day.year)
            far = not engaged and not known_abroad
            if engaged or (engagement and engagement < day):
                found[pk] = ENGAGEE, far
                continue
            exchange, fact = premier_echange.get(pk), premier_fait.get(pk)
            known = stage != INCONNUE or (exchange and exchange < day) or (fact and fact < day)
            found[pk] = CONNUE if known else NOUVELLE, far
        return found

    def avant(self, collectivite_id: int, day: datetime.date) -> tuple[str, bool]:
        """Where one collectivité stood before `day` (see `situations`)."""
        return self.situations((collectivite_id,), day)[collectivite_id]

    def statut_avant(self, collectivite_id: int, day: datetime.date) -> str:
        return self.avant(collectivite_id, day)[0]


def _timeline(moves: list[tuple[float, str, bool]]) -> Timeline:
    return tuple(instant for instant, _, _ in moves), tuple(stage for _, stage, _ in moves)


def exchanged_between(reseau, first: datetime.date, last: datetime.date) -> set[int]:
    """Collectivités the réseau had an exchange with from `first` to `last` included."""
    rows = Interaction.objects.for_reseau(reseau).filter(date__range=(first, last)).exclude(collectivite=None)
    return set(rows.order_by().values_list("collectivite_id", flat=True).distinct())


def _first_recorded(faits) -> dict[int, datetime.date]:
    first = faits.values("collectivite_id").annotate(d=Min("cree_le")).values_list("collectivite_id", "d")
    return {pk: timezone.localdate(when) for pk, when in first}
