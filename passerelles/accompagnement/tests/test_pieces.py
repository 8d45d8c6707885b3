import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from passerelles.accompagnement import services
from passerelles.accompagnement.models import PieceDossier
from passerelles.accompagnement.pieces import TAILLE_MAX

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% une convention signee\n"
CONVENTION = "Convention signée avec l'autorité locale étrangère"


@pytest.fixture
def dossier(reseau, membre, nerondes):
    from passerelles.leviers.models import Instrument

    return services.dossier_create(
        reseau=reseau,
        collectivite=nerondes,
        instrument=Instrument.objects.get(code="aap-dctciv"),
        auteur=membre,
    )


def _envoyer(client, dossier, name, content, piece=""):
    return client.post(
        f"/accompagnement/{dossier.pk}/pieces/",
        {"fichier": SimpleUploadedFile(name, content), "piece": piece},
    )


def test_the_dossier_page_lists_the_documents_the_instrument_usually_asks_for(client_membre, dossier):
    page = client_membre.get(dossier.get_absolute_url()).content.decode()
    assert "Pièces du dossier" in page
    assert "Convention signée avec l&#x27;autorité locale étrangère" in page
    assert page.count("à fournir") == 4


def test_a_joined_document_ticks_its_line_of_the_checklist_and_downloads_for_the_reseau(
    client_membre, dossier
):
    response = _envoyer(client_membre, dossier, "convention Fatick.pdf", PDF, CONVENTION)
    assert response.status_code == 302 and response["Location"].endswith("#pieces")
    document = PieceDossier.objects.get(dossier=dossier)
    assert document.nom == "convention_Fatick.pdf" and document.taille == len(PDF)
    assert default_storage.exists(document.fichier.name)
    assert f"dossiers/{dossier.reseau_id}/{dossier.pk}/" in document.fichier.name
    page = client_membre.get(dossier.get_absolute_url()).content.decode()
    assert page.count("à fournir") == 3 and "fournie" in page

    download = client_membre.get(f"/accompagnement/{dossier.pk}/pieces/{document.pk}/")
    assert b"".join(download.streaming_content) == PDF
    assert 'attachment; filename="convention_Fatick.pdf"' in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]


def test_deleting_a_document_removes_its_file_from_the_storage(
    client_membre, dossier, django_capture_on_commit_callbacks
):
    _envoyer(client_membre, dossier, "budget.pdf", PDF)
    document = PieceDossier.objects.get(dossier=dossier)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_membre.post(f"/accompagnement/{dossier.pk}/pieces/{document.pk}/supprimer/")
    assert response.status_code == 302
    assert not PieceDossier.objects.exists()
    assert not default_storage.exists(document.fichier.name)


def test_a_document_named_under_another_dossier_is_not_found(client_membre, dossier, reseau, membre):
    _envoyer(client_membre, dossier, "budget.pdf", PDF)
    document = PieceDossier.objects.get(dossier=dossier)
    other = services.dossier_create(
        reseau=reseau, collectivite=dossier.collectivite, instrument=dossier.instrument, auteur=membre
    )
    assert client_membre.get(f"/accompagnement/{other.pk}/pieces/{document.pk}/").status_code == 404


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("programme.exe", b"MZ\x90\x00", "Le format de « programme.exe » n&#x27;est pas accepté"),
        (
            "photo.pdf",
            b"\x89PNG\r\n\x1a\n....",
            "Le contenu de « photo.pdf » ne correspond pas à un fichier PDF",
        ),
        ("vide.pdf", b"", "Ce fichier est vide."),
    ],
)
def test_a_refused_document_gets_a_french_message_and_nothing_is_stored(
    client_membre, dossier, name, content, message
):
    response = _envoyer(client_membre, dossier, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PieceDossier.objects.exists()


def test_a_document_over_ten_megabytes_is_refused_with_its_size(client_membre, dossier):
    response = _envoyer(client_membre, dossier, "scan.pdf", PDF + b"0" * TAILLE_MAX)
    assert "dépasse 10 Mo (10,0 Mo)" in response.content.decode()
    assert not PieceDossier.objects.exists()


def test_a_document_sent_without_a_file_says_so(client_membre, dossier):
    response = client_membre.post(f"/accompagnement/{dossier.pk}/pieces/", {"piece": ""})
    assert "Choisissez un fichier." in response.content.decode()
