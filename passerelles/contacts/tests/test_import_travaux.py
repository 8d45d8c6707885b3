"""A large contact file is read, checked and imported by the worker: each request only
queues a step or shows its result, so no step can outlast a web request."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import others_at_work
from passerelles.contacts import travaux
from passerelles.contacts.importation import televersement, verification
from passerelles.contacts.models import Contact, ImportContacts, LigneVerifiee
from passerelles.core.fichiers import read_upload
from passerelles.core.models import EtatTravail, Travail
from passerelles.territoires.models import Collectivite


def run_worker():
    call_command("worker", batch=True, interval=0, verbosity=0)


def upload(client, content: str, name="c.csv"):
    return client.post(reverse("contacts:import"), {"fichier": SimpleUploadedFile(name, content.encode())})


def rows(count: int, email=lambda n: f"m{n}@example.org") -> str:
    return "Nom;Courriel\n" + "".join(f"Martin{n};{email(n)}\n" for n in range(count))


@pytest.fixture
def large(monkeypatch, settings, tmp_path):
    """Thresholds lowered so that a few rows make a « large » file."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(televersement, "LECTURE_EN_DIRECT", 10)
    monkeypatch.setattr(travaux, "LIGNES_EN_DIRECT", 2)
    monkeypatch.setattr(verification, "PAR_PAGE", 2)


@pytest.mark.django_db
def test_a_large_file_is_read_by_the_worker_before_its_columns_are_chosen(
    client_membre, large, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client_membre, rows(5))
    session = ImportContacts.objects.get()
    travail = Travail.objects.get()
    assert response.url == reverse("travail", args=[travail.pk])
    assert session.statut == "a_lire" and session.lignes == []
    kept = session.fichier
    assert read_upload(kept) == rows(5).encode()
    colonnes = reverse("contacts:import_colonnes", args=[session.pk])
    assert client_membre.get(colonnes).url == response.url  # the same job, not a second one

    run_worker()

    session.refresh_from_db()
    assert session.statut == "televerse" and session.fichier == "" and not default_storage.exists(kept)
    assert session.nombre_lignes == 5 and session.echantillon == [
        ["Martin0", "m0@example.org"],
        ["Martin1", "m1@example.org"],
        ["Martin2", "m2@example.org"],
    ]
    page = client_membre.get(response.url).text
    assert "Fichier lu : 5\u00a0lignes." in page and colonnes in page
    assert "5\u00a0lignes lues" in client_membre.get(colonnes).text


@pytest.mark.django_db
def test_an_unreadable_large_file_fails_in_french_and_leaves_nothing(
    client_membre, large, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_membre, "\x00\x01\x02 binaire " * 10)
    run_worker()
    travail = Travail.objects.get()
    assert travail.etat == EtatTravail.ECHEC
    assert travail.erreur == "Ce fichier est binaire, pas un tableau : importez un fichier .csv ou .xlsx."
    assert not ImportContacts.objects.exists()
    assert not list((settings.MEDIA_ROOT / "televersements").iterdir())


def checked_session(client, content: str, capture) -> ImportContacts:
    with capture(execute=True):
        upload(client, content)
    run_worker()
    session = ImportContacts.objects.get()
    url = reverse("contacts:import_verification", args=[session.pk])
    with capture(execute=True):
        assert client.get(url).url.startswith("/travaux/")
    run_worker()
    return session


@pytest.mark.django_db
def test_a_large_file_is_checked_by_the_worker_and_its_rows_to_look_at_are_paged(
    client_membre, large, django_capture_on_commit_callbacks
):
    session = checked_session(
        client_membre, rows(5, email=lambda n: f"faux{n}"), django_capture_on_commit_callbacks
    )
    url = reverse("contacts:import_verification", args=[session.pk])

    first = client_membre.get(url).text
    last = client_membre.get(url + "?page=3").text

    assert "Lignes à regarder (5)" in first and "Lignes 1 à 2 sur 5" in first
    assert "courriel invalide ignoré : faux0" in first and "faux4" not in first
    assert "courriel invalide ignoré : faux4" in last and "faux0" not in last
    assert "Vérification faite le" in first
    assert Travail.objects.filter(nature__endswith="verifier_import").count() == 1
    assert client_membre.get(url + "?page=abc").status_code == 200


@pytest.mark.django_db
def test_moving_between_pages_keeps_the_choices_and_a_changed_choice_is_checked_again(
    client_membre, reseau, large, django_capture_on_commit_callbacks
):
    Contact.objects.create(reseau=reseau, nom="Martin0", email="m0@example.org")
    session = checked_session(client_membre, rows(5), django_capture_on_commit_callbacks)
    url = reverse("contacts:import_verification", args=[session.pk])
    assert "fusionner avec" in client_membre.get(url).text

    refused = client_membre.post(url, {"fusion_proposee": "2", "aller_page": "2"})

    assert refused.url == url + "?page=2"
    session.refresh_from_db()
    assert session.fusions_refusees == [2]
    with django_capture_on_commit_callbacks(execute=True):
        assert client_membre.get(refused.url).url.startswith("/travaux/")
    run_worker()
    assert "homonyme d&#x27;un contact existant" in client_membre.get(url).text


@pytest.mark.django_db
def test_a_large_file_is_imported_by_the_worker_and_its_check_then_forgotten(
    client_membre, reseau, large, django_capture_on_commit_callbacks
):
    session = checked_session(client_membre, rows(5), django_capture_on_commit_callbacks)
    url = reverse("contacts:import_verification", args=[session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_membre.post(url, {"importer": "1"})
        again = client_membre.post(url, {"importer": "1"})
    assert response.url == again.url == reverse("travail", args=[Travail.objects.latest("pk").pk])
    assert not Contact.objects.exists()

    run_worker()

    assert Contact.objects.filter(reseau=reseau).count() == 5
    page = client_membre.get(response.url).text
    assert "Import terminé : 5\u00a0contacts créés." in page
    assert reverse("contacts:import_rapport", args=[session.pk]) in page
    session.refresh_from_db()
    assert session.statut == "importe" and session.lignes == [] and session.verification == {}
    assert not LigneVerifiee.objects.exists()


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database shares one cache with table locks between "
    "connections; production's file database in WAL mode does not (run with DATABASE_URL).",
)
@pytest.mark.django_db(transaction=True)
def test_other_people_are_served_while_a_large_file_is_read_checked_and_imported(
    reference_data_reloaded, reseau, membre, monkeypatch, settings, tmp_path
):
    """20,000 rows naming communes go through the three worker steps; meanwhile, in another
    thread, another réseau logs in and works and the importing member reads pages."""
    monkeypatch.setattr(televersement, "LECTURE_EN_DIRECT", 1000)
    settings.MEDIA_ROOT = tmp_path
    communes = list(Collectivite.objects.filter(type="commune").values_list("nom", flat=True)[:4000])
    content = "Prénom;Nom;Courriel;Collectivité\n" + "".join(
        f"Agnès;Martin{n};personne{n}@example.org;{communes[n % len(communes)]}\n" for n in range(20_000)
    )
    importer = Client()
    importer.force_login(membre)
    pages = {"visitor_pages": [reverse("contacts:liste")], "importer_pages": [reverse("journal")]}
    with others_at_work(reseau, importer, **pages) as statuses:
        upload(importer, content)
        run_worker()
        session = ImportContacts.objects.get()
        verification_url = reverse("contacts:import_verification", args=[session.pk])
        assert importer.get(verification_url).url.startswith("/travaux/")
        run_worker()
        assert importer.get(verification_url).status_code == 200
        assert importer.post(verification_url, {"importer": "1"}).url.startswith("/travaux/")
        run_worker()
    assert {travail.etat for travail in Travail.objects.all()} == {EtatTravail.TERMINE}
    assert Contact.objects.filter(reseau=reseau).count() == 20_000
    assert len(statuses) >= 9 and set(statuses) <= {200, 302}, statuses
