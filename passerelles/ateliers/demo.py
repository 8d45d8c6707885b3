"""The demo ateliers: the seed's workshop in Bourges (May 2024) as a past event, with
fictitious participants that reproduce what the seed reports (four collectivités new to the
réseau, most of the others already known or engaged), and one upcoming atelier open to
registration. Every person here is fictitious and labelled as such."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from passerelles.ateliers.inscriptions.models import EtatInscription, Inscription, Qualite, SourceInscription
from passerelles.ateliers.preparation.forms import OBJECTIFS_DU_SEED
from passerelles.ateliers.preparation.models import (
    Atelier,
    Intervention,
    LigneBudget,
    NatureBudget,
    Objectif,
    Partenaire,
    RolePartenaire,
    StatutAtelier,
    TypeSequence,
)
from passerelles.contacts.models import BaseLegale, Contact, Role
from passerelles.leviers.models import PointEntree, Segment
from passerelles.mobilisation.models import ChangementEtape, Etape, Preuve, TypeFait, TypeInteraction
from passerelles.mobilisation.services import etape_set, fait_create, interaction_create
from passerelles.territoires.models import Collectivite

FICTIVE = "Personne fictive (démonstration)"
DEMO_SOURCE = "Démonstration : historique fictif du réseau avant l'atelier de Bourges"
SEED_TITLE = "Agir à l'international : les collectivités du Centre-Val de Loire témoignent"
SEED_DATE = datetime.date(2024, 5, 14)  # the seed says "May 2024, half a day": a Tuesday morning
UPCOMING_TITLE = "Alimentation durable et solidarité internationale : agir depuis son territoire"
UPCOMING_CAPACITY = 30

REGION = ("region", "24", "Région Centre-Val de Loire")
BOURGES = ("commune", "18033", "Ville de Bourges")
NERONDES = ("epci", "200007177", "Communauté de communes du Pays de Nérondes")

# The seed's publics: élu·es, agents of the operational directorates and of international
# relations, technical directors, twinning associations and cooperation operators.
SEED_PUBLICS = [
    "maire",
    "adjoint-maire",
    "conseiller-municipal",
    "president-epci",
    "vice-president-epci",
    "elu-departemental",
    "elu-regional",
    "dst",
    "agent-eau",
    "agent-mobilites",
    "agent-tourisme",
    "agent-energie",
    "agent-dechets",
    "agent-enseignement-superieur",
    "agent-developpement-economique",
    "charge-relations-internationales",
    "president-jumelage",
    "benevole-jumelage",
    "operateur-cooperation",
]

# (type, code or name in the Cher, what the réseau knew before the atelier)
KNOWN_BEFORE = [
    ("commune", "Vierzon", "contactee", datetime.date(2023, 11, 20), None),
    ("commune", "Saint-Amand-Montrond", "sensibilisee", datetime.date(2023, 10, 5), None),
    ("commune", "Mehun-sur-Yèvre", "deja_engagee", datetime.date(2024, 1, 16), TypeFait.JUMELAGE),
    ("commune", "Saint-Doulchard", "interessee", datetime.date(2024, 3, 12), None),
    ("departement", "18", "contactee", datetime.date(2024, 2, 8), None),
]
# Four small communes of the Cher the réseau had never heard from: no exchange, no fact.
NEW_TO_THE_RESEAU = ["Levet", "Baugy", "Dun-sur-Auron", "Lignières"]

# Fictitious participants: (civilité, prénom, nom, role code, where: key of a collectivité
# or a structure's name, present).
PARTICIPANTS = [
    ("Mme", "Camille", "Exemple", "elu-regional", REGION[1], True),
    ("M.", "Dominique", "Fictif", "charge-relations-internationales", BOURGES[1], True),
    ("Mme", "Alix", "Démo", "adjoint-maire", BOURGES[1], True),
    ("M.", "Claude", "Témoin", "president-epci", NERONDES[1], True),
    ("Mme", "Sacha", "Modèle", "dst", NERONDES[1], True),
    ("M.", "Lou", "Spécimen", "adjoint-maire", "Vierzon", True),
    ("Mme", "Andréa", "Maquette", "agent-tourisme", "Saint-Amand-Montrond", True),
    ("M.", "Noé", "Prototype", "conseiller-municipal", "Mehun-sur-Yèvre", True),
    ("Mme", "Maëlle", "Esquisse", "agent-developpement-economique", "Saint-Doulchard", True),
    ("M.", "Eden", "Ébauche", "elu-departemental", "18", True),
    ("Mme", "Louise", "Factice", "maire", "Levet", True),
    ("M.", "Jules", "Imaginaire", "adjoint-maire", "Baugy", True),
    ("Mme", "Inès", "Fiction", "conseiller-municipal", "Dun-sur-Auron", True),
    ("M.", "Yanis", "Fantaisie", "dst", "Lignières", True),
    ("Mme", "Rose", "Essai", "president-jumelage", "Comité de jumelage (fictif, démonstration)", True),
    ("M.", "Hugo", "Brouillon", "benevole-jumelage", "Comité de jumelage (fictif, démonstration)", False),
]


def demo_ateliers(reseau) -> tuple[Atelier, Atelier]:
    """Both demo ateliers; running it again changes nothing."""
    return seed_atelier(reseau), upcoming_atelier(reseau)


def _collectivite(type_: str, key: str) -> Collectivite:
    if key.isdigit() or type_ != "commune":
        return Collectivite.objects.get(type=type_, code=key)
    return Collectivite.objects.get(type=type_, nom=key, departement__code="18")


def _by_key(key: str) -> Collectivite | None:
    for type_, code, _ in (REGION, BOURGES, NERONDES):
        if key == code:
            return Collectivite.objects.get(type=type_, code=code)
    for type_, name, *_ in KNOWN_BEFORE:
        if key == name:
            return _collectivite(type_, name)
    if key in NEW_TO_THE_RESEAU:
        return _collectivite("commune", key)
    return None


def seed_atelier(reseau) -> Atelier:
    existing = Atelier.objects.filter(reseau=reseau, titre=SEED_TITLE, illustratif=True).first()
    if existing:
        _set_speakers_apart(existing)  # a demo loaded before registrations had a part
        return existing
    _history_before_the_atelier(reseau)
    region, bourges, nerondes = (
        Collectivite.objects.get(type=type_, code=code) for type_, code, _ in (REGION, BOURGES, NERONDES)
    )
    atelier = Atelier.objects.create(
        reseau=reseau,
        titre=SEED_TITLE,
        point_entree=PointEntree.objects.get(code="cooperation-decentralisee"),
        date=SEED_DATE,
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        lieu_collectivite=bourges,
        lieu_nom="Hôtel de ville, salle du conseil",
        lieu_adresse=bourges.mairie_adresse,
        capacite=60,
        date_limite_inscription=datetime.date(2024, 5, 7),
        statut=StatutAtelier.REALISE,
        ressources="Une demi-journée de l'équipe du réseau (directrice et deux chargées de mission), "
        "salle et café d'accueil offerts par la Ville de Bourges, communication relayée par la Région.",
        notes="Atelier de démonstration reconstitué d'après la fiche de capitalisation ; "
        "les participants sont fictifs.",
        illustratif=True,
    )
    atelier.segments.set([_seed_segment(reseau)])
    atelier.roles.set(Role.objects.filter(code__in=SEED_PUBLICS))
    for ordre, aim in enumerate(OBJECTIFS_DU_SEED):
        Objectif.objects.create(atelier=atelier, ordre=ordre, **aim)
    Partenaire.objects.create(
        atelier=atelier,
        role=RolePartenaire.HOTE,
        collectivite=bourges,
        nom=BOURGES[2],
        contribution="Accueille l'atelier et en assure la logistique",
        ordre=0,
    )
    Partenaire.objects.create(
        atelier=atelier,
        role=RolePartenaire.PARTENAIRE,
        collectivite=region,
        nom=REGION[2],
        contribution="Soutient l'atelier et relaie la communication auprès des collectivités",
        ordre=1,
    )
    for ordre, (nature, libelle, montant, financeur) in enumerate(
        [
            (NatureBudget.VALORISATION, "Mise à disposition de la salle et café d'accueil", 600, BOURGES[2]),
            (NatureBudget.VALORISATION, "Temps de l'équipe du réseau (2,5 jours)", 1250, reseau.nom),
            (NatureBudget.DEPENSE, "Impression des programmes et de la feuille d'émargement", 80, reseau.nom),
        ]
    ):
        LigneBudget.objects.create(
            atelier=atelier, ordre=ordre, nature=nature, libelle=libelle, montant=montant, financeur=financeur
        )
    _seed_programme(atelier, region, bourges, nerondes)
    _seed_participants(atelier)
    _set_speakers_apart(atelier)
    return atelier


def _seed_segment(reseau) -> Segment:
    segment, _ = Segment.objects.get_or_create(
        reseau=reseau,
        nom="Collectivités du Centre-Val de Loire pas encore engagées (démonstration)",
        defaults={"filtres": {"region": "24", "type": "commune", "etape": "non_engagees"}},
    )
    return segment


def _seed_programme(atelier, region, bourges, nerondes) -> None:
    sequences = [
        (TypeSequence.ACCUEIL, "Accueil des participants", (9, 30), (9, 45), "", []),
        (
            TypeSequence.TEMOIGNAGE,
            "Inspirer : des collectivités engagées témoignent",
            (9, 45),
            (10, 45),
            "Trois collectivités de tailles différentes racontent leur coopération décentralisée, "
            "dont une communauté de communes rurale de douze communes.",
            [
                (region, REGION[2], "La coopération décentralisée de la Région"),
                (bourges, BOURGES[2], "Une ville moyenne et ses partenaires"),
                (nerondes, NERONDES[2], "Une intercommunalité rurale de douze communes qui s'engage"),
            ],
        ),
        (TypeSequence.PAUSE, "Pause", (10, 45), (11, 0), "", []),
        (
            TypeSequence.CADRAGE,
            "Informer : la place des collectivités dans l'action extérieure de la France",
            (11, 0),
            (11, 45),
            "Le cadre juridique de l'AECT et ce que l'État et les réseaux de collectivités apportent.",
            [
                (None, "Ministère de l'Europe et des Affaires étrangères (DAECT)", "Le cadre de l'AECT"),
                (None, "Cités Unies France", "Le réseau des collectivités engagées"),
            ],
        ),
        (
            TypeSequence.FINANCEMENTS,
            "Faire découvrir : outils et financements",
            (11, 45),
            (12, 30),
            "Clés en main, FICOL et les dispositifs « 1 % solidaires », puis questions de la salle.",
            [(None, atelier.reseau.nom, "Clés en main, FICOL, 1 % solidaires")],
        ),
    ]
    for ordre, (type_, titre, debut, fin, description, speakers) in enumerate(sequences):
        sequence = atelier.sequences.create(
            ordre=ordre,
            type=type_,
            titre=titre,
            debut=datetime.time(*debut),
            fin=datetime.time(*fin),
            description=description,
        )
        for position, (collectivite, libelle, sujet) in enumerate(speakers):
            Intervention.objects.create(
                sequence=sequence, ordre=position, collectivite=collectivite, libelle=libelle, sujet=sujet
            )


def _history_before_the_atelier(reseau) -> None:
    """What the réseau knew before 14 May 2024, dated then: exchanges, a fact, stages."""
    for type_, key, etape, date, fait in KNOWN_BEFORE:
        collectivite = _collectivite(type_, key)
        interaction_create(
            reseau=reseau,
            auteur=None,
            type=TypeInteraction.APPEL if etape == "contactee" else TypeInteraction.REUNION,
            date=date,
            sujet="Présentation du réseau et de l'AECT (démonstration)",
            compte_rendu="Échange fictif créé pour la démonstration.",
            collectivite=collectivite,
        )
        if fait:
            fait_create(
                reseau=reseau,
                collectivite=collectivite,
                auteur=None,
                type=fait,
                intitule="Jumelage (fait fictif, démonstration)",
                annee_debut=1995,
                source=DEMO_SOURCE,
                date_source=date,
                illustratif=True,
            )
        elif etape != Etape.CONTACTEE:
            etape_set(
                reseau=reseau,
                collectivite=collectivite,
                etape=etape,
                auteur=None,
                motif=DEMO_SOURCE,
                preuve=Preuve.ECHANGE,
            )
        _backdate(reseau, collectivite, date)
    preparation = datetime.date(2024, 4, 9)
    for type_, code, _ in (REGION, BOURGES, NERONDES):
        collectivite = Collectivite.objects.get(type=type_, code=code)
        interaction_create(
            reseau=reseau,
            auteur=None,
            type=TypeInteraction.REUNION,
            date=preparation,
            sujet="Préparation du témoignage pour l'atelier de Bourges (démonstration)",
            collectivite=collectivite,
        )
        _backdate(reseau, collectivite, preparation)


def _backdate(reseau, collectivite, date) -> None:
    moment = datetime.datetime.combine(date, datetime.time(10), tzinfo=ZoneInfo(settings.TIME_ZONE))
    ChangementEtape.objects.filter(reseau=reseau, collectivite=collectivite).update(quand=moment)


# The seed: the Région, Bourges and the CC Pays de Nérondes came to testify; they are
# speakers, not people the atelier reached.
SPEAKING = {REGION[1], BOURGES[1], NERONDES[1]}


def _set_speakers_apart(atelier) -> None:
    speaking = [_by_key(key) for key in SPEAKING]
    atelier.inscriptions.filter(collectivite__in=speaking, qualite=Qualite.PARTICIPANT).update(
        qualite=Qualite.INTERVENANT
    )


def _seed_participants(atelier) -> None:
    zone = ZoneInfo(settings.TIME_ZONE)
    for index, (civilite, prenom, nom, role_code, where, present) in enumerate(PARTICIPANTS):
        collectivite = _by_key(where)
        structure = "" if collectivite else where
        role = Role.objects.get(code=role_code)
        contact = _fictive_contact(atelier.reseau, civilite, prenom, nom, role, collectivite, structure)
        arrival = datetime.datetime.combine(atelier.date, datetime.time(9, 15 + index), tzinfo=zone)
        Inscription.objects.create(
            reseau=atelier.reseau,
            atelier=atelier,
            contact=contact,
            civilite=civilite,
            prenom=prenom,
            nom=nom,
            role=role,
            fonction=role.libelle,
            collectivite=collectivite,
            structure=structure,
            email=contact.email,
            consentement=True,
            etat=EtatInscription.CONFIRMEE,
            source=SourceInscription.LIEN_PUBLIC,
            present=present,
            arrive_le=arrival if present else None,
        )


def _fictive_contact(reseau, civilite, prenom, nom, role, collectivite, structure) -> Contact:
    email = f"{slugify(prenom)}.{slugify(nom)}@demo.invalid"
    contact, _ = Contact.objects.get_or_create(
        reseau=reseau,
        email=email,
        defaults={
            "civilite": civilite,
            "prenom": prenom,
            "nom": nom,
            "role": role,
            "fonction": role.libelle,
            "collectivite": collectivite,
            "notes": FICTIVE + (f" — {structure}" if structure else ""),
            "base_legale": BaseLegale.CONSENTEMENT,
            "consentement_mailing": True,
            "consentement_date": SEED_DATE - datetime.timedelta(days=10),
            "consentement_source": "Inscription à l'atelier de Bourges (démonstration)",
        },
    )
    return contact


def upcoming_atelier(reseau) -> Atelier:
    existing = Atelier.objects.filter(reseau=reseau, titre=UPCOMING_TITLE, illustratif=True).first()
    if existing:
        return existing
    day = _a_thursday_weeks_ahead(timezone.localdate(), weeks=8)
    vierzon = _collectivite("commune", "Vierzon")
    atelier = Atelier.objects.create(
        reseau=reseau,
        titre=UPCOMING_TITLE,
        point_entree=PointEntree.objects.get(code="alimentation"),
        date=day,
        heure_debut=datetime.time(14, 0),
        heure_fin=datetime.time(17, 0),
        lieu_collectivite=vierzon,
        lieu_nom="Salle à confirmer",
        lieu_adresse=vierzon.mairie_adresse,
        capacite=UPCOMING_CAPACITY,
        date_limite_inscription=day - datetime.timedelta(days=7),
        statut=StatutAtelier.INVITATIONS_ENVOYEES,
        ressources="Projection d'un film du festival Alimenterre, puis témoignages.",
        notes="Atelier de démonstration : il part de l'intérêt local (alimentation, PAT), "
        "comme le recommande la fiche de l'atelier de Bourges.",
        illustratif=True,
    )
    atelier.segments.set([_seed_segment(reseau)])
    atelier.roles.set(Role.objects.filter(code__in=["maire", "adjoint-maire", "agent-alimentation"]))
    for ordre, aim in enumerate(OBJECTIFS_DU_SEED):
        Objectif.objects.create(atelier=atelier, ordre=ordre, **aim)
    Partenaire.objects.create(
        atelier=atelier,
        role=RolePartenaire.PARTENAIRE,
        collectivite=Collectivite.objects.get(type=REGION[0], code=REGION[1]),
        nom=REGION[2],
        contribution="Relaie la communication",
    )
    for ordre, (type_, titre, debut, fin) in enumerate(UPCOMING_PROGRAMME):
        atelier.sequences.create(
            ordre=ordre, type=type_, titre=titre, debut=datetime.time(*debut), fin=datetime.time(*fin)
        )
    return atelier


UPCOMING_PROGRAMME = [
    (TypeSequence.ACCUEIL, "Accueil", (14, 0), (14, 15)),
    (
        TypeSequence.TEMOIGNAGE,
        "Projection et témoignages : nourrir son territoire, ici et là-bas",
        (14, 15),
        (15, 30),
    ),
    (TypeSequence.FINANCEMENTS, "Les financements ouverts aux projets alimentaires", (15, 30), (16, 30)),
    (TypeSequence.ECHANGES, "Échanges et suites possibles", (16, 30), (17, 0)),
]


def _a_thursday_weeks_ahead(today: datetime.date, *, weeks: int) -> datetime.date:
    day = today + datetime.timedelta(weeks=weeks)
    return day + datetime.timedelta(days=(3 - day.weekday()) % 7)
