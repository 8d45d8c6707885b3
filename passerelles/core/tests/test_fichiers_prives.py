"""Files that may hold personal data are never kept by a browser's or a proxy's cache: every
route of the project is opened with the réseau's own objects, and every file it hands out
says « no-store »."""

import pytest

from .url_sweep import objects_of, project_routes, sample_url_of

pytestmark = pytest.mark.django_db


def test_every_file_handed_out_says_no_store(client_membre, reseau):
    objects = objects_of(reseau, "Objet")
    files = {}
    for route in project_routes():
        if route.name == "deconnexion":
            continue
        response = client_membre.get(sample_url_of(route, objects))
        if response.has_header("Content-Disposition"):
            files[route.name] = response.get("Cache-Control", "")
    assert {"ateliers:document", "contacts:donnees"} <= set(files)
    assert {name: cache for name, cache in files.items() if "no-store" not in cache} == {}
