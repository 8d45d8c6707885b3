"""A large contact import is done by the worker: the request only queues it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from passerelles.contacts import travaux
from passerelles.contacts.models import Contact, ImportContacts
from passerelles.core.models import Travail

pytestmark = pytest.mark.django_db


def test_a_file_over_the_interactive_size_is_imported_by_the_worker(
    client_membre, reseau, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(travaux, "LIGNES_EN_DIRECT", 2)
    rows = "".join(f"Martin{n};m{n}@example.org\n" for n in range(5))
    client_membre.post(
        reverse("contacts:import"), {"fichier": SimpleUploadedFile("c.csv", f"Nom;Courriel\n{rows}".encode())}
    )
    session = ImportContacts.objects.get()
    url = reverse("contacts:import_verification", args=[session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_membre.post(url, {"importer": "1"})
        again = client_membre.post(url, {"importer": "1"})
    travail = Travail.objects.get()
    assert response.url == again.url == reverse("travail", args=[travail.pk])
    assert not Contact.objects.exists()

    call_command("worker", batch=True, interval=0, verbosity=0)

    assert Contact.objects.filter(reseau=reseau).count() == 5
    page = client_membre.get(response.url).content.decode()
    assert "Import terminé : 5 contact(s) créé(s)." in page
    assert reverse("contacts:import_rapport", args=[session.pk]) in page
    session.refresh_from_db()
    assert session.statut == "importe" and session.lignes == []
