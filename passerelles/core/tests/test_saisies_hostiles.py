"""Bad input never makes a server error: each case found by the probe, then every route of
the project fed malformed values in every field and parameter."""

import datetime
import re
import time
from html.parser import HTMLParser
from urllib.parse import parse_qsl

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passerelles.contacts import services as contacts
from passerelles.contacts.models import Contact, ImportContacts, Organisation
from passerelles.mobilisation.models import Relance

from .url_sweep import objects_of, project_routes, sample_url_of

pytestmark = pytest.mark.django_db


def test_marking_a_relance_with_a_return_that_is_not_a_path_goes_to_the_list(client_membre, reseau, membre):
    relance = Relance.objects.create(
        reseau=reseau, titre="Rappeler", echeance=datetime.date(2025, 1, 1), responsable=membre
    )
    for retour in ("abc", "accueil", "//ailleurs.example/", "https://ailleurs.example/"):
        response = client_membre.post(
            reverse("mobilisation:relance_marquer", args=[relance.pk]), {"faite": "1", "retour": retour}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("mobilisation:relances")
    back = client_membre.post(
        reverse("mobilisation:relance_marquer", args=[relance.pk]), {"faite": "1", "retour": "/contacts/"}
    )
    assert back["Location"] == "/contacts/"


@pytest.mark.parametrize("doublon", ["abc", "1.5", "99999999999999999999999", "-1"])
def test_a_merge_naming_no_duplicate_is_a_404(client_membre, reseau, membre, doublon):
    contact = contacts.contact_create(reseau=reseau, auteur=membre, nom="Dupont")
    organisation = Organisation.objects.create(reseau=reseau, nom="Jumelage")
    assert (
        client_membre.post(reverse("contacts:fusionner", args=[contact.pk]), {"doublon": doublon}).status_code
        == 404
    )
    assert (
        client_membre.post(
            reverse("contacts:organisation_fusionner", args=[organisation.pk]), {"doublon": doublon}
        ).status_code
        == 404
    )


def test_a_fiche_search_with_a_year_that_is_not_one_finds_nothing_without_error(client_membre):
    for annee in ("abc", "20250", "-1", "２０２５"):
        response = client_membre.get(reverse("capitalisation:recherche"), {"annee": annee})
        assert response.status_code == 200


@pytest.mark.parametrize("url", ["contacts:liste", "territoires:recherche", "capitalisation:recherche"])
def test_a_search_of_thousands_of_words_is_bounded(client_membre, url):
    words = " ".join(f"mot{n}" for n in range(3000))
    started = time.monotonic()
    response = client_membre.get(reverse(url), {"q": words})
    assert response.status_code == 200
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("value", ["99999999", "99999999999999999999999999", "-5", "abc"])
def test_a_tampered_homonym_choice_is_ignored_and_the_import_succeeds(client_membre, reseau, value):
    content = b"Nom;Courriel;Commune\nDupont;d@x.fr;Saint-Martin\n"
    client_membre.post(reverse("contacts:import"), {"fichier": SimpleUploadedFile("c.csv", content)})
    session = ImportContacts.objects.get()
    url = reverse("contacts:import_verification", args=[session.pk])
    response = client_membre.post(url, {"choix_2": value, "importer": "1"})
    assert response.status_code == 302
    assert Contact.objects.get(reseau=reseau, nom="Dupont").collectivite is None


def test_saving_a_segment_without_any_criterion_says_so(client_membre):
    response = client_membre.post(reverse("leviers:constructeur"), {"nom": "Vide"})
    assert response.status_code == 200
    assert "Choisissez au moins un critère" in response.content.decode()


MALFORMED = st.one_of(
    st.sampled_from(["abc", "-1", "0", "1.5", "99999999999999999999999", "", " ", "'\"<>", "é" * 300]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40),
    st.just(" ".join(["mot"] * 1500)),
)
QUERY_PARAMETERS = ["q", "annee", "page", "tri", "role", "departement", "type", "envois", "etape", "toutes"]
_NAME = re.compile(r'\sname="([^"]+)"')


@pytest.fixture
def some_objects(reseau, membre):
    contact = contacts.contact_create(reseau=reseau, auteur=membre, nom="Dupont", email="d@x.fr")
    Relance.objects.create(
        reseau=reseau, titre="R", echeance=datetime.date(2025, 1, 1), responsable=membre, contact=contact
    )
    return contact


def field_names(client, url: str) -> list[str]:
    """The names of every field the page's forms send, and the usual query parameters."""
    page = client.get(url)
    names = set(_NAME.findall(page.content.decode(errors="replace"))) if page.status_code == 200 else set()
    return sorted((names - {"csrfmiddlewaretoken"}) | set(QUERY_PARAMETERS))


@pytest.mark.parametrize(
    "route", [r for r in project_routes() if r.name != "deconnexion"], ids=lambda r: r.name
)
def test_no_route_answers_a_server_error_to_malformed_values(client_membre, some_objects, route):
    url = route.sample_url(pk=str(some_objects.pk))
    names = field_names(client_membre, url)
    client_membre.raise_request_exception = False

    @settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(values=st.fixed_dictionaries(dict.fromkeys(names, MALFORMED)), post=st.booleans())
    def malformed_request(values, post):
        response = (client_membre.post if post else client_membre.get)(url, values)
        assert response.status_code < 500, (url, values, response.status_code)

    malformed_request()


# The sweep above missed malformed values that a page itself never sends in that place: an
# atelier's pages were all 404 (the sample id named no atelier), a link's query parameter
# (`?apercu=`) is not a form field, and an action's own field (`action=retirer` with
# `invitation=abc`) was only reached if chance drew the real action. Below, every route gets
# an object of the réseau's own, and every form and link of its page is sent as the page
# sends it, with one value at a time replaced by a malformed one.
BAD_VALUES = ["abc", "99999999999999999999", " ".join(f"mot{n}" for n in range(1500)), "a\r\nb\x01"]
# Up to this many requests a page: the segment builder computes a segment at each one, and
# CI runs the suite twice.
REQUESTS_PER_PAGE = 12


class PageForms(HTMLParser):
    """The forms of a page (method, fields with the values the page gives them, named
    submit buttons) and the query parameters of its links to itself."""

    def __init__(self, path: str):
        super().__init__()
        self.path, self.forms, self.links, self._select = path, [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append({"method": attrs.get("method", "get").lower(), "fields": {}, "buttons": []})
        elif tag == "a" and "?" in attrs.get("href", ""):
            path, _, query = attrs["href"].partition("?")
            if path in ("", self.path):
                self.links.append(dict(parse_qsl(query, keep_blank_values=True)))
        elif tag == "option" and self._select:
            fields = self.forms[-1]["fields"]
            if fields[self._select] is None or "selected" in attrs:
                fields[self._select] = attrs.get("value", "")
        elif self.forms and attrs.get("name"):
            self._field(tag, attrs)

    def _field(self, tag, attrs):
        fields, kind = self.forms[-1]["fields"], attrs.get("type", "text")
        if kind == "file":
            return
        if (tag == "button" or kind == "submit") and attrs.get("value"):
            self.forms[-1]["buttons"].append((attrs["name"], attrs["value"]))
        elif kind in ("checkbox", "radio") and "checked" not in attrs:
            fields.setdefault(attrs["name"], None)
        elif tag == "select":
            self._select = attrs["name"]
            fields.setdefault(attrs["name"], None)
        elif tag != "button":
            fields[attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def submissions(page: PageForms):
    """(method, values as the page sends them) for each form and button, and each link; a
    form repeated on every row of a list is sent once."""
    seen = set()
    for form in page.forms:
        base = {name: value for name, value in form["fields"].items() if value is not None}
        for button in form["buttons"] or [None]:
            values = {**base, **(dict([button]) if button else {})}
            shape = (form["method"], button, frozenset(values))
            if shape not in seen:
                seen.add(shape)
                yield form["method"], values
    for query in page.links:
        if ("get", None, frozenset(query)) not in seen:
            seen.add(("get", None, frozenset(query)))
            yield "get", query


@pytest.mark.parametrize(
    "route", [r for r in project_routes() if r.name != "deconnexion"], ids=lambda r: r.name
)
def test_every_form_and_link_with_one_malformed_value_never_answers_a_server_error(
    client_membre, reseau, route
):
    objects = objects_of(reseau, "Objet")
    url = sample_url_of(route, objects)
    client_membre.raise_request_exception = False
    page = client_membre.get(url)
    parsed = PageForms(url)
    if page.status_code == 200 and "html" in page.get("Content-Type", ""):
        parsed.feed(page.content.decode(errors="replace"))
    fields = [
        (method, values, name)
        for method, values in submissions(parsed)
        for name in values
        if name != "csrfmiddlewaretoken"
    ]
    # Each round gives every field one bad value, a different kind for neighbouring fields.
    tries = [
        (method, values, name, BAD_VALUES[(index + round_) % len(BAD_VALUES)])
        for round_ in range(len(BAD_VALUES))
        for index, (method, values, name) in enumerate(fields)
    ]
    failures = []
    for method, values, name, bad in tries[:REQUESTS_PER_PAGE]:
        send = client_membre.post if method == "post" else client_membre.get
        if send(url, {**values, name: bad}).status_code >= 500:
            failures.append((method, name, bad[:20], {k: v[:20] for k, v in values.items()}))
    assert not failures, failures[:5]
