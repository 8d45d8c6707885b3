"""A dossier starts where the lead is, and remembers it: the collectivité's funding block, a
relance (the leads of an atelier are tested with it, in ateliers/suivi/tests/test_pistes.py)."""

import pytest
from django.utils import timezone

from conftest import make_member
from passerelles.accompagnement.models import Dossier, Origine
from passerelles.mobilisation.models import Relance

pytestmark = pytest.mark.django_db


def prepare(client, collectivite, query: str, instrument) -> Dossier:
    url = f"/accompagnement/nouveau/{collectivite.pk}/?{query}"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"instrument": instrument.pk, "suivi_par": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Dossier.objects.latest("pk")


def test_from_the_funding_block_the_dossier_records_the_collectivite_page(
    client_membre, nerondes, cles_en_main
):
    dossier = prepare(client_membre, nerondes, "instrument=cles-en-main", cles_en_main)
    assert dossier.origine == Origine.COLLECTIVITE and dossier.collectivite == nerondes


def test_from_a_relance_the_dossier_records_it(client_membre, reseau, membre, nerondes, cles_en_main):
    relance = Relance.objects.create(
        reseau=reseau,
        titre="Rappeler la mairie",
        echeance=timezone.localdate(),
        responsable=membre,
        collectivite=nerondes,
    )
    html = client_membre.get("/mobilisation/relances/").content.decode()
    assert f"/accompagnement/nouveau/{nerondes.pk}/?relance={relance.pk}" in html
    dossier = prepare(client_membre, nerondes, f"relance={relance.pk}", cles_en_main)
    assert dossier.origine == Origine.RELANCE
    assert "Rappeler la mairie" in dossier.origine_libelle
    assert "Rappeler la mairie" in client_membre.get(dossier.get_absolute_url()).content.decode()


def test_another_reseaus_relance_is_no_lead(client_membre, autre_reseau, nerondes, cles_en_main):
    relance = Relance.objects.create(
        reseau=autre_reseau,
        titre="Secret de l'autre réseau",
        echeance=timezone.localdate(),
        responsable=make_member("autre", autre_reseau),
        collectivite=nerondes,
    )
    page = client_membre.get(f"/accompagnement/nouveau/{nerondes.pk}/?relance={relance.pk}").content.decode()
    assert "Secret" not in page
    dossier = prepare(client_membre, nerondes, f"relance={relance.pk}", cles_en_main)
    assert dossier.origine == Origine.SAISIE and dossier.origine_libelle == ""
