"""No internal code reaches a reader: every value shown on the main pages and in the documents
has its French label. A new leak of one of these codes fails here."""

import io
import re
from html.parser import HTMLParser

import pytest
from docx import Document
from pypdf import PdfReader

from passerelles.capitalisation.demo import demo_fiche
from passerelles.contacts import services as contacts
from passerelles.contacts.models import BaseLegale, Role
from passerelles.core.journal import journal_record
from passerelles.mobilisation import services as mobilisation
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db

# Codes of stages, legal bases, journal details, tags, and field names shown without accents.
INTERNAL_CODES = re.compile(
    r"\b(deja_engagee|interet_legitime|mettre_a_jour|a_verifier|cooperation-decentralisee|"
    r"Civilite|Prenom|Telephone|civilite|prenom|telephone|consentement_mailing|role_id)\b"
    r"|· commune, epci"
)


class VisibleText(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.fixture
def known(reseau, membre):
    bourges = Collectivite.objects.get(type="commune", code="18033")
    contact = contacts.contact_create(
        reseau=reseau, auteur=membre, civilite="Mme", prenom="Rose", nom="Blanc", collectivite=bourges
    )
    contacts.contact_update(
        contact=contact,
        auteur=membre,
        role=Role.objects.get(code="maire"),
        telephone="02 48 00 00 00",
        base_legale=BaseLegale.CONSENTEMENT,
        consentement_mailing=True,
    )
    mobilisation.etape_set(reseau=reseau, collectivite=bourges, etape="deja_engagee", auteur=membre)
    journal_record(
        reseau=reseau,
        auteur=membre,
        action="import",
        objet=None,
        libelle="Import",
        details={"fichier": "f.csv", "creer": 1, "mettre_a_jour": 2, "ignorer": 0, "a_verifier": 1},
    )
    return {"contact": contact, "fiche": demo_fiche(reseau)}


def pages(known) -> list[str]:
    contact, fiche = known["contact"], known["fiche"]
    return [
        "/",
        "/mobilisation/",
        "/mobilisation/collectivites/?departement=18",
        "/territoires/commune/18033/",
        "/contacts/",
        contact.get_absolute_url(),
        f"/contacts/{contact.pk}/modifier/",
        "/contacts/nouveau/",
        "/contacts/organisations/nouvelle/",
        "/journal/",
        fiche.get_absolute_url(),
    ]


def test_the_main_pages_show_no_internal_code(client_membre, known):
    leaks = {}
    for url in pages(known):
        response = client_membre.get(url)
        assert response.status_code == 200, url
        found = INTERNAL_CODES.findall(visible(response.content.decode()))
        if found:
            leaks[url] = found
    assert not leaks


def test_the_fiche_documents_show_no_internal_code(client_membre, known):
    fiche = known["fiche"]
    pdf = client_membre.get(f"/capitalisation/fiche/{fiche.pk}/export.pdf").content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Coopération décentralisée" in text.replace("\n", " ")
    docx = client_membre.get(f"/capitalisation/fiche/{fiche.pk}/export.docx").content
    text += " ".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    text += client_membre.get(f"/capitalisation/fiche/{fiche.pk}/export.md").content.decode()
    assert not INTERNAL_CODES.findall(text)


def test_the_personal_data_exports_show_no_internal_code(client_membre, known):
    contact = known["contact"]
    for fmt in ("json", "csv"):
        body = client_membre.get(f"/contacts/{contact.pk}/donnees.{fmt}").content.decode("utf-8-sig")
        assert not INTERNAL_CODES.findall(body), fmt
