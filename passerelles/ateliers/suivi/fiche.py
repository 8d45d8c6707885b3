"""« Rédiger la fiche »: an atelier's own data as a draft fiche de capitalisation, so that the
next atelier's planning aid finds its lessons."""

from passerelles.ateliers.inscriptions.models import Inscription
from passerelles.ateliers.preparation.calendrier import quand
from passerelles.ateliers.preparation.models import Atelier, RolePartenaire
from passerelles.capitalisation.models import Fiche
from passerelles.capitalisation.services import fiche_draft, fiche_save
from passerelles.core.francais import date_longue, guillemets, plage
from passerelles.leviers.poids import LARGE, SMALL
from passerelles.territoires.models import COMMUNE_TYPES, Collectivite, TypeCollectivite

from .definitions import FICTIF
from .enquete import verbatims
from .indicateurs import atelier_indicateurs, ruralite
from .rapports import display, fictif

CHIFFRES = (
    ("invites", "Invités"),
    ("inscrits", "Inscrits"),
    ("participants_presents", "Participants présents"),
    ("intervenants_presents", "Intervenants présents (comptés à part)"),
    ("collectivites_touchees", "Collectivités touchées"),
    ("collectivites_intervenantes", "Collectivités venues témoigner (comptées à part)"),
    ("nouvelles_collectivites", "Nouvelles collectivités (inconnues du réseau avant l'atelier)"),
    ("nouvelles_eloignees", "dont éloignées de l'action internationale"),
    ("deja_connues", "Collectivités déjà connues"),
    ("deja_engagees", "Collectivités déjà engagées"),
    ("satisfaction_moyenne", "Satisfaction moyenne"),
    ("part_trop_technique", "Ont trouvé des interventions trop techniques"),
    ("part_trop_institutionnel", "Ont trouvé la partie institutionnelle trop institutionnelle"),
    ("relances_faites_a_temps", "Relances faites à temps"),
    ("relances_en_retard", "Relances en retard"),
    ("changements_declaratifs", "Changements d'étape déclaratifs (non comptés comme progression)"),
    ("progression_6_mois", "Progression observée à 6 mois"),
)
TYPE_TAGS = {
    TypeCollectivite.EPCI: "epci",
    TypeCollectivite.DEPARTEMENT: "departement",
    TypeCollectivite.REGION: "region",
}


def titre_of(atelier: Atelier) -> str:
    return f"Atelier {guillemets(atelier.titre)} ({atelier.date.year})"


def existing_fiche(atelier: Atelier) -> Fiche | None:
    return Fiche.objects.for_reseau(atelier.reseau).filter(titre=titre_of(atelier)).first()


def draft_of(atelier: Atelier) -> dict:
    """The fiche's sections and tags, from the atelier's framing, programme, partners,
    resources, calendar and indicators."""
    indicateurs = atelier_indicateurs(atelier)
    partenaires = list(atelier.partenaires.all())
    hosts = [p.nom for p in partenaires if p.role == RolePartenaire.HOTE]
    content = fiche_draft(
        titre=titre_of(atelier),
        porteur=", ".join([atelier.reseau.nom, *hosts]),
        objectifs=[
            f"{o.intitule} : {o.description}" if o.description else o.intitule
            for o in atelier.objectifs.all()
        ],
        publics=[role.libelle for role in atelier.roles.all()],
        deroulement=[
            _sequence_line(sequence) for sequence in atelier.sequences.prefetch_related("interventions")
        ],
        acteurs=_speakers(atelier),
        partenaires=[
            f"{p.nom} ({p.contribution})" if p.contribution else p.nom
            for p in partenaires
            if p.role != RolePartenaire.HOTE
        ],
        outils=_tools(atelier),
        chiffres=_chiffres(indicateurs),
        calendrier=f"{quand(atelier)}. Suivi des collectivités présentes à J+15, J+90 et J+180.",
        ressources=_resources(atelier),
        collectivites_ciblees=", ".join(segment.nom for segment in atelier.segments.all()),
    )
    return content | _tags(atelier)


def _chiffres(indicateurs: dict) -> dict[str, str]:
    """The figures, survey ones marked when invented, then the observed signs of change."""
    chiffres = {
        label: f"{display(key, indicateurs[key])} ({FICTIF})"
        if fictif(indicateurs, key)
        else display(key, indicateurs[key])
        for key, label in CHIFFRES
    }
    for signe in indicateurs["detail"]["signes"]:
        about = f"{signe['nom']}, " if signe["nom"] else ""
        chiffres[f"Signe de changement ({about}{date_longue(signe['date'])})"] = (
            f"{signe['constat']} — source : {signe['source']}"
        )
    return chiffres


def _sequence_line(sequence) -> str:
    speakers = ", ".join(str(i) for i in sequence.interventions.all() if str(i))
    when = plage(sequence.debut, sequence.fin)
    line = (
        f"{when} — {sequence.get_type_display()} : {sequence.titre}"
        if when
        else f"{sequence.get_type_display()} : {sequence.titre}"
    )
    return f"{line} ({speakers})" if speakers else line


def _speakers(atelier: Atelier) -> list[str]:
    names = []
    for sequence in atelier.sequences.prefetch_related(
        "interventions__contact", "interventions__collectivite"
    ):
        for intervention in sequence.interventions.all():
            who = intervention.libelle or (intervention.collectivite.nom if intervention.collectivite else "")
            if intervention.contact:
                who = who or intervention.contact.nom_complet
            if who and who not in names:
                names.append(who)
    return names


def _tools(atelier: Atelier) -> list[str]:
    tools = []
    if atelier.invitations.exists():
        tools.append("Invitations personnalisées et inscription en ligne")
    if atelier.inscriptions.filter(present=True).exists():
        tools.append("Feuille d'émargement et pointage à l'accueil")
    if hasattr(atelier, "questionnaire"):
        tools.append("Questionnaire de satisfaction envoyé aux participants")
    return tools


def _resources(atelier: Atelier) -> str:
    lines = [atelier.ressources.strip()] if atelier.ressources.strip() else []
    lines += [
        f"- {line.get_nature_display()} : {line.libelle}, {line.montant} €" for line in atelier.budget.all()
    ]
    return "\n".join(lines)


def _tags(atelier: Atelier) -> dict:
    """Tags in the fiche's vocabulary, from who actually came, so that `lessons_for` finds
    the fiche for a similar atelier."""
    ids = (
        Inscription.objects.filter(atelier=atelier, present=True)
        .exclude(collectivite=None)
        .values("collectivite_id")
    )
    present = list(Collectivite.objects.filter(id__in=ids).values("type", "population_municipale", "densite"))
    types = {
        ("commune" if row["type"] in COMMUNE_TYPES else TYPE_TAGS.get(row["type"], "")) for row in present
    }
    sizes = {_size(row["population_municipale"]) for row in present if row["type"] in COMMUNE_TYPES}
    rural = {{"rurale": "rural", "urbaine": "urbain"}.get(ruralite(row["densite"])) for row in present}
    families = set(atelier.roles.values_list("famille", flat=True)) | set(
        Inscription.objects.filter(atelier=atelier, present=True)
        .exclude(role=None)
        .values_list("role__famille", flat=True)
    )
    venue = atelier.lieu_collectivite
    return {
        "points_entree": [atelier.point_entree.code] if atelier.point_entree else [],
        "types_collectivites": sorted(t for t in types if t),
        "tailles": sorted(s for s in sizes if s),
        "ruralite": sorted(r for r in rural if r),
        "publics": sorted(families),
        "territoire": venue.departement.nom if venue and venue.departement else "",
        "annee": atelier.date.year,
    }


def _size(population: int | None) -> str:
    if population is None:
        return ""
    return "grande" if population >= LARGE else "petite" if population < SMALL else "moyenne"


def fiche_from_atelier(atelier: Atelier, *, auteur, verbatim_ids: list[str]) -> Fiche:
    """Creates the fiche once (a second call returns the same fiche), with the chosen verbatims."""
    existing = existing_fiche(atelier)
    if existing:
        return existing
    content = draft_of(atelier)
    chosen = [
        {"texte": v["texte"], "auteur": v["auteur"]}
        for v in verbatims(atelier)
        if v["id"] in set(verbatim_ids)
    ]
    content["verbatims"] = chosen
    return fiche_save(reseau=atelier.reseau, auteur=auteur, **content)
