"""The yearly bilan a réseau sends its funders: one section per mission, each composed from the
selectors of the capability that records it, with the réseau's objectives beside the results.
Nothing is retyped; what nobody recorded is « inconnu »."""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from passerelles.accompagnement.models import Accompagnement, ChangementDossier, Dossier, Etat
from passerelles.ateliers.preparation.models import Atelier, LigneBudget, NatureBudget, StatutAtelier
from passerelles.ateliers.suivi.bilan import bilan_activite
from passerelles.ateliers.suivi.historique import start_of
from passerelles.capitalisation.models import Fiche
from passerelles.contacts.models import Civilite
from passerelles.territoires.models import Collectivite, TypeCollectivite

from .figures import FIGURE, FIGURES, Mission, ecrit
from .models import ActionCoordination, Objectif
from .observation import ENGAGEMENTS, effet_levier, levier_of, territoire_observe

GENRES = {Civilite.MADAME: "Femmes", Civilite.MONSIEUR: "Hommes", "": "Non précisé"}
BUDGET_CIBLE = "budget_depenses"
# The PDF lists this many ateliers; the page, the PDF and the DOCX this many sources and reasons;
# the XLSX carries them all.
EXTRAIT = 25


def years_with_data(reseau, today: datetime.date) -> list[int]:
    """Years in which the réseau did something it reports: held ateliers, dossier moves,
    accompaniment, coordination, fiches, or objectives set. Newest first."""
    held = Atelier.objects.for_reseau(reseau).filter(date__lte=today).exclude(statut=StatutAtelier.ANNULE)
    found = set(held.annotate(y=ExtractYear("date")).values_list("y", flat=True).distinct())
    for queryset, column in (
        (ChangementDossier.objects.for_reseau(reseau), "quand"),
        (Accompagnement.objects.for_reseau(reseau), "date"),
        (Fiche.objects.for_reseau(reseau), "cree_le"),
    ):
        found |= set(queryset.annotate(y=ExtractYear(column)).values_list("y", flat=True).distinct())
    for model in (ActionCoordination, Objectif):
        found |= set(model.objects.for_reseau(reseau).values_list("annee", flat=True).distinct())
    return sorted(found, reverse=True)


def default_year(years: list[int], today: datetime.date) -> int:
    """The latest year with data that has begun; the current year only when nothing else."""
    past = [year for year in years if year <= today.year]
    return max(past) if past else today.year


def bilan_annuel(reseau, year: int, *, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    debut, fin = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    since, until = start_of(debut), start_of(fin + datetime.timedelta(days=1))
    ateliers = bilan_activite(reseau, debut=debut, fin=fin, today=today)
    observation = territoire_observe(reseau, year)
    dossiers = accompagnement(reseau, year, since, until)
    coordination = actions_of(reseau, year)
    budget = budget_of([row["id"] for row in ateliers["ateliers"]])
    objectifs = objectifs_of(reseau, year)
    values = _values(observation, ateliers, budget, dossiers, coordination, objectifs.get(BUDGET_CIBLE))
    return {
        "annee": year,
        "debut": debut,
        "fin": fin,
        "reseau": reseau,
        "demonstration": reseau.demonstration,
        "missions": [
            {
                "code": mission.value,
                "titre": mission.label,
                "figures": _figures(mission, values, objectifs, _not_applicable(values)),
            }
            for mission in Mission
        ],
        "valeurs": values,
        "observation": observation,
        "engagements": ENGAGEMENTS,
        "levier": effet_levier(reseau),
        "ateliers": ateliers,
        "genres": genders_of(ateliers["ateliers"]),
        "couverture": coverage_of(ateliers["par_departement"]),
        "budget": budget,
        "dossiers": dossiers,
        "coordination": coordination,
        "extraits": _extraits(observation["sources"], dossiers["motifs"], ateliers["ateliers"]),
    }


def _values(observation, ateliers, budget, dossiers, coordination, envelope) -> dict:
    """Every figure of FIGURES, by its key."""
    return {
        "collectivites_engagees": observation["total"]["engagees"],
        "engagements_commences": observation["total"]["commencees"],
        "engagements_arretes": observation["total"]["arretees"],
        **{key: ateliers["chiffres"][key] for key in ateliers["chiffres"] if key in FIGURE},
        "budget_depenses": budget["depenses"],
        "execution_budget": float(budget["depenses"] / envelope)
        if envelope and budget["depenses"] is not None
        else None,
        **dossiers["chiffres"],
        "actions_coordination": len(coordination["actions"]),
        "participants_coordination": coordination["participants"],
    }


def _extraits(sources: list, motifs: list, ateliers: list) -> dict:
    """What the PDF lists in full when short: a long year's list of ateliers, of sources and of
    reasons is for the workbook (WeasyPrint lays out 200 table rows in seconds)."""
    return {
        "ateliers": ateliers[:EXTRAIT],
        "ateliers_autres": max(0, len(ateliers) - EXTRAIT),
        "sources": sources[:EXTRAIT],
        "sources_autres": max(0, len(sources) - EXTRAIT),
        "motifs": motifs[:EXTRAIT],
        "motifs_autres": max(0, len(motifs) - EXTRAIT),
    }


def _not_applicable(values: dict) -> dict:
    """Figures that have nothing to measure, said so rather than « inconnu »."""
    sans_objet = {}
    if values["dossiers_retenus"] == 0:
        sans_objet["effet_levier"] = "sans objet : aucun dossier retenu"
    if values["ateliers"] == 0:
        sans_objet |= {
            figure.cle: "sans objet : aucun atelier tenu"
            for figure in FIGURES
            if figure.mission == Mission.SENSIBILISATION and figure.cle != "ateliers"
        }
    return sans_objet


def _figures(mission, values: dict, objectifs: dict, sans_objet: dict) -> list[dict]:
    rows = []
    for figure in FIGURES:
        if figure.mission != mission:
            continue
        value, target = values.get(figure.cle), objectifs.get(figure.cle)
        reached = float(Decimal(value) / target) if value is not None and target else None
        rows.append(
            {
                "cle": figure.cle,
                "libelle": figure.libelle,
                "definition": figure.definition,
                "unite": figure.unite,
                "valeur": value,
                "texte": sans_objet.get(figure.cle) or ecrit(value, figure.unite),
                "objectif": target,
                "objectif_texte": "" if target is None else ecrit(target, figure.unite),
                "atteinte": reached,
                "atteinte_texte": "" if reached is None else ecrit(reached, "taux"),
            }
        )
    return rows


# --- information et sensibilisation ---


def genders_of(rows: list[dict]) -> list[dict]:
    """Participants present by civility, over the ateliers whose attendance is known; the
    people who did not say are counted apart, never shared out."""
    known = [row for row in rows if row["participants_presents"] is not None]
    if not known:
        return [{"genre": label, "n": None, "part": None} for label in GENRES.values()]
    counts = Counter()
    for row in known:
        counts.update(row["detail"]["par_civilite"])
    total = sum(counts.values())
    return [
        {"genre": label, "n": counts.get(code, 0), "part": counts.get(code, 0) / total if total else None}
        for code, label in GENRES.items()
    ]


def coverage_of(par_departement: list[dict]) -> list[dict]:
    """Collectivités reached in each département against those the référentiel holds there:
    its active communes and EPCI à fiscalité propre, and the département itself."""
    codes = [row["code"] for row in par_departement if row["code"] != "—"]
    existing = dict(
        Collectivite.objects.filter(
            actif=True,
            type__in=(TypeCollectivite.COMMUNE, TypeCollectivite.EPCI),
            departement__code__in=codes,
        )
        .order_by()
        .values_list("departement__code")
        .annotate(n=Count("id"))
        .values_list("departement__code", "n")
    )
    rows = []
    for row in par_departement:
        whole = existing.get(row["code"], 0) + 1 if row["code"] != "—" else None
        rows.append({**row, "existantes": whole, "taux": row["touchees"] / whole if whole else None})
    return rows


def budget_of(atelier_ids: list[int]) -> dict:
    """The budget lines of the year's held ateliers, summed by nature; no atelier, no budget
    known."""
    sums = dict(
        LigneBudget.objects.filter(atelier_id__in=atelier_ids)
        .order_by()
        .values_list("nature")
        .annotate(total=Sum("montant"))
        .values_list("nature", "total")
    )
    financeurs = (
        LigneBudget.objects.filter(atelier_id__in=atelier_ids, nature=NatureBudget.RECETTE)
        .exclude(financeur="")
        .order_by("financeur")
        .values_list("financeur")
        .annotate(total=Sum("montant"))
    )
    known = bool(atelier_ids)
    return {
        "depenses": sums.get(NatureBudget.DEPENSE, Decimal(0)) if known else None,
        "recettes": sums.get(NatureBudget.RECETTE, Decimal(0)) if known else None,
        "valorisations": sums.get(NatureBudget.VALORISATION, Decimal(0)) if known else None,
        "financeurs": list(financeurs),
    }


# --- accompagnement ---


def accompagnement(reseau, year: int, since, until) -> dict:
    """Dossiers the réseau worked on in the year: their state at the year's end, by instrument,
    the decisions taken, the time spent, and the effet levier of those « retenu »."""
    moves = list(
        ChangementDossier.objects.for_reseau(reseau)
        .filter(quand__lt=until)
        .order_by("quand", "id")
        .values_list("dossier_id", "nouvel", "quand", "motif")
    )
    log = Accompagnement.objects.for_reseau(reseau).filter(date__year=year)
    logged = log.aggregate(n=Count("id"), heures=Sum("heures"))
    touched = {pk for pk, _, when, _ in moves if when >= since}
    touched |= set(log.values_list("dossier_id", flat=True))
    touched |= set(
        Dossier.objects.for_reseau(reseau)
        .filter(cree_le__gte=since, cree_le__lt=until)
        .values_list("id", flat=True)
    )
    dossiers = {
        row["id"]: row
        for row in Dossier.objects.for_reseau(reseau)
        .filter(id__in=touched)
        .values(
            "id",
            "collectivite_id",
            "collectivite__nom",
            "instrument__nom",
            "montant_demande",
            "montant_accorde",
            "part_collectivite",
        )
    }
    state_at_end = dict.fromkeys(dossiers, Etat.IDEE.value)
    decided = defaultdict(set)  # state → dossiers moved to it in the year
    reasons = []
    for pk, nouvel, when, motif in moves:
        if pk in dossiers:
            state_at_end[pk] = nouvel
            if when >= since:
                decided[nouvel].add(pk)
                if nouvel in (Etat.REFUSE, Etat.ABANDONNE):
                    reasons.append((dossiers[pk], Etat(nouvel).label, motif, when))
    retenus = [dossiers[pk] for pk in decided[Etat.RETENU]]
    levier = levier_of(retenus)
    granted = [row["montant_accorde"] for row in retenus if row["montant_accorde"] is not None]
    return {
        "chiffres": {
            "dossiers_accompagnes": len(dossiers),
            "collectivites_accompagnees": len({row["collectivite_id"] for row in dossiers.values()}),
            "rencontres": logged["n"],
            "heures": logged["heures"] or Decimal(0),
            "dossiers_deposes": len(decided[Etat.DEPOSE]),
            "dossiers_retenus": len(retenus),
            "dossiers_refuses": len(decided[Etat.REFUSE]),
            "montant_accorde": sum(granted, Decimal(0)) if granted or not retenus else None,
            "effet_levier": levier["ratio"],
        },
        "levier": levier,
        "montant_inconnu": len(retenus) - len(granted),
        "par_etat": [(label, Counter(state_at_end.values()).get(code, 0)) for code, label in Etat.choices],
        "par_instrument": _by_instrument(dossiers, decided),
        "motifs": [
            {
                "collectivite": row["collectivite__nom"],
                "instrument": row["instrument__nom"],
                "etat": label,
                "motif": motif,
                "date": timezone.localtime(when).date(),
            }
            for row, label, motif, when in reasons
        ],
    }


def _by_instrument(dossiers: dict, decided: dict) -> list[dict]:
    table = {}
    for pk, row in dossiers.items():
        line = table.setdefault(
            row["instrument__nom"],
            {"nom": row["instrument__nom"], "accompagnes": 0, "deposes": 0, "retenus": 0, "refuses": 0},
        )
        line["accompagnes"] += 1
        for state, key in ((Etat.DEPOSE, "deposes"), (Etat.RETENU, "retenus"), (Etat.REFUSE, "refuses")):
            line[key] += pk in decided[state]
    for name, line in table.items():
        retenus = [dossiers[pk] for pk in decided[Etat.RETENU] if dossiers[pk]["instrument__nom"] == name]
        line["levier"] = levier_of(retenus)
    return [table[name] for name in sorted(table)]


# --- coordination ---


def actions_of(reseau, year: int) -> dict:
    actions = list(ActionCoordination.objects.for_reseau(reseau).filter(annee=year).order_by("titre", "id"))
    known = [action.participants for action in actions if action.participants is not None]
    return {
        "actions": actions,
        "participants": sum(known) if known else None,
        "sans_nombre": len(actions) - len(known),
    }


def objectifs_of(reseau, year: int) -> dict:
    return dict(Objectif.objects.for_reseau(reseau).filter(annee=year).values_list("indicateur", "cible"))
