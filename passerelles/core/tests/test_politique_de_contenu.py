"""The headers built once per process are those django-csp builds on every response."""

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from passerelles.core.middleware import PolitiqueDeContenuMiddleware


def plain(response):
    pass


def replaced(response):
    response._csp_replace = {"frame-ancestors": ["https://www.centraider.org"]}


def updated(response):
    response._csp_update = {"img-src": ["https://tuiles.example.org"]}


def exempt(response):
    response._csp_exempt = True


def already_set(response):
    response[HEADER] = "default-src 'none'"


def headers(middleware_class, change, *, path="/", status=200, nonce=False):
    request = RequestFactory().get(path)

    def view(request):
        if nonce:
            str(request.csp_nonce)
        response = HttpResponse(status=status)
        change(response)
        return response

    response = middleware_class(view)(request)
    return response.get(HEADER), response.get(HEADER_REPORT_ONLY)


CHANGES = [plain, replaced, updated, exempt, already_set]


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("status", [200, 302, 404, 500])
def test_every_kind_of_response_gets_the_librarys_headers(change, status, settings):
    settings.DEBUG = status == 404
    assert headers(PolitiqueDeContenuMiddleware, change, status=status) == headers(
        CSPMiddleware, change, status=status
    )


def test_a_page_that_used_a_nonce_goes_through_the_library():
    ours, library = (headers(cls, plain, nonce=True) for cls in (PolitiqueDeContenuMiddleware, CSPMiddleware))
    assert ours == library


@pytest.mark.parametrize("change", CHANGES)
def test_settings_changed_are_followed_report_only_and_excluded_paths_included(change, settings):
    headers(PolitiqueDeContenuMiddleware, plain)  # built with the project's settings
    settings.CONTENT_SECURITY_POLICY = {
        "EXCLUDE_URL_PREFIXES": ["/admin/"],
        "DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "data:"]},
    }
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    for path in ("/", "/admin/"):
        ours = headers(PolitiqueDeContenuMiddleware, change, path=path)
        assert ours == headers(CSPMiddleware, change, path=path)
    enforced, report_only = headers(PolitiqueDeContenuMiddleware, plain)
    assert set(enforced.split("; ")) == {"default-src 'self'", "img-src 'self' data:"}
    assert report_only == "default-src 'none'"


def test_the_headers_are_built_once_per_process(monkeypatch):
    headers(PolitiqueDeContenuMiddleware, plain)
    built = []
    monkeypatch.setattr("passerelles.core.middleware.build_policy", lambda **kw: built.append(kw) or "x")
    first = headers(PolitiqueDeContenuMiddleware, plain)
    assert built == [] and "default-src 'self'" in first[0].split("; ")
