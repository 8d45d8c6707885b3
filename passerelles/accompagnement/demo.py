"""The demo réseau's dossiers: a plausible year of accompaniment, fictitious and labelled.

Nothing here follows from the seed's Bourges atelier of May 2024 (the seed says it had no
follow-up): the collectivités are others, and no reason or note names the atelier. No
dossier is « retenu », so no collectivité's stage moves. Safe to run again."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from passerelles.contacts.models import Organisation, TypeOrganisation
from passerelles.leviers.models import Instrument
from passerelles.territoires.models import Collectivite

from .models import ChangementDossier, Dossier, Etat
from .services import dossier_create, dossier_move, log_add

DEMO = "(démonstration)"
ASSOCIATION = f"Association Berry Solidarités Sahel {DEMO}"


def _commune(nom: str, departement: str) -> Collectivite:
    return Collectivite.objects.get(type="commune", nom=nom, departement__code=departement)


@transaction.atomic
def demo_dossiers(reseau, user) -> list[Dossier]:
    if Dossier.objects.for_reseau(reseau).exists():
        return list(Dossier.objects.for_reseau(reseau))
    today = timezone.localdate()
    association, _ = Organisation.objects.get_or_create(
        reseau=reseau, nom=ASSOCIATION, defaults={"type": TypeOrganisation.ASSOCIATION}
    )
    blet, charly = _commune("Blet", "18"), _commune("Charly", "18")
    plans = [
        # (collectivité, instrument, fields, moves [(state, reason, days ago)],
        #  log [(days ago, kind, hours, note)])
        (
            _commune("Châteauroux", "36"),
            "aap-dctciv",
            {
                "appel": "Appel à projets DCTCIV 2026",
                "pays": "Sénégal",
                "partenaire": f"Commune partenaire fictive {DEMO}",
                "montant_demande": Decimal("40000"),
                "part_collectivite": Decimal("25000"),
                "echeance": today + datetime.timedelta(days=10),
            },
            [(Etat.EN_MONTAGE, f"Partenaire confirmé par courrier {DEMO}", 40)],
            [
                (
                    45,
                    "rencontre",
                    "2",
                    f"Premier rendez-vous avec le service des relations internationales {DEMO}",
                )
            ],
        ),
        (
            _commune("Sancerre", "18"),
            "town-twinning",
            {
                "appel": "Town-Twinning 2026",
                "pays": "Allemagne",
                "partenaire": f"Ville jumelle fictive {DEMO}",
                "echeance": today - datetime.timedelta(days=3),
            },
            [(Etat.EN_MONTAGE, f"Le comité de jumelage relance les échanges {DEMO}", 30)],
            [(32, "appel", "0.5", f"Point téléphonique avec l'élue chargée du jumelage {DEMO}")],
        ),
        (
            blet,
            "cles-en-main",
            {
                "appel": "Clés en main 2025",
                "organisation": association,
                "membres": [blet, charly],
                "pays": "Burkina Faso",
                "partenaire": f"Communes rurales partenaires fictives {DEMO}",
                "montant_demande": Decimal("30000"),
            },
            [
                (Etat.EN_MONTAGE, f"Deux communes rejoignent le programme de l'association {DEMO}", 120),
                (Etat.DEPOSE, f"Programme déposé par l'association {DEMO}", 60),
            ],
            [
                (130, "atelier", "3", f"Séance de travail avec l'association et les deux maires {DEMO}"),
                (65, "courriel", "1", f"Relecture du budget avant dépôt {DEMO}"),
            ],
        ),
        (
            _commune("Vendôme", "41"),
            "aap-dctciv",
            {
                "appel": "Appel à projets DCTCIV 2025",
                "pays": "Madagascar",
                "partenaire": f"Région partenaire fictive {DEMO}",
                "montant_demande": Decimal("50000"),
                "part_collectivite": Decimal("30000"),
            },
            [
                (Etat.EN_MONTAGE, f"Projet de coopération sur l'eau {DEMO}", 300),
                (Etat.DEPOSE, f"Dossier déposé {DEMO}", 240),
                (
                    Etat.REFUSE,
                    f"Refusé : partenaire local insuffisamment associé à la conception {DEMO}",
                    150,
                ),
            ],
            [(250, "rencontre", "2.5", f"Aide à la rédaction du cadre logique {DEMO}")],
        ),
    ]
    made = []
    for collectivite, code, fields, moves, log in plans:
        dossier = dossier_create(
            reseau=reseau,
            collectivite=collectivite,
            instrument=Instrument.objects.get(code=code),
            auteur=user,
            **fields,
        )
        for etat, motif, days in moves:
            change = dossier_move(dossier=dossier, etat=etat, motif=motif, auteur=user)
            when = timezone.now() - datetime.timedelta(days=days)
            ChangementDossier.objects.filter(pk=change.pk).update(quand=when)
        for days, kind, hours, note in log:
            log_add(
                dossier=dossier,
                auteur=user,
                date=today - datetime.timedelta(days=days),
                type=kind,
                heures=Decimal(hours),
                note=note,
            )
        made.append(dossier)
    return made
