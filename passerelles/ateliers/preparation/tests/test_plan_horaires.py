"""The programme's times: a sequence that overlaps another or falls outside the atelier's
hours is saved but pointed out, and a new sequence starts where the previous one ended."""

import datetime
import html
import re

import pytest

from passerelles.ateliers.preparation.models import Atelier, Sequence
from passerelles.ateliers.preparation.tests.test_plan import sequence_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def atelier(reseau):
    return Atelier.objects.create(
        reseau=reseau,
        titre="Atelier de sensibilisation",
        date=datetime.date(2027, 3, 16),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
    )


def sequence(atelier, ordre, titre, debut, fin=None):
    return Sequence.objects.create(atelier=atelier, ordre=ordre, titre=titre, debut=debut, fin=fin)


def warnings(page) -> list[str]:
    block = re.search(r'<ul class="avertissements"[^>]*>(.*?)</ul>', page.content.decode(), re.DOTALL)
    if block is None:
        return []
    items = re.findall(r"<li>(.*?)</li>", block.group(1), re.DOTALL)
    return [html.unescape(re.sub(r"[ \n]+", " ", re.sub("<[^>]+>", "", item))).strip() for item in items]


def g(text: str) -> str:
    return f"«\u202f{text}\u202f»"


def test_an_overlapping_sequence_is_saved_and_pointed_out(client_membre, atelier):
    sequence(atelier, 1, "Accueil", datetime.time(9, 30), datetime.time(10))
    response = client_membre.post(
        f"/ateliers/{atelier.pk}/programme/", sequence_post("Témoignages", "09:45", "10:45"), follow=True
    )
    assert atelier.sequences.count() == 2
    assert warnings(response) == [
        f"{g('Témoignages')} (9\u00a0h\u00a045 – 10\u00a0h\u00a045) chevauche {g('Accueil')} (9\u00a0h\u00a030 – 10\u00a0h)."
    ]


def test_a_sequence_outside_the_ateliers_hours_is_pointed_out(client_membre, atelier):
    sequence(atelier, 1, "Café", datetime.time(9), datetime.time(9, 30))
    sequence(atelier, 2, "Déjeuner", datetime.time(12), datetime.time(13, 30))
    sequence(atelier, 3, "Visite", datetime.time(14))
    page = client_membre.get(f"/ateliers/{atelier.pk}/programme/")
    assert warnings(page) == [
        f"{g('Café')} commence avant le début de l'atelier (9\u00a0h\u00a030).",
        f"{g('Déjeuner')} finit après la fin de l'atelier (12\u00a0h\u00a030).",
        f"{g('Visite')} commence après la fin de l'atelier (12\u00a0h\u00a030).",
    ]


def test_a_programme_in_order_has_no_warning(client_membre, atelier):
    sequence(atelier, 1, "Accueil", datetime.time(9, 30), datetime.time(10))
    sequence(atelier, 2, "Témoignages", datetime.time(10), datetime.time(11))
    page = client_membre.get(f"/ateliers/{atelier.pk}/programme/")
    assert warnings(page) == [] and 'class="avertissements"' not in page.content.decode()


def test_a_new_sequence_starts_where_the_previous_one_ended(client_membre, atelier):
    page = client_membre.get(f"/ateliers/{atelier.pk}/programme/").content.decode()
    assert re.search(r'name="debut"[^>]*value="09:30"', page)  # the first starts with the atelier
    sequence(atelier, 1, "Accueil", datetime.time(9, 30), datetime.time(10))
    sequence(atelier, 2, "Témoignages", datetime.time(10), datetime.time(10, 45))
    page = client_membre.get(f"/ateliers/{atelier.pk}/programme/").content.decode()
    assert re.search(r'name="debut"[^>]*value="10:45"', page)
    editing = client_membre.get(f"/ateliers/{atelier.pk}/programme/?sequence={atelier.sequences.first().pk}")
    assert re.search(r'name="debut"[^>]*value="09:30"', editing.content.decode())  # its own start
