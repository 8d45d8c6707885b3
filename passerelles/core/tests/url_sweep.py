"""Every URL pattern of the project, so that access tests cover a view the day it is added."""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import make_member
from passerelles.accompagnement.pieces import piece_add
from passerelles.accompagnement.services import dossier_create, dossier_move, log_add
from passerelles.ateliers.inscriptions.models import Inscription, Passation
from passerelles.ateliers.invitations.models import Invitation
from passerelles.ateliers.preparation.models import Atelier
from passerelles.ateliers.suivi.models import SigneChangement
from passerelles.bilan.models import ActionCoordination, Objectif
from passerelles.capitalisation.services import fiche_save
from passerelles.contacts.models import Contact, ImportContacts, Organisation
from passerelles.core.models import Travail
from passerelles.leviers.models import Appel, Instrument, PointEntree, Segment
from passerelles.mobilisation.models import FaitEngagement, Interaction, Relance
from passerelles.mobilisation.services import etape_set
from passerelles.territoires.models import Collectivite

# Every route open without an account; any other route asks for a login (test_acces), and
# those reached by a token are swept for what they reveal of another réseau (test_tenancy).
PUBLIC_ROUTES = {
    "connexion",
    # Password reset by email, and the favicon.
    "mot_de_passe_oubli",
    "mot_de_passe_oubli_envoye",
    "mot_de_passe_nouveau",
    "mot_de_passe_reinitialise",
    "favicon",
    # Public registration to an atelier: reached by a token, no account.
    "ateliers:inscription_publique",
    "ateliers:inscription_invitation",
    "ateliers:inscription_gerer",
    "ateliers:inscription_transmettre",
    "ateliers:inscription_passation",
    "ateliers:collectivites_suggestions",
    # The short link of an invitation letter, and the page where its code is typed.
    "saisie_code",
    "lien_court",
    # One-click unsubscribe from a message (RFC 8058).
    "courriels:desabonnement",
    # The satisfaction survey, answered by a personal token.
    "ateliers:enquete",
    # The réseau's public agenda, named by the réseau's slug: page, iCalendar feed, framed version.
    "agenda:agenda",
    "agenda:ics",
    "agenda:integre",
}

SAMPLE_VALUES = {
    "int": "1",
    "string": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "jeton": "x" * 32,  # the token of a public link (ateliers)
}


@dataclass(frozen=True)
class Route:
    name: str
    converters: dict[str, str]  # argument name -> converter name

    def sample_url(self, **values) -> str:
        from django.urls import reverse

        kwargs = {arg: values.get(arg, SAMPLE_VALUES[conv]) for arg, conv in self.converters.items()}
        return reverse(self.name, kwargs=kwargs)


def _converter_name(converter) -> str:
    return type(converter).__name__.replace("Converter", "").lower()


def project_routes(excluded_namespaces=("admin",)) -> list[Route]:
    routes = []

    def walk(patterns, namespace, converters):
        for entry in patterns:
            own = {k: _converter_name(v) for k, v in entry.pattern.converters.items()}
            if isinstance(entry, URLResolver):
                if entry.namespace in excluded_namespaces:
                    continue
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, {**converters, **own})
            elif isinstance(entry, URLPattern) and entry.name:
                routes.append(Route(name=f"{namespace}{entry.name}", converters={**converters, **own}))

    walk(get_resolver().url_patterns, "", {})
    return routes


# Route → the kind of object its `pk` names. "collectivite" routes take a référentiel id
# (shared by all réseaux) and only ever touch the requesting réseau's own data.
OBJECT_OF_ROUTE = {
    "contacts:detail": "contact",
    "contacts:modifier": "contact",
    "contacts:fusionner": "contact",
    "contacts:desinscrire": "contact",
    "contacts:effacer": "contact",
    "contacts:donnees": "contact",
    "contacts:import_colonnes": "import",
    "contacts:import_verification": "import",
    "contacts:import_rapport": "import",
    "contacts:organisation": "organisation",
    "contacts:organisation_modifier": "organisation",
    "contacts:organisation_fusionner": "organisation",
    "mobilisation:relance_marquer": "relance",
    "mobilisation:etape": "collectivite",
    "mobilisation:fait": "collectivite",
    "mobilisation:interaction": "collectivite",
    "mobilisation:relance": "collectivite",
    "mobilisation:contacts_recherche": "collectivite",
    "leviers:competence": "collectivite",
    "capitalisation:fiche": "fiche",
    "capitalisation:modifier": "fiche",
    "capitalisation:export": "fiche",
    "capitalisation:restaurer": "fiche",
    "leviers:segment": "segment",
    "leviers:segment_export": "segment",
    # The catalogue is shared by all réseaux: nothing of a réseau's own is behind these.
    "leviers:instrument_modifier": "instrument",
    "leviers:point_modifier": "point",
    "leviers:appels": "instrument",
    "leviers:appel_modifier": "appel",
    "travail": "travail",
    "travail_fichier": "travail",
    "ateliers:detail": "atelier",
    # plan
    "ateliers:modifier": "atelier",
    "ateliers:programme": "atelier",
    "ateliers:intervenants_recherche": "atelier",
    "ateliers:document": "atelier",
    "ateliers:invitation_lettre": "atelier",
    # inscriptions
    "ateliers:inscriptions": "atelier",
    "ateliers:inscriptions_capacite": "atelier",
    "ateliers:inscriptions_fermeture": "atelier",
    "ateliers:inscription_annuler": "atelier",
    "ateliers:inscription_qualite": "atelier",
    "ateliers:inscriptions_export": "atelier",
    "ateliers:inscriptions_badges": "atelier",
    "ateliers:atelier_annuler": "atelier",
    "ateliers:accueil": "atelier",
    "ateliers:accueil_recherche": "atelier",
    "ateliers:accueil_compteurs": "atelier",
    "ateliers:accueil_sur_place": "atelier",
    "ateliers:accueil_presence": "atelier",
    "ateliers:accueil_liste": "atelier",
    "ateliers:accueil_synchroniser": "atelier",
    "ateliers:accueil_sw": "atelier",
    # envois
    "ateliers:invitations": "atelier",
    "ateliers:envois": "atelier",
    "ateliers:rappels": "atelier",
    # suivi (after the day)
    "ateliers:suivi": "atelier",
    "ateliers:suivi_lancer": "atelier",
    "ateliers:questionnaire": "atelier",
    "ateliers:enquete_envoyer": "atelier",
    "ateliers:indicateurs": "atelier",
    "ateliers:signe_ajouter": "atelier",
    "ateliers:signe_supprimer": "atelier",
    "ateliers:rediger_fiche": "atelier",
    # dossiers (accompagnement)
    "accompagnement:nouveau": "collectivite",
    "accompagnement:dossier": "dossier",
    "accompagnement:modifier": "dossier",
    "accompagnement:etat": "dossier",
    "accompagnement:temps": "dossier",
    "accompagnement:piece_ajouter": "dossier",
    "accompagnement:piece": "dossier",
    "accompagnement:piece_supprimer": "dossier",
    # bilan: the réseau's coordination actions
    "bilan:action_modifier": "action",
    "bilan:action_supprimer": "action",
}


def objects_of(reseau, marker: str) -> dict:
    """One object of every kind a route names, belonging to `reseau`, each carrying `marker`."""
    user_b = make_member(f"membre-{reseau.slug}", reseau)
    commune = Collectivite.objects.get(type="commune", code="18160")
    organisation = Organisation.objects.create(reseau=reseau, nom=f"{marker} association")
    contact = Contact.objects.create(
        reseau=reseau,
        nom=marker,
        email="secret@reseau-b.org",
        collectivite=commune,
        organisation=organisation,
    )
    interaction = Interaction.objects.create(
        reseau=reseau, type="appel", date=datetime.date(2025, 1, 6), sujet=marker, collectivite=commune
    )
    interaction.contacts.add(contact)
    relance = Relance.objects.create(
        reseau=reseau,
        titre=marker,
        echeance=datetime.date(2025, 2, 1),
        responsable=user_b,
        collectivite=commune,
    )
    FaitEngagement.objects.create(
        reseau=reseau, collectivite=commune, type="jumelage", intitule=marker, source="test"
    )
    etape_set(reseau=reseau, collectivite=commune, etape="interessee", auteur=user_b, motif=marker)
    fiche = fiche_save(reseau=reseau, auteur=user_b, titre=marker, enseignements=marker)
    fiche_save(reseau=reseau, auteur=user_b, fiche=fiche, resume=marker)
    segment = Segment.objects.create(reseau=reseau, nom=marker, filtres={"departement": "18"})
    upload = ImportContacts.objects.create(
        reseau=reseau,
        nom_fichier=f"{marker}.csv",
        en_tetes=["Nom"],
        lignes=[[marker]],
        correspondance={"0": "nom"},
    )
    travail = Travail.objects.create(reseau=reseau, nature="x", libelle=marker)
    atelier = Atelier.objects.create(
        reseau=reseau,
        titre=marker,
        date=datetime.date(2025, 5, 14),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
    )
    invitation = Invitation.objects.create(
        reseau=reseau, atelier=atelier, contact=contact, email="secret@reseau-b.org"
    )
    inscription = Inscription.objects.create(
        reseau=reseau, atelier=atelier, contact=contact, nom=marker, email="secret@reseau-b.org"
    )
    passation = Passation.objects.create(
        reseau=reseau,
        inscription=inscription,
        prenom=marker,
        nom=marker,
        email="collegue@reseau-b.org",
        expire_le=datetime.datetime(2025, 5, 14, 9, tzinfo=datetime.UTC),
    )
    signe = SigneChangement.objects.create(
        reseau=reseau,
        atelier=atelier,
        collectivite=commune,
        date=datetime.date(2025, 9, 1),
        constat=marker,
        source=marker,
    )
    dossier = dossier_create(
        reseau=reseau,
        collectivite=commune,
        instrument=Instrument.objects.get(code="cles-en-main"),
        auteur=user_b,
        organisation=organisation,
        membres=[Collectivite.objects.get(type="commune", code="18031")],
        appel=marker,
        partenaire=marker,
    )
    dossier_move(dossier=dossier, etat="en_montage", motif=marker, auteur=user_b)
    log_add(
        dossier=dossier, auteur=user_b, date=datetime.date(2025, 3, 1), type="appel", heures=1, note=marker
    )
    piece = piece_add(
        dossier=dossier,
        upload=SimpleUploadedFile(f"{marker}.pdf", b"%PDF-1.4 " + marker.encode(), "application/pdf"),
        piece=marker,
        auteur=user_b,
    )
    action = ActionCoordination.objects.create(
        reseau=reseau, annee=2025, titre=marker, nature="programme", partenaires=marker, participants=7
    )
    Objectif.objects.create(reseau=reseau, annee=2025, indicateur="ateliers", cible=987654)
    return {
        "reseau": reseau,
        "action": action,
        "dossier": dossier,
        "piece": piece,
        "travail": travail,
        "atelier": atelier,
        "signe": signe,
        "invitation": invitation,
        "inscription": inscription,
        "passation": passation,
        "contact": contact,
        "organisation": organisation,
        "relance": relance,
        "import": upload,
        "collectivite": commune,
        "segment": segment,
        "fiche": fiche,
        "instrument": Instrument.objects.first(),
        "point": PointEntree.objects.first(),
        "appel": Appel.objects.first(),
    }


# What a route's other arguments take: the format of an export, the token of a public page.
FORMAT_OF_ROUTE = {"contacts:donnees": "json", "leviers:segment_export": "csv", "capitalisation:export": "md"}
# Public pages reached by a token (no login): each shows one atelier, or one person's own registration.
PUBLIC_BY_TOKEN = {
    "ateliers:inscription_publique": "atelier",
    "ateliers:inscription_invitation": "invitation",
    "ateliers:inscription_gerer": "inscription",
    "ateliers:inscription_transmettre": "inscription",
    "ateliers:inscription_passation": "passation",
}
_TOKEN_FIELD = {
    "atelier": "jeton_public",
    "invitation": "jeton",
    "inscription": "jeton",
    "passation": "jeton",
}
# Public pages named by a réseau's slug (no login): each shows what the réseau publishes, and
# nothing of another réseau nor of any person (test_tenancy).
PUBLIC_BY_SLUG = {"agenda:agenda", "agenda:ics", "agenda:integre"}


def sample_url_of(route, objects) -> str:
    """The route's URL naming `objects` (from `objects_of`): its id, token, sub-object."""
    kind = OBJECT_OF_ROUTE.get(route.name)
    values = {"pk": str(objects[kind].pk)} if kind else {}
    if "inscription" in route.converters:
        values["inscription"] = str(objects["inscription"].pk)
    if "invitation" in route.converters:
        values["invitation"] = str(objects["invitation"].pk)
    if "code" in route.converters:
        values["code"] = objects["invitation"].code
    if "signe_pk" in route.converters:
        values["signe_pk"] = str(objects["signe"].pk)
    if "piece_pk" in route.converters:
        values["piece_pk"] = str(objects["piece"].pk)
    values.update({"fmt": FORMAT_OF_ROUTE.get(route.name, "csv"), "numero": "1", "doc": "emargement.pdf"})
    if "slug" in route.converters:
        values["slug"] = objects["reseau"].slug
    if route.name in PUBLIC_BY_TOKEN:
        owner = objects[PUBLIC_BY_TOKEN[route.name]]
        values["jeton"] = getattr(owner, _TOKEN_FIELD[PUBLIC_BY_TOKEN[route.name]])
    return route.sample_url(**values)
