import datetime

import pytest
from django.utils import timezone

from conftest import make_member
from passerelles.accompagnement import services
from passerelles.accompagnement.models import Etat
from passerelles.accompagnement.selectors import dossiers_due
from passerelles.leviers.models import Instrument
from passerelles.territoires.models import Collectivite

pytestmark = pytest.mark.django_db


def _dossier(reseau, membre, code, days, **fields):
    return services.dossier_create(
        reseau=reseau,
        collectivite=Collectivite.objects.get(type="commune", code=code),
        instrument=Instrument.objects.get(code="cles-en-main"),
        auteur=membre,
        echeance=timezone.localdate() + datetime.timedelta(days=days),
        **fields,
    )


def test_my_relances_show_my_dossiers_due_or_late_and_nothing_else(client_membre, reseau, membre):
    late = _dossier(reseau, membre, "18031", -3)  # Blet
    due = _dossier(reseau, membre, "18054", 10)  # Charly
    _dossier(reseau, membre, "18160", 60)  # Nérondes: not due yet
    _dossier(reseau, membre, "18033", -1, suivi_par=make_member("collegue", reseau))  # Bourges: not mine
    abandoned = _dossier(reseau, membre, "18242", -5)  # closed: no reminder
    services.dossier_move(dossier=abandoned, etat=Etat.ABANDONNE, motif="la commune renonce", auteur=membre)

    assert [d.pk for d in dossiers_due(reseau=reseau, user=membre)] == [late.pk, due.pk]
    html = client_membre.get("/mobilisation/relances/").content.decode()
    assert "Dossiers à échéance" in html
    assert "Blet" in html and "Charly" in html
    assert "Nérondes" not in html and "Bourges" not in html
    assert html.count("en retard") >= 1
    assert late.get_absolute_url() in html


def test_no_section_when_no_dossier_is_due(client_membre):
    assert "Dossiers à échéance" not in client_membre.get("/mobilisation/relances/").content.decode()


def test_my_relances_show_open_dossiers_without_news_for_60_days(client_membre, reseau, membre):
    from passerelles.accompagnement.models import Dossier
    from passerelles.accompagnement.selectors import dossiers_silent

    quiet = _dossier(reseau, membre, "18031", 200)  # Blet: no news since long ago
    logged = _dossier(reseau, membre, "18054", 200)  # Charly: a meeting last week
    _dossier(reseau, membre, "18160", 200)  # Nérondes: prepared today
    long_ago = timezone.now() - datetime.timedelta(days=90)
    Dossier.objects.filter(pk__in=[quiet.pk, logged.pk]).update(modifie_le=long_ago)
    services.log_add(
        dossier=logged,
        auteur=membre,
        date=timezone.localdate() - datetime.timedelta(days=7),
        type="rencontre",
        heures=1,
    )

    assert [d.pk for d in dossiers_silent(reseau=reseau, user=membre)] == [quiet.pk]
    html = client_membre.get("/mobilisation/relances/").content.decode()
    assert "Sans nouvelles depuis 60 jours" in html
    assert quiet.get_absolute_url() in html and logged.get_absolute_url() not in html


def test_my_relances_show_a_dossier_whose_call_closes_before_it_is_submitted(client_membre, reseau, membre):
    from passerelles.leviers.models import Appel

    appel = Appel.objects.create(
        instrument=Instrument.objects.get(code="cles-en-main"),
        nom="Appel de test",
        cloture=timezone.localdate() + datetime.timedelta(days=5),
        source_url="https://www.diplomatie.gouv.fr/",
    )
    dossier = _dossier(reseau, membre, "18031", 90, appel_catalogue=appel)  # its own deadline is far
    assert [d.echeance_due.libelle for d in dossiers_due(reseau=reseau, user=membre)] == [
        "Clôture de l'appel « Appel de test »"
    ]
    html = client_membre.get("/mobilisation/relances/").content.decode()
    assert dossier.get_absolute_url() in html and "Clôture de l&#x27;appel" in html
    services.dossier_move(dossier=dossier, etat=Etat.EN_MONTAGE, motif="montage", auteur=membre)
    services.dossier_move(dossier=dossier, etat=Etat.DEPOSE, motif="déposé", auteur=membre)
    assert dossiers_due(reseau=reseau, user=membre) == []
