"""The demo holds the seed's atelier as a past event, and one upcoming atelier open to
registration whose public link the command prints."""

import datetime
import io
import re

import pytest
from django.core.management import call_command

from passerelles.ateliers.demo import FICTIVE, SEED_TITLE, UPCOMING_TITLE
from passerelles.ateliers.inscriptions.models import Inscription
from passerelles.ateliers.preparation.models import Atelier
from passerelles.contacts.models import Contact
from passerelles.core.models import Reseau
from passerelles.mobilisation.models import ChangementEtape, FaitEngagement, Interaction, Preuve

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo", stdout=out)
    return Reseau.objects.get(slug="centraider"), out.getvalue()


def known_before(reseau, collectivite, day) -> bool:
    """Known on the eve of the atelier: the stages it reached afterwards (the demo's follow-up
    moves those who came to « Sensibilisée ») do not count."""
    return (
        Interaction.objects.filter(reseau=reseau, collectivite=collectivite, date__lt=day).exists()
        or FaitEngagement.objects.filter(reseau=reseau, collectivite=collectivite).exists()
        or ChangementEtape.objects.filter(reseau=reseau, collectivite=collectivite, quand__date__lt=day)
        .exclude(nouvelle="inconnue")
        .exists()
    )


def test_the_seeds_atelier_is_a_past_half_day_in_bourges(demo):
    reseau, _ = demo
    atelier = Atelier.objects.get(reseau=reseau, titre=SEED_TITLE)
    assert atelier.date == datetime.date(2024, 5, 14) and atelier.date.weekday() < 5
    assert (atelier.heure_debut, atelier.heure_fin) == (datetime.time(9, 30), datetime.time(12, 30))
    assert atelier.lieu_collectivite.nom == "Bourges" and atelier.statut == "realise" and atelier.illustratif
    assert [(p.nom, p.role) for p in atelier.partenaires.all()] == [
        ("Ville de Bourges", "hote"),
        ("Région Centre-Val de Loire", "partenaire"),
    ]
    families = set(atelier.roles.values_list("famille", flat=True))
    assert {"elu", "agent", "direction", "international", "jumelage", "operateur"} <= families
    parts = [s for s in atelier.sequences.all() if s.type in ("temoignage", "cadrage", "financements")]
    assert [s.type for s in parts] == ["temoignage", "cadrage", "financements"]
    assert {str(i.collectivite) for i in parts[0].interventions.all()} == {
        "Centre-Val de Loire",
        "Bourges",
        "CC Pays de Nérondes",
    }
    assert {i.libelle for i in parts[1].interventions.all()} == {
        "Ministère de l'Europe et des Affaires étrangères (DAECT)",
        "Cités Unies France",
    }
    assert all(word in parts[2].description for word in ("Clés en main", "FICOL", "1 % solidaires"))


def test_exactly_four_collectivites_came_that_the_reseau_did_not_know(demo):
    reseau, _ = demo
    atelier = Atelier.objects.get(reseau=reseau, titre=SEED_TITLE)
    came = {i.collectivite for i in atelier.inscriptions.filter(present=True) if i.collectivite}
    unknown = {c.nom for c in came if not known_before(reseau, c, atelier.date)}
    assert unknown == {"Levet", "Baugy", "Dun-sur-Auron", "Lignières"}
    assert len(came) - len(unknown) > len(unknown)  # most were already known or engaged
    # Stages moved on or after the day are the atelier's follow-up of those who came, apart
    # from the year's other work: Sancerre's twinning relaunched, a fact with its own source.
    later = ChangementEtape.objects.filter(reseau=reseau, quand__date__gte=atelier.date)
    elsewhere = [change for change in later if change.collectivite not in came]
    assert {(c.collectivite.nom, c.preuve) for c in elsewhere} <= {("Sancerre", Preuve.AUTOMATIQUE)}


def test_every_participant_is_a_labelled_fictitious_person(demo):
    reseau, _ = demo
    inscriptions = Inscription.objects.filter(atelier__titre=SEED_TITLE)
    assert inscriptions.count() >= 12
    for inscription in inscriptions:
        assert inscription.email.endswith("@demo.invalid")
        assert inscription.contact.notes.startswith(FICTIVE)
    assert Contact.objects.filter(reseau=reseau, notes__startswith=FICTIVE).count() == inscriptions.count()


def test_an_upcoming_atelier_is_open_and_its_public_link_printed(demo):
    reseau, out = demo
    atelier = Atelier.objects.get(reseau=reseau, titre=UPCOMING_TITLE)
    assert atelier.date > datetime.date.today() and atelier.capacite == 30
    assert (
        atelier.inscriptions_fermees_le is None and atelier.date_limite_inscription >= datetime.date.today()
    )
    assert atelier.statut not in ("clos", "annule", "realise")
    line = re.search(r"^Inscription publique : (\S+)$", out, re.M).group(1)
    assert line == f"http://127.0.0.1:8000/ateliers/inscription/{atelier.jeton_public}/"


def counts() -> list[int]:
    models = (Atelier, Inscription, Contact, Interaction, FaitEngagement, ChangementEtape)
    return [model.objects.count() for model in models]


def test_running_the_demo_twice_changes_nothing(demo):
    reseau, out = demo
    before = counts()
    again = io.StringIO()
    call_command("demo", stdout=again)
    assert counts() == before
    assert again.getvalue() == out


def test_the_seeds_atelier_pages_and_documents_open(demo, client):
    reseau, _ = demo
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="demo"))
    atelier = Atelier.objects.get(reseau=reseau, titre=SEED_TITLE)
    page = client.get(f"/ateliers/{atelier.pk}/").content.decode()
    assert "Cités Unies France" in page and "Ville de Bourges" in page
    assert client.get(f"/ateliers/{atelier.pk}/documents/emargement.pdf").status_code == 200
