"""The contact list reads as a dictionary: accents and capitals do not move a name."""

import pytest

from passerelles.contacts.importation.execution import plan_execute
from passerelles.contacts.importation.plan import build_plan
from passerelles.contacts.models import Contact
from passerelles.contacts.selectors import contact_list

pytestmark = pytest.mark.django_db


def test_surnames_with_accents_or_small_letters_sort_as_in_a_dictionary(reseau):
    for nom, prenom in [
        ("Zola", "Émile"),
        ("Émery", "Léa"),
        ("dupont", "Jean"),
        ("Eymard", "Paul"),
        ("Dupont", "Agnès"),
    ]:
        Contact.objects.create(reseau=reseau, nom=nom, prenom=prenom)
    listed = [(c.nom, c.prenom) for c in contact_list(reseau=reseau)]
    assert listed == [
        ("Dupont", "Agnès"),
        ("dupont", "Jean"),
        ("Émery", "Léa"),
        ("Eymard", "Paul"),
        ("Zola", "Émile"),
    ]


def test_imported_and_renamed_contacts_take_their_place_in_the_list(reseau, membre):
    rows = [["Élie", "Émond"], ["Paul", "Eberlé"]]
    plan = build_plan(reseau=reseau, lignes=rows, mapping={0: "prenom", 1: "nom"})
    plan_execute(reseau=reseau, auteur=membre, plan=plan, nom_fichier="contacts.csv")
    renamed = Contact.objects.create(reseau=reseau, nom="Zorro")
    renamed.nom = "Ébène"
    renamed.save()
    assert [c.nom for c in contact_list(reseau=reseau)] == ["Ébène", "Eberlé", "Émond"]
