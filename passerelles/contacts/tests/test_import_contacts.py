import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from passerelles.contacts.importation.colonnes import guess_mapping
from passerelles.contacts.importation.execution import plan_execute
from passerelles.contacts.importation.lecture import read_table
from passerelles.contacts.importation.plan import CREER, IGNORER, METTRE_A_JOUR, build_plan, plan_counts
from passerelles.contacts.importation.rapport import detail_lines
from passerelles.contacts.models import Contact, ImportContacts, Organisation, Role
from passerelles.core.models import Journal
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db

SPREADSHEET = """Civilité;Prénom;Nom;Fonction;Courriel;Téléphone;Collectivité;CP;Rôle
Mme;Jeanne;Dupont;Adjointe aux relations internationales;jeanne@example.org;02 48 00 00 00;Ville de Bourges;;Adjoint·e au maire
M.;Paul;Martin;Maire;paul@example.org;;Mairie de Nérondes;;Maire
Mme;Léa;Durand;;lea@example.org;;Saint-Martin;;
;Marc;Petit;DGS;marc@example.org;;Cté de Cnes du Pays de Nérondes;;DGS
;Anne;Roux;;anne@example.org;;Brécy;18220;
;Jeanne;Dupont;;JEANNE@example.org;+33 6 00 00 00 00;Bourges (18);;
;;;;sans-nom@example.org;;Blet;;
;Eve;Malice;=HYPERLINK("http://evil");eve@example.org;;St-Amand-Montrond;;
"""


def plan_of(reseau, text=SPREADSHEET, **kwargs):
    table = read_table(text.encode("utf-8"), taille_max=10**7)
    return build_plan(reseau=reseau, lignes=table.lignes, mapping=guess_mapping(table.en_tetes), **kwargs)


def by_line(plan):
    return {entry.ligne: entry for entry in plan}


def test_french_headers_are_recognised():
    mapping = guess_mapping(["Prénom", "NOM", "E-mail", "Commune", "Code postal", "Observations", "Autre"])
    assert mapping == {0: "prenom", 1: "nom", 2: "email", 3: "collectivite", 4: "code_postal", 5: "notes"}


def test_loosely_written_collectivites_are_matched(reseau):
    plan = by_line(plan_of(reseau))
    expected = {2: "18033", 3: "18160", 5: "200007177", 6: "18035", 9: "18197"}
    for line, code in expected.items():
        assert Collectivite.objects.get(pk=plan[line].collectivite_id).code == code, line


def test_an_ambiguous_name_is_flagged_never_guessed(reseau):
    durand = by_line(plan_of(reseau))[4]
    assert durand.collectivite_id is None
    assert durand.correspondance["statut"] == "ambigue"
    assert "collectivité à préciser" in durand.avertissements[0]


def test_the_users_choice_settles_an_ambiguous_row(reseau):
    durand = by_line(plan_of(reseau))[4]
    chosen = durand.correspondance["candidats"][1]["id"]
    settled = by_line(plan_of(reseau, choix={"4": chosen}))[4]
    assert settled.collectivite_id == chosen


def test_a_duplicate_row_in_the_file_is_folded_into_the_first(reseau):
    plan = by_line(plan_of(reseau))
    assert plan[7].action == IGNORER
    assert "doublon de la ligne 2" in plan[7].motif
    assert plan[2].valeurs["telephone"] == "02 48 00 00 00"


def test_a_row_without_name_is_skipped_with_its_reason(reseau):
    assert by_line(plan_of(reseau))[8].motif == "nom manquant"


def test_a_formula_in_a_cell_is_neutralised_and_reported(reseau):
    eve = by_line(plan_of(reseau))[9]
    assert eve.valeurs["fonction"] == '\'=HYPERLINK("http://evil")'
    assert "formule neutralisée" in eve.avertissements[0]


def test_an_existing_contact_with_the_same_email_is_proposed_for_merge(reseau):
    existing = Contact.objects.create(reseau=reseau, nom="Martin", email="paul@example.org")
    paul = by_line(plan_of(reseau))[3]
    assert paul.action == METTRE_A_JOUR
    assert paul.contact_existant == existing.pk


def test_same_name_in_the_same_collectivite_is_a_duplicate(reseau):
    nerondes = Collectivite.objects.get(type="commune", code="18160")
    existing = Contact.objects.create(reseau=reseau, prenom="Paul", nom="MARTIN", collectivite=nerondes)
    assert (
        by_line(plan_of(reseau, text=SPREADSHEET.replace("paul@example.org", "")))[3].contact_existant
        == existing.pk
    )


def test_a_refused_merge_creates_a_new_contact(reseau):
    Contact.objects.create(reseau=reseau, nom="Martin", email="paul@example.org")
    assert by_line(plan_of(reseau, fusions_refusees={3}))[3].action == CREER


def test_executing_the_plan_creates_merges_and_journals(reseau, membre):
    existing = Contact.objects.create(reseau=reseau, nom="Martin", email="paul@example.org")
    plan = plan_of(reseau)
    counts = plan_execute(reseau=reseau, auteur=membre, plan=plan, nom_fichier="contacts.csv")
    assert counts == plan_counts(plan)
    assert Contact.objects.filter(reseau=reseau).count() == 1 + counts[CREER]
    existing.refresh_from_db()
    assert existing.prenom == "Paul"
    assert existing.collectivite.code == "18160"
    jeanne = Contact.objects.get(email="jeanne@example.org")
    assert jeanne.role.code == "adjoint-maire"
    assert jeanne.civilite == "Mme"
    assert Journal.objects.filter(reseau=reseau, action="import").count() == 1


def test_a_merge_fills_empty_fields_keeps_known_values_and_reports_the_differences(reseau, membre):
    existing = Contact.objects.create(
        reseau=reseau, nom="Martin", email="paul@example.org", fonction="Adjoint"
    )
    plan = plan_of(reseau)
    plan_execute(reseau=reseau, auteur=membre, plan=plan, nom_fichier="contacts.csv")
    existing.refresh_from_db()
    assert (existing.prenom, existing.fonction) == ("Paul", "Adjoint")
    paul = next(line for line in detail_lines(plan) if line.startswith("ligne 3 "))
    assert (
        paul.startswith("ligne 3 : mise à jour") and "« fonction » différent, valeur existante gardée" in paul
    )


def test_a_failure_while_importing_saves_nothing(reseau, monkeypatch):
    plan = plan_of(reseau)

    def broken(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr("passerelles.contacts.importation.execution.journal_record", broken)
    with pytest.raises(RuntimeError):
        plan_execute(reseau=reseau, auteur=None, plan=plan, nom_fichier="x.csv")
    assert not Contact.objects.filter(reseau=reseau).exists()
    assert not Organisation.objects.filter(reseau=reseau).exists()


def test_the_command_dry_run_reports_and_saves_nothing(reseau, tmp_path, capsys):
    path = tmp_path / "contacts.csv"
    path.write_text(SPREADSHEET, encoding="cp1252", errors="replace")
    call_command("import_contacts", str(path), "--reseau", "centraider", "--dry-run")
    out = capsys.readouterr().out
    assert "Simulation : 6\u00a0contacts à créer" in out
    assert "2\u00a0lignes ignorées, 1\u00a0collectivité à vérifier" in out
    assert "Civilité → Civilité" in out and "→ civilite" not in out
    assert "ligne 4 : collectivité à préciser : « Saint-Martin »" in out
    assert not Contact.objects.exists()


def test_the_command_imports_then_exports_with_official_codes(reseau, tmp_path, capsys):
    path = tmp_path / "contacts.csv"
    path.write_text(SPREADSHEET, encoding="utf-8")
    call_command("import_contacts", str(path), "--reseau", "centraider")
    capsys.readouterr()
    call_command("export_contacts", "--reseau", "centraider")
    rows = {row["Nom"]: row for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["Dupont"]["Code officiel"] == "18033"
    assert rows["Dupont"]["Collectivité"] == "Bourges"
    assert rows["Petit"]["Code officiel"] == "200007177"
    assert rows["Malice"]["Fonction"].startswith("'=")


def test_the_command_refuses_a_bad_file_in_french(reseau, tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(CommandError, match="Import refusé, rien n'a été enregistré. Ce fichier est binaire"):
        call_command("import_contacts", str(path), "--reseau", "centraider")
    with pytest.raises(CommandError, match="Réseau « inconnu » introuvable"):
        call_command("import_contacts", str(path), "--reseau", "inconnu")


def test_a_merge_refused_on_the_screen_is_respected_by_the_next_import(client_membre, reseau):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from passerelles.contacts.models import ImportContacts

    existing = Contact.objects.create(
        reseau=reseau,
        prenom="Jean",
        nom="Martin",
        collectivite=Collectivite.objects.get(type="commune", code="18033"),
    )
    content = b"Prenom;Nom;Commune;Code INSEE\nJean;Martin;Bourges;18033\n"

    def import_file():
        client_membre.post(reverse("contacts:import"), {"fichier": SimpleUploadedFile("c.csv", content)})
        return ImportContacts.objects.latest("pk")

    first = import_file()
    url = reverse("contacts:import_verification", args=[first.pk])
    assert 'name="fusion" value="2" checked' in client_membre.get(url).content.decode()
    client_membre.post(url, {"fusion_proposee": "2", "importer": "1"})  # box unchecked: a homonym
    assert Contact.objects.filter(reseau=reseau, nom="Martin").count() == 2

    created = Contact.objects.exclude(pk=existing.pk).get(reseau=reseau, nom="Martin")

    # The same file again: the row is the contact created last time, never the homonym.
    second = import_file()
    page = client_membre.get(reverse("contacts:import_verification", args=[second.pk])).content.decode()
    assert f'href="/contacts/{created.pk}/">le contact existant' in page
    client_membre.post(reverse("contacts:import_verification", args=[second.pk]), {"importer": "1"})
    assert Contact.objects.filter(reseau=reseau, nom="Martin").count() == 2

    # Once that contact is gone, the row is still not merged into the homonym.
    created.delete()
    third = import_file()
    page = client_membre.get(reverse("contacts:import_verification", args=[third.pk])).content.decode()
    assert "homonyme déclaré lors d'un import précédent" in page
    client_membre.post(reverse("contacts:import_verification", args=[third.pk]), {"importer": "1"})
    assert Contact.objects.filter(reseau=reseau, nom="Martin").count() == 2


@pytest.mark.parametrize(
    ("fonction", "role"),
    [
        ("Maire", "Maire"),
        ("Adjointe aux relations internationales", "Adjoint·e au maire"),
        ("1er adjoint au maire", "Adjoint·e au maire"),
        ("DGS", "Directeur·rice général·e des services (DGS)"),
        ("Directrice générale des services", "Directeur·rice général·e des services (DGS)"),
        ("Président du comité de jumelage", "Président·e d'association de jumelage"),
        ("Vice-présidente de la communauté de communes", "Vice-président·e d'EPCI"),
        ("Conseillère départementale", "Élu·e départemental·e"),
        ("Chargée de mission relations internationales", "Chargé·e des relations internationales"),
        ("Secrétaire de mairie", None),
    ],
)
def test_the_function_column_sets_the_role_and_keeps_its_text(reseau, fonction, role):
    [entry] = plan_of(reseau, f"Nom;Fonction\nDupont;{fonction}\n")
    assert entry.valeurs["fonction"] == fonction
    found = Role.objects.filter(pk=entry.valeurs["role"]).first()
    assert (found.libelle if found else None) == role


def test_imported_mayors_are_found_by_the_role_filter(client_membre, reseau, membre):
    text = "Nom;Fonction\nDupont;Maire\nMartin;Adjointe aux relations internationales\nDurand;DGS\n"
    plan_execute(reseau=reseau, auteur=membre, plan=plan_of(reseau, text), nom_fichier="elus.csv")
    maire = Role.objects.get(code="maire")
    page = client_membre.get(f"/contacts/?role={maire.pk}").content.decode()
    assert "Dupont" in page and "Martin" not in page and "Durand" not in page


def test_a_name_typed_on_two_lines_in_a_cell_is_imported_on_one(reseau):
    from passerelles.contacts.importation.plan import build_plan

    plan = build_plan(
        reseau=reseau,
        lignes=[["Dupont\nde la Roche", "Anne-\r\nMarie", "ligne 1\nligne 2"]],
        mapping={0: "nom", 1: "prenom", 2: "notes"},
    )
    assert (plan[0].valeurs["nom"], plan[0].valeurs["prenom"]) == ("Dupont de la Roche", "Anne- Marie")
    assert plan[0].valeurs["notes"] == "ligne 1\nligne 2"


def test_an_out_of_region_homonym_of_a_name_of_the_region_is_to_check_never_sure(reseau):
    """« Saint-Florent » is a commune of Haute-Corse only, but in the Cher it is how people
    call Saint-Florent-sur-Cher: for a réseau of Centre-Val de Loire, it is asked, not taken."""
    plan = plan_of(reseau, "Prénom;Nom;Collectivité\nLéa;Durand;Saint-Florent\n")
    entry = plan[0]
    assert entry.collectivite_id is None and entry.correspondance["statut"] == "incertaine"
    offered = [(c["nom"], c["departement"]) for c in entry.correspondance["candidats"]]
    assert offered[0] == ("Saint-Florent-sur-Cher", "18") and ("Saint-Florent", "2B") in offered
    assert plan_counts(plan)["a_verifier"] == 1
    assert "collectivité à préciser : « Saint-Florent »" in entry.avertissements


def test_an_out_of_region_name_without_homonym_in_the_region_stays_sure(reseau):
    plan = plan_of(reseau, "Prénom;Nom;Collectivité\nLéa;Durand;Marseille\nLou;Roy;Saint-Florent-sur-Cher\n")
    assert [entry.correspondance["statut"] for entry in plan] == ["sure", "sure"]
    assert plan_counts(plan)["a_verifier"] == 0


def test_the_import_preview_shows_the_departement_of_each_collectivite(client_membre):
    content = "Prénom;Nom;Commune\nLéa;Durand;Saint-Amand-Montrond\n".encode()
    client_membre.post(reverse("contacts:import"), {"fichier": SimpleUploadedFile("c.csv", content)})
    session = ImportContacts.objects.latest("pk")
    page = client_membre.get(reverse("contacts:import_verification", args=[session.pk])).content.decode()
    preview = page.split("<h2>Aperçu</h2>", 1)[1]
    assert "<td>Saint-Amand-Montrond (18)</td>" in preview
