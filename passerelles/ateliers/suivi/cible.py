"""Which cell of « nouvelle pour le réseau × éloignée de l'action internationale » an atelier
meant to reach, read from its segments' filters and the words of its aims."""

import re

from passerelles.mobilisation.models import Etape
from passerelles.mobilisation.selectors import NON_ENGAGEES
from passerelles.mobilisation.services import FAITS_ENGAGEMENT
from passerelles.territoires.normalisation import normalise

_NOUVELLES = re.compile(r"\bnouvel|\bpas encore (contact|connu)|\bjamais (venu|contact)")
_ELOIGNEES = re.compile(r"\beloign|\bpas (encore )?engag|\bnon engag|\bjamais engag|\bpremiere action")


def cible_visee(segments: list[tuple[str, dict]], objectifs: list[str]) -> dict:
    """What the atelier aimed at on each axis (True, or None when nothing says so) and why."""
    nouvelles, eloignees = [], []
    for nom, filtres in segments:
        if filtres.get("etape") == Etape.INCONNUE:
            nouvelles.append(f"segment « {nom} » (étape inconnue)")
        if filtres.get("etape") == NON_ENGAGEES or filtres.get("sans") in FAITS_ENGAGEMENT:
            eloignees.append(f"segment « {nom} » (pas engagées)")
    for texte in objectifs:
        words = normalise(texte)
        if _NOUVELLES.search(words):
            nouvelles.append(f"objectif « {texte} »")
        if _ELOIGNEES.search(words):
            eloignees.append(f"objectif « {texte} »")
    return {
        "nouvelle": True if nouvelles else None,
        "eloignee": True if eloignees else None,
        "raisons": nouvelles + [reason for reason in eloignees if reason not in nouvelles],
    }


def libelle_cible(cible: dict) -> str:
    if cible["nouvelle"] and cible["eloignee"]:
        return "des collectivités nouvelles pour le réseau et éloignées de l'action internationale"
    if cible["eloignee"]:
        return "des collectivités éloignées de l'action internationale"
    if cible["nouvelle"]:
        return "des collectivités nouvelles pour le réseau"
    return "non précisé (ni les segments ni les objectifs ne le disent)"
