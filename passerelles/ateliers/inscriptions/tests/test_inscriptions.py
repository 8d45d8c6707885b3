"""Registration rules: seats and the waiting list, promotion, closing, cancelling the atelier,
the contact behind each registration, and the check-in of the day."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from passerelles.ateliers.inscriptions import services
from passerelles.ateliers.inscriptions.models import Inscription
from passerelles.ateliers.inscriptions.services import InscriptionImpossible, Ouverture, Personne
from passerelles.ateliers.preparation.calendrier import atelier_ics
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.contacts.models import BaseLegale, Contact, Role
from passerelles.core.models import Journal
from passerelles.courriels.models import Message
from passerelles.territoires.models import Collectivite

from .outils import register_processed

pytestmark = pytest.mark.django_db
SITE = "https://passerelles.example.org"


def bourges() -> Collectivite:
    return Collectivite.objects.get(type="commune", code="18033")


def nerondes() -> Collectivite:
    return Collectivite.objects.get(type="commune", code="18160")


@pytest.fixture
def atelier(reseau, membre):
    return Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=timezone.localdate() + datetime.timedelta(days=20),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        lieu_collectivite=bourges(),
        lieu_nom="Hôtel de ville",
        capacite=2,
        statut=StatutAtelier.INVITATIONS_ENVOYEES,
    )


def register(atelier, nom, email="", **fields):
    personne = Personne(nom=nom, prenom=fields.pop("prenom", "Camille"), email=email, **fields)
    return register_processed(atelier, personne, SITE)


def messages_to(email):
    return list(Message.objects.filter(destinataire=email).order_by("id"))


def test_registrations_are_confirmed_up_to_capacity_then_go_on_the_waiting_list(atelier):
    first = register(atelier, "Martin", "martin@exemple.fr")
    second = register(atelier, "Bernard", "bernard@exemple.fr")
    third = register(atelier, "Petit", "petit@exemple.fr")
    assert [first.etat, second.etat, third.etat] == ["confirmee", "confirmee", "attente"]
    assert services.ouverture(atelier) == Ouverture.COMPLET
    assert [m.nature for m in messages_to("martin@exemple.fr")] == ["confirmation"]
    assert [m.nature for m in messages_to("petit@exemple.fr")] == ["liste_attente"]


def test_the_confirmation_carries_the_ics_and_the_personal_cancellation_link(atelier):
    inscription = register(atelier, "Martin", "martin@exemple.fr", civilite="Mme")
    message = messages_to("martin@exemple.fr")[0]
    assert message.pieces_jointes == ["ics", "qr_accueil"]
    assert message.sujet == "Inscription confirmée : Agir à l'international"
    assert f"{SITE}/ateliers/inscription/g/{inscription.jeton}/" in message.corps
    assert message.corps.startswith("Madame Martin,\n\nVotre inscription")
    assert services.quand(atelier) in message.corps
    assert "Hôtel de ville, Bourges" in message.corps
    assert message.contact == inscription.contact and message.objet == atelier


def test_a_cancelled_registration_promotes_the_first_person_waiting_and_tells_them(atelier):
    first = register(atelier, "Martin", "martin@exemple.fr")
    register(atelier, "Bernard", "bernard@exemple.fr")
    waiting_first = register(atelier, "Petit", "petit@exemple.fr")
    waiting_second = register(atelier, "Durand", "durand@exemple.fr")
    promoted = services.inscription_cancel(inscription=first, site_url=SITE)
    assert promoted == [waiting_first]
    waiting_first.refresh_from_db()
    waiting_second.refresh_from_db()
    assert (waiting_first.etat, waiting_second.etat) == ("confirmee", "attente")
    assert waiting_first.promue_le is not None
    assert [m.nature for m in messages_to("petit@exemple.fr")] == ["liste_attente", "promotion"]
    assert messages_to("petit@exemple.fr")[1].pieces_jointes == ["ics", "qr_accueil"]
    assert [m.nature for m in messages_to("martin@exemple.fr")] == ["confirmation", "desinscription"]


def test_cancelling_twice_or_leaving_the_waiting_list_promotes_nobody(atelier):
    register(atelier, "Martin", "martin@exemple.fr")
    register(atelier, "Bernard", "bernard@exemple.fr")
    waiting = register(atelier, "Petit", "petit@exemple.fr")
    behind = register(atelier, "Durand", "durand@exemple.fr")
    assert services.inscription_cancel(inscription=waiting, site_url=SITE) == []
    assert services.inscription_cancel(inscription=waiting, site_url=SITE) == []
    behind.refresh_from_db()
    assert behind.etat == "attente"
    assert len(messages_to("petit@exemple.fr")) == 2  # waiting notice, then one cancellation


def test_raising_the_capacity_promotes_as_many_as_fit(atelier, membre):
    for n in range(5):
        register(atelier, f"Nom{n}", f"p{n}@exemple.fr")
    promoted = services.capacity_set(atelier=atelier, capacite=4, site_url=SITE, auteur=membre)
    assert [i.email for i in promoted] == ["p2@exemple.fr", "p3@exemple.fr"]
    assert Inscription.objects.filter(atelier=atelier, etat="attente").get().email == "p4@exemple.fr"
    assert Journal.objects.filter(action="capacite", objet_id=atelier.pk).exists()
    everyone = services.capacity_set(atelier=atelier, capacite=None, site_url=SITE, auteur=membre)
    assert [i.email for i in everyone] == ["p4@exemple.fr"]


def test_lowering_the_capacity_removes_nobody(atelier, membre):
    register(atelier, "Martin", "martin@exemple.fr")
    register(atelier, "Bernard", "bernard@exemple.fr")
    services.capacity_set(atelier=atelier, capacite=1, site_url=SITE, auteur=membre)
    assert Inscription.objects.filter(atelier=atelier, etat="confirmee").count() == 2
    assert register(atelier, "Petit", "petit@exemple.fr").etat == "attente"


def test_an_address_registered_twice_gets_its_link_again_instead_of_a_second_seat(atelier):
    first = register(atelier, "Martin", "martin@exemple.fr")
    again, created = services.inscription_register(
        atelier=atelier, personne=Personne(nom="Martin", email="MARTIN@exemple.fr"), site_url=SITE
    )
    assert (again, created) == (first, False)
    assert Inscription.objects.filter(atelier=atelier).count() == 1
    resent = messages_to("martin@exemple.fr")
    assert len(resent) == 2 and first.jeton in resent[1].corps


def test_after_cancelling_one_may_register_again(atelier):
    first = register(atelier, "Martin", "martin@exemple.fr")
    services.inscription_cancel(inscription=first, site_url=SITE)
    second = register(atelier, "Martin", "martin@exemple.fr")
    assert second.pk != first.pk and second.etat == "confirmee"


@pytest.mark.parametrize(
    ("change", "expected", "reason"),
    [
        (
            {"date_limite_inscription": timezone.localdate() - datetime.timedelta(days=1)},
            Ouverture.CLOSES,
            "closes",
        ),
        ({"inscriptions_fermees_le": timezone.now()}, Ouverture.CLOSES, "closes"),
        ({"statut": StatutAtelier.CLOS}, Ouverture.CLOSES, "closes"),
        ({"statut": StatutAtelier.ANNULE}, Ouverture.ANNULE, "annulé"),
        ({"date": timezone.localdate() - datetime.timedelta(days=1)}, Ouverture.PASSE, "déjà eu lieu"),
    ],
)
def test_registration_is_refused_when_closed_cancelled_or_past(atelier, change, expected, reason):
    Atelier.objects.filter(pk=atelier.pk).update(**change)
    atelier.refresh_from_db()
    assert services.ouverture(atelier) == expected
    with pytest.raises(InscriptionImpossible, match=reason):
        register(atelier, "Martin", "martin@exemple.fr")
    assert not Inscription.objects.exists()


def test_the_deadline_day_itself_is_still_open(atelier):
    Atelier.objects.filter(pk=atelier.pk).update(date_limite_inscription=timezone.localdate())
    atelier.refresh_from_db()
    assert services.ouverture(atelier) == Ouverture.OUVERTES


def test_closing_on_demand_and_reopening(atelier, membre):
    services.registrations_close(atelier=atelier, auteur=membre)
    atelier.refresh_from_db()
    assert services.ouverture(atelier) == Ouverture.CLOSES
    services.registrations_reopen(atelier=atelier, auteur=membre)
    atelier.refresh_from_db()
    assert services.ouverture(atelier) == Ouverture.OUVERTES
    assert register(atelier, "Martin", "martin@exemple.fr").etat == "confirmee"


def test_a_seat_freed_after_closing_still_goes_to_the_waiting_list(atelier, membre):
    first = register(atelier, "Martin", "martin@exemple.fr")
    register(atelier, "Bernard", "bernard@exemple.fr")
    waiting = register(atelier, "Petit", "petit@exemple.fr")
    services.registrations_close(atelier=atelier, auteur=membre)
    assert services.inscription_cancel(inscription=first, site_url=SITE) == [waiting]


def test_cancelling_the_atelier_tells_everyone_registered_or_waiting(atelier, membre):
    register(atelier, "Martin", "martin@exemple.fr")
    register(atelier, "Bernard", "bernard@exemple.fr")
    register(atelier, "Petit", "petit@exemple.fr")
    gone = register(atelier, "Durand", "durand@exemple.fr")
    services.inscription_cancel(inscription=gone, site_url=SITE)
    told = services.atelier_cancel(
        atelier=atelier, site_url=SITE, auteur=membre, motif="La salle est indisponible."
    )
    atelier.refresh_from_db()
    assert (told, atelier.statut) == (3, "annule")
    notices = Message.objects.filter(nature="annulation")
    assert sorted(m.destinataire for m in notices) == [
        "bernard@exemple.fr",
        "martin@exemple.fr",
        "petit@exemple.fr",
    ]
    assert all("La salle est indisponible." in m.corps and m.pieces_jointes == ["ics"] for m in notices)
    event = Calendar.from_ical(atelier_ics(atelier))
    assert str(event.walk("VEVENT")[0]["status"]) == "CANCELLED"
    # A cancelled atelier gives no seat to anyone.
    remaining = Inscription.objects.filter(atelier=atelier, etat="confirmee").first()
    assert services.inscription_cancel(inscription=remaining, site_url=SITE) == []
    assert services.atelier_cancel(atelier=atelier, site_url=SITE, auteur=membre) == 0


# --- The contact behind a registration ---------------------------------------------------------


def test_a_new_person_becomes_a_contact_with_their_consent_and_its_source(atelier, reseau):
    elu = Role.objects.first()
    inscription = register(
        atelier,
        "Martin",
        "Martin@Exemple.fr",
        civilite="Mme",
        role=elu,
        collectivite=nerondes(),
        consentement=True,
    )
    contact = inscription.contact
    assert (contact.reseau, contact.nom, contact.email, contact.role, contact.collectivite) == (
        reseau,
        "Martin",
        "martin@exemple.fr",
        elu,
        nerondes(),
    )
    assert contact.base_legale == BaseLegale.CONSENTEMENT and contact.consentement_mailing is True
    assert contact.consentement_date == timezone.localdate()
    assert contact.consentement_source == "Inscription à l'atelier «\u202fAgir à l'international\u202f»"
    assert contact.peut_recevoir_des_envois


def test_registering_without_consent_is_recorded_as_a_refusal_of_mailings(atelier):
    contact = register(atelier, "Martin", "martin@exemple.fr", collectivite=nerondes()).contact
    assert contact.consentement_mailing is False
    assert not contact.peut_recevoir_des_envois
    assert contact.consentement_source.startswith("Inscription à l'atelier")


def test_a_registration_is_matched_to_the_contact_with_the_same_email(atelier, reseau):
    known = Contact.objects.create(reseau=reseau, nom="Martin", prenom="Anne", email="anne.martin@exemple.fr")
    inscription = register(
        atelier, "Martin", "ANNE.MARTIN@exemple.fr", prenom="Anne", collectivite=nerondes()
    )
    assert inscription.contact == known
    known.refresh_from_db()
    assert known.collectivite == nerondes()  # a blank is completed, nothing is overwritten
    assert Contact.objects.filter(reseau=reseau).count() == 1


def test_else_it_is_matched_by_the_same_name_in_the_same_collectivite(atelier, reseau):
    known = Contact.objects.create(reseau=reseau, nom="DUPRÉ", prenom="Hélène", collectivite=nerondes())
    same = register(atelier, "Dupre", "h.dupre@exemple.fr", prenom="helene", collectivite=nerondes())
    elsewhere = register(atelier, "Dupré", "autre@exemple.fr", prenom="Hélène", collectivite=bourges())
    assert same.contact == known
    assert elsewhere.contact != known
    known.refresh_from_db()
    assert known.email == "h.dupre@exemple.fr" and known.nom == "DUPRÉ"


def test_a_contact_of_another_reseau_is_never_reused(atelier, autre_reseau, reseau):
    theirs = Contact.objects.create(reseau=autre_reseau, nom="Martin", email="martin@exemple.fr")
    inscription = register(atelier, "Martin", "martin@exemple.fr")
    assert inscription.contact != theirs and inscription.contact.reseau == reseau


def test_ticking_consent_on_a_known_contact_records_it(atelier, reseau):
    known = Contact.objects.create(reseau=reseau, nom="Martin", email="martin@exemple.fr")
    register(atelier, "Martin", "martin@exemple.fr", consentement=True)
    known.refresh_from_db()
    assert known.base_legale == BaseLegale.CONSENTEMENT and known.consentement_mailing is True


def test_a_person_erased_at_their_request_attends_without_becoming_a_contact_again(atelier, reseau, membre):
    from passerelles.contacts.services import contact_erase

    erased = Contact.objects.create(reseau=reseau, nom="Martin", prenom="Zoé", email="zoe@exemple.fr")
    contact_erase(contact=erased, auteur=membre)
    inscription = register(atelier, "Martin", "zoe@exemple.fr", prenom="Zoé")
    assert inscription.contact is None and inscription.etat == "confirmee"
    assert not Contact.objects.filter(reseau=reseau, email="zoe@exemple.fr").exists()


def test_a_new_consent_brings_an_erased_person_back_with_its_source(atelier, reseau, membre):
    from passerelles.contacts.services import contact_erase

    erased = Contact.objects.create(reseau=reseau, nom="Martin", prenom="Zoé", email="zoe@exemple.fr")
    contact_erase(contact=erased, auteur=membre)
    inscription = register(atelier, "Martin", "zoe@exemple.fr", prenom="Zoé", consentement=True)
    assert inscription.contact.consentement_source.startswith("Inscription à l'atelier")
    assert inscription.contact.peut_recevoir_des_envois


def test_an_erased_walk_in_is_not_mistaken_for_another_registration_without_contact(atelier, reseau, membre):
    from passerelles.contacts.services import contact_erase

    for prenom, email in (("Zoé", "zoe@exemple.fr"), ("Léa", "lea@exemple.fr")):
        erased = Contact.objects.create(reseau=reseau, nom="Martin", prenom=prenom, email=email)
        contact_erase(contact=erased, auteur=membre)
    first = register(atelier, "Martin", "zoe@exemple.fr", prenom="Zoé")
    walk_in, created = services.inscription_sur_place(
        atelier=atelier, personne=Personne(nom="Martin", prenom="Léa", email="lea@exemple.fr"), auteur=membre
    )
    assert created and walk_in != first and walk_in.contact is None
    first.refresh_from_db()
    assert not first.present


# --- On the day -----------------------------------------------------------------------------


def test_ticking_present_and_unticking_a_mistake(atelier, membre):
    inscription = register(atelier, "Martin", "martin@exemple.fr")
    services.presence_set(atelier=atelier, inscription_id=inscription.pk, present=True, auteur=membre)
    inscription.refresh_from_db()
    assert inscription.present and inscription.arrive_le and inscription.pointe_par == membre
    services.presence_set(atelier=atelier, inscription_id=inscription.pk, present=False, auteur=membre)
    inscription.refresh_from_db()
    assert not inscription.present and inscription.arrive_le is None


def test_ticking_the_same_person_twice_from_two_tablets_keeps_them_present(atelier, membre):
    inscription = register(atelier, "Martin", "martin@exemple.fr")
    for _ in range(2):
        services.presence_set(atelier=atelier, inscription_id=inscription.pk, present=True, auteur=membre)
    assert services.compteurs(atelier)["presents"] == 1


def test_a_walk_in_already_known_is_matched_and_counted_without_registration(atelier, membre, reseau):
    known = Contact.objects.create(reseau=reseau, nom="Leroy", prenom="Paul", collectivite=nerondes())
    walk_in, created = services.inscription_sur_place(
        atelier=atelier, personne=Personne(nom="LEROY", prenom="paul", collectivite=nerondes()), auteur=membre
    )
    assert created and walk_in.contact == known and walk_in.present and walk_in.sur_place
    assert Contact.objects.filter(reseau=reseau).count() == 1
    assert services.compteurs(atelier) == {"presents": 1, "inscrits": 0, "sans_inscription": 1, "attente": 0}


def test_a_walk_in_who_had_registered_is_only_ticked_present(atelier, membre):
    inscription = register(atelier, "Martin", "martin@exemple.fr")
    again, created = services.inscription_sur_place(
        atelier=atelier, personne=Personne(nom="Martin", email="martin@exemple.fr"), auteur=membre
    )
    assert (again.pk, created, again.present) == (inscription.pk, False, True)
    assert services.compteurs(atelier) == {"presents": 1, "inscrits": 1, "sans_inscription": 0, "attente": 0}


def test_walk_ins_come_even_when_the_atelier_is_full_and_take_no_registration_seat(atelier, membre):
    register(atelier, "Martin", "martin@exemple.fr")
    register(atelier, "Bernard", "bernard@exemple.fr")
    services.inscription_sur_place(
        atelier=atelier, personne=Personne(nom="Leroy", structure="Jumelage"), auteur=membre
    )
    Atelier.objects.filter(pk=atelier.pk).update(capacite=3)
    atelier.refresh_from_db()
    assert services.places_restantes(atelier) == 1


def test_the_check_in_search_ignores_accents_case_and_word_order(atelier, membre):
    register(atelier, "Dupré", "h@exemple.fr", prenom="Hélène", collectivite=nerondes())
    register(atelier, "Martin", "m@exemple.fr", prenom="Luc", structure="Comité de jumelage de Vierzon")
    cancelled = register(atelier, "Dupont", "d@exemple.fr", prenom="Hélène")
    services.inscription_cancel(inscription=cancelled, site_url=SITE)

    def names(text):
        return [i.nom for i in services.accueil_recherche(atelier, text)]

    assert names("hel dup") == ["Dupré"]
    assert names("NERONDES") == ["Dupré"]
    assert names("jumelage vier") == ["Martin"]
    assert names("") == ["Dupré", "Martin"]
    assert names("zzz") == []


def test_each_change_asks_the_worker_once_to_send_what_it_queued(
    atelier, membre, mailoutbox, django_capture_on_commit_callbacks
):
    from passerelles.courriels.expedition import send_pending

    with django_capture_on_commit_callbacks() as kicks:
        for n in range(3):
            register(atelier, f"Nom{n}", f"p{n}@exemple.fr")
    with django_capture_on_commit_callbacks() as cancel_kicks:
        services.atelier_cancel(atelier=atelier, site_url=SITE, auteur=membre)
    assert (len(kicks), len(cancel_kicks)) == (3, 1)
    send_pending.call()
    assert (
        sorted(m.to[0] for m in mailoutbox)
        == ["p0@exemple.fr"] * 2 + ["p1@exemple.fr"] * 2 + ["p2@exemple.fr"] * 2
    )
    confirmation = next(m for m in mailoutbox if m.subject.startswith("Inscription confirmée"))
    assert confirmation.attachments[0][0] == "atelier.ics"


def test_a_registrant_without_email_is_the_contact_of_the_same_name_in_the_same_collectivite(atelier, reseau):
    known = Contact.objects.create(
        reseau=reseau, nom="Lefèvre", prenom="Jean Pierre", collectivite=nerondes()
    )
    other = Contact.objects.create(
        reseau=reseau, nom="Pierre Lefevre", prenom="Jean", collectivite=nerondes()
    )
    inscription = register(atelier, "LEFEVRE", prenom="jean-pierre", collectivite=nerondes())
    assert inscription.contact == known
    namesake = register(atelier, "Pierre Lefèvre", prenom="Jean", collectivite=nerondes())
    assert namesake.contact == other  # same sort key « lefevre jean pierre », other split of the name


def test_the_cancellation_notice_withdraws_the_event_from_calendars(atelier, membre):
    from passerelles.courriels import registre

    register(atelier, "Martin", "martin@exemple.fr")
    services.atelier_cancel(atelier=atelier, site_url=SITE, auteur=membre)
    [notice] = Message.objects.filter(nature="annulation")
    [(_, content, mimetype)] = registre.pieces(notice)
    calendar = Calendar.from_ical(content)
    event = calendar.walk("VEVENT")[0]
    assert (mimetype, str(calendar["method"]), str(event["status"])) == (
        "text/calendar; method=CANCEL",
        "CANCEL",
        "CANCELLED",
    )
    assert int(event["sequence"]) == 1


# --- Waiting list offers: a freed seat is offered for a while, not given at once ---


@pytest.fixture
def atelier_a_offres(atelier):
    atelier.capacite, atelier.offre_heures = 1, 24
    atelier.save()
    return atelier


def test_a_freed_seat_is_offered_to_the_first_waiting_who_accepts_it(atelier_a_offres):
    first = register(atelier_a_offres, "Martin", "martin@exemple.fr")
    waiting = register(atelier_a_offres, "Bernard", "bernard@exemple.fr")
    services.inscription_cancel(inscription=first, site_url=SITE)
    waiting.refresh_from_db()
    assert waiting.etat == "attente" and waiting.offre_expire_le is not None
    assert services.places_restantes(atelier_a_offres) == 0  # the seat is held for the offer
    [offre] = [m for m in messages_to("bernard@exemple.fr") if m.nature == "offre"]
    assert "/inscription/g/" in offre.corps and "24" in offre.corps
    services.offre_accepter(inscription=waiting, site_url=SITE)
    waiting.refresh_from_db()
    assert (waiting.etat, waiting.offre_expire_le) == ("confirmee", None)
    assert messages_to("bernard@exemple.fr")[-1].pieces_jointes == ["ics", "qr_accueil"]


def test_an_offer_that_expires_passes_to_the_next_person_through_the_worker(atelier_a_offres):
    first = register(atelier_a_offres, "Martin", "martin@exemple.fr")
    late = register(atelier_a_offres, "Bernard", "bernard@exemple.fr")
    nxt = register(atelier_a_offres, "Petit", "petit@exemple.fr")
    services.inscription_cancel(inscription=first, site_url=SITE)
    Inscription.objects.filter(pk=late.pk).update(
        offre_expire_le=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert services.offres_expirer() == 1
    late.refresh_from_db(), nxt.refresh_from_db()
    assert late.etat == "annulee" and nxt.offre_expire_le is not None
    assert any(m.nature == "offre_expiree" for m in messages_to("bernard@exemple.fr"))
    with pytest.raises(InscriptionImpossible, match="expiré"):
        services.offre_accepter(inscription=late, site_url=SITE)


def test_declining_an_offer_passes_it_on_at_once(atelier_a_offres):
    first = register(atelier_a_offres, "Martin", "martin@exemple.fr")
    declining = register(atelier_a_offres, "Bernard", "bernard@exemple.fr")
    nxt = register(atelier_a_offres, "Petit", "petit@exemple.fr")
    services.inscription_cancel(inscription=first, site_url=SITE)
    services.inscription_cancel(inscription=declining, site_url=SITE)
    nxt.refresh_from_db()
    assert nxt.etat == "attente" and nxt.offre_expire_le is not None
