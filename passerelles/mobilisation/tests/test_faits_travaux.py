"""A facts import runs in the worker: the request only checks and queues the file, rows are
all checked before a short write, and other people keep working while it runs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import others_at_work
from passerelles.core.models import EtatTravail, Journal, Travail
from passerelles.mobilisation.models import ChangementEtape, FaitEngagement, Mobilisation
from passerelles.territoires.models import Collectivite

ATLAS = """Collectivité française;Code INSEE;Intitulé du projet;Pays
Ville de Bourges;18033;Appui à la gestion de l'eau;Burkina Faso
Nulle-Part-sur-Rien;;Projet introuvable;Mali
"""


def run_worker():
    call_command("worker", batch=True, interval=0, verbosity=0)


def post_file(client, content: bytes, simulation=False):
    data = {"fichier": SimpleUploadedFile("atlas.csv", content), "type": "cooperation"}
    if simulation:
        data["simulation"] = "on"
    return client.post(reverse("mobilisation:faits_import"), data)


@pytest.fixture(autouse=True)
def uploads_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "televersements"


@pytest.mark.django_db
def test_the_import_is_queued_then_done_by_the_worker_with_its_report(
    client_membre, reseau, django_capture_on_commit_callbacks, uploads_folder
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(client_membre, ATLAS.encode())
    travail = Travail.objects.get()
    assert response.url == reverse("travail", args=[travail.pk])
    assert not FaitEngagement.objects.exists()
    assert len(list(uploads_folder.iterdir())) == 1
    run_worker()
    assert not list(uploads_folder.iterdir())  # discarded once the job is done
    page = client_membre.get(response.url).content.decode()
    assert "1\u00a0fait d&#x27;engagement créé, 0\u00a0déjà connu, 1\u00a0ligne ignorée." in page
    assert "ligne 3 : collectivité introuvable" in page
    fait = FaitEngagement.objects.get()
    assert fait.collectivite.code == "18033"
    assert Mobilisation.objects.get(reseau=reseau).etape == "deja_engagee"
    assert ChangementEtape.objects.get().motif.startswith("Projet de coopération décentralisée")
    assert Journal.objects.filter(action="fait").count() == 1


@pytest.mark.django_db
def test_a_simulation_writes_nothing(client_membre, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_file(client_membre, ATLAS.encode(), simulation=True)
    run_worker()
    assert "Simulation : 1\u00a0fait d'engagement à créer" in Travail.objects.get().resultat["resume"]
    assert not FaitEngagement.objects.exists()


@pytest.mark.django_db
def test_a_file_without_collectivite_column_fails_in_french_and_writes_nothing(
    client_membre, django_capture_on_commit_callbacks, uploads_folder
):
    with django_capture_on_commit_callbacks(execute=True):
        post_file(client_membre, b"Projet;Pays\nEau;Mali\n")
    run_worker()
    travail = Travail.objects.get()
    assert travail.etat == EtatTravail.ECHEC
    assert travail.erreur.startswith("Import refusé, rien n'a été enregistré : aucune colonne")
    assert not FaitEngagement.objects.exists()
    assert not list(uploads_folder.iterdir())


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database shares one cache with table locks between "
    "connections; production's file database in WAL mode does not (run with DATABASE_URL).",
)
@pytest.mark.django_db(transaction=True)
def test_other_people_are_served_while_a_large_import_runs(reference_data_reloaded, reseau, membre):
    """Up to 10,000 rows (two per commune, 5,000 communes) imported by the worker; meanwhile, in another thread, another réseau logs
    in and works, and the importing member reads pages. No request may fail."""
    codes = list(Collectivite.objects.filter(type="commune").values_list("code", flat=True)[:5000])
    rows = "".join(f"{code};Projet {n % 2};Mali\n" for n in range(2) for code in codes)
    importer = Client()
    importer.force_login(membre)
    response = post_file(importer, ("Code INSEE;Intitulé;Pays\n" + rows).encode())
    travail = Travail.objects.get()
    pages = {"visitor_pages": [reverse("accueil")], "importer_pages": [response.url, reverse("journal")]}
    with others_at_work(reseau, importer, **pages) as statuses:
        run_worker()
    travail.refresh_from_db()
    assert travail.etat == EtatTravail.TERMINE, travail.erreur
    assert FaitEngagement.objects.count() == 2 * len(codes)  # 10,000 when all France is loaded
    assert len(statuses) >= 8 and set(statuses) <= {200, 302}, statuses
