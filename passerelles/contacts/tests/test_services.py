import datetime
import itertools
import json

import pytest
from django.utils import timezone

from passerelles.contacts import services
from passerelles.contacts.exports import contact_personal_data, personal_data_json
from passerelles.contacts.models import BaseLegale, Contact, Role
from passerelles.core.models import Journal
from passerelles.mobilisation.models import Interaction, Relance
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db


@pytest.fixture
def nerondes():
    return Collectivite.objects.get(type="commune", code="18160")


@pytest.fixture
def jeanne(reseau, membre, nerondes):
    return services.contact_create(
        reseau=reseau,
        auteur=membre,
        prenom="Jeanne",
        nom="Dupont",
        email="jeanne@example.org",
        collectivite=nerondes,
    )


def test_creating_and_editing_a_contact_is_journaled(jeanne, membre):
    services.contact_update(contact=jeanne, auteur=membre, fonction="Maire")
    entries = Journal.objects.filter(objet_type="contact", objet_id=jeanne.pk).order_by("id")
    assert [e.action for e in entries] == ["creation", "modification"]
    assert entries[1].details == {"fonction": ["", "Maire"]}
    assert entries[1].auteur == membre


def test_a_journaled_change_names_the_role_and_choices_not_their_ids_or_codes(jeanne, membre):
    maire = Role.objects.get(libelle="Maire")
    services.contact_update(
        contact=jeanne,
        auteur=membre,
        role=maire,
        base_legale=BaseLegale.CONSENTEMENT,
        consentement_mailing=True,
    )
    entry = Journal.objects.filter(objet_type="contact", objet_id=jeanne.pk).latest("id")
    assert entry.details == {
        "role": ["", "Maire"],
        "base_legale": ["Intérêt légitime", "Consentement"],
        "consentement_mailing": ["inconnu", "oui"],
    }


def test_merging_keeps_the_unsubscribe_and_moves_the_history(reseau, membre, jeanne):
    duplicate = Contact.objects.create(
        reseau=reseau, nom="Dupont", telephone="02 48", desinscrit_le=timezone.now()
    )
    call = Interaction.objects.create(
        reseau=reseau, type="appel", date=datetime.date(2025, 3, 1), sujet="Appel"
    )
    call.contacts.add(duplicate)
    services.contact_merge(kept=jeanne, duplicate=duplicate, auteur=membre)
    jeanne.refresh_from_db()
    assert jeanne.telephone == "02 48"
    assert jeanne.desinscrit
    assert list(jeanne.interactions.all()) == [call]
    assert not Contact.objects.filter(pk=duplicate.pk).exists()


def test_erasing_a_person_anonymises_history_and_keeps_counts(reseau, membre, jeanne, nerondes):
    meeting = Interaction.objects.create(
        reseau=reseau,
        type="reunion",
        date=datetime.date(2025, 3, 1),
        sujet="RDV",
        compte_rendu="Jeanne Dupont est partante.",
    )
    meeting.contacts.add(jeanne)
    services.contact_erase(contact=jeanne, auteur=membre)
    jeanne.refresh_from_db()
    meeting.refresh_from_db()
    assert (jeanne.nom, jeanne.prenom, jeanne.email) == ("Contact effacé", "", "")
    assert meeting.compte_rendu == "[personne effacée] est partante."
    assert Contact.objects.filter(reseau=reseau, collectivite=nerondes).count() == 1
    assert not jeanne.peut_recevoir_des_envois


def test_a_persons_data_export_holds_everything_about_them(reseau, membre, jeanne):
    meeting = Interaction.objects.create(
        reseau=reseau, type="reunion", date=datetime.date(2025, 3, 1), sujet="RDV"
    )
    meeting.contacts.add(jeanne)
    Relance.objects.create(
        reseau=reseau,
        titre="Rappeler",
        echeance=datetime.date(2025, 4, 1),
        responsable=membre,
        contact=jeanne,
    )
    data = contact_personal_data(jeanne)
    assert data["Contact"]["Courriel"] == "jeanne@example.org"
    assert data["Échanges"][0]["Sujet"] == "RDV"
    assert data["Relances"][0]["Titre"] == "Rappeler"
    assert data["Journal"][0]["Quoi"] == "Contact créé : Jeanne Dupont"
    assert json.loads(personal_data_json(jeanne))["Contact"]["Nom"] == "Dupont"


def test_contacts_without_interaction_for_n_years_are_listed_then_purged(reseau, membre, jeanne):
    old = Contact.objects.create(reseau=reseau, nom="Ancien", derniere_interaction=datetime.date(2019, 5, 1))
    today = datetime.date(2026, 11, 26)
    Contact.objects.filter(pk=jeanne.pk).update(derniere_interaction=datetime.date(2026, 1, 1))
    due = services.contacts_due_for_review(reseau=reseau, years=3, today=today)
    assert list(due) == [old]
    assert services.contacts_purge(reseau=reseau, auteur=membre, years=3, today=today) == 1
    old.refresh_from_db()
    assert old.efface_le is not None


def test_unsubscribing_is_final_for_mailings(jeanne, membre):
    services.contact_unsubscribe(contact=jeanne, auteur=membre, source="lien de désinscription")
    jeanne.refresh_from_db()
    assert not jeanne.peut_recevoir_des_envois
    assert not Contact.objects.joignables().filter(pk=jeanne.pk).exists()


@pytest.mark.parametrize(
    ("base", "consent", "unsubscribed", "email"),
    list(itertools.product(BaseLegale.values, [True, False, None], [True, False], ["", "a@b.fr"])),
)
def test_the_mailing_rule_is_the_same_in_python_and_in_sql(reseau, base, consent, unsubscribed, email):
    contact = Contact.objects.create(
        reseau=reseau,
        nom="X",
        email=email,
        base_legale=base,
        consentement_mailing=consent,
        desinscrit_le=timezone.now() if unsubscribed else None,
        role=Role.objects.first(),
    )
    assert contact.peut_recevoir_des_envois == Contact.objects.joignables().filter(pk=contact.pk).exists()


def test_merging_organisations_moves_their_contacts(reseau, membre):
    from passerelles.contacts.models import Organisation

    kept = Organisation.objects.create(reseau=reseau, nom="Comité de jumelage de Blet")
    duplicate = Organisation.objects.create(
        reseau=reseau, nom="Comite jumelage Blet", email="jumelage@blet.fr"
    )
    member = Contact.objects.create(reseau=reseau, nom="Petit", organisation=duplicate)
    services.organisation_merge(kept=kept, duplicate=duplicate, auteur=membre)
    kept.refresh_from_db()
    member.refresh_from_db()
    assert kept.email == "jumelage@blet.fr"
    assert member.organisation == kept
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
