"""Passing a registration on to a colleague of the same collectivité: nothing moves until the
colleague confirms; then the seat is theirs, in the same state and rank, with their own
consent, and the first person is told."""

import datetime

import pytest
from django.utils import timezone

from passerelles.ateliers.inscriptions import passation, services
from passerelles.ateliers.inscriptions.models import Inscription, Passation
from passerelles.ateliers.inscriptions.passation import Collegue
from passerelles.ateliers.inscriptions.services import InscriptionImpossible, Personne
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.contacts.models import Contact
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
def atelier(reseau):
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


def register(atelier, nom, email, **fields) -> Inscription:
    personne = Personne(
        nom=nom, prenom=fields.pop("prenom", "Camille"), email=email, collectivite=nerondes(), **fields
    )
    return register_processed(atelier, personne, SITE)


def colleague(**changes) -> Collegue:
    return Collegue(**{"prenom": "Lucie", "nom": "Moreau", "email": "lucie.moreau@nerondes.fr", **changes})


def propose(inscription, **changes) -> Passation:
    return passation.passation_propose(inscription=inscription, collegue=colleague(**changes), site_url=SITE)


def confirm(proposal, consentement=False, besoins="") -> Inscription:
    return passation.passation_confirm(
        passation=proposal, consentement=consentement, besoins=besoins, site_url=SITE
    )


def natures_to(email) -> list[str]:
    return list(Message.objects.filter(destinataire=email).order_by("id").values_list("nature", flat=True))


def test_proposing_changes_nothing_but_writes_to_the_colleague_with_a_link_to_confirm(atelier):
    inscription = register(atelier, "Martin", "martin@nerondes.fr", besoins="Fauteuil roulant")
    proposal = propose(inscription)
    inscription.refresh_from_db()
    assert (inscription.nom, inscription.email, inscription.etat) == (
        "Martin",
        "martin@nerondes.fr",
        "confirmee",
    )
    [message] = Message.objects.filter(destinataire="lucie.moreau@nerondes.fr")
    assert message.nature == "passation"
    assert message.sujet == "Une place vous est proposée : Agir à l'international"
    assert f"{SITE}/ateliers/inscription/t/{proposal.jeton}/" in message.corps
    assert "Camille Martin (Nérondes) ne pourra pas venir" in message.corps
    assert "Fauteuil" not in message.corps
    assert natures_to("martin@nerondes.fr") == ["confirmation"]


def test_the_link_is_valid_three_days_and_never_beyond_the_start_of_the_atelier(atelier):
    proposal = propose(register(atelier, "Martin", "martin@nerondes.fr"))
    assert abs(proposal.expire_le - (timezone.now() + datetime.timedelta(hours=72))).total_seconds() < 60
    atelier.date = timezone.localdate() + datetime.timedelta(days=1)
    atelier.save()
    soon = propose(Inscription.objects.get(atelier=atelier), email="autre@nerondes.fr")
    start = timezone.make_aware(datetime.datetime.combine(atelier.date, atelier.heure_debut))
    assert soon.expire_le == start


def test_the_colleague_gets_a_check_in_code_of_their_own(atelier):
    inscription = register(atelier, "Martin", "martin@nerondes.fr", consentement=True)
    first_holders_code = inscription.jeton_accueil
    taken = confirm(propose(inscription), consentement=True, besoins="")
    taken.refresh_from_db()
    assert taken.jeton_accueil != first_holders_code


def test_on_confirmation_the_seat_is_the_colleagues_with_their_own_consent_and_needs(atelier):
    inscription = register(
        atelier, "Martin", "martin@nerondes.fr", besoins="Fauteuil roulant", consentement=True, civilite="M."
    )
    old_token = inscription.jeton
    proposal = propose(inscription, civilite="Mme")
    taken = confirm(proposal, consentement=False, besoins="Repas végétarien")
    taken.refresh_from_db()
    assert taken.pk == inscription.pk and taken.etat == "confirmee"
    assert (taken.civilite, taken.prenom, taken.nom, taken.email) == (
        "Mme",
        "Lucie",
        "Moreau",
        proposal.email,
    )
    assert taken.collectivite == nerondes()
    assert (taken.besoins, taken.consentement) == ("Repas végétarien", False)
    assert taken.jeton != old_token
    assert taken.contact.email == "lucie.moreau@nerondes.fr" and taken.contact.consentement_mailing is False
    assert Contact.objects.get(email="martin@nerondes.fr").consentement_mailing is True


def test_both_people_are_told_and_the_colleague_gets_the_confirmation_with_the_calendar_and_qr(atelier):
    inscription = register(atelier, "Martin", "martin@nerondes.fr")
    taken = confirm(propose(inscription))
    assert natures_to("martin@nerondes.fr") == ["confirmation", "passation_faite"]
    assert natures_to("lucie.moreau@nerondes.fr") == ["passation", "confirmation"]
    confirmation = Message.objects.get(destinataire="lucie.moreau@nerondes.fr", nature="confirmation")
    assert confirmation.pieces_jointes == ["ics", "qr_accueil"]
    assert f"/ateliers/inscription/g/{taken.jeton}/" in confirmation.corps
    told = Message.objects.get(nature="passation_faite")
    assert told.corps.startswith("Bonjour Camille Martin,\n\nLucie Moreau a confirmé")
    assert taken.jeton not in told.corps


def test_a_place_on_the_waiting_list_passes_on_with_its_rank(atelier):
    register(atelier, "Martin", "martin@nerondes.fr")
    register(atelier, "Bernard", "bernard@nerondes.fr")
    first_waiting = register(atelier, "Petit", "petit@nerondes.fr")
    second_waiting = register(atelier, "Roux", "roux@nerondes.fr")
    taken = confirm(propose(second_waiting))
    assert taken.etat == "attente"
    waiting = services.registrations_by_state(atelier)["attente"]
    assert [i.nom for i in waiting] == ["Petit", "Moreau"]
    assert natures_to("lucie.moreau@nerondes.fr") == ["passation", "liste_attente"]
    services.inscription_cancel(inscription=first_waiting, site_url=SITE)
    services.inscription_cancel(inscription=Inscription.objects.get(nom="Martin"), site_url=SITE)
    assert Inscription.objects.get(pk=taken.pk).etat == "confirmee"


def test_the_transfer_is_journaled_without_an_author(atelier):
    confirm(propose(register(atelier, "Martin", "martin@nerondes.fr")))
    entry = Journal.objects.get(action="inscription_transmise")
    assert entry.auteur is None and entry.objet_id == atelier.pk
    assert entry.libelle == "Inscription de Camille Martin transmise à Lucie Moreau : Agir à l'international"


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        ("annulee", "Cette inscription est annulée : il n'y a plus de place à transmettre."),
        ("deja_inscrit", "Cette personne est déjà inscrite à l'atelier (ou sur sa liste d'attente)."),
        ("autre_collectivite", "Cette adresse est connue du réseau pour une autre collectivité."),
        ("close", "Les inscriptions à cet atelier sont closes."),
        ("passe", "Cet atelier a déjà eu lieu."),
        ("annule", "Cet atelier est annulé : il n'est plus possible de s'y inscrire."),
    ],
)
def test_a_proposal_is_refused_with_the_reason_in_french(atelier, reseau, situation, message):
    inscription = register(atelier, "Martin", "martin@nerondes.fr")
    if situation == "annulee":
        services.inscription_cancel(inscription=inscription, site_url=SITE)
    elif situation == "deja_inscrit":
        register(atelier, "Moreau", "lucie.moreau@nerondes.fr")
    elif situation == "autre_collectivite":
        Contact.objects.create(
            reseau=reseau, nom="Moreau", email="lucie.moreau@nerondes.fr", collectivite=bourges()
        )
    elif situation == "close":
        atelier.inscriptions_fermees_le = timezone.now()
    elif situation == "passe":
        atelier.date = timezone.localdate() - datetime.timedelta(days=1)
    elif situation == "annule":
        atelier.statut = StatutAtelier.ANNULE
    atelier.save()
    with pytest.raises(InscriptionImpossible, match=message[:40]):
        propose(Inscription.objects.get(pk=inscription.pk))
    assert not Passation.objects.exists()
    assert "passation" not in natures_to("lucie.moreau@nerondes.fr")


def test_a_colleague_the_reseau_knows_in_the_same_collectivite_is_accepted(atelier, reseau):
    Contact.objects.create(
        reseau=reseau, nom="Moreau", email="lucie.moreau@nerondes.fr", collectivite=nerondes()
    )
    assert propose(register(atelier, "Martin", "martin@nerondes.fr")).pk


def test_what_happened_meanwhile_still_refuses_the_confirmation(atelier):
    inscription = register(atelier, "Martin", "martin@nerondes.fr")
    proposal = propose(inscription)
    services.inscription_cancel(inscription=inscription, site_url=SITE)
    with pytest.raises(InscriptionImpossible, match="Cette inscription est annulée"):
        confirm(proposal)
    assert passation.state_of(Passation.objects.get(pk=proposal.pk)).startswith(
        "Cette inscription est annulée"
    )


def test_an_expired_link_moves_nothing(atelier):
    inscription = register(atelier, "Martin", "martin@nerondes.fr")
    proposal = propose(inscription)
    Passation.objects.filter(pk=proposal.pk).update(expire_le=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(InscriptionImpossible, match="Ce lien a expiré"):
        confirm(proposal)
    assert Inscription.objects.get(pk=inscription.pk).email == "martin@nerondes.fr"


def test_a_new_proposal_replaces_the_pending_one_and_a_link_is_used_once(atelier):
    inscription = register(atelier, "Martin", "martin@nerondes.fr")
    first = propose(inscription)
    second = propose(inscription, prenom="Paul", nom="Girard", email="paul.girard@nerondes.fr")
    assert passation.pending_for(inscription) == second
    with pytest.raises(InscriptionImpossible, match="Ce lien a expiré"):
        confirm(first)
    confirm(second)
    with pytest.raises(InscriptionImpossible, match="déjà été transmise"):
        confirm(second)


def test_a_registrant_proposes_at_most_three_times_a_day(atelier):
    inscription = register(atelier, "Martin", "martin@nerondes.fr")
    for n in range(3):
        propose(inscription, email=f"collegue{n}@nerondes.fr")
    with pytest.raises(InscriptionImpossible, match="déjà proposé votre place trois fois"):
        propose(inscription, email="collegue4@nerondes.fr")
    assert natures_to("collegue4@nerondes.fr") == []
    assert passation.pending_for(inscription).email == "collegue2@nerondes.fr"
    Passation.objects.update(cree_le=timezone.now() - datetime.timedelta(days=1, minutes=1))
    assert propose(inscription, email="collegue4@nerondes.fr").pk


def test_a_seat_offered_passes_on_with_its_offer_and_the_colleague_is_told_until_when(atelier):
    atelier.capacite, atelier.offre_heures = 1, 24
    atelier.save()
    first = register(atelier, "Martin", "martin@nerondes.fr")
    waiting = register(atelier, "Petit", "petit@nerondes.fr")
    services.inscription_cancel(inscription=first, site_url=SITE)
    offered_until = Inscription.objects.get(pk=waiting.pk).offre_expire_le
    assert offered_until is not None
    taken = confirm(propose(Inscription.objects.get(pk=waiting.pk)))
    assert (taken.etat, taken.offre_expire_le) == ("attente", offered_until)
    assert natures_to("lucie.moreau@nerondes.fr") == ["passation", "offre"]
    services.offre_accepter(inscription=taken, site_url=SITE)
    assert Inscription.objects.get(pk=taken.pk).etat == "confirmee"
