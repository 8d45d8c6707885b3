"""The réseau's public agenda: its upcoming ateliers open to registration, on a page for phones,
as an iCalendar feed partners subscribe to, and framed in the réseau's own website."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from passerelles.ateliers.agenda.selectors import annonces
from passerelles.ateliers.inscriptions.models import EtatInscription, Inscription
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.ateliers.preparation.tests.test_plan import atelier_post
from passerelles.leviers.models import PointEntree, Segment
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def annoncer(reseau, titre="Nourrir son territoire, ici et là-bas", *, days=30, **fields) -> Atelier:
    values = {
        "reseau": reseau,
        "titre": titre,
        "date": TODAY + datetime.timedelta(days=days),
        "heure_debut": datetime.time(14, 0),
        "heure_fin": datetime.time(17, 0),
        "statut": StatutAtelier.INVITATIONS_ENVOYEES,
        "sur_agenda": True,
        **fields,
    }
    return Atelier.objects.create(**values)


def titles(reseau) -> list[str]:
    return [annonce.titre for annonce in annonces(reseau)]


# --- What is announced -------------------------------------------------------------------------


def test_the_reseaus_upcoming_announced_ateliers_come_soonest_first(reseau):
    annoncer(reseau, "Dans deux mois", days=60)
    annoncer(reseau, "Demain", days=1)
    annoncer(reseau, "Aujourd'hui", days=0)
    assert titles(reseau) == ["Aujourd'hui", "Demain", "Dans deux mois"]


@pytest.mark.parametrize(
    ("why", "fields"),
    [
        ("a draft", {"statut": StatutAtelier.BROUILLON}),
        ("a private atelier (not announced)", {"sur_agenda": False}),
        ("a cancelled atelier", {"statut": StatutAtelier.ANNULE}),
        ("registration closed", {"statut": StatutAtelier.CLOS}),
        ("registration closed by hand", {"inscriptions_fermees_le": timezone.now()}),
        ("the deadline passed", {"date_limite_inscription": TODAY - datetime.timedelta(days=1)}),
        ("a past atelier", {"days": -1}),
        ("an atelier already held", {"statut": StatutAtelier.REALISE}),
    ],
)
def test_the_agenda_never_shows(reseau, client, why, fields):
    annoncer(reseau, "Caché", **fields)
    assert titles(reseau) == [], why
    assert "Caché" not in client.get(f"/agenda/{reseau.slug}/").content.decode()
    assert b"Cach" not in client.get(f"/agenda/{reseau.slug}/ateliers.ics").content


def test_a_full_atelier_is_announced_with_its_waiting_list(reseau, client):
    atelier = annoncer(reseau, capacite=1)
    Inscription.objects.create(reseau=reseau, atelier=atelier, nom="Dupont", email="d@x.fr")
    (annonce,) = annonces(reseau)
    assert annonce.complet
    html = client.get(f"/agenda/{reseau.slug}/").content.decode()
    assert "Complet\u00a0: en vous inscrivant, vous rejoignez la liste d'attente." in html
    assert "Rejoindre la liste d'attente" in html


def test_each_atelier_says_when_where_its_entry_point_and_how_to_register(reseau, client):
    atelier = annoncer(
        reseau,
        lieu_nom="Salle des fêtes",
        lieu_adresse="Place de la mairie",
        lieu_collectivite=Collectivite.objects.get(type="commune", code="18279"),
        point_entree=PointEntree.objects.get(code="alimentation"),
        date_limite_inscription=TODAY + datetime.timedelta(days=20),
    )
    page = client.get(f"/agenda/{reseau.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="fr">' in html
    assert "Nourrir son territoire, ici et là-bas" in html
    assert "de 14\u00a0h à 17\u00a0h" in html
    assert "Salle des fêtes, Place de la mairie, Vierzon" in html
    assert f"<dd>{PointEntree.objects.get(code='alimentation').nom}</dd>" in html
    assert f'href="http://127.0.0.1:8000/ateliers/inscription/{atelier.jeton_public}/"' in html
    assert "Inscriptions jusqu'au" in html
    assert 'style="' not in html and "<script>" not in html and "<style" not in html


def test_the_agenda_needs_no_login(client, reseau):
    annoncer(reseau)
    assert client.get(f"/agenda/{reseau.slug}/").status_code == 200
    assert client.get(f"/agenda/{reseau.slug}/ateliers.ics").status_code == 200
    assert client.get(f"/agenda/{reseau.slug}/integre/").status_code == 200


def test_an_agenda_with_nothing_to_announce_says_so(client, reseau):
    html = client.get(f"/agenda/{reseau.slug}/").content.decode()
    assert "Aucun atelier n'est ouvert aux inscriptions pour le moment." in html


def test_a_reseau_that_does_not_exist_has_no_agenda(client):
    for suffix in ("", "ateliers.ics", "integre/"):
        assert client.get(f"/agenda/inconnu/{suffix}").status_code == 404


def test_the_agenda_says_nothing_of_the_people_registered(client, reseau):
    atelier = annoncer(reseau, capacite=30)
    Inscription.objects.create(
        reseau=reseau,
        atelier=atelier,
        prenom="Hélène",
        nom="Secrète",
        email="helene@secret.fr",
        besoins="Fauteuil",
    )
    Inscription.objects.create(
        reseau=reseau, atelier=atelier, nom="Attente", email="a@secret.fr", etat=EtatInscription.ATTENTE
    )
    for suffix in ("", "ateliers.ics", "integre/"):
        body = client.get(f"/agenda/{reseau.slug}/{suffix}").content.decode()
        assert "Nourrir son territoire" in body
        for secret in ("Secrète", "helene@secret.fr", "Fauteuil", "Attente", "secret.fr", "places"):
            assert secret not in body, (suffix, secret)


# --- The iCalendar feed ------------------------------------------------------------------------


def test_the_feed_is_valid_icalendar_with_its_time_zone(client, reseau):
    first = annoncer(reseau, "Premier", days=10, lieu_nom="Hôtel de ville")
    annoncer(reseau, "Second", days=40)
    annoncer(reseau, "Brouillon", statut=StatutAtelier.BROUILLON)
    response = client.get(f"/agenda/{reseau.slug}/ateliers.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["x-wr-calname"] == "Ateliers — CENTRAIDER"
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/Paris"
    events = calendar.walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["Premier", "Second"]
    event = events[0]
    start = event.decoded("dtstart")
    assert (start.date(), start.hour, str(start.tzinfo)) == (first.date, 14, "Europe/Paris")
    assert event["dtstart"].params["TZID"] == "Europe/Paris"
    link = f"http://127.0.0.1:8000/ateliers/inscription/{first.jeton_public}/"
    assert str(event["url"]) == link and link in str(event["description"])
    assert str(event["location"]) == "Hôtel de ville"
    # The same atelier is the same event as in a confirmation's .ics: a subscriber who registered
    # sees it once.
    assert str(event["uid"]) == f"atelier-{first.pk}-{first.jeton_public[:12]}@passerelles"


def test_an_empty_feed_is_still_a_calendar(client, reseau):
    calendar = Calendar.from_ical(client.get(f"/agenda/{reseau.slug}/ateliers.ics").content)
    assert calendar.walk("VEVENT") == []


# --- Framed in the réseau's website ------------------------------------------------------------


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def test_the_websites_the_reseau_lists_may_frame_the_agenda_and_no_other(client, reseau):
    reseau.agenda_origines = "https://www.centraider.org\nhttps://agenda.region-centre.fr:8443"
    reseau.save()
    annoncer(reseau)
    framed = client.get(f"/agenda/{reseau.slug}/integre/")
    assert (
        directives(framed)["frame-ancestors"]
        == "https://www.centraider.org https://agenda.region-centre.fr:8443"
    )
    assert "X-Frame-Options" not in framed
    # The rest of the policy is the site's, as strict as on every page.
    page = client.get(f"/agenda/{reseau.slug}/")
    assert {k: v for k, v in directives(framed).items() if k != "frame-ancestors"} == {
        k: v for k, v in directives(page).items() if k != "frame-ancestors"
    }
    assert (
        directives(framed)["script-src"] == "'self'"
        and "unsafe-inline" not in framed["Content-Security-Policy"]
    )
    # The agenda's own page and every other page stay unframeable.
    assert directives(page)["frame-ancestors"] == "'none'" and page["X-Frame-Options"] == "DENY"


def test_without_listed_websites_no_one_may_frame_the_agenda(client, reseau):
    framed = client.get(f"/agenda/{reseau.slug}/integre/")
    assert directives(framed)["frame-ancestors"] == "'none'" and framed["X-Frame-Options"] == "DENY"


def test_an_origin_stored_malformed_never_reaches_the_header(client, reseau):
    # Typed origins are validated; one written by other means is still left out.
    reseau.agenda_origines = "https://ok.example.org\nhttps://x.org; script-src *\n'unsafe-inline'"
    reseau.save()
    framed = client.get(f"/agenda/{reseau.slug}/integre/")
    assert directives(framed)["frame-ancestors"] == "https://ok.example.org"
    assert directives(framed)["script-src"] == "'self'"


def test_the_framed_agenda_opens_registration_in_a_new_tab(client, reseau):
    annoncer(reseau)
    html = client.get(f"/agenda/{reseau.slug}/integre/").content.decode()
    assert 'target="_blank" rel="noopener"' in html
    assert "Les prochains ateliers de CENTRAIDER" in html
    assert 'class="entete"' not in html  # no site header in someone else's page
    assert 'style="' not in html and "<script" not in html and "<style" not in html


# --- Choosing to announce an atelier -----------------------------------------------------------


def test_the_team_announces_an_atelier_from_its_form(client_membre, reseau):
    page = client_membre.get("/ateliers/nouveau/").content.decode()
    assert 'name="sur_agenda"' in page and "Annoncé sur l&#x27;agenda public du réseau" in page
    segment = Segment.objects.create(reseau=reseau, nom="Cher", filtres={"departement": "18"})
    data = atelier_post(segment, statut="invitations_envoyees", date=str(TODAY + datetime.timedelta(days=9)))
    data["date_limite_inscription"] = ""
    client_membre.post("/ateliers/nouveau/", data)
    atelier = Atelier.objects.get(reseau=reseau)
    assert not atelier.sur_agenda and titles(reseau) == []  # private unless the team says so
    client_membre.post(f"/ateliers/{atelier.pk}/modifier/", {**data, "sur_agenda": "on"})
    atelier.refresh_from_db()
    assert atelier.sur_agenda and titles(reseau) == [atelier.titre]


def test_the_ateliers_list_tells_the_team_where_the_agenda_is(client_membre, reseau):
    html = client_membre.get("/ateliers/").content.decode()
    assert f"/agenda/{reseau.slug}/" in html and f"/agenda/{reseau.slug}/ateliers.ics" in html
    assert f"/agenda/{reseau.slug}/integre/" in html
