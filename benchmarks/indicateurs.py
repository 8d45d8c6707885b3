"""Benchmark: the indicators of ateliers, with all of France and a réseau with a history.

Run with `.venv/bin/python benchmarks/indicateurs.py [--court] [postgres-url]`. Data: the
réseau's pipeline holds 3,000 stage changes, 6,000 exchanges and 400 engagement facts spread
over the région's communes; then 200 ateliers in one year with 50,000 participants in all
(300 invitees, 270 registered and 250 present each, three answers in four, their relances).
Short mode: 10 ateliers of 25 participants, a smaller history.

Floors, measured in the same run, the bare SQL reading the same rows:
- one atelier: its invitations, registrations and answers, nothing computed;
- dashboard: the year's ateliers with the invitations, registrations and answers of all of them.

Targets (issue 23): one atelier's indicators ≤ 60 ms with 200 ateliers existing; the
indicators dashboard ≤ 300 ms (median wall time). The yearly bilan's rows are in `bilan.py`.
"""

import datetime
import random
import statistics
import tempfile
import time

from commun import analyse, bare_sql, database_argument, finish, setup_django, size, verdict

RUNS = size(11, 3)
YEAR = 2025
ATELIERS, PRESENT = size(200, 10), size(250, 25)
HISTORY = size(1, 0.1)  # share of the full history (3,000 changes, 6,000 exchanges, 400 facts)


def _moment(day: datetime.date):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def load_history(rng: random.Random, reseau, communes: list[int]) -> None:
    from passerelles.mobilisation.models import ChangementEtape, Etape, FaitEngagement, Interaction

    start = datetime.date(2020, 1, 1)
    stages = [e.value for e in Etape if e != Etape.INCONNUE]
    ChangementEtape.objects.bulk_create(
        ChangementEtape(
            reseau=reseau,
            collectivite_id=rng.choice(communes),
            ancienne="inconnue",
            nouvelle=rng.choice(stages),
            motif="historique (banc d'essai)",
        )
        for _ in range(int(3000 * HISTORY))
    )
    for change in ChangementEtape.objects.filter(reseau=reseau).only("pk"):
        change.quand = _moment(start + datetime.timedelta(days=rng.randrange(0, 2100)))
    ChangementEtape.objects.bulk_update(
        ChangementEtape.objects.filter(reseau=reseau), ["quand"], batch_size=1000
    )
    Interaction.objects.bulk_create(
        (
            Interaction(
                reseau=reseau,
                type="appel",
                date=start + datetime.timedelta(days=rng.randrange(0, 2100)),
                sujet=f"Échange {n}",
                collectivite_id=rng.choice(communes),
            )
            for n in range(int(6000 * HISTORY))
        ),
        batch_size=2000,
    )
    FaitEngagement.objects.bulk_create(
        FaitEngagement(
            reseau=reseau,
            collectivite_id=pk,
            type="jumelage",
            intitule="Jumelage (banc d'essai)",
            source="banc",
        )
        for pk in rng.sample(communes, int(400 * HISTORY))
    )


def load_atelier(rng, reseau, user, communes, *, date, titre, invitees: int, registered: int, present: int):
    from passerelles.ateliers.inscriptions.models import Inscription
    from passerelles.ateliers.invitations.models import Invitation
    from passerelles.ateliers.preparation.models import Atelier
    from passerelles.ateliers.suivi.models import Questionnaire, Reponse
    from passerelles.mobilisation.models import Relance

    atelier = Atelier.objects.create(
        reseau=reseau,
        titre=titre,
        date=date,
        heure_debut=datetime.time(9),
        heure_fin=datetime.time(12),
        statut="realise",
        responsable=user,
    )
    chosen = rng.sample(communes, max(invitees // 3, present // 2))
    Invitation.objects.bulk_create(
        Invitation(
            reseau=reseau,
            atelier=atelier,
            email=f"i{n}@{titre[:6]}.example",
            collectivite_id=chosen[n % len(chosen)],
        )
        for n in range(invitees)
    )
    inscriptions = Inscription.objects.bulk_create(
        Inscription(
            reseau=reseau,
            atelier=atelier,
            nom=f"Participant {n} (banc)",
            email=f"p{n}@{atelier.pk}.example",
            collectivite_id=chosen[n % (present // 2)],
            present=n < present,
            source="sur_place" if n % 25 == 0 else "lien_personnel",
        )
        for n in range(registered)
    )
    questionnaire = Questionnaire.objects.create(reseau=reseau, atelier=atelier, ferme_le=date)
    Reponse.objects.bulk_create(
        Reponse(
            reseau=reseau,
            questionnaire=questionnaire,
            inscription=inscription,
            valeurs={
                "satisfaction": rng.randint(1, 5),
                "trop_technique": rng.random() < 0.3,
                "trop_institutionnel": rng.random() < 0.6,
            },
            repondu_le=_moment(date),
        )
        for inscription in inscriptions[: present * 3 // 4]
    )
    Relance.objects.bulk_create(
        Relance(
            reseau=reseau,
            titre=f"Suivi {n}",
            echeance=date + datetime.timedelta(days=15 * (1 + n % 3)),
            responsable=user,
            collectivite_id=chosen[n % len(chosen)],
            origine=f"atelier:{atelier.pk}:j{n}:{n}",
        )
        for n in range(present // 2)
    )
    return atelier


def timed(function) -> "Mesure":
    """Median wall time, and median CPU time of this process: on a machine shared with other
    work, the second shows what the code itself costs."""
    function()
    wall, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return Mesure(statistics.median(wall), statistics.median(cpu))


class Mesure:
    def __init__(self, wall: float, cpu: float):
        self.wall, self.cpu = wall, cpu

    def __str__(self) -> str:
        return f"{self.wall:.1f} ms (CPU {self.cpu:.1f} ms)"


def page_time(client, url: str) -> "Mesure":
    def get():
        assert client.get(url).status_code == 200

    return timed(get)


def load_year(rng, reseau, user, communes, count: int, start: int = 0, present: int = PRESENT) -> list:
    """`count` ateliers of the year YEAR, numbered from `start`, each with `present` people
    present (and a little more invited and registered)."""
    return [
        load_atelier(
            rng,
            reseau,
            user,
            communes,
            date=datetime.date(YEAR, 1 + n % 12, 1 + n % 28),
            titre=f"Atelier {n}",
            invitees=present * 6 // 5,
            registered=present * 27 // 25,
            present=present,
        )
        for n in range(start, start + count)
    ]


def rows_of(atelier_ids: list[int]) -> list[tuple[str, list]]:
    """The bare SQL reading what indicators are made of, for these ateliers."""
    from passerelles.ateliers.inscriptions.models import Inscription
    from passerelles.ateliers.invitations.models import Invitation
    from passerelles.ateliers.preparation.models import Atelier
    from passerelles.ateliers.suivi.models import Questionnaire, Reponse

    ids = ", ".join(str(pk) for pk in atelier_ids)
    return [
        (f"SELECT * FROM {Atelier._meta.db_table} WHERE id IN ({ids})", []),
        (
            f"SELECT atelier_id, collectivite_id, contact_id FROM {Invitation._meta.db_table} "
            f"WHERE atelier_id IN ({ids})",
            [],
        ),
        (
            f"SELECT atelier_id, etat, present, source, collectivite_id, role_id, qualite "
            f"FROM {Inscription._meta.db_table} WHERE atelier_id IN ({ids})",
            [],
        ),
        (
            f"SELECT q.atelier_id, r.valeurs FROM {Reponse._meta.db_table} r "
            f"JOIN {Questionnaire._meta.db_table} q ON q.id = r.questionnaire_id "
            f"WHERE q.atelier_id IN ({ids})",
            [],
        ),
    ]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(database_argument(tmp))
        from django.contrib.auth import get_user_model
        from django.test import Client

        from passerelles.ateliers.inscriptions.models import Inscription
        from passerelles.ateliers.suivi.indicateurs import atelier_indicateurs
        from passerelles.core.models import Reseau
        from passerelles.territoires.models import Collectivite

        rng = random.Random(9)
        reseau = Reseau.objects.get(slug="centraider")
        user = get_user_model().objects.get(username="demo")
        communes = list(
            Collectivite.objects.filter(type="commune", region=reseau.region).values_list("id", flat=True)
        )
        load_history(rng, reseau, communes)
        ateliers = load_year(rng, reseau, user, communes, ATELIERS)
        analyse()
        # The year's last atelier: all the others came before it, in the réseau's history it reads.
        one = max(ateliers, key=lambda atelier: (atelier.date, atelier.pk))
        year = [a.pk for a in ateliers]
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        measures = {
            "one": timed(lambda: atelier_indicateurs(one)),
            "one floor": timed(bare_sql(rows_of([one.pk]))),
            "one page": page_time(client, f"/ateliers/{one.pk}/indicateurs/"),
            "dashboard": page_time(client, f"/ateliers/tableau/?debut={YEAR}-01-01&fin={YEAR}-12-31"),
            "year floor": timed(bare_sql(rows_of(year))),
        }
        participants = Inscription.objects.filter(atelier__date__year=YEAR, present=True).count()
    print(f"data: all of France; {ATELIERS} ateliers in {YEAR}, {participants} participants")
    for name, mesure in measures.items():
        print(f"  {name:<11} {mesure}")
    floor, year_floor = measures["one floor"].wall, measures["year floor"].wall
    verdict(
        f"one atelier's indicators, {ATELIERS} ateliers existing",
        measures["one"].wall,
        "ms",
        floor=floor,
        target=60,
    )
    what = f"{ATELIERS} ateliers, {participants} participants"
    verdict(f"indicators dashboard, {what}", measures["dashboard"].wall, "ms", floor=year_floor, target=300)
    finish()


if __name__ == "__main__":
    main()
