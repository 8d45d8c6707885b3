"""Planning an atelier: its form with every field, the framing pre-filled with the seed's aims,
the programme and its order, bad input answered in French."""

import datetime

import pytest

from passerelles.ateliers.preparation.models import Atelier, Sequence
from passerelles.contacts.models import Contact, Role
from passerelles.core.models import Journal
from passerelles.leviers.models import PointEntree, Segment
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db

BOURGES = ("commune", "18033")


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def atelier_post(segment: Segment, **overrides) -> dict:
    data = {
        "titre": "L'international, pourquoi pas nous ?",
        "statut": "brouillon",
        "point_entree": str(PointEntree.objects.get(code="cooperation-decentralisee").pk),
        "segments": [str(segment.pk)],
        "roles": [str(Role.objects.get(code="maire").pk), str(Role.objects.get(code="dst").pk)],
        "date": "2027-03-16",
        "heure_debut": "09:30",
        "heure_fin": "12:30",
        "lieu_collectivite": "Bourges (18)",
        "lieu_nom": "Salle du conseil",
        "lieu_adresse": "11 rue Jacques-Rimbault, 18000 Bourges",
        "capacite": "40",
        "date_limite_inscription": "2027-03-09",
        "ressources": "Deux chargées de mission, vidéoprojecteur",
        "notes": "",
        **management("objectifs", 4),
        "objectifs-0-intitule": "Inspirer",
        "objectifs-0-description": "Des témoignages",
        "objectifs-1-intitule": "Informer",
        "objectifs-1-description": "Le cadre de l'AECT",
        "objectifs-2-intitule": "Faire découvrir",
        "objectifs-2-description": "Les financements",
        "objectifs-3-intitule": "Donner envie aux élus ruraux",
        "objectifs-3-description": "",
        **management("partenaires", 2),
        "partenaires-0-role": "hote",
        "partenaires-0-nom": "Ville de Bourges",
        "partenaires-0-collectivite": "Bourges (18)",
        "partenaires-0-contribution": "Accueille et assure la logistique",
        "partenaires-1-role": "partenaire",
        "partenaires-1-nom": "Région Centre-Val de Loire",
        "partenaires-1-collectivite": "",
        "partenaires-1-contribution": "Relaie la communication",
        **management("budget", 2),
        "budget-0-nature": "depense",
        "budget-0-libelle": "Café d'accueil",
        "budget-0-montant": "180",
        "budget-0-financeur": "",
        "budget-1-nature": "valorisation",
        "budget-1-libelle": "Mise à disposition de la salle",
        "budget-1-montant": "1500",
        "budget-1-financeur": "Ville de Bourges",
    }
    data.update(overrides)
    return data


@pytest.fixture
def segment(reseau):
    return Segment.objects.create(
        reseau=reseau,
        nom="Petites communes rurales du Cher",
        filtres={"departement": "18", "type": "commune", "population": "moins-500", "ruralite": "rural"},
    )


def test_a_new_atelier_offers_the_seeds_three_aims_and_a_half_day(client_membre):
    page = client_membre.get("/ateliers/nouveau/").content.decode()
    for aim in ("Inspirer", "Informer", "Faire découvrir"):
        assert f'value="{aim}"' in page
    assert 'value="09:30"' in page and 'value="12:30"' in page


def test_an_atelier_is_created_with_every_field_and_journaled(client_membre, reseau, segment):
    response = client_membre.post("/ateliers/nouveau/", atelier_post(segment))
    atelier = Atelier.objects.get(reseau=reseau)
    assert response.status_code == 302 and response.url == f"/ateliers/{atelier.pk}/"
    assert atelier.lieu_collectivite == Collectivite.objects.get(type="commune", code="18033")
    assert (atelier.capacite, atelier.date_limite_inscription) == (40, datetime.date(2027, 3, 9))
    assert list(atelier.segments.all()) == [segment]
    assert sorted(atelier.roles.values_list("code", flat=True)) == ["dst", "maire"]
    assert [o.intitule for o in atelier.objectifs.all()] == [
        "Inspirer",
        "Informer",
        "Faire découvrir",
        "Donner envie aux élus ruraux",
    ]
    host, region = atelier.partenaires.all()
    assert (host.role, host.collectivite.code, host.contribution) == (
        "hote",
        "18033",
        "Accueille et assure la logistique",
    )
    assert region.collectivite is None and region.contribution == "Relaie la communication"
    assert [(line.libelle, line.montant) for line in atelier.budget.order_by("ordre")] == [
        ("Café d'accueil", 180),
        ("Mise à disposition de la salle", 1500),
    ]
    assert Journal.objects.get(reseau=reseau, action="atelier").libelle.startswith("Atelier créé")


def test_the_seeds_aims_are_kept_when_left_as_offered(client_membre, reseau, segment):
    page = client_membre.get("/ateliers/nouveau/").content.decode()
    assert 'name="objectifs-TOTAL_FORMS" value="4"' in page
    data = atelier_post(segment, **{"objectifs-3-intitule": ""})
    data["objectifs-0-description"] = ""  # a pre-filled aim without its description is still wanted
    client_membre.post("/ateliers/nouveau/", data)
    assert list(Atelier.objects.get().objectifs.values_list("intitule", flat=True)) == [
        "Inspirer",
        "Informer",
        "Faire découvrir",
    ]


def test_the_detail_page_shows_all_of_it(client_membre, segment):
    client_membre.post("/ateliers/nouveau/", atelier_post(segment))
    atelier = Atelier.objects.get()
    page = client_membre.get(f"/ateliers/{atelier.pk}/").content.decode()
    for text in (
        "Mardi 16\u00a0mars 2027, de 9\u00a0h\u00a030 à 12\u00a0h\u00a030",
        "Salle du conseil, 11 rue Jacques-Rimbault, 18000 Bourges",
        "Coopération décentralisée",
        "Petites communes rurales du Cher",
        "Maire",
        "40 places",
        "jusqu'au mardi 9\u00a0mars 2027",
        "Donner envie aux élus ruraux",
        "Relaie la communication",
        "Mise à disposition de la salle",
        "Deux chargées de mission",
        f"/ateliers/{atelier.pk}/documents/emargement.pdf",
        "/ateliers/aide/?segments=",
    ):
        assert text in page, text


def test_editing_records_what_changed(client_membre, reseau, segment):
    client_membre.post("/ateliers/nouveau/", atelier_post(segment))
    atelier = Atelier.objects.get()
    data = atelier_post(segment, titre="Agir à l'international depuis sa commune", capacite="30")
    objectifs = list(atelier.objectifs.all())
    data.update(management("objectifs", 4, initial=4))
    for index, objectif in enumerate(objectifs):
        data[f"objectifs-{index}-id"] = str(objectif.pk)
    data["objectifs-3-DELETE"] = "on"
    for prefix, rows in (("partenaires", atelier.partenaires.all()), ("budget", atelier.budget.all())):
        data.update(management(prefix, 2, initial=2))
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = str(row.pk)
    response = client_membre.post(f"/ateliers/{atelier.pk}/modifier/", data)
    assert response.status_code == 302
    atelier.refresh_from_db()
    assert (atelier.titre, atelier.capacite, atelier.objectifs.count()) == (
        "Agir à l'international depuis sa commune",
        30,
        3,
    )
    assert atelier.partenaires.count() == 2 and atelier.budget.count() == 2
    entry = Journal.objects.filter(action="atelier").order_by("-id").first()
    assert entry.details["capacite"] == ["40", "30"]


def test_bad_input_is_answered_in_french_and_keeps_what_was_typed(client_membre, segment):
    data = atelier_post(segment, heure_fin="08:00", lieu_collectivite="Saint-Martin", capacite="beaucoup")
    page = client_membre.post("/ateliers/nouveau/", data)
    html = page.content.decode()
    assert page.status_code == 200 and not Atelier.objects.exists()
    assert "L&#x27;heure de fin doit suivre l&#x27;heure de début." in html
    assert "« Saint-Martin » est ambigu" in html
    assert "Donner envie aux élus ruraux" in html and "Café d&#x27;accueil" in html


def test_a_registration_deadline_after_the_day_is_refused(client_membre, segment):
    page = client_membre.post(
        "/ateliers/nouveau/", atelier_post(segment, date_limite_inscription="2027-04-01")
    )
    assert "La date limite d&#x27;inscription doit précéder l&#x27;atelier." in page.content.decode()


@pytest.fixture
def atelier(reseau):
    return Atelier.objects.create(
        reseau=reseau,
        titre="Atelier de sensibilisation",
        date=datetime.date(2027, 3, 16),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
    )


def sequence_post(titre: str, debut: str, fin: str, **extra) -> dict:
    return {
        "type": "temoignage",
        "titre": titre,
        "debut": debut,
        "fin": fin,
        "description": "",
        **management("intervenants", 2),
        **extra,
    }


def titles(atelier) -> list[str]:
    return list(atelier.sequences.values_list("titre", flat=True))


def test_sequences_get_speakers_with_where_they_come_from(client_membre, reseau, atelier):
    maire = Contact.objects.create(
        reseau=reseau,
        prenom="Camille",
        nom="Exemple",
        collectivite=Collectivite.objects.get(type="commune", code="18033"),
    )
    client_membre.post(
        f"/ateliers/{atelier.pk}/programme/",
        sequence_post(
            "Des collectivités engagées témoignent",
            "09:45",
            "10:45",
            **{
                "intervenants-0-contact": str(maire.pk),
                "intervenants-0-sujet": "Vingt ans de coopération",
                "intervenants-1-collectivite": "200007177",
            },
        ),
    )
    sequence = atelier.sequences.get()
    assert [(i.contact, i.collectivite) for i in sequence.interventions.all()] == [
        (maire, None),
        (None, Collectivite.objects.get(type="epci", code="200007177")),
    ]
    page = client_membre.get(f"/ateliers/{atelier.pk}/programme/").content.decode()
    assert "Camille Exemple</a> (Bourges)" in page
    assert "9\u00a0h\u00a045 – 10\u00a0h\u00a045" in page


def test_the_programme_is_reordered_by_moving_a_sequence(client_membre, atelier):
    for titre, debut, fin in (
        ("Accueil", "09:30", "09:45"),
        ("Témoignages", "09:45", "10:45"),
        ("Pause", "10:45", "11:00"),
    ):
        client_membre.post(f"/ateliers/{atelier.pk}/programme/", sequence_post(titre, debut, fin))
    pause = atelier.sequences.get(titre="Pause")
    client_membre.post(f"/ateliers/{atelier.pk}/programme/", {"deplacer": pause.pk, "sens": "haut"})
    assert titles(atelier) == ["Accueil", "Pause", "Témoignages"]
    accueil = atelier.sequences.get(titre="Accueil")
    response = client_membre.post(
        f"/ateliers/{atelier.pk}/programme/", {"deplacer": accueil.pk, "sens": "bas"}, HTTP_HX_REQUEST="true"
    )
    assert titles(atelier) == ["Pause", "Accueil", "Témoignages"]
    assert response.content.decode().index("Pause") < response.content.decode().index("Accueil")
    client_membre.post(f"/ateliers/{atelier.pk}/programme/", {"deplacer": pause.pk, "sens": "haut"})
    assert titles(atelier) == ["Pause", "Accueil", "Témoignages"]  # already first
    client_membre.post(f"/ateliers/{atelier.pk}/programme/", {"supprimer": accueil.pk})
    assert titles(atelier) == ["Pause", "Témoignages"]
    assert list(atelier.sequences.values_list("ordre", flat=True)) == [0, 1]


def test_a_sequence_of_another_atelier_cannot_be_touched(client_membre, reseau, atelier):
    other = Atelier.objects.create(
        reseau=reseau,
        titre="Autre",
        date=datetime.date(2027, 4, 1),
        heure_debut=datetime.time(14),
        heure_fin=datetime.time(17),
    )
    foreign = Sequence.objects.create(atelier=other, titre="Pas à vous")
    url = f"/ateliers/{atelier.pk}/programme/"
    assert client_membre.post(url, {"deplacer": foreign.pk, "sens": "haut"}).status_code == 404
    assert client_membre.post(url, {"supprimer": foreign.pk}).status_code == 404
    assert client_membre.get(f"{url}?sequence={foreign.pk}").status_code == 404
    assert client_membre.get(f"{url}?sequence=abc").status_code == 404
    assert Sequence.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize(
    "data",
    [{"deplacer": "abc", "sens": "haut"}, {"deplacer": "99999999999999", "sens": "x"}, {"supprimer": "-1"}],
)
def test_malformed_moves_are_refused_without_error(client_membre, atelier, data):
    response = client_membre.post(f"/ateliers/{atelier.pk}/programme/", data, follow=True)
    assert response.status_code == 200
    assert "impossible" in response.content.decode()


def test_a_sequence_ending_before_it_starts_is_refused(client_membre, atelier):
    page = client_membre.post(
        f"/ateliers/{atelier.pk}/programme/", sequence_post("Échanges", "11:00", "10:00")
    )
    assert "La fin de la séquence doit suivre son début." in page.content.decode()
    assert not atelier.sequences.exists()


def test_the_dashboard_counts_upcoming_ateliers(client_membre, reseau, atelier):
    Atelier.objects.create(
        reseau=reseau,
        titre="Annulé",
        statut="annule",
        date=datetime.date(2027, 5, 1),
        heure_debut=datetime.time(9),
        heure_fin=datetime.time(12),
    )
    Atelier.objects.create(
        reseau=reseau,
        titre="Passé",
        date=datetime.date(2024, 5, 14),
        heure_debut=datetime.time(9),
        heure_fin=datetime.time(12),
    )
    page = client_membre.get("/").content.decode()
    assert '<span class="chiffre">1</span>' in page.split("ateliers à venir")[0][-200:]


def test_the_list_separates_upcoming_and_past_ateliers(client_membre, reseau, atelier):
    Atelier.objects.create(
        reseau=reseau,
        titre="Bourges 2024",
        date=datetime.date(2024, 5, 14),
        heure_debut=datetime.time(9),
        heure_fin=datetime.time(12),
    )
    page = client_membre.get("/ateliers/").content.decode()
    upcoming, past = page.split("<h2>Passés</h2>")
    assert "Atelier de sensibilisation" in upcoming and "Bourges 2024" in past


def test_the_list_leads_to_the_indicators_of_all_ateliers_and_the_yearly_bilan(client_membre):
    page = client_membre.get("/ateliers/").content.decode()
    for url in ("/ateliers/tableau/", "/bilan/", "/ateliers/ce-qui-marche/"):
        assert f'href="{url}"' in page
        assert client_membre.get(url).status_code == 200


@pytest.mark.parametrize("value", ["99999999999999999999", "abc", "-3"])
def test_tampered_choices_in_the_atelier_form_are_refused_in_french(client_membre, segment, value):
    data = atelier_post(segment, point_entree=value, segments=[value], roles=[value])
    page = client_membre.post("/ateliers/nouveau/", data)
    assert page.status_code == 200 and not Atelier.objects.exists()
    assert "Sélectionnez un choix valide" in page.content.decode()


def test_a_sequence_is_edited_and_a_speaker_removed(client_membre, reseau, atelier):
    url = f"/ateliers/{atelier.pk}/programme/"
    client_membre.post(
        url,
        sequence_post(
            "Cadrage",
            "11:00",
            "11:45",
            **{"intervenants-0-libelle": "Cités Unies France", "intervenants-1-libelle": "MEAE (DAECT)"},
        ),
    )
    sequence = atelier.sequences.get()
    first, second = sequence.interventions.all()
    page = client_membre.get(f"{url}?sequence={sequence.pk}").content.decode()
    assert "Modifier « Cadrage »" in page and 'value="Cités Unies France"' in page
    data = sequence_post("Le cadre de l'AECT", "11:00", "11:50")
    data.update(management("intervenants", 4, initial=2))
    data.update(
        {
            "sequence": sequence.pk,
            "intervenants-0-id": first.pk,
            "intervenants-0-libelle": "Cités Unies France",
            "intervenants-1-id": second.pk,
            "intervenants-1-libelle": "MEAE (DAECT)",
            "intervenants-1-DELETE": "on",
        }
    )
    assert client_membre.post(url, data).status_code == 302
    sequence.refresh_from_db()
    assert (sequence.titre, sequence.fin) == ("Le cadre de l'AECT", datetime.time(11, 50))
    assert [i.libelle for i in sequence.interventions.all()] == ["Cités Unies France"]
    assert Journal.objects.filter(reseau=reseau, action="programme").count() == 2


def test_empty_or_truncated_posts_are_answered_in_french(client_membre, atelier):
    for url in (
        "/ateliers/nouveau/",
        f"/ateliers/{atelier.pk}/modifier/",
        f"/ateliers/{atelier.pk}/programme/",
    ):
        page = client_membre.post(url, {})
        assert page.status_code == 200, url
        assert "corrigez les champs signalés" in page.content.decode()
    atelier.refresh_from_db()
    assert atelier.titre == "Atelier de sensibilisation"


def test_an_existing_atelier_is_saved_with_its_blank_aim_row_left_empty(client_membre, reseau):
    """The browser posts the blank row's hidden link to the atelier: it is not an aim typed in."""
    atelier = Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=datetime.date(2024, 5, 14),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
    )
    data = {
        "titre": atelier.titre,
        "statut": "realise",
        "point_entree": "",
        "date": "2024-05-14",
        "heure_debut": "09:30",
        "heure_fin": "12:30",
        **dict.fromkeys(("lieu_collectivite", "lieu_nom", "lieu_adresse", "capacite"), ""),
        **dict.fromkeys(("date_limite_inscription", "ressources", "notes"), ""),
        **management("objectifs", 1),
        "objectifs-0-id": "",
        "objectifs-0-atelier": str(atelier.pk),
        "objectifs-0-intitule": "",
        "objectifs-0-description": "",
        **management("partenaires", 0),
        **management("budget", 0),
    }
    response = client_membre.post(f"/ateliers/{atelier.pk}/modifier/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    atelier.refresh_from_db()
    assert atelier.statut == "realise" and not atelier.objectifs.exists()


def test_a_title_or_a_partner_on_two_lines_is_refused_in_french(client_membre, segment):
    for field in ("titre", "lieu_nom", "partenaires-0-nom"):
        response = client_membre.post(
            "/ateliers/nouveau/", atelier_post(segment, **{field: "Agir\r\nailleurs"})
        )
        assert response.status_code == 200, field
        assert "Ce champ tient sur une ligne" in response.content.decode()
    assert not Atelier.objects.exists()


def test_with_many_contacts_speakers_are_searched_not_listed(client_membre, reseau, atelier):
    Contact.objects.bulk_create(
        [Contact(reseau=reseau, prenom="Personne", nom=f"Nom{n:03d}") for n in range(60)]
        + [Contact(reseau=reseau, prenom="Camille", nom="Témoin", email="camille@exemple.fr")]
    )
    page = client_membre.get(f"/ateliers/{atelier.pk}/programme/").content.decode()
    assert "Nom059" not in page and "Chercher une personne" in page
    found = client_membre.get(
        f"/ateliers/{atelier.pk}/programme/intervenants/",
        {"q": "Témoin", "champ": "intervenants-0-contact"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    temoin = Contact.objects.get(nom="Témoin")
    assert f'name="intervenants-0-contact" value="{temoin.pk}"' in found and "Nom001" not in found
    client_membre.post(
        f"/ateliers/{atelier.pk}/programme/",
        sequence_post("Témoignages", "09:45", "10:45", **{"intervenants-0-contact": str(temoin.pk)}),
    )
    assert atelier.sequences.get().interventions.get().contact == temoin


def test_a_huge_form_count_is_bounded(client_membre, atelier):
    data = sequence_post("Accueil", "09:00", "09:30")
    data["intervenants-TOTAL_FORMS"] = "99999999999999999999"
    response = client_membre.post(f"/ateliers/{atelier.pk}/programme/", data)
    assert response.status_code == 200
    assert "au plus 50" in response.content.decode()
    assert not atelier.sequences.exists()


def test_moving_an_atelier_sends_its_registrants_an_update_of_the_same_calendar_event(
    client_membre, segment, reseau
):
    from icalendar import Calendar

    from passerelles.ateliers.inscriptions.models import Inscription
    from passerelles.ateliers.preparation.calendrier import atelier_ics
    from passerelles.courriels import registre
    from passerelles.courriels.models import Message

    client_membre.post("/ateliers/nouveau/", atelier_post(segment))
    atelier = Atelier.objects.get()
    uid = Calendar.from_ical(atelier_ics(atelier)).walk("VEVENT")[0]["uid"]
    Inscription.objects.create(reseau=reseau, atelier=atelier, nom="Martin", email="martin@exemple.fr")
    Inscription.objects.create(
        reseau=reseau, atelier=atelier, nom="Parti", email="parti@exemple.fr", etat="annulee"
    )
    client_membre.post(f"/ateliers/{atelier.pk}/modifier/", atelier_post(segment, notes="Café offert"))
    assert not Message.objects.filter(nature="mise_a_jour").exists()  # nothing that moves the day
    client_membre.post(
        f"/ateliers/{atelier.pk}/modifier/",
        atelier_post(segment, date="2027-03-23", lieu_nom="Salle des fêtes"),
    )
    [notice] = Message.objects.filter(nature="mise_a_jour")
    assert notice.destinataire == "martin@exemple.fr" and "mardi 23\u00a0mars 2027" in notice.corps
    [(_, content, mimetype)] = registre.pieces(notice)
    calendar = Calendar.from_ical(content)
    event = calendar.walk("VEVENT")[0]
    assert (mimetype, str(calendar["method"])) == ("text/calendar; method=REQUEST", "REQUEST")
    assert event["uid"] == uid and int(event["sequence"]) == 1
    assert "mailto:martin@exemple.fr" in str(event["attendee"]) and str(event["organizer"]).startswith(
        "mailto:"
    )


@pytest.mark.parametrize(
    ("typed", "saved"),
    [("120,50", "120.50"), ("1 250", "1250.00"), ("1\u202f250,5", "1250.50"), ("120.50", "120.50")],
)
def test_a_budget_amount_is_read_as_french_people_type_it(reseau, typed, saved):
    from decimal import Decimal

    from passerelles.ateliers.preparation.forms import BudgetFormSet

    data = {
        **management("budget", 1),
        "budget-0-nature": "depense",
        "budget-0-libelle": "Salle",
        "budget-0-montant": typed,
    }
    formset = BudgetFormSet(data, instance=Atelier(), prefix="budget")
    assert formset.is_valid(), formset.errors
    assert formset.forms[0].cleaned_data["montant"] == Decimal(saved)


def test_an_amount_that_cannot_be_read_is_refused_in_french(reseau):
    from passerelles.ateliers.preparation.forms import BudgetFormSet

    data = {
        **management("budget", 1),
        "budget-0-nature": "depense",
        "budget-0-libelle": "Salle",
        "budget-0-montant": "12O,5",
    }
    formset = BudgetFormSet(data, instance=Atelier(), prefix="budget")
    assert not formset.is_valid()
    assert "nombre" in str(formset.forms[0].errors["montant"])
