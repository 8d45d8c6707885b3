"""Files go through Django's storage API: on several machines (app servers and workers), one
shared storage — an S3-compatible bucket — holds the uploads and the exports, set by
configuration alone."""

import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from passerelles.contacts import travaux_export
from passerelles.contacts.importation import televersement
from passerelles.contacts.models import Contact, ImportContacts
from passerelles.core.models import Travail
from passerelles.core.tests.test_settings import PRODUCTION, run_cli


@pytest.fixture
def memory_storage(settings, tmp_path):
    """A storage with no folder at all: whatever still wrote to a path would show in tmp_path."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    settings.MEDIA_ROOT = settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_an_upload_read_by_the_worker_and_an_export_it_writes_never_touch_the_local_disk(
    client_membre, reseau, memory_storage, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(televersement, "LECTURE_EN_DIRECT", 10)
    monkeypatch.setattr(travaux_export, "EXPORT_EN_DIRECT", 1)
    content = b"Nom;Courriel\nDupont;dupont@example.org\nDurand;durand@example.org\n"
    with django_capture_on_commit_callbacks(execute=True):
        client_membre.post(reverse("contacts:import"), {"fichier": SimpleUploadedFile("c.csv", content)})
    kept = ImportContacts.objects.get().fichier
    assert default_storage.open(kept).read() == content
    for nom in ("Dupont", "Durand"):
        Contact.objects.create(reseau=reseau, nom=nom)
    with django_capture_on_commit_callbacks(execute=True):
        client_membre.get(reverse("contacts:liste"), {"format": "xlsx"})

    call_command("worker", batch=True, interval=0, verbosity=0)

    assert ImportContacts.objects.get().nombre_lignes == 2 and not default_storage.exists(kept)
    export = Travail.objects.get(nature__contains="export")
    download = client_membre.get(reverse("travail_fichier", args=[export.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sorted(row[2] for row in sheet.iter_rows(min_row=2, values_only=True)) == ["Dupont", "Durand"]
    assert list(memory_storage.iterdir()) == []


def test_an_s3_compatible_bucket_is_chosen_by_environment_variables_alone():
    bucket = {
        "STOCKAGE_S3_BUCKET": "passerelles-fichiers",
        "STOCKAGE_S3_ENDPOINT": "https://s3.fr-par.example.net",
        "STOCKAGE_S3_REGION": "fr-par",
        "STOCKAGE_S3_ACCESS_KEY": "cle",
        "STOCKAGE_S3_SECRET_KEY": "secret",
    }
    printed = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
    result = run_cli("shell", "-c", printed, **PRODUCTION, **bucket)
    assert result.returncode == 0, result.stderr
    default = json.loads(result.stdout.splitlines()[-1])
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "passerelles-fichiers",
        "https://s3.fr-par.example.net",
        "fr-par",
    )
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
