"""A registration from a link takes its seat at once; its contact, its part and its email are
the worker's (traitement.py), done once, even when a worker dies mid-work."""

import datetime

import pytest
from django.utils import timezone

from passerelles.ateliers.inscriptions import passation, services, traitement
from passerelles.ateliers.inscriptions.models import Inscription, Qualite
from passerelles.ateliers.inscriptions.passation import Collegue
from passerelles.ateliers.inscriptions.services import Personne
from passerelles.ateliers.preparation.models import Atelier, Intervention, Sequence, StatutAtelier
from passerelles.contacts.models import Contact
from passerelles.courriels.models import Message
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db
SITE = "https://passerelles.example.org"


@pytest.fixture
def atelier(reseau):
    return Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=timezone.localdate() + datetime.timedelta(days=20),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        capacite=1,
        statut=StatutAtelier.INVITATIONS_ENVOYEES,
    )


def nerondes() -> Collectivite:
    return Collectivite.objects.get(type="commune", code="18160")


def register(atelier, nom="Martin", email="martin@nerondes.fr") -> Inscription:
    personne = Personne(nom=nom, prenom="Camille", email=email, collectivite=nerondes(), consentement=True)
    inscription, _ = services.inscription_register(atelier=atelier, personne=personne, site_url=SITE)
    return inscription


def marked() -> list[int]:
    return list(Inscription.objects.filter(a_traiter=True).order_by("pk").values_list("pk", flat=True))


def test_a_registration_takes_its_seat_at_once_and_is_left_marked_for_the_worker(atelier):
    first, second = register(atelier), register(atelier, "Durand", "durand@nerondes.fr")
    assert (first.etat, second.etat) == ("confirmee", "attente")
    assert first.contact is None and not Message.objects.exists()
    assert marked() == [first.pk, second.pk]


def test_the_worker_finds_the_contact_and_sends_the_confirmation_once(atelier, reseau):
    known = Contact.objects.create(reseau=reseau, nom="Martin", prenom="Camille", email="martin@nerondes.fr")
    inscription = register(atelier)
    assert traitement.traiter(inscription.pk, SITE) is True
    assert traitement.traiter(inscription.pk, SITE) is False  # the task run twice
    inscription.refresh_from_db()
    assert (inscription.contact, inscription.a_traiter) == (known, False)
    assert Contact.objects.get().consentement_mailing is True
    assert list(Message.objects.values_list("destinataire", "nature")) == [
        ("martin@nerondes.fr", "confirmation")
    ]


def test_a_speaker_of_the_programme_who_registers_is_counted_apart(atelier, reseau):
    speaker = Contact.objects.create(
        reseau=reseau, nom="Martin", prenom="Camille", email="martin@nerondes.fr"
    )
    sequence = Sequence.objects.create(atelier=atelier, titre="Témoignage")
    Intervention.objects.create(sequence=sequence, contact=speaker)
    inscription = register(atelier)
    traitement.traiter(inscription.pk, SITE)
    inscription.refresh_from_db()
    assert inscription.qualite == Qualite.INTERVENANT


def test_who_cancelled_or_was_promoted_before_the_worker_came_is_not_told_twice(atelier):
    first, second = register(atelier), register(atelier, "Durand", "durand@nerondes.fr")
    services.inscription_cancel(inscription=first, site_url=SITE)  # Durand gets the seat
    for inscription in (first, second):
        traitement.traiter(inscription.pk, SITE)
    natures = set(Message.objects.values_list("destinataire", "nature"))
    assert natures == {("martin@nerondes.fr", "desinscription"), ("durand@nerondes.fr", "promotion")}
    assert Contact.objects.count() == 2


def test_a_seat_passed_on_before_the_worker_came_stays_the_colleagues(atelier):
    inscription = register(atelier)
    proposal = passation.passation_propose(
        inscription=inscription,
        collegue=Collegue(prenom="Lucie", nom="Moreau", email="lucie@nerondes.fr"),
        site_url=SITE,
    )
    passation.passation_confirm(passation=proposal, consentement=True, besoins="", site_url=SITE)
    assert traitement.traiter(inscription.pk, SITE) is False
    inscription.refresh_from_db()
    assert inscription.contact.email == "lucie@nerondes.fr"
    assert not Message.objects.filter(destinataire="martin@nerondes.fr", nature="confirmation").exists()


def test_a_worker_dying_mid_work_leaves_nothing_half_done_and_the_next_run_finishes(atelier, monkeypatch):
    inscription = register(atelier)

    def killed(*args, **kwargs):
        raise SystemExit("worker killed")

    with monkeypatch.context() as patched:
        patched.setattr(services, "notify_state", killed)
        with pytest.raises(SystemExit):
            traitement.traiter(inscription.pk, SITE)
    inscription.refresh_from_db()
    assert inscription.a_traiter and inscription.contact is None and not Contact.objects.exists()
    traitement.traiter(inscription.pk, SITE)
    assert (Contact.objects.count(), Message.objects.count()) == (1, 1)


def test_each_round_of_the_worker_processes_the_marked_registrations_once(atelier, settings):
    settings.SITE_URL = SITE
    first, second = register(atelier), register(atelier, "Durand", "durand@nerondes.fr")
    assert traitement.traiter_les_nouvelles() == [first.pk, second.pk]
    assert traitement.traiter_les_nouvelles() == []
    assert marked() == [] and Contact.objects.count() == 2
    body = Message.objects.get(destinataire="martin@nerondes.fr").corps
    assert f"{SITE}/ateliers/inscription/g/" in body


def test_a_registration_that_fails_is_logged_and_waits_before_it_is_tried_again(atelier, monkeypatch, caplog):
    broken, fine = register(atelier), register(atelier, "Durand", "durand@nerondes.fr")
    monkeypatch.setattr(traitement, "_failed_at", {})
    real = traitement.traiter

    def failing_for_the_first(pk, site_url):
        if pk == broken.pk:
            raise RuntimeError("panne")
        return real(pk, site_url)

    monkeypatch.setattr(traitement, "traiter", failing_for_the_first)
    assert traitement.traiter_les_nouvelles() == [fine.pk]
    assert f"Registration {broken.pk} could not be processed" in caplog.text
    monkeypatch.setattr(traitement, "traiter", real)
    assert traitement.traiter_les_nouvelles() == []  # not at the very next round
    traitement._failed_at[broken.pk] -= traitement.REESSAI_SECONDES
    assert traitement.traiter_les_nouvelles() == [broken.pk]
