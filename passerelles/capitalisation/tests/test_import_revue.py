"""The review screen of an imported fiche: compact, correctable, repairs undoable; and the
fiche page that shows paragraphs, lists and tags."""

import re

import pytest

from passerelles.capitalisation.models import Fiche
from passerelles.capitalisation.services import fiche_save

from .test_import_fiche import seed_text

pytestmark = pytest.mark.django_db
URL = "/capitalisation/importer/"


def test_the_seed_is_reviewed_section_by_section_folded_and_without_inline_code(client_membre):
    page = client_membre.post(URL, {"texte": seed_text()}).content.decode()
    sections = re.findall(r"<details class=\"carte revue-import__section\">", page)
    assert 10 <= len(sections) <= 18  # one folded card per section, not one per block
    assert "<details open" not in page
    assert page.count("<textarea") == page.count('name="bloc_texte"') + page.count('name="verbatim_texte"')
    assert "Principaux enseignements" in page
    assert not re.search(r"<script(?![^>]*src=)|style=|<style|\son\w+=", page)


def test_the_reviewed_fiche_keeps_corrections_moves_and_refused_repairs(client_membre, reseau):
    text = (
        "Atelier mobilité a l'AECT\n\nLimites\nUn intérét déja faible pour\nle sujet.\n\n"
        "Principaux enseignements\n« Il faut partir du local et des habitants » (une élue)\n"
    )
    page = client_membre.post(URL, {"texte": text}).content.decode()
    assert "« intérét » → « <strong>intérêt</strong> »" in page
    avant = re.findall(r'name="reparation_avant" value="([^"]*)"', page)
    apres = re.findall(r'name="reparation_apres" value="([^"]*)"', page)
    refused = apres.index("déjà")
    kept = [str(index) for index in range(len(apres)) if index != refused]
    client_membre.post(
        URL,
        {
            "enregistrer": "1",
            "reparation_avant": avant,
            "reparation_apres": apres,
            "reparation_gardee": kept,
            "bloc_section": ["titre", "enseignements"],
            "bloc_texte": ["Atelier mobilité à l’AECT", "Un intérêt déjà faible pour le sujet, corrigé."],
            "verbatim_texte": ["Il faut partir du local et des habitants"],
            "verbatim_auteur": ["une élue de Nérondes"],
        },
    )
    fiche = Fiche.objects.get(reseau=reseau)
    assert fiche.titre == "Atelier mobilité à l’AECT"
    assert fiche.limites == ""
    assert fiche.enseignements == "Un intérêt déja faible pour le sujet, corrigé."
    assert fiche.verbatims == [
        {"texte": "Il faut partir du local et des habitants", "auteur": "une élue de Nérondes"}
    ]


def test_the_fiche_page_shows_paragraphs_lists_and_tags_in_french(client_membre, reseau):
    fiche = fiche_save(
        reseau=reseau,
        auteur=None,
        titre="Atelier jumelage",
        limites="Peu de monde est venu.\n\nLes élus :\n- une maire\n- un adjoint",
        types_collectivites=["commune", "epci"],
        tailles=["petite"],
        annee=2024,
    )
    page = client_membre.get(fiche.get_absolute_url()).content.decode()
    assert (
        "<p>Peu de monde est venu.</p><p>Les élus :</p><ul><li>une maire</li><li>un adjoint</li></ul>" in page
    )
    assert "Étiquettes" in page
    assert '<span class="etiquette">Communes</span><span class="etiquette">EPCI</span>' in page
    assert "Petites (moins de 2 000 hab.)" in page
    assert "- une maire" not in page
