"""Whatever is typed or forged into the public pages (and the check-in forms), the answer is
never a server error."""

import datetime
from urllib.parse import quote

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passerelles.ateliers.inscriptions import services
from passerelles.ateliers.inscriptions.models import Inscription
from passerelles.ateliers.inscriptions.services import Personne
from passerelles.ateliers.preparation.models import Atelier

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
anything = st.text(max_size=300)
numberish = st.one_of(st.integers().map(str), st.floats(allow_nan=True).map(str), anything)
collectivites = st.one_of(
    st.sampled_from(["Nérondes", "Bourges (18)", "Saint-Martin", "18033", "CC"]), anything
)
form_fields = st.fixed_dictionaries(
    {},
    optional={
        "civilite": st.one_of(st.sampled_from(["Mme", "M.", ""]), anything),
        "prenom": anything,
        "nom": st.one_of(st.text(min_size=1, max_size=120), anything),
        "role": numberish,
        "collectivite": collectivites,
        "structure": anything,
        "email": st.one_of(st.emails(), anything),
        "besoins": st.text(max_size=2000),
        "consentement": st.one_of(st.sampled_from(["on", "1", "true"]), anything),
        "site_web": st.one_of(st.just(""), anything),
        "annuler": st.one_of(st.just("oui"), anything),
        "present": numberish,
        "capacite": numberish,
        "action": anything,
        "q": anything,
    },
)


@pytest.fixture
def atelier(reseau, settings):
    settings.RATELIMIT_ENABLE = False
    return Atelier.objects.create(
        reseau=reseau,
        titre="Agir à l'international",
        date=timezone.localdate() + datetime.timedelta(days=20),
        heure_debut=datetime.time(9, 30),
        heure_fin=datetime.time(12, 30),
        capacite=3,
    )


@FUZZ
@given(data=form_fields)
def test_the_public_form_never_fails(client, atelier, data):
    response = client.post(f"/ateliers/inscription/{atelier.jeton_public}/", data)
    assert response.status_code < 500
    assert Inscription.objects.filter(atelier=atelier, etat="confirmee").count() <= 3


@FUZZ
@given(jeton=st.text(min_size=1, max_size=200), data=form_fields)
def test_forged_tokens_never_fail(client, atelier, jeton, data):
    for path in ("/ateliers/inscription/{}/", "/ateliers/inscription/i/{}/", "/ateliers/inscription/g/{}/"):
        url = path.format(quote(jeton, safe=""))
        assert client.get(url).status_code < 500
        assert client.post(url, data).status_code < 500


@FUZZ
@given(data=form_fields)
def test_the_registration_page_and_suggestions_never_fail(client, atelier, data):
    inscription, _ = services.inscription_register(
        atelier=atelier, personne=Personne(nom="Martin", structure="Jumelage"), site_url="http://testserver"
    )
    assert client.post(f"/ateliers/inscription/g/{inscription.jeton}/", data).status_code < 500
    assert client.get(f"/ateliers/inscription/g/{inscription.jeton}/").status_code == 200
    suggestions = client.get(
        "/ateliers/inscription/collectivites/", {"collectivite": data.get("collectivite", "")}
    )
    assert suggestions.status_code == 200


@FUZZ
@given(data=form_fields)
def test_the_check_in_forms_never_fail(client_membre, atelier, data):
    base = f"/ateliers/{atelier.pk}"
    assert client_membre.get(f"{base}/accueil/recherche/", {"q": data.get("q", "")}).status_code == 200
    assert client_membre.post(f"{base}/accueil/sur-place/", data).status_code < 500
    assert client_membre.post(f"{base}/accueil/1/presence/", data).status_code < 500
    assert client_membre.post(f"{base}/inscriptions/capacite/", data).status_code < 500
