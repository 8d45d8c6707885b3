"""The journal's « Détail » column reads as French sentences, whatever shape the details have."""

from passerelles.core.journal import detail_lines, journal_record
from passerelles.core.models import Journal


def test_a_text_detail_is_shown_whole_not_letter_by_letter():
    assert detail_lines({"motif": "Appel du maire"}) == ["Motif : Appel du maire"]
    assert detail_lines({"source": "lien de désinscription"}) == ["Source : lien de désinscription"]


def test_a_change_shows_old_and_new_values_under_a_french_label():
    assert detail_lines({"civilite": ["", "Mme"], "fonction": ["Maire", "Adjointe"]}) == [
        "Civilité : ∅ → Mme",
        "Fonction : Maire → Adjointe",
    ]


def test_import_counts_have_french_words_and_plurals():
    details = {"fichier": "elus.xlsx", "creer": 1, "mettre_a_jour": 9, "ignorer": 2, "a_verifier": 0}
    assert detail_lines(details) == [
        "Fichier : elus.xlsx",
        "Créés : 1",
        "Mis à jour : 9",
        "Lignes ignorées : 2",
        "À vérifier : 0",
    ]


def test_a_merge_lists_the_fields_it_completed():
    details = {"doublon": 12, "champs_completes": {"email": "a@b.fr", "telephone": "02 48 00 00 00"}}
    assert detail_lines(details) == [
        "Doublon fusionné : n° 12",
        "Champs complétés : Courriel (a@b.fr), Téléphone (02 48 00 00 00)",
    ]


def test_an_unknown_key_never_shows_as_a_raw_code():
    [line] = detail_lines({"nouvelle_cle_interne": "x"})
    assert "_" not in line


def test_the_journal_page_shows_the_french_details(client_membre, reseau, membre):
    journal_record(
        reseau=reseau,
        auteur=membre,
        action="etape",
        objet=None,
        libelle="Blet : étape",
        details={"motif": "Appel"},
    )
    journal_record(
        reseau=reseau,
        auteur=membre,
        action="import",
        objet=None,
        libelle="Import",
        details={"fichier": "f.csv", "creer": 2, "mettre_a_jour": 0, "ignorer": 1, "a_verifier": 1},
    )
    assert Journal.objects.count() == 2
    page = client_membre.get("/journal/").content.decode()
    assert "Motif : Appel" in page
    assert "A → p" not in page
    assert "mettre_a_jour" not in page and "a_verifier" not in page
    assert "Mis à jour : 0" in page
