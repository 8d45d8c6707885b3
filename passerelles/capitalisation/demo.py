"""The demo fiche: the Bourges workshop of May 2024, told in the project's own words from
the facts of the seed (the seed's text itself is not copied)."""

from .models import Fiche
from .services import fiche_save

DEMO_TITLE = "Atelier de sensibilisation à l'action extérieure des collectivités (Bourges, 2024)"

DEMO_FICHE = {
    "titre": DEMO_TITLE,
    "porteur": "CENTRAIDER, réseau régional multi-acteurs de Centre-Val de Loire",
    "resume": (
        "Une demi-journée d'information organisée par le réseau pour faire connaître l'action extérieure "
        "des collectivités (AECT) : des collectivités engagées ont raconté leur expérience, puis des "
        "intervenants institutionnels ont présenté le cadre et les financements."
    ),
    "interet": "Toucher un large éventail de collectivités, rendre le réseau plus visible et valoriser son expertise.",
    "collectivites_ciblees": (
        "Toutes les collectivités de la région, en priorité celles qui ne pratiquent pas encore la "
        "coopération décentralisée. La Ville de Bourges accueillait la rencontre."
    ),
    "besoin_initial": (
        "Aucune demande explicite des collectivités : l'initiative venait du réseau, qui constatait que "
        "l'AECT et ses mécanismes restaient mal connus."
    ),
    "objectifs": (
        "- Montrer, par des témoignages, que des collectivités de toutes tailles peuvent s'engager, y "
        "compris une communauté de communes rurale de douze communes.\n"
        "- Attirer des collectivités éloignées de l'international."
    ),
    "approche": (
        "Trois temps : inspirer (témoignages de la Région, de la Ville de Bourges et de la communauté de "
        "communes du Pays de Nérondes), informer (cadre juridique, par le ministère et Cités Unies France), "
        "faire découvrir les financements (Clés en main, FICOL, 1 % solidaires).\n"
        "Publics invités : élus, agents des directions métiers et des relations internationales, "
        "directions techniques, associations de jumelage."
    ),
    "resultats": (
        "- Quatre collectivités nouvelles pour le réseau seulement.\n"
        "- Des témoignages appréciés, notamment celui de la communauté de communes rurale.\n"
        "- Des interventions du ministère et de Cités Unies France très institutionnelles, pas "
        "nécessairement adaptées au public visé."
    ),
    "calendrier": "Mai 2024, une demi-journée.",
    "ressources": "Accueil et logistique assurés par la Ville de Bourges.",
    "acteurs": "- Le réseau : sa directrice et les chargé·es de mission.\n- La Ville de Bourges, la Région Centre-Val de Loire.",
    "outils": "- Une note de cadrage.\n- Un programme.",
    "verbatims": [],
    "leviers": (
        "- Faire de la Région un relais actif auprès des collectivités peu engagées.\n"
        "- Donner la parole à des collectivités pairs qui racontent leur propre expérience.\n"
        "- Parler simplement, sans jargon, surtout aux élus des communes rurales.\n"
        "- Montrer ce que le réseau apporte concrètement."
    ),
    "limites": (
        "- Participation faible, surtout de collectivités déjà convaincues.\n"
        "- Aucune suite donnée à l'atelier.\n"
        "- La Région, relais tardif, n'a pas aidé à anticiper le manque d'inscrits."
    ),
    "enseignements": (
        "- L'angle d'entrée décide de qui vient : présentée comme AECT, la rencontre a été trop technique "
        "pour les nouveaux venus et sans nouveauté pour les convaincus.\n"
        "- Partir de l'intérêt local de chaque territoire : alimentation et PAT avec le festival Alimenterre, "
        "groupes d'action locale LEADER, travail sur les mobilités (éventuellement lié aux jumelages), "
        "coopération de territoire à territoire."
    ),
    "points_entree": ["cooperation-decentralisee"],
    # The seed names « Clés en main », FICOL and the « 1 % solidaires » (all four of them).
    "instruments": [
        "cles-en-main",
        "ficol",
        "un-pour-cent-eau",
        "un-pour-cent-energie",
        "un-pour-cent-dechets",
        "un-pour-cent-mobilite",
    ],
    # Each tag rests on the seed's words: the AECT felt far from "petites collectivités", the
    # advice is for "élu.es notamment des communes rurales", the speakers were communes and a CC.
    "types_collectivites": ["commune", "epci"],
    "tailles": ["petite"],
    "ruralite": ["rural"],
    "publics": ["elu", "agent", "direction", "jumelage"],
    "territoire": "Centre-Val de Loire",
    "annee": 2024,
}


def demo_fiche(reseau) -> Fiche:
    existing = Fiche.objects.filter(reseau=reseau, titre=DEMO_TITLE).first()
    return existing or fiche_save(reseau=reseau, auteur=None, **DEMO_FICHE)
