# ruff: noqa: F811  (pytest fixtures imported from smtp_loopback)
"""The invitation list (segments × publics, plus picked by hand), who is left out and why, the
personalised email, sending through the worker to a real SMTP server, and unsubscribing."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from passerelles.ateliers.invitations import services as liste
from passerelles.ateliers.invitations.models import Invitation
from passerelles.ateliers.invitations.textes import invitation_email
from passerelles.ateliers.preparation.models import Atelier, Sequence
from passerelles.contacts.models import Contact, Role
from passerelles.core.models import Travail
from passerelles.courriels.desabonnement import unsubscribe_token
from passerelles.courriels.models import AdresseEnEchec, Message
from passerelles.courriels.tests.smtp_loopback import serveur_smtp  # noqa: F401
from passerelles.leviers.models import Segment
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db
NERONDES = "18160"


@pytest.fixture
def communes():
    """The communes of the Pays de Nérondes (Cher), a small EPCI of the référentiel."""
    epci = Collectivite.objects.get(type="commune", code=NERONDES).epci
    return list(Collectivite.objects.filter(type="commune", epci=epci, actif=True).order_by("nom"))


@pytest.fixture
def atelier(reseau, communes):
    atelier = Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=datetime.date(2030, 5, 14),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        lieu_collectivite=Collectivite.objects.get(type="commune", code="18033"),
        lieu_nom="Hôtel de ville",
        lieu_adresse="11 rue Jacques-Rimbault",
    )
    segment = Segment.objects.create(
        reseau=reseau, nom="Pays de Nérondes", filtres={"epci": communes[0].epci.code}
    )
    atelier.segments.add(segment)
    atelier.roles.add(Role.objects.get(code="maire"))
    Sequence.objects.create(atelier=atelier, ordre=1, titre="Accueil", debut=datetime.time(9, 30))
    Sequence.objects.create(atelier=atelier, ordre=2, titre="Témoignages de collectivités engagées")
    return atelier


def person(reseau, commune, nom, role="maire", **fields):
    fields.setdefault("email", f"{nom.lower()}@exemple.fr")
    return Contact.objects.create(
        reseau=reseau, nom=nom, collectivite=commune, role=Role.objects.get(code=role), **fields
    )


@pytest.fixture
def people(reseau, communes):
    """One reachable maire, and one maire for each reason to leave someone out."""
    return {
        "joignable": person(reseau, communes[0], "Durand", civilite="Mme", prenom="Claire"),
        "desinscrit": person(reseau, communes[1], "Bernard", desinscrit_le=timezone.now()),
        "efface": person(reseau, communes[2], "Effacé", email="", efface_le=timezone.now()),
        "sans_accord": person(reseau, communes[3], "Petit", base_legale="consentement"),
        "en_echec": person(reseau, communes[4], "Robert"),
        "autre_public": person(reseau, communes[5], "Moreau", role="dgs"),
        "hors_segment": person(reseau, Collectivite.objects.get(type="commune", code="18033"), "Lefebvre"),
    }


def test_the_list_keeps_who_may_be_written_to_and_counts_everyone_left_out(atelier, people, communes, reseau):
    AdresseEnEchec.objects.create(reseau=reseau, email="robert@exemple.fr")
    result = liste.invitation_list(atelier)

    personal = [d for d in result.destinataires if not d.institutionnelle]
    assert [d.contact for d in personal] == [people["joignable"]]
    town_halls = {d.collectivite for d in result.destinataires if d.institutionnelle}
    known = {communes[i] for i in (0, 1, 3, 4)}  # a maire is known there, reachable or not
    with_address = {c for c in communes if c.mairie_email}
    assert town_halls == (set(communes) - known) & with_address
    assert communes[5] in town_halls or not communes[5].mairie_email  # only a DGS known there
    assert all(
        d.email == d.collectivite.mairie_email.lower() for d in result.destinataires if d.institutionnelle
    )
    assert result.exclus == {
        liste.DESINSCRIT: 1,
        liste.EFFACE: 1,
        liste.SANS_ACCORD: 1,
        liste.EN_ECHEC: 1,
        **({liste.SANS_MAIRIE: n} if (n := len(set(communes) - known - with_address)) else {}),
    }
    assert result.collectivites == len(communes)


def test_building_the_list_twice_makes_one_invitation_per_address(atelier, people):
    first = liste.invitations_build(atelier)
    again = liste.invitations_build(atelier)
    assert first == atelier.invitations.count() > 1 and again == 0
    institutional = atelier.invitations.filter(institutionnelle=True)
    assert institutional.exists() and not institutional.filter(contact__isnull=False).exists()


def test_a_contact_picked_by_hand_is_added_unless_the_reseau_may_not_write_to_them(atelier, people):
    outsider = liste.contact_add(atelier, people["hors_segment"])
    assert outsider.choisie_a_la_main and outsider.email == "lefebvre@exemple.fr"
    with pytest.raises(liste.InvitationRefusee, match="Bernard ne peut pas être invité·e : désinscrit·e."):
        liste.contact_add(atelier, people["desinscrit"])


def test_the_invitation_is_personal_french_and_carries_the_registration_link(atelier, people, settings):
    settings.SITE_URL = "https://passerelles.example.org"
    liste.invitations_build(atelier)
    invitation = atelier.invitations.get(contact=people["joignable"])
    subject, body = invitation_email(invitation)
    assert (
        subject
        == "Invitation : «\u202fAgir à l'international\u202f», mardi 14\u00a0mai 2030, de 9\u00a0h\u00a030 à 12\u00a0h\u00a030"
    )
    assert body.startswith("Bonjour Madame Durand,\n")
    assert "Hôtel de ville, 11 rue Jacques-Rimbault, Bourges" in body
    assert "– 9\u00a0h\u00a030 : Accueil\n– Témoignages de collectivités engagées" in body
    assert f"https://passerelles.example.org/ateliers/inscription/i/{invitation.jeton}/" in body
    town_hall = atelier.invitations.filter(institutionnelle=True).first()
    assert invitation_email(town_hall)[1].startswith("Madame, Monsieur,\n")


def test_the_team_sees_the_list_and_a_preview_before_sending(client_membre, atelier, people):
    url = f"/ateliers/{atelier.pk}/invitations/"
    page = client_membre.get(url).content.decode()
    assert "1 : désinscrit·e" in page and "adresse institutionnelle" in page
    client_membre.post(url, {"action": "constituer"})
    invitation = atelier.invitations.get(contact=people["joignable"])
    page = client_membre.get(f"{url}?apercu={invitation.pk}").content.decode()
    assert "Bonjour Madame Durand," in page and invitation.jeton in page


def test_an_unknown_placeholder_in_the_text_is_refused_in_french(client_membre, atelier):
    response = client_membre.post(
        f"/ateliers/{atelier.pk}/invitations/",
        {
            "action": "textes",
            "objet_invitation": "Invitation {titre}",
            "texte_invitation": "Bonjour {prenom}",
        },
    )
    assert "Champ inconnu : {prenom}." in response.content.decode()
    atelier.refresh_from_db()
    assert atelier.texte_invitation == ""


def test_searching_contacts_by_name_shows_only_the_reseaus_own(client_membre, atelier, people, autre_reseau):
    Contact.objects.create(reseau=autre_reseau, nom="Durandal", email="secret@reseau-b.org")
    response = client_membre.get(f"/ateliers/{atelier.pk}/invitations/?q=durand", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Claire Durand" in html and "Durandal" not in html


def test_sending_runs_in_the_worker_and_reaches_every_invitee_once(
    client_membre, atelier, people, serveur_smtp, django_capture_on_commit_callbacks
):
    liste.invitations_build(atelier)
    expected = set(atelier.invitations.values_list("email", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_membre.post(f"/ateliers/{atelier.pk}/invitations/", {"action": "envoyer"})
    assert response.url == f"/ateliers/{atelier.pk}/envois/"
    assert serveur_smtp.recus == []  # nothing is sent in the request
    atelier.refresh_from_db()
    assert atelier.statut == "invitations_envoyees"
    with django_capture_on_commit_callbacks(execute=True):  # the queueing job kicks the sender
        call_command("worker", batch=True, interval=0, verbosity=0)
    call_command("worker", batch=True, interval=0, verbosity=0)
    assert sorted(m["To"] for m in serveur_smtp.recus) == sorted(expected)
    assert Travail.objects.get(reseau=atelier.reseau).etat == "termine"
    page = client_membre.get(f"/ateliers/{atelier.pk}/envois/").content.decode()
    assert f'id="etat-envoye">{len(expected)}<' in page


def test_the_send_page_explains_failures_in_french(client_membre, atelier, reseau):
    Message.objects.create(
        reseau=reseau,
        objet=atelier,
        nature="invitation",
        cle="x",
        destinataire="x@exemple.fr",
        sujet="s",
        corps="c",
        message_id="<x@test>",
        etat="rejete",
        erreur="Adresse refusée par le serveur de messagerie (550) : utilisateur inconnu",
    )
    page = client_membre.get(f"/ateliers/{atelier.pk}/envois/").content.decode()
    assert "Adresse refusée par le serveur de messagerie (550)" in page and 'id="etat-rejete">1<' in page


@pytest.fixture
def invitation_message(atelier, people):
    liste.invitations_build(atelier)
    liste.invitations_queue(atelier)
    return Message.objects.get(contact=people["joignable"])


def test_the_unsubscribe_link_asks_for_confirmation_then_unsubscribes(invitation_message):
    url = f"/ateliers/desabonnement/{unsubscribe_token(invitation_message)}/"
    client = Client(enforce_csrf_checks=True)
    page = client.get(url).content.decode()
    assert "Confirmer le désabonnement" in page and "durand@exemple.fr" in page
    assert Contact.objects.get(nom="Durand").desinscrit_le is None
    assert "n'écrira plus" in client.post(url).content.decode()
    assert Contact.objects.get(nom="Durand").desinscrit_le is not None


def test_one_click_unsubscribe_works_without_a_csrf_token(invitation_message):
    url = f"/ateliers/desabonnement/{unsubscribe_token(invitation_message)}/"
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Contact.objects.get(nom="Durand").desinscrit


def test_a_forged_or_altered_unsubscribe_link_is_not_found(invitation_message):
    token = unsubscribe_token(invitation_message)
    pk, signature = token.split(":")
    other = str(int(pk) + 1)
    for forged in (f"{other}:{signature}", f"{pk}:{signature[:-2]}xx", "x"):
        assert Client().post(f"/ateliers/desabonnement/{forged}/").status_code == 404
    assert len(signature) >= 43  # 256 bits of HMAC-SHA256


def test_a_town_hall_that_unsubscribes_is_left_out_of_the_next_lists(atelier, people):
    liste.invitations_build(atelier)
    liste.invitations_queue(atelier)
    invitation = atelier.invitations.filter(institutionnelle=True).first()
    message = Message.objects.get(destinataire=invitation.email)
    Client().post(f"/ateliers/desabonnement/{unsubscribe_token(message)}/")
    town_hall = Contact.objects.get(email=message.destinataire)
    assert (town_hall.nom, town_hall.collectivite, town_hall.desinscrit) == (
        "Mairie",
        invitation.collectivite,
        True,
    )
    assert message.destinataire not in {d.email for d in liste.invitation_list(atelier).destinataires}
    assert liste.invitation_list(atelier).exclus[liste.DESINSCRIT] == 2


def test_invitations_are_queued_once_even_if_sending_is_started_again(atelier, people):
    liste.invitations_build(atelier)
    first = liste.invitations_queue(atelier)
    again = liste.invitations_queue(atelier)
    assert first == Message.objects.filter(nature="invitation").count() > 0 and again == 0
    assert Invitation.objects.filter(atelier=atelier).count() == first


def test_the_unsubscribe_page_shows_only_the_address_and_its_own_reseau(invitation_message, autre_reseau):
    Atelier.objects.create(
        reseau=autre_reseau,
        titre="Zorglub-Réseau-B",
        date=datetime.date(2030, 5, 14),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
    )
    page = Client().get(f"/ateliers/desabonnement/{unsubscribe_token(invitation_message)}/").content.decode()
    assert "CENTRAIDER" in page and "durand@exemple.fr" in page
    for hidden in ("Zorglub", "RESACOOP", "Agir à l'international", "Bernard"):
        assert hidden not in page


def test_a_search_of_thousands_of_words_for_a_contact_to_invite_is_bounded(client_membre, atelier):
    words = " ".join(f"mot{n}" for n in range(3000))
    response = client_membre.get(f"/ateliers/{atelier.pk}/invitations/", {"q": words}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
