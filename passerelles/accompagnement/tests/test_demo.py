import pytest

from passerelles.accompagnement.demo import demo_dossiers
from passerelles.accompagnement.models import Dossier, Etat
from passerelles.core.models import Journal
from passerelles.mobilisation.models import ChangementEtape

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_plausible_year_of_dossiers_once(reseau, membre):
    demo_dossiers(reseau, membre)
    demo_dossiers(reseau, membre)
    dossiers = Dossier.objects.for_reseau(reseau)
    assert sorted(d.etat for d in dossiers) == sorted(
        [Etat.EN_MONTAGE, Etat.EN_MONTAGE, Etat.DEPOSE, Etat.REFUSE]
    )
    depose = dossiers.get(etat=Etat.DEPOSE)
    assert depose.instrument.code == "cles-en-main"
    assert "démonstration" in depose.organisation.nom
    members = list(depose.membres.all())
    assert len(members) == 2
    assert all(m.departement.code == "18" and m.population_municipale < 2000 for m in members)
    refuse = dossiers.get(etat=Etat.REFUSE)
    assert refuse.changements.get(nouvel=Etat.REFUSE).motif
    assert all(d.accompagnements.exists() for d in dossiers)


def test_the_demo_owes_nothing_to_the_bourges_atelier_and_moves_no_stage(reseau, membre):
    demo_dossiers(reseau, membre)
    texts = []
    for dossier in Dossier.objects.for_reseau(reseau):
        texts += [dossier.appel, dossier.partenaire, dossier.collectivite.nom]
        texts += [c.motif for c in dossier.changements.all()]
        texts += [a.note for a in dossier.accompagnements.all()]
        assert "démonstration" in dossier.partenaire
    assert not [t for t in texts if "Bourges" in t or "atelier" in t.lower()]
    assert not ChangementEtape.objects.filter(reseau=reseau).exists()
    assert Journal.objects.filter(reseau=reseau, action="dossier").count() == 4
