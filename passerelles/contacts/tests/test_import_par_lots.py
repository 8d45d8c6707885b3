"""A large import writes its contacts in short transactions, invisible until it publishes
them all at once: other writers never wait for the whole file, and users still see the file
imported entirely or not at all, even when the import fails or its worker dies."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from passerelles.contacts import travaux
from passerelles.contacts.importation import execution, televersement, verification
from passerelles.contacts.models import Contact, ImportContacts, LigneVerifiee, Organisation
from passerelles.contacts.selectors import contact_list
from passerelles.core.models import EtatTravail, Travail
from passerelles.core.travaux import recover_all

from .test_import_travaux import checked_session, rows, run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def par_deux(monkeypatch, settings, tmp_path):
    """Thresholds lowered so that a few rows make a large file, written two rows at a time."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(televersement, "LECTURE_EN_DIRECT", 10)
    monkeypatch.setattr(travaux, "LIGNES_EN_DIRECT", 2)
    monkeypatch.setattr(execution, "PAR_TRANSACTION", 2)


def everything(reseau):
    return Contact.avec_imports_en_cours.filter(reseau=reseau)


def test_a_large_import_writes_its_rows_in_short_transactions_that_nobody_sees_before_the_end(
    client_membre, reseau, membre, par_deux, django_capture_on_commit_callbacks
):
    session = checked_session(client_membre, rows(5), django_capture_on_commit_callbacks)
    depth = len(connection.atomic_blocks)  # the test's own transaction
    seen = []

    def after_each_batch(fait, total):
        seen.append(
            (
                fait,
                total,
                len(connection.atomic_blocks) - depth,
                Contact.objects.filter(reseau=reseau).count(),
                contact_list(reseau=reseau).count(),
                everything(reseau).count(),
            )
        )

    counts = travaux.import_session_run(session, membre, ecriture=after_each_batch)

    # Between batches no transaction is open (each one committed), and nothing is visible.
    assert seen == [(2, 5, 0, 0, 0, 2), (4, 5, 0, 0, 0, 4), (5, 5, 0, 0, 0, 5)]
    assert counts["creer"] == 5
    assert Contact.objects.filter(reseau=reseau).count() == 5
    assert not everything(reseau).filter(import_en_cours__isnull=False).exists()


def test_a_row_being_imported_is_on_no_page_and_behind_no_address(client_membre, reseau, membre, par_deux):
    pending = Contact.objects.create(reseau=reseau, nom="Invisible", email="invisible@example.org")
    everything(reseau).filter(pk=pending.pk).update(import_en_cours=999)

    assert "Invisible" not in client_membre.get(reverse("contacts:liste")).text
    assert client_membre.get(reverse("contacts:detail", args=[pending.pk])).status_code == 404
    assert not contact_list(reseau=reseau, q="invisible").exists()


def test_an_import_failing_midway_leaves_no_row_and_can_be_run_again(
    client_membre, reseau, membre, par_deux, monkeypatch, django_capture_on_commit_callbacks
):
    Organisation.objects.create(reseau=reseau, nom="Mairie")
    session = checked_session(client_membre, rows(5), django_capture_on_commit_callbacks)

    def disk_full(fait, total):
        if fait == 4:
            raise OSError("disque plein")

    with pytest.raises(OSError):
        travaux.import_session_run(session, membre, ecriture=disk_full)
    assert not everything(reseau).exists()
    session.refresh_from_db()
    assert session.statut == "televerse"

    travaux.import_session_run(session, membre)
    assert Contact.objects.filter(reseau=reseau).count() == 5


def test_a_failed_publication_takes_its_new_organisations_and_rows_with_it(
    client_membre, reseau, membre, par_deux, monkeypatch, django_capture_on_commit_callbacks
):
    content = "Nom;Courriel;Organisation\n" + "".join(
        f"Martin{n};m{n}@example.org;{'Jumelage Bourges' if n % 2 else ''}\n" for n in range(5)
    )
    session = checked_session(client_membre, content, django_capture_on_commit_callbacks)

    def broken(*args, **kwargs):
        raise RuntimeError("journal indisponible")

    monkeypatch.setattr(execution, "journal_record", broken)
    with pytest.raises(RuntimeError):
        travaux.import_session_run(session, membre)
    assert not everything(reseau).exists()
    assert not Organisation.objects.filter(reseau=reseau).exists()

    monkeypatch.undo()
    monkeypatch.setattr(execution, "PAR_TRANSACTION", 2)
    monkeypatch.setattr(travaux, "LIGNES_EN_DIRECT", 2)
    travaux.import_session_run(session, membre)
    assert Contact.objects.filter(reseau=reseau, organisation__nom="Jumelage Bourges").count() == 2
    assert Contact.objects.filter(reseau=reseau).count() == 5


def left_by_a_dead_worker(reseau, marker: int, *names: str) -> None:
    """Rows a worker wrote, invisible, before it was killed."""
    for name in names:
        Contact.objects.create(reseau=reseau, nom=name, email=f"{name.lower()}@example.org")
    Contact.objects.filter(reseau=reseau, nom__in=names).update(import_en_cours=marker)


def test_an_import_whose_worker_died_is_taken_up_again_and_imports_each_row_once(
    client_membre, reseau, par_deux, django_capture_on_commit_callbacks
):
    session = checked_session(client_membre, rows(5), django_capture_on_commit_callbacks)
    url = reverse("contacts:import_verification", args=[session.pk])
    with django_capture_on_commit_callbacks(execute=False):
        client_membre.post(url, {"importer": "1"})
    Travail.objects.filter(nature=travaux.importer_contacts.module_path).update(
        etat=EtatTravail.EN_COURS, tentatives=1, battement=timezone.now() - timedelta(minutes=10)
    )
    left_by_a_dead_worker(reseau, session.pk, "Martin0", "Martin1")

    assert len(recover_all()) == 1
    assert not Contact.objects.filter(reseau=reseau).exists()  # kept for the job, still hidden
    assert everything(reseau).count() == 2
    run_worker()

    assert Travail.objects.get(nature=travaux.importer_contacts.module_path).etat == EtatTravail.TERMINE
    assert sorted(Contact.objects.filter(reseau=reseau).values_list("nom", flat=True)) == [
        f"Martin{n}" for n in range(5)
    ]
    assert everything(reseau).count() == 5


def test_rows_of_an_import_no_job_will_finish_are_deleted_when_a_worker_starts(reseau, membre):
    Travail.objects.create(
        reseau=reseau,
        nature=travaux.importer_contacts.module_path,
        libelle="Import",
        parametres={"session_id": 41},
        etat=EtatTravail.EN_COURS,
        battement=timezone.now(),
    )
    Travail.objects.create(
        reseau=reseau,
        nature=travaux.importer_contacts.module_path,
        libelle="Import",
        parametres={"session_id": 42},
        etat=EtatTravail.ECHEC,
        fini_le=timezone.now(),
    )
    left_by_a_dead_worker(reseau, 41, "Encours")
    left_by_a_dead_worker(reseau, 42, "Abandon", "Oublie")
    Contact.objects.create(reseau=reseau, nom="Visible")

    recover_all()

    assert sorted(everything(reseau).values_list("nom", "import_en_cours")) == [
        ("Encours", 41),
        ("Visible", None),
    ]


def test_an_import_whose_worker_died_just_after_publishing_shows_its_rows_and_is_tidied(
    client_membre, reseau, par_deux, django_capture_on_commit_callbacks
):
    session = checked_session(client_membre, rows(5), django_capture_on_commit_callbacks)
    left_by_a_dead_worker(reseau, session.pk, "Martin0", "Martin1")
    ImportContacts.objects.filter(pk=session.pk).update(statut="importe", rapport={"compte": {"creer": 2}})

    assert Contact.objects.filter(reseau=reseau).count() == 2  # shown by the session's status alone
    recover_all()

    assert everything(reseau).filter(import_en_cours__isnull=True).count() == 2
    session.refresh_from_db()
    assert session.lignes == [] and session.verification == {}


def test_a_check_stores_its_rows_in_short_transactions_and_is_trusted_only_once_all_are_in(
    client_membre, reseau, par_deux, monkeypatch, django_capture_on_commit_callbacks
):
    content = "Nom;Courriel\n" + "".join(f"Martin;m{n % 2}@example.org\n" for n in range(6))
    session = checked_session(client_membre, content, django_capture_on_commit_callbacks)
    stored = LigneVerifiee.objects.filter(session=session).count()
    monkeypatch.setattr(verification, "PAR_TRANSACTION", 2)
    depth = len(connection.atomic_blocks)
    seen = []
    insert = verification.insert_rows

    def watched(model, columns, rows):
        seen.append((len(connection.atomic_blocks) - depth, verification.is_current(session)))
        insert(model, columns, rows)

    monkeypatch.setattr(verification, "insert_rows", watched)
    session.choix = {"1": None}  # the user changed something: the check runs again
    verification.verify(session)

    assert stored == 4 and seen == [(1, False), (1, False)]
    assert verification.is_current(session)
    assert LigneVerifiee.objects.filter(session=session).count() == 4
