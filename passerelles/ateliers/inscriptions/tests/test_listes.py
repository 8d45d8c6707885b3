"""The lists an organiser takes away: the registrants as a spreadsheet (CSV and XLSX) from the
registrations page and the check-in page, and name badges to print, 8 or 10 to an A4 sheet."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from passerelles.ateliers.inscriptions.badges import badges_of
from passerelles.ateliers.inscriptions.models import EtatInscription, Inscription, Qualite, SourceInscription
from passerelles.ateliers.preparation.documents import emargement_rows
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.contacts.models import Contact, Role
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db


@pytest.fixture
def atelier(reseau):
    return Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international : pourquoi pas nous ?",
        date=datetime.date(2026, 3, 12),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        capacite=2,
        statut=StatutAtelier.INVITATIONS_ENVOYEES,
    )


def inscrire(atelier, nom, **fields) -> Inscription:
    return Inscription.objects.create(
        reseau=atelier.reseau,
        atelier=atelier,
        nom=nom,
        email=fields.pop("email", f"{nom.lower()}@x.fr"),
        **fields,
    )


@pytest.fixture
def inscrits(atelier):
    nerondes = Collectivite.objects.get(type="commune", code="18160")
    epci = Collectivite.objects.get(type="epci", code="200007177")
    maire = Role.objects.get(code="maire")
    helene = inscrire(
        atelier,
        "Émery",
        prenom="Hélène",
        civilite="Mme",
        role=maire,
        collectivite=nerondes,
        besoins="Repas végétarien",
        consentement=True,
        qualite=Qualite.INTERVENANT,
        present=True,
        arrive_le=timezone.make_aware(datetime.datetime(2026, 3, 12, 9, 21)),
    )
    paul = inscrire(atelier, "Dupont", prenom="Paul", civilite="M.", collectivite=epci, fonction="DGS")
    walk_in = inscrire(
        atelier, "Zola", prenom="Émile", structure="Comité de jumelage", source=SourceInscription.SUR_PLACE
    )
    first = inscrire(atelier, "Attente-Un", etat=EtatInscription.ATTENTE)
    second = inscrire(atelier, "Attente-Deux", etat=EtatInscription.ATTENTE)
    Inscription.objects.filter(pk=second.pk).update(cree_le=first.cree_le + datetime.timedelta(minutes=5))
    cancelled = inscrire(atelier, "Parti", etat=EtatInscription.ANNULEE, annulee_le=timezone.now())
    return {
        "helene": helene,
        "paul": paul,
        "walk_in": walk_in,
        "first": first,
        "second": second,
        "cancelled": cancelled,
    }


def xlsx_rows(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, row, strict=True)) for row in rows]


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def export_url(atelier, fmt: str) -> str:
    return f"/ateliers/{atelier.pk}/inscriptions/export.{fmt}"


# --- The registrants as a spreadsheet ----------------------------------------------------------


def test_the_xlsx_export_has_every_registration_with_what_an_organiser_needs(
    client_membre, atelier, inscrits
):
    response = client_membre.get(export_url(atelier, "xlsx"))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = xlsx_rows(response)
    # Confirmed as on the feuille d'émargement, then the waiting list in its order, then the cancelled.
    assert [row["Nom"] for row in rows] == ["Dupont", "Émery", "Zola", "Attente-Un", "Attente-Deux", "Parti"]
    helene = rows[1]
    assert helene["Civilité"] == "Mme" and helene["Prénom"] == "Hélène" and helene["Rôle"] == "Maire"
    assert helene["Qualité"] == "Intervenant·e"
    assert (helene["Collectivité"], helene["Code officiel"], helene["Type de collectivité"]) == (
        "Nérondes",
        "18160",
        "Commune",
    )
    assert helene["État de l'inscription"] == "Confirmée" and helene["Rang en liste d'attente"] is None
    assert helene["Présent·e"] == "oui" and helene["Arrivé·e à"] == "12/03/2026 09:21"
    assert helene["Venu·e sans inscription"] == "non"
    assert helene["Besoins particuliers"] == "Repas végétarien"
    assert helene["Accepte d'être recontacté·e"] == "oui"
    assert (
        rows[0]["Code officiel"] == "200007177"
        and rows[0]["Type de collectivité"] == "EPCI à fiscalité propre"
    )
    assert rows[0]["Fonction"] == "DGS" and rows[0]["Qualité"] == "Participant·e"
    assert rows[2]["Structure"] == "Comité de jumelage" and rows[2]["Venu·e sans inscription"] == "oui"
    assert rows[2]["Collectivité"] is None and rows[2]["Présent·e"] == "non"


def test_the_waiting_list_rank_is_the_order_in_which_seats_will_be_given(client_membre, atelier, inscrits):
    rows = xlsx_rows(client_membre.get(export_url(atelier, "xlsx")))
    ranks = {row["Nom"]: row["Rang en liste d'attente"] for row in rows}
    assert ranks["Attente-Un"] == 1 and ranks["Attente-Deux"] == 2
    assert {row["État de l'inscription"] for row in rows[3:5]} == {"Liste d'attente"}
    assert rows[5]["État de l'inscription"] == "Annulée" and rows[5]["Rang en liste d'attente"] is None


def test_the_csv_export_reads_back_with_the_same_columns(client_membre, atelier, inscrits):
    response = client_membre.get(export_url(atelier, "csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())  # Excel opens it as UTF-8
    rows = csv_rows(response)
    xlsx = xlsx_rows(client_membre.get(export_url(atelier, "xlsx")))
    assert list(rows[0]) == list(xlsx[0])
    assert [row["Nom"] for row in rows] == [row["Nom"] for row in xlsx]
    assert rows[1]["Inscrit·e le"] == timezone.localtime(inscrits["helene"].cree_le).strftime(
        "%d/%m/%Y %H:%M"
    )
    assert rows[3]["Rang en liste d'attente"] == "1"


def test_the_unsubscribe_state_is_read_on_the_contact_or_on_the_address(client_membre, reseau, atelier):
    gone = timezone.make_aware(datetime.datetime(2026, 1, 5, 14, 0))
    linked = Contact.objects.create(reseau=reseau, nom="Lié", email="lie@x.fr", desinscrit_le=gone)
    inscrire(atelier, "Lié", email="lie@x.fr", contact=linked)
    # An unsubscribe link makes a contact of an address the réseau knew only from a registration.
    Contact.objects.create(reseau=reseau, nom="adresse@x.fr", email="adresse@x.fr", desinscrit_le=gone)
    inscrire(atelier, "Adresse", email="Adresse@X.fr")
    inscrire(atelier, "Joignable", email="joignable@x.fr")
    rows = {row["Nom"]: row for row in xlsx_rows(client_membre.get(export_url(atelier, "xlsx")))}
    assert rows["Lié"]["Désabonné·e des courriels le"] == "05/01/2026 14:00"
    assert rows["Adresse"]["Désabonné·e des courriels le"] == "05/01/2026 14:00"
    assert rows["Joignable"]["Désabonné·e des courriels le"] is None


def test_another_reseaus_unsubscribe_says_nothing_here(client_membre, autre_reseau, atelier):
    Contact.objects.create(reseau=autre_reseau, nom="x", email="partout@x.fr", desinscrit_le=timezone.now())
    inscrire(atelier, "Partout", email="partout@x.fr")
    (row,) = xlsx_rows(client_membre.get(export_url(atelier, "xlsx")))
    assert row["Désabonné·e des courriels le"] is None


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_cell_that_starts_like_a_formula_is_written_as_text(client_membre, atelier, fmt):
    inscrire(
        atelier,
        '=HYPERLINK("http://evil.example","clic")',
        prenom="@SUM(A1)",
        structure="-2+3",
        besoins="+33 6 12 34 56 78",
    )
    response = client_membre.get(export_url(atelier, fmt))
    (row,) = xlsx_rows(response) if fmt == "xlsx" else csv_rows(response)
    assert row["Nom"] == '\'=HYPERLINK("http://evil.example","clic")'
    assert row["Prénom"] == "'@SUM(A1)" and row["Structure"] == "'-2+3"
    assert row["Besoins particuliers"] == "+33 6 12 34 56 78"  # a phone number stays as typed


def test_the_file_name_says_the_atelier_and_its_date(client_membre, atelier, inscrits):
    for fmt in ("csv", "xlsx"):
        response = client_membre.get(export_url(atelier, fmt))
        assert response["Content-Disposition"] == (
            f'attachment; filename="inscrits-agir-a-linternational-pourquoi-pas-nous-2026-03-12.{fmt}"'
        )
        assert "no-store" in response["Cache-Control"]


def test_an_unknown_format_is_not_found(client_membre, atelier):
    assert client_membre.get(export_url(atelier, "pdf")).status_code == 404


def test_the_registrations_page_and_the_check_in_page_offer_the_export_and_the_badges(client_membre, atelier):
    for page in ("inscriptions", "accueil"):
        html = client_membre.get(f"/ateliers/{atelier.pk}/{page}/").content.decode()
        assert (
            f'href="{export_url(atelier, "xlsx")}"' in html and f'href="{export_url(atelier, "csv")}"' in html
        )
        assert f'action="/ateliers/{atelier.pk}/inscriptions/badges/"' in html
        assert '<option value="8">8 par feuille A4</option>' in html and '<option value="10">' in html


# --- Name badges -------------------------------------------------------------------------------


def badges_url(atelier, **query) -> str:
    suffix = "".join(f"?{key}={value}" for key, value in query.items())
    return f"/ateliers/{atelier.pk}/inscriptions/badges/{suffix}"


def pdf_pages(response) -> list[str]:
    assert response["Content-Type"] == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def test_badges_are_in_the_order_of_the_feuille_demargement(atelier, inscrits):
    inscrire(atelier, "dupond", prenom="Anne")
    badges = badges_of(atelier)
    assert [b.nom for b in badges] == [row["nom"] for row in emargement_rows(atelier)]
    assert [b.nom for b in badges] == ["DUPOND", "DUPONT", "ÉMERY", "ZOLA"]


def test_a_badge_says_the_name_the_role_and_the_collectivite(atelier, inscrits):
    helene, paul, walk_in = badges_of(atelier)[1], badges_of(atelier)[0], badges_of(atelier)[2]
    assert (helene.prenom, helene.nom, helene.role, helene.collectivite) == (
        "Hélène",
        "ÉMERY",
        "Maire",
        "Nérondes",
    )
    assert helene.qualite == "Intervenant·e" and paul.qualite == ""  # participants wear no ribbon
    assert paul.role == "DGS" and walk_in.collectivite == "Comité de jumelage"


@pytest.mark.parametrize(("par_feuille", "pages"), [("8", 3), ("10", 2)])
def test_staff_choose_8_or_10_badges_to_a_sheet(client_membre, atelier, par_feuille, pages):
    for number in range(19):
        inscrire(atelier, f"Personne{number:02d}", prenom="Camille")
    texts = pdf_pages(client_membre.get(badges_url(atelier, par_feuille=par_feuille)))
    assert len(texts) == pages
    assert "PERSONNE00" in texts[0] and "PERSONNE18" in texts[-1]
    assert texts[0].count("Camille") == int(par_feuille)


def test_badges_are_for_confirmed_registrations_only(client_membre, atelier, inscrits):
    (text,) = pdf_pages(client_membre.get(badges_url(atelier)))
    assert "ÉMERY" in text and "ZOLA" in text
    assert "ATTENTE-UN" not in text and "PARTI" not in text


@pytest.mark.parametrize("value", ["abc", "9", "", "99999999999999999999"])
def test_a_number_of_badges_that_is_not_offered_gives_8(client_membre, atelier, value):
    for number in range(9):
        inscrire(atelier, f"Personne{number}")
    response = client_membre.get(badges_url(atelier, par_feuille=value))
    assert len(pdf_pages(response)) == 2
    assert response["Content-Disposition"].endswith(
        'filename="badges-agir-a-linternational-pourquoi-pas-nous-2026-03-12.pdf"'
    )


def test_no_badge_to_print_says_so(client_membre, atelier):
    (text,) = pdf_pages(client_membre.get(badges_url(atelier)))
    assert "pas de badge à imprimer" in text
