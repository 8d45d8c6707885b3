"""The printed invitation letter leads to registration without typing a 32-sign token: a QR
code, a short link and a short code without look-alike signs, never hyphenated."""

import datetime
import io
import re
import subprocess

import pytest
import zxingcpp
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from pypdf import PdfReader

from passerelles.ateliers.invitations.models import ALPHABET_CODE, Invitation, code_saisi, new_code
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.contacts.models import Contact
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db
SITE = "https://passerelles.example.org"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def atelier(reseau):
    return Atelier.objects.create(
        reseau=reseau,
        titre="L'international, pourquoi pas nous ?",
        date=datetime.date.today() + datetime.timedelta(days=30),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        lieu_collectivite=Collectivite.objects.get(type="commune", code="18033"),
        lieu_nom="Hôtel de ville",
        capacite=40,
        statut=StatutAtelier.INVITATIONS_ENVOYEES,
    )


@pytest.fixture
def invitation(atelier):
    nerondes = Collectivite.objects.get(type="commune", code="18160")
    maire = Contact.objects.create(
        reseau=atelier.reseau,
        civilite="Mme",
        prenom="Camille",
        nom="Martin",
        fonction="Maire",
        email="maire@nerondes.fr",
        collectivite=nerondes,
    )
    return Invitation.objects.create(
        reseau=atelier.reseau, atelier=atelier, contact=maire, collectivite=nerondes, email=maire.email
    )


def grouped(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def letter(client, atelier, invitation=None) -> bytes:
    if invitation is None:
        url = f"/ateliers/{atelier.pk}/documents/invitation.pdf"
    else:
        url = f"/ateliers/{atelier.pk}/invitations/{invitation.pk}/lettre.pdf"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def prose(text: str) -> str:
    """The letter's sentences on one line, words hyphenated at a line's end joined again."""
    return re.sub(r"\s+", " ", re.sub(r"\u2010\n", "", text))


def qr_codes(pdf: bytes, folder) -> list[str]:
    """What a phone would read on the printed page: the PDF rendered as a picture, decoded."""
    (folder / "lettre.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", folder / "lettre.pdf", folder / "lettre"], check=True
    )
    return [found.text for found in zxingcpp.read_barcodes(Image.open(folder / "lettre.png"))]


# --- The code ---------------------------------------------------------------------------


def test_every_invitation_gets_a_ten_sign_code_without_look_alike_signs(atelier, invitation):
    assert len(invitation.code) == 10 and set(invitation.code) <= set(ALPHABET_CODE)
    assert not set("01OILUV") & set(ALPHABET_CODE)
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000


@pytest.mark.parametrize(
    "typed", ["k7m4p-xr2qh", " K7M4P XR2QH ", "K7M4PXR2QH", "k7m4p–xr2qh".replace("–", "-")]
)
def test_a_typed_code_is_read_whatever_its_case_spaces_and_dashes(typed):
    assert code_saisi(typed) == "K7M4PXR2QH"


@pytest.mark.parametrize(
    "typed", ["K7M4P-XR2Q", "K7M4P-XR2QHH", "K7M4P-XR2Q0", "K7M4P-XR2QI", "x" * 10_000, "\x00"]
)
def test_what_cannot_be_a_code_is_refused_before_any_query(typed):
    assert code_saisi(typed) == ""


# --- The short link -------------------------------------------------------------------------


def test_the_short_link_leads_to_the_personal_registration_page(client, invitation):
    for typed in (
        grouped(invitation.code),
        invitation.code.lower(),
        f"{invitation.code[:3]} {invitation.code[3:]}",
    ):
        response = client.get(f"/i/{typed}")
        assert response.status_code == 302
        assert response["Location"] == f"/ateliers/inscription/i/{invitation.jeton}/"
    page = client.get(f"/i/{grouped(invitation.code)}", follow=True)
    assert page.status_code == 200 and 'value="maire@nerondes.fr"' in page.content.decode()


def test_the_code_can_be_typed_on_the_short_address(client, invitation):
    page = client.get("/i/")
    assert page.status_code == 200 and "Votre code d'invitation" in page.content.decode()
    response = client.get("/i/", {"code": grouped(invitation.code).lower()})
    assert response["Location"] == f"/ateliers/inscription/i/{invitation.jeton}/"


def test_an_unknown_or_malformed_code_says_so_in_french(client, invitation):
    unknown = "".join(reversed(invitation.code))
    page = client.get(f"/i/{unknown}")
    assert page.status_code == 404
    assert "Ce code ne correspond à aucune invitation." in page.content.decode()
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/i/", {"code": "IL0O1" * 40})
    assert page.status_code == 404 and "n&#x27;a pas la forme attendue" in page.content.decode()
    assert not [q for q in queries.captured_queries if "ateliers_invitation" in q["sql"]]


def test_trying_codes_is_slowed_down_after_thirty_an_hour(client, invitation):
    caches["compteurs"].clear()
    statuses = [client.get(f"/i/{new_code()}").status_code for _ in range(30)]
    assert set(statuses) == {404}
    assert client.get(f"/i/{invitation.code}").status_code == 429


# --- The letter ---------------------------------------------------------------------------


def test_an_invitees_letter_is_addressed_to_them_and_prints_the_short_link_and_code(
    client_membre, atelier, invitation
):
    pages, text = pdf_text(letter(client_membre, atelier, invitation))
    assert pages == 1
    short = f"{SITE}/i/{grouped(invitation.code)}"
    assert "Mme Camille Martin\nMaire\nNérondes" in text
    assert "Madame,\n" in text and "agréer, Madame, l’expression" in prose(text)
    # Read as printed: only line breaks removed, no hyphen added inside the link or the code.
    assert short in re.sub(r"\s", "", text)
    assert grouped(invitation.code) in text
    assert f"{SITE}/i/" in text


def test_the_qr_code_of_an_invitees_letter_reads_as_its_short_link(
    client_membre, atelier, invitation, tmp_path
):
    pdf = letter(client_membre, atelier, invitation)
    assert qr_codes(pdf, tmp_path) == [f"{SITE}/i/{grouped(invitation.code)}"]


def test_a_town_halls_letter_is_addressed_to_the_mairie(client_membre, atelier):
    nerondes = Collectivite.objects.get(type="commune", code="18160")
    mairie = Invitation.objects.create(
        reseau=atelier.reseau,
        atelier=atelier,
        collectivite=nerondes,
        email="mairie@nerondes.fr",
        institutionnelle=True,
    )
    _, text = pdf_text(letter(client_membre, atelier, mairie))
    assert "Mairie de Nérondes" in text and "Madame, Monsieur," in text


def test_the_letter_to_anyone_prints_the_public_link_unbroken_and_as_a_qr_code(
    client_membre, atelier, tmp_path
):
    pdf = letter(client_membre, atelier)
    _, text = pdf_text(pdf)
    public = f"{SITE}/ateliers/inscription/{atelier.jeton_public}/"
    assert public in re.sub(r"\s", "", text)
    assert qr_codes(pdf, tmp_path) == [public]


def test_another_reseaus_invitation_has_no_letter_here(client_membre, atelier, autre_reseau):
    theirs = Atelier.objects.create(
        reseau=autre_reseau,
        titre="B",
        date=atelier.date,
        heure_debut=atelier.heure_debut,
        heure_fin=atelier.heure_fin,
    )
    invitation = Invitation.objects.create(reseau=autre_reseau, atelier=theirs, email="b@b.fr")
    assert (
        client_membre.get(f"/ateliers/{atelier.pk}/invitations/{invitation.pk}/lettre.pdf").status_code == 404
    )


def test_the_invitation_list_shows_each_code_and_links_its_letter(client_membre, atelier, invitation):
    html = client_membre.get(f"/ateliers/{atelier.pk}/invitations/").content.decode()
    assert f"code {grouped(invitation.code)}" in html
    assert f'href="/ateliers/{atelier.pk}/invitations/{invitation.pk}/lettre.pdf"' in html
