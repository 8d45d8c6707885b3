import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from passerelles.contacts.models import Contact, ImportContacts
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db


def upload(client, name: str, content: bytes):
    return client.post("/contacts/import/", {"fichier": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vide.csv", b"", "Le fichier soumis est vide."),
        ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "Ce fichier est binaire"),
        ("sans-entete.csv", b"Dupont;jean@example.org\n", "La première ligne doit nommer les colonnes"),
        ("ancien.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Ancien format Excel"),
    ],
)
def test_a_bad_upload_gets_a_french_message_and_saves_nothing(client_membre, name, content, message):
    response = upload(client_membre, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportContacts.objects.exists()


def test_a_too_large_upload_is_refused_before_reading(client_membre, settings):
    settings.IMPORT_TAILLE_MAX = 1024
    response = upload(client_membre, "gros.csv", b"Nom\n" + b"x\n" * 2000)
    assert "Fichier trop volumineux" in response.content.decode()


def test_the_import_screens_go_from_upload_to_report(client_membre, reseau):
    response = upload(client_membre, "contacts.csv", b"Nom;Courriel;Commune\nDupont;d@x.fr;Saint-Martin\n")
    session = ImportContacts.objects.get()
    assert response["Location"] == f"/contacts/import/{session.pk}/colonnes/"
    client_membre.post(
        f"/contacts/import/{session.pk}/colonnes/",
        {"colonne_0": "nom", "colonne_1": "email", "colonne_2": "collectivite"},
    )
    page = client_membre.get(f"/contacts/import/{session.pk}/verification/").content.decode()
    assert "laquelle ?" in page
    choice = Collectivite.objects.get(type="commune", code="32389")
    client_membre.post(
        f"/contacts/import/{session.pk}/verification/", {"choix_2": str(choice.pk), "importer": "1"}
    )
    assert Contact.objects.get(reseau=reseau, nom="Dupont").collectivite == choice
    # Importing twice is not possible: the session now shows its report.
    again = client_membre.post(f"/contacts/import/{session.pk}/verification/", {"importer": "1"})
    assert again["Location"].endswith("/rapport/")
    assert Contact.objects.filter(reseau=reseau).count() == 1


def test_the_mapping_screen_requires_a_name_column(client_membre):
    upload(client_membre, "c.csv", b"Nom;Courriel\nA;a@x.fr\n")
    session = ImportContacts.objects.get()
    page = client_membre.post(
        f"/contacts/import/{session.pk}/colonnes/", {"colonne_1": "email"}
    ).content.decode()
    assert "Indiquez quelle colonne contient le nom." in page


def test_a_contact_with_an_ambiguous_collectivite_asks_for_precision(client_membre):
    page = client_membre.post(
        "/contacts/nouveau/",
        {"nom": "Durand", "collectivite": "Saint-Martin", "base_legale": "interet_legitime"},
    )
    assert "est ambigu ou approximatif. Précisez" in page.content.decode()
    assert not Contact.objects.exists()
    client_membre.post(
        "/contacts/nouveau/",
        {"nom": "Durand", "collectivite": "Saint-Martin (32)", "base_legale": "interet_legitime"},
    )
    assert Contact.objects.get().collectivite.code == "32389"


def test_the_xlsx_export_neutralises_formulas(client_membre, reseau):
    Contact.objects.create(
        reseau=reseau, nom="Malice", fonction='=HYPERLINK("http://evil")', telephone="+33 6 00"
    )
    response = client_membre.get("/contacts/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][3] == '\'=HYPERLINK("http://evil")'
    assert rows[1][6] == "+33 6 00"


def test_the_csv_export_opens_in_french_excel(client_membre, reseau):
    Contact.objects.create(reseau=reseau, nom="Nérondes-Dupont")
    content = client_membre.get("/contacts/", {"format": "csv"}).content
    assert content.startswith("\ufeff".encode())
    assert "Civilité;Prénom;Nom" in content.decode("utf-8-sig")


def test_a_persons_data_downloads_as_json_and_csv(client_membre, reseau):
    contact = Contact.objects.create(reseau=reseau, nom="Dupont", email="d@x.fr")
    assert client_membre.get(f"/contacts/{contact.pk}/donnees.json").json()["Contact"]["Courriel"] == "d@x.fr"
    assert "d@x.fr" in client_membre.get(f"/contacts/{contact.pk}/donnees.csv").content.decode("utf-8-sig")
    assert client_membre.get(f"/contacts/{contact.pk}/donnees.exe").status_code == 404


def test_ids_and_line_numbers_in_forms_are_not_grouped_by_thousands(client_membre, reseau):
    rows = "".join(f"Personne{n};p{n}@x.fr;Bourges\n" for n in range(1200)) + "Durand;d@x.fr;Saint-Martin\n"
    upload(client_membre, "long.csv", ("Nom;Courriel;Commune\n" + rows).encode())
    session = ImportContacts.objects.get()
    client_membre.post(
        f"/contacts/import/{session.pk}/colonnes/",
        {"colonne_0": "nom", "colonne_1": "email", "colonne_2": "collectivite"},
    )
    page = client_membre.get(f"/contacts/import/{session.pk}/verification/").content.decode()
    assert 'name="choix_1202"' in page
    values = re.findall(r'<option value="([^"]*)"', page)
    assert values and all(value.isdigit() or value in ("", "aucune") for value in values)


def test_the_import_button_says_it_also_merges_known_contacts(client_membre, reseau):
    Contact.objects.create(reseau=reseau, nom="Dupont", prenom="Rose", email="rose@x.fr")
    upload(client_membre, "elus.csv", b"Nom;Prenom;Courriel\nDupont;Rose;rose@x.fr\nMartin;Paul;p@x.fr\n;;\n")
    session = ImportContacts.objects.get()
    client_membre.post(
        f"/contacts/import/{session.pk}/colonnes/",
        {"colonne_0": "nom", "colonne_1": "prenom", "colonne_2": "email"},
    )
    page = client_membre.get(f"/contacts/import/{session.pk}/verification/").content.decode()
    assert "Importer 1\u00a0contact et en fusionner 1 avec un contact connu" in page


def test_exports_are_named_after_what_they_hold_and_when(client_membre, reseau):
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    contact = Contact.objects.create(reseau=reseau, prenom="Rose", nom="Blanc")
    listing = client_membre.get("/contacts/?format=csv")
    assert listing["Content-Disposition"] == f'attachment; filename="contacts-centraider-{today}.csv"'
    own = client_membre.get(f"/contacts/{contact.pk}/donnees.json")
    assert (
        own["Content-Disposition"] == f'attachment; filename="donnees-personnelles-rose-blanc-{today}.json"'
    )


def test_an_edit_through_the_page_is_journaled_with_its_old_and_new_values(client_membre, reseau):
    from passerelles.core.models import Journal

    contact = Contact.objects.create(
        reseau=reseau, nom="Durand", prenom="Claire", email="claire@exemple.fr", telephone="02 48 00 00 01"
    )
    response = client_membre.post(
        f"/contacts/{contact.pk}/modifier/",
        {
            "nom": "Durand",
            "prenom": "Claire",
            "email": "c.durand@exemple.fr",
            "telephone": "06 00 00 00 02",
            "base_legale": contact.base_legale,
        },
    )
    assert response.status_code == 302
    entry = Journal.objects.get(objet_type="contact", objet_id=contact.pk, action="modification")
    assert entry.details["email"] == ["claire@exemple.fr", "c.durand@exemple.fr"]
    assert entry.details["telephone"] == ["02 48 00 00 01", "06 00 00 00 02"]
