"""Reads on the pipeline: a collectivité's file, the réseau's dashboard, the territory query."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from passerelles.contacts.models import Contact
from passerelles.core.francais import cle_de_tri
from passerelles.territoires.cartes import Zone, carte
from passerelles.territoires.models import Collectivite, TypeCollectivite
from passerelles.territoires.selectors import TYPE_FILTERS
from passerelles.territoires.statuts import COMMUNES_D_OUTRE_MER, COMMUNES_DU_COMPTE_OFFICIEL

from .models import (
    ETAPES_ENGAGEES,
    ChangementEtape,
    Etape,
    FaitEngagement,
    Interaction,
    Mobilisation,
    Relance,
)

T = TypeCollectivite
SANS_INTERACTION_MOIS = 12


def collectivite_file(*, reseau, collectivite: Collectivite) -> dict:
    """What the réseau knows and did about one collectivité."""
    mobilisation = Mobilisation.objects.filter(reseau=reseau, collectivite=collectivite).first()
    return {
        "etape": mobilisation.etape if mobilisation else Etape.INCONNUE,
        "historique": ChangementEtape.objects.for_reseau(reseau)
        .filter(collectivite=collectivite)
        .select_related("auteur")[:20],
        "faits": FaitEngagement.objects.for_reseau(reseau).filter(collectivite=collectivite),
        "interactions": Interaction.objects.for_reseau(reseau)
        .filter(collectivite=collectivite)
        .prefetch_related("contacts")[:20],
        "relances": Relance.objects.for_reseau(reseau)
        .filter(collectivite=collectivite)
        .select_related("responsable", "contact"),
        # The panel shows the first fifty; a collectivité may have thousands of contacts.
        "contacts": Contact.objects.for_reseau(reseau)
        .filter(collectivite=collectivite, efface_le__isnull=True)
        .select_related("role")[:50],
    }


def my_relances(*, reseau, user, include_done: bool = False):
    relances = (
        Relance.objects.for_reseau(reseau).filter(responsable=user).select_related("collectivite", "contact")
    )
    if not include_done:
        relances = relances.filter(faite_le__isnull=True)
    return relances.order_by("faite_le", "echeance")


@dataclass(frozen=True)
class AutreSuivie:
    """A followed EPCI, département or région: not drawn, listed beside the map."""

    nom: str
    type: str
    lien: str
    etape: str
    libelle_etape: str


@dataclass
class CarteEtapes:
    """The région's communes coloured by stage; the legend counts exactly what is drawn."""

    svg: SafeString
    legende: list[tuple[str, str, int]]  # (stage code, label, communes drawn)
    sans_contour: int  # communes with no outline in the 2018 geography
    autres_suivies: list[AutreSuivie]


@dataclass
class Tableau:
    par_etape: list[tuple[str, str, int]]  # (code, label, count)
    par_departement: list[dict]
    engagees: int
    suivies: int
    population_engagee: int
    population_totale: int
    contacts_sans_interaction: int
    relances_en_retard: int
    carte: CarteEtapes | None

    @property
    def part_population(self) -> float:
        return self.population_engagee / self.population_totale if self.population_totale else 0.0


def dashboard(*, reseau) -> Tableau:
    region = reseau.region
    stages = Mobilisation.objects.for_reseau(reseau).filter(
        Q(collectivite__region=region) | Q(collectivite=region)
    )
    by_stage = dict(stages.values_list("etape").annotate(n=Count("id")).values_list("etape", "n"))
    by_departement = _by_departement(stages, region)
    engaged = stages.filter(etape__in=ETAPES_ENGAGEES)
    communes = Collectivite.objects.filter(TYPE_FILTERS["commune"][1], actif=True, region=region)
    # A commune is covered when it, or its EPCI, is engaged; an engaged département or région
    # does not make every inhabitant "covered".
    engaged_ids = engaged.values("collectivite_id")
    covered = communes.filter(Q(id__in=engaged_ids) | Q(epci_id__in=engaged_ids))
    engaged_population = covered.aggregate(total=Sum("population_municipale"))["total"] or 0
    cutoff = timezone.localdate() - timedelta(days=30 * SANS_INTERACTION_MOIS)
    contacts = Contact.objects.for_reseau(reseau).filter(efface_le__isnull=True)
    return Tableau(
        par_etape=[(e.value, e.label, by_stage.get(e.value, 0)) for e in Etape if e != Etape.INCONNUE],
        par_departement=by_departement,
        engagees=engaged.count(),
        suivies=sum(by_stage.values()),
        population_engagee=engaged_population,
        population_totale=communes.aggregate(total=Sum("population_municipale"))["total"] or 0,
        # A contact with no exchange yet counts only once it has been known that long.
        contacts_sans_interaction=contacts.filter(
            Q(derniere_interaction__lt=cutoff)
            | Q(derniere_interaction__isnull=True, cree_le__lt=_start_of(cutoff))
        ).count(),
        relances_en_retard=Relance.objects.for_reseau(reseau)
        .filter(faite_le__isnull=True, echeance__lt=timezone.localdate())
        .count(),
        carte=_map(region, stages),
    )


def _start_of(day: date) -> datetime:
    """Midnight of a day: compares a datetime column without casting every row to a date."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _by_departement(stages, region) -> list[dict]:
    rows = stages.values(
        "collectivite__type",
        "collectivite__code",
        "collectivite__nom",
        "collectivite__departement__code",
        "collectivite__departement__nom",
        "etape",
    ).annotate(n=Count("id"))
    table: dict[str, dict] = {}
    for row in rows:
        code, nom = _departement_of(row)
        line = table.setdefault(code, {"code": code, "nom": nom, "etapes": {}, "total": 0})
        line["etapes"][row["etape"]] = row["n"]
        line["total"] += row["n"]
    for line in table.values():
        line["cellules"] = [line["etapes"].get(e.value, 0) for e in Etape if e != Etape.INCONNUE]
    return [table[code] for code in sorted(table)]


def _departement_of(row: dict) -> tuple[str, str]:
    """A département counts in its own row; only what belongs to none is the région's."""
    if row["collectivite__type"] == T.DEPARTEMENT:
        return row["collectivite__code"], row["collectivite__nom"]
    if row["collectivite__departement__code"]:
        return row["collectivite__departement__code"], row["collectivite__departement__nom"]
    return "—", "La région elle-même"


def _map(region, stages) -> CarteEtapes | None:
    followed = list(
        stages.values_list(
            "collectivite_id", "etape", "collectivite__type", "collectivite__code", "collectivite__nom"
        )
    )
    drawn_as_commune = {  # Paris is drawn as the Ville de Paris: its stage colours the map
        pk
        for pk, _, type_, code, _ in followed
        if type_ == T.STATUT_PARTICULIER and code in COMMUNES_DESSINEES
    }
    stage_items = tuple(
        sorted(
            (pk, etape) for pk, etape, type_, *_ in followed if type_ == T.COMMUNE or pk in drawn_as_commune
        )
    )
    drawn = _communes_map(region.pk, stage_items)
    if drawn is None:
        return None
    svg, legende, sans_contour = drawn
    others = sorted(
        (
            (type_, nom, code, etape)
            for pk, etape, type_, code, nom in followed
            if type_ != T.COMMUNE and pk not in drawn_as_commune
        ),
        key=lambda other: (other[0], cle_de_tri(other[1])),
    )
    return CarteEtapes(
        svg=svg,
        legende=legende,
        sans_contour=sans_contour,
        autres_suivies=[
            AutreSuivie(
                nom=nom,
                type=T(type_).label,
                lien=reverse("territoires:detail", kwargs={"type": type_, "code": code}),
                etape=etape,
                libelle_etape=Etape(etape).label,
            )
            for type_, nom, code, etape in others
        ],
    )


COMMUNES_DESSINEES = COMMUNES_DU_COMPTE_OFFICIEL + COMMUNES_D_OUTRE_MER


@lru_cache(maxsize=32)
def _communes_map(region_id: int, stage_items: tuple[tuple[int, str], ...]):
    """The SVG, legend and count of undrawn communes for these stages. Kept per process for
    as long as no stage changes (a new stage is a new key): the map is most of the page's
    cost, and staff come back to the dashboard far more often than they move a commune."""
    stage_of = dict(stage_items)
    places = Collectivite.objects.filter(
        region_id=region_id, type__in=(T.COMMUNE, T.COMMUNE_DELEGUEE, T.COMMUNE_ASSOCIEE)
    ).values_list(
        "id", "type", "code", "nom", "commune_parente_id", "actif", "successeur_id", "successeur__type"
    )
    communes, formes = [], {}
    for pk, type_, code, nom, parent_id, actif, successor_id, successor_type in places.order_by("code"):
        if type_ == T.COMMUNE and successor_type == T.STATUT_PARTICULIER:
            # Paris: drawn once, as the Ville de Paris it is part of, with its stage and page.
            communes.append((successor_id, code, nom, T.STATUT_PARTICULIER))
            formes.setdefault(successor_id, set()).add(code)
        elif type_ == T.COMMUNE and actif:
            communes.append((pk, code, nom, T.COMMUNE))
            formes.setdefault(pk, set()).add(code)
        elif type_ != T.COMMUNE:
            # Outlines are of 2018: a commune nouvelle is drawn with those of the communes it absorbed.
            formes.setdefault(parent_id, set()).add(code)
    carriers = dict(
        Collectivite.objects.filter(
            id__in=[pk for pk, _, _, kind in communes if kind != T.COMMUNE]
        ).values_list("id", "code")
    )
    lien = reverse("territoires:detail", kwargs={"type": T.COMMUNE, "code": "0"})[:-2]
    labels = dict(Etape.choices)
    zones = []
    for pk, code, nom, kind in communes:
        etape = stage_of.get(pk, Etape.INCONNUE.value)
        page = (
            f"{lien}{code}/"
            if kind == T.COMMUNE
            else reverse("territoires:detail", kwargs={"type": kind, "code": carriers[pk]})
        )
        zones.append(
            Zone(
                formes=tuple(sorted(formes[pk])),
                classe=f"etape--{etape}",
                titre=f"{nom} — {labels[etape]}",
                lien=page,
            )
        )
    # The circonscriptions a collectivité with a statute of its own carries (Bas-Rhin, Haut-Rhin,
    # Paris) are still drawn: their communes are there.
    departements = Collectivite.objects.filter(
        Q(actif=True) | Q(successeur__type=T.STATUT_PARTICULIER), type=T.DEPARTEMENT, region_id=region_id
    )
    drawn = carte(list(departements.values_list("code", flat=True)), zones)
    if drawn is None:
        return None
    map_, missing = drawn
    counts = Counter(zone.classe for _, zone in map_.zones)
    legende = [
        (e.value, "Non suivie" if e == Etape.INCONNUE else e.label, counts[f"etape--{e.value}"])
        for e in reversed(Etape)
    ]
    svg = map_.svg(
        titre_id="titre-carte",
        description="Chaque commune de la région est coloriée selon son étape de mobilisation ; "
        "survolez-la pour son nom, cliquez pour ouvrir sa page.",
    )
    return svg, legende, len(missing)


ENGAGEES, NON_ENGAGEES = "engagees", "non_engagees"


def filter_by_knowledge(collectivites, *, reseau, avec: str = "", sans: str = "", etape: str = ""):
    """Collectivités the réseau knows with (or without) a kind of fact, or at a stage: a stage
    code, "engagees" (engaged or already engaged) or "non_engagees"."""
    facts = FaitEngagement.objects.for_reseau(reseau).filter(collectivite=OuterRef("pk"))
    if avec:
        collectivites = collectivites.filter(Exists(facts.filter(type=avec)))
    if sans:
        collectivites = collectivites.filter(~Exists(facts.filter(type=sans)))
    if etape:
        stages = Mobilisation.objects.for_reseau(reseau).filter(collectivite=OuterRef("pk"))
        if etape == Etape.INCONNUE:
            collectivites = collectivites.filter(~Exists(stages.exclude(etape=Etape.INCONNUE)))
        elif etape == ENGAGEES:
            collectivites = collectivites.filter(Exists(stages.filter(etape__in=ETAPES_ENGAGEES)))
        elif etape == NON_ENGAGEES:
            collectivites = collectivites.filter(~Exists(stages.filter(etape__in=ETAPES_ENGAGEES)))
        else:
            collectivites = collectivites.filter(Exists(stages.filter(etape=etape)))
    return collectivites


def territory_query(
    *, reseau, departement: str = "", avec: str = "", sans: str = "", etape: str = "", type_: str = "commune"
):
    """Collectivités of the réseau's région matching facts and stage, with whom the réseau knows there:
    e.g. communes of the Cher with a twinning but no cooperation project."""
    collectivites = Collectivite.objects.filter(actif=True, region=reseau.region, type=type_ or T.COMMUNE)
    if departement:
        collectivites = collectivites.filter(departement__code=departement.upper())
    collectivites = filter_by_knowledge(collectivites, reseau=reseau, avec=avec, sans=sans, etape=etape)
    # nom_normalise is the collation key: « Arçay » before « Arpheuilles », as in a dictionary.
    return collectivites.select_related("departement").order_by("departement__code", "nom_normalise", "nom")


def contacts_by_collectivite(*, reseau, collectivite_ids: list[int]) -> dict[int, list[Contact]]:
    found: dict[int, list[Contact]] = {}
    contacts = Contact.objects.for_reseau(reseau).filter(
        collectivite_id__in=collectivite_ids, efface_le__isnull=True
    )
    for contact in contacts.select_related("role"):
        found.setdefault(contact.collectivite_id, []).append(contact)
    return found


def stages_for(*, reseau, collectivite_ids: list[int]) -> dict[int, str]:
    """The stage of each collectivité, as its French label."""
    rows = Mobilisation.objects.for_reseau(reseau).filter(collectivite_id__in=collectivite_ids)
    return {pk: Etape(etape).label for pk, etape in rows.values_list("collectivite_id", "etape")}
