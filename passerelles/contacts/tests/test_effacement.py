"""Erasure erases: a person with a history through every feature is erased, then every text
column of every table is scanned for anything that identifies them."""

import datetime
import re

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from passerelles.ateliers.inscriptions.models import Inscription, Passation
from passerelles.ateliers.invitations.models import Invitation
from passerelles.ateliers.preparation.models import Atelier
from passerelles.capitalisation.recherche import FTS_TABLE
from passerelles.capitalisation.services import fiche_save
from passerelles.contacts import services
from passerelles.contacts.models import Contact, ImportContacts, Suppression
from passerelles.core.journal import journal_record
from passerelles.core.models import Journal
from passerelles.courriels.models import AdresseEnEchec, Message
from passerelles.courriels.services import queue_message
from passerelles.mobilisation import services as mobilisation
from passerelles.mobilisation.models import ChangementEtape
from passerelles.territoires.models import Collectivite
from passerelles.territoires.normalisation import normalise

pytestmark = pytest.mark.django_db

PRENOM, NOM = "Gwenaëlle", "Kerhervé-Tanguy"
EMAILS = ("gwenaelle.kerherve@example.org", "g.tanguy@example.net", "gk.perso@example.com")
PHONES = ("02 48 74 12 34", "06 71 22 33 44")
NATIONAL_DIGITS = ("248741234", "671223344")


@pytest.fixture
def nerondes():
    return Collectivite.objects.get(type="commune", code="18160")


def identifiers_left() -> list[tuple[str, str, object]]:
    """(table, column, value) for every text value, in every table of every model, that
    holds one of the person's identifiers in any case, accents or separators."""
    words = [normalise(word) for word in (PRENOM, "Kerhervé", "Tanguy")]
    hits = []
    for model in apps.get_models():
        if model._meta.app_label == "territoires":
            continue  # the public référentiel (street names such as « place Tanguy-Prigent »)
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not columns:
            continue
        for row in model._default_manager.values_list(*columns).iterator():
            for column, value in zip(columns, row, strict=True):
                text = str(value or "")
                folded, digits = normalise(text), re.sub(r"\D", "", text)
                if (
                    any(re.search(rf"\b{word}\b", folded) for word in words)
                    or any(email.split("@")[0] in text.lower() for email in EMAILS)
                    or any(number in digits for number in NATIONAL_DIGITS)
                ):
                    hits.append((model._meta.db_table, column, value))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT texte FROM {FTS_TABLE}")
            hits += [
                (FTS_TABLE, "texte", t) for (t,) in cursor.fetchall() if "kerherv" in t or "gwenael" in t
            ]
    return hits


def edit_through_the_page(client, contact, **changes):
    """As staff edit: the form bound to the contact, with every field as the page shows it."""
    from passerelles.contacts.forms import ContactForm

    form = ContactForm(instance=contact, reseau=contact.reseau)
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in {**data, **changes}.items()}
    response = client.post(reverse("contacts:modifier", args=[contact.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def full_history(reseau, membre, nerondes, client_membre):
    """Gwenaëlle, through every feature: created, edited twice (email, phone, name), merged
    with a duplicate, imported from a spreadsheet (one import done, one pending), unsubscribed,
    in exchanges, relances, stage reasons, a fiche, an atelier's invitation, registration and
    outbox, and a refused address."""
    person = services.contact_create(
        reseau=reseau,
        auteur=membre,
        prenom=PRENOM,
        nom=NOM,
        fonction="Adjointe aux relations internationales",
        email=EMAILS[0],
        telephone=PHONES[0],
        collectivite=nerondes,
    )
    edit_through_the_page(client_membre, person, email=EMAILS[1], telephone=PHONES[1])
    duplicate = services.contact_create(
        reseau=reseau, auteur=membre, prenom="G.", nom="Tanguy", email=EMAILS[2]
    )
    services.contact_merge(kept=person, duplicate=Contact.objects.get(pk=duplicate.pk), auteur=membre)
    person.refresh_from_db()
    services.contact_update(contact=person, auteur=membre, nom="Kerhervé")

    spreadsheet = (
        "Prénom;Nom;Courriel;Téléphone;Collectivité;Notes\n"
        f"{PRENOM};{NOM};{EMAILS[0]};{PHONES[0]};Nérondes;Vue au salon\n"
        "Paul;Martin;paul@example.org;;Nérondes;\n"
    ).encode()
    for _ in range(2):
        client_membre.post(
            reverse("contacts:import"), {"fichier": SimpleUploadedFile("salon.csv", spreadsheet)}
        )
    done, pending = ImportContacts.objects.order_by("pk")
    client_membre.post(reverse("contacts:import_verification", args=[done.pk]), {"importer": "1"})
    assert "Gwenaëlle" in client_membre.get(reverse("contacts:import_verification", args=[pending.pk])).text

    services.contact_unsubscribe(contact=person, auteur=membre, source=f"lien du courriel {EMAILS[1]}")
    mobilisation.interaction_create(
        reseau=reseau,
        auteur=membre,
        contacts=[person],
        type="appel",
        date=datetime.date(2025, 3, 4),
        sujet=f"Appel de Mme {NOM}",
        compte_rendu=f"Gwenaelle KERHERVE rappellera ; joindre au {PHONES[1].replace(' ', '.')} ou {EMAILS[0]}.",
        collectivite=nerondes,
    )
    mobilisation.relance_create(
        reseau=reseau,
        auteur=membre,
        titre=f"Relancer G. Kerhervé ({EMAILS[2]})",
        echeance=datetime.date(2025, 4, 1),
        responsable=membre,
        contact=person,
        note="Tanguy préfère le téléphone : +33 6 71 22 33 44",
    )
    mobilisation.etape_set(
        reseau=reseau,
        collectivite=nerondes,
        etape="interessee",
        auteur=membre,
        motif="Kerhervé partante pour un atelier",
    )
    fiche_save(
        reseau=reseau,
        auteur=membre,
        titre="Atelier AECT à Nérondes",
        resume="Porté avec Kerhervé Gwenaëlle, adjointe.",
        verbatims=[{"texte": "Un déclic pour la commune.", "auteur": f"{PRENOM} {NOM}"}],
    )
    atelier = Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=datetime.date(2025, 5, 14),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        lieu_collectivite=nerondes,
        lieu_nom="Mairie",
    )
    invitation = Invitation.objects.create(reseau=reseau, atelier=atelier, contact=person, email=EMAILS[1])
    inscription = Inscription.objects.create(
        reseau=reseau,
        atelier=atelier,
        contact=person,
        invitation=invitation,
        prenom=PRENOM,
        nom=NOM,
        email=EMAILS[1],
        besoins=f"Accès fauteuil pour {PRENOM}",
        collectivite=nerondes,
    )
    queue_message(
        reseau=reseau,
        cle=f"confirmation:{inscription.pk}",
        nature="confirmation",
        destinataire=EMAILS[1],
        sujet="Votre inscription",
        corps=f"Bonjour {PRENOM} {NOM},\nvotre place est réservée.",
        objet=atelier,
    )
    # She passed a seat on to a colleague, and a colleague proposed her another.
    colleague = Inscription.objects.create(reseau=reseau, atelier=atelier, nom="Moreau", email="l@m.fr")
    Passation.objects.create(
        reseau=reseau,
        inscription=colleague,
        prenom="Lucie",
        nom="Moreau",
        email="l@m.fr",
        expire_le=timezone.now(),
        confirmee_le=timezone.now(),
        cedant=f"{PRENOM} {NOM}",
    )
    Passation.objects.create(
        reseau=reseau,
        inscription=colleague,
        prenom=PRENOM,
        nom=NOM,
        email=EMAILS[2],
        expire_le=timezone.now(),
    )
    journal_record(
        reseau=reseau,
        auteur=None,
        action="inscription_transmise",
        objet=atelier,
        libelle=f"Inscription de {PRENOM} {NOM} transmise à Lucie Moreau : {atelier}",
    )
    AdresseEnEchec.objects.create(reseau=reseau, email=EMAILS[0], erreur=f"550 {EMAILS[0]}: unknown user")
    assert pending.lignes  # the pending import still holds her row
    return person


def test_a_history_through_every_feature_leaves_no_identifier_after_erasure(full_history, membre):
    assert len(identifiers_left()) > 20
    services.contact_erase(contact=full_history, auteur=membre)
    left = identifiers_left()
    assert left == [], "\n".join(map(str, left))


def test_erasure_keeps_the_anonymous_row_its_counts_and_the_register(full_history, membre, reseau):
    services.contact_erase(contact=full_history, auteur=membre)
    erased = Contact.objects.get(pk=full_history.pk)
    assert erased.nom == "Contact effacé" and erased.efface_le and erased.collectivite.code == "18160"
    assert Journal.objects.filter(reseau=reseau, action="effacement").count() == 1
    assert Inscription.objects.get(contact=full_history).nom == "Contact effacé"
    assert Message.objects.get().etat == "rejete"
    # The seat she passed on stays her colleague's, and says it came from someone erased.
    assert Passation.objects.get().cedant == "[personne effacée]"
    assert (
        ChangementEtape.objects.get(motif__contains="partante").motif
        == "[personne effacée] partante pour un atelier"
    )
    assert all(services.suppression_for(reseau, email=email) for email in EMAILS)


def test_an_import_after_erasure_skips_the_person_with_the_date_of_the_request(
    full_history, membre, reseau, client_membre
):
    services.contact_erase(contact=full_history, auteur=membre)
    spreadsheet = (
        f"Prénom;Nom;Courriel\n{PRENOM};{NOM};{EMAILS[1].upper()}\nPaul;Neuf;neuf@example.org\n".encode()
    )
    client_membre.post(reverse("contacts:import"), {"fichier": SimpleUploadedFile("a.csv", spreadsheet)})
    session = ImportContacts.objects.latest("pk")
    page = client_membre.get(reverse("contacts:import_verification", args=[session.pk])).content.decode()
    assert "personne effacée à sa demande le" in page
    client_membre.post(reverse("contacts:import_verification", args=[session.pk]), {"importer": "1"})
    assert not Contact.objects.filter(email=EMAILS[1]).exists()
    assert Contact.objects.filter(email="neuf@example.org").exists()


def test_a_new_consent_with_its_source_brings_the_person_back(full_history, membre, reseau, client_membre):
    services.contact_erase(contact=full_history, auteur=membre)
    spreadsheet = (
        "Prénom;Nom;Courriel;Accepte les envois;Source du consentement\n"
        f"{PRENOM};{NOM};{EMAILS[1]};oui;formulaire du salon du 3 juin 2026\n"
    ).encode()
    client_membre.post(reverse("contacts:import"), {"fichier": SimpleUploadedFile("b.csv", spreadsheet)})
    session = ImportContacts.objects.latest("pk")
    client_membre.post(reverse("contacts:import_verification", args=[session.pk]), {"importer": "1"})
    back = Contact.objects.get(email=EMAILS[1])
    assert back.consentement_mailing is True
    assert back.consentement_source == "formulaire du salon du 3 juin 2026"


def test_the_suppression_record_is_found_by_email_or_by_name_and_collectivite(
    full_history, membre, reseau, nerondes
):
    services.contact_erase(contact=full_history, auteur=membre)
    assert services.suppression_for(reseau, email=" G.Tanguy@Example.net ")
    assert services.suppression_for(reseau, prenom="gwenaelle", nom="KERHERVE", collectivite=nerondes)
    assert services.suppression_for(reseau, prenom="Paul", nom="Martin", collectivite=nerondes) is None
    stored = set(Suppression.objects.values_list("empreinte", flat=True))
    assert not any(EMAILS[1] in value or "kerherv" in value for value in stored)


def test_a_retention_purge_records_no_request(reseau, membre, nerondes):
    person = services.contact_create(reseau=reseau, auteur=membre, nom="Ancien", email="ancien@example.org")
    services.contact_erase(contact=person, auteur=membre, a_la_demande=False)
    assert not Suppression.objects.exists()


def test_an_imported_session_keeps_no_raw_rows(reseau, client_membre):
    spreadsheet = b"Nom;Courriel\nNeuf;neuf@example.org\n"
    client_membre.post(reverse("contacts:import"), {"fichier": SimpleUploadedFile("c.csv", spreadsheet)})
    session = ImportContacts.objects.get()
    client_membre.post(reverse("contacts:import_verification", args=[session.pk]), {"importer": "1"})
    session.refresh_from_db()
    assert session.statut == "importe" and session.lignes == []


def _holds_people(model) -> bool:
    """A model that points to a contact or keeps an email address holds people's data; the
    réseau's own sender and reply addresses are its settings, not a person it talks to."""
    from passerelles.core.models import Reseau

    if model is Reseau:
        return False
    return any(
        (field.is_relation and field.related_model is Contact) or isinstance(field, models.EmailField)
        for field in model._meta.get_fields()
    )


def test_every_app_that_holds_people_registers_how_to_erase_them():
    from passerelles.contacts import effacement

    holders = {
        model._meta.app_label
        for model in apps.get_models()
        if model._meta.app_label in effacement.project_apps() - {"contacts"} and _holds_people(model)
    }
    assert {"ateliers", "courriels", "mobilisation"} <= holders
    assert holders - effacement.registered_apps() == set()


def test_an_old_unsubscribe_link_of_an_erased_person_creates_no_one(full_history, membre, reseau):
    from passerelles.courriels.desabonnement import unsubscribe_token

    message = Message.objects.get()
    services.contact_erase(contact=full_history, auteur=membre)
    before = Contact.objects.count()
    page = Client().post(f"/ateliers/desabonnement/{unsubscribe_token(message)}/")
    assert page.status_code == 200
    assert Contact.objects.count() == before
    assert not Contact.objects.filter(email__endswith="personne-effacee.invalid").exists()
    assert "personne-effacee" not in page.content.decode()


def test_an_export_made_before_the_erasure_is_no_longer_downloadable(
    full_history, membre, reseau, client_membre
):
    from passerelles.core.models import Travail
    from passerelles.core.travaux import save_travail_file, travail_file

    job = Travail.objects.create(
        reseau=reseau,
        nature="export",
        libelle="Export",
        etat="termine",
        resultat={"nom_fichier": "contacts.csv", "resume": "1 contact exporté."},
    )
    save_travail_file(job, "csv", f"Nom;Courriel\n{NOM};{EMAILS[0]}\n".encode())
    assert client_membre.get(f"/travaux/{job.pk}/fichier/").status_code == 200
    services.contact_erase(contact=full_history, auteur=membre)
    assert not default_storage.exists(travail_file(job, "csv"))
    assert client_membre.get(f"/travaux/{job.pk}/fichier/").status_code == 404
    job.refresh_from_db()
    assert "a été effacée (RGPD)" in job.resultat["resume"]


def test_the_suppression_covers_every_commune_and_address_the_person_had(
    reseau, membre, nerondes, client_membre
):
    bourges = Collectivite.objects.get(type="commune", code="18033")
    person = services.contact_create(
        reseau=reseau, auteur=membre, prenom="Anne", nom="Léaud", email="anne@ancien.fr", collectivite=bourges
    )
    edit_through_the_page(client_membre, person, email="anne@nouveau.fr", collectivite="Nérondes (18)")
    person.refresh_from_db()
    assert person.collectivite == nerondes
    services.contact_erase(contact=person, auteur=membre)
    for email in ("anne@ancien.fr", "anne@nouveau.fr"):
        assert services.suppression_for(reseau, email=email)
    for commune in (bourges, nerondes):
        assert services.suppression_for(reseau, prenom="Anne", nom="Léaud", collectivite=commune)
