"""A large contact export is written by the worker, then downloaded from the job's page."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_member
from passerelles.contacts import travaux_export
from passerelles.contacts.models import Contact
from passerelles.core.models import Travail

pytestmark = pytest.mark.django_db


def test_a_large_export_is_written_by_the_worker_with_the_lists_filters(
    client_membre,
    reseau,
    autre_reseau,
    client,
    monkeypatch,
    django_capture_on_commit_callbacks,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(travaux_export, "EXPORT_EN_DIRECT", 1)
    for nom in ("Dupont", "Durand", "Martin"):
        Contact.objects.create(reseau=reseau, nom=nom)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_membre.get(reverse("contacts:liste"), {"q": "Du", "format": "xlsx"})
    travail = Travail.objects.get()
    assert response.url == reverse("travail", args=[travail.pk])

    call_command("worker", batch=True, interval=0, verbosity=0)

    page = client_membre.get(response.url).content.decode()
    assert "2\u00a0contacts exportés." in page and "Télécharger le fichier" in page
    download = client_membre.get(reverse("travail_fichier", args=[travail.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="contacts-')
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sorted(row[2] for row in sheet.iter_rows(min_row=2, values_only=True)) == ["Dupont", "Durand"]
    client.force_login(make_member("ana", autre_reseau))
    assert client.get(reverse("travail_fichier", args=[travail.pk])).status_code == 404


def test_a_small_export_is_sent_at_once(client_membre, reseau):
    Contact.objects.create(reseau=reseau, nom="Dupont")
    response = client_membre.get(reverse("contacts:liste"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert not Travail.objects.exists()
