"""The websites a réseau lets frame its public agenda: each typed as an origin
(https://host[:port]), so that what reaches the `frame-ancestors` directive is an origin and
nothing else."""

import pytest
from django.core.exceptions import ValidationError

from passerelles.core.origines import origins_of, validate_origins

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "origin"),
    [
        ("https://www.centraider.org", "https://www.centraider.org"),
        ("https://agenda.region-centre.fr:8443", "https://agenda.region-centre.fr:8443"),
        ("  HTTPS://WWW.Centraider.ORG/  ", "https://www.centraider.org"),
        ("https://xn--rseau-bsa.fr", "https://xn--rseau-bsa.fr"),
    ],
)
def test_an_origin_is_kept_as_a_browser_sends_it(typed, origin):
    validate_origins(typed)
    assert origins_of(typed) == [origin]


@pytest.mark.parametrize(
    "typed",
    [
        "http://www.centraider.org",  # not over HTTPS
        "https://www.centraider.org/agenda",  # a path
        "https://*.centraider.org",  # a wildcard
        "https://www.centraider.org?x=1",
        "https://www.centraider.org:99999",
        "https://www.centraider.org:0",
        "https://localhost",
        "https://www.centraider.org;script-src",  # would add a directive of its own
        "'self'",
        "'unsafe-inline'",
        "*",
        "javascript:alert(1)",
        "https://user@www.centraider.org",
        "https://réseau.fr",  # an accented name is typed in its xn-- form
        "https://-bad-.org",
    ],
)
def test_anything_but_an_https_origin_is_refused_in_french(typed):
    with pytest.raises(ValidationError) as refused:
        validate_origins(f"https://www.centraider.org\n{typed}")
    assert "n'est pas une origine" in refused.value.messages[0]
    assert origins_of(f"https://www.centraider.org\n{typed}") == ["https://www.centraider.org"]


def test_origins_are_read_one_a_line_or_separated_by_commas_each_once():
    typed = "https://a.example.org, https://b.example.org\n\nhttps://A.example.org/\n"
    validate_origins(typed)
    assert origins_of(typed) == ["https://a.example.org", "https://b.example.org"]
    assert origins_of("") == []


def test_the_reseaus_settings_refuse_a_wrong_origin(reseau):
    reseau.agenda_origines = "https://www.centraider.org/agenda/"
    with pytest.raises(ValidationError) as refused:
        reseau.full_clean()
    assert "agenda_origines" in refused.value.message_dict


def test_the_admin_edits_the_origins_with_the_reseau(admin_client, reseau):
    page = admin_client.get(f"/admin/core/reseau/{reseau.pk}/change/").content.decode()
    assert 'name="agenda_origines"' in page and "Sites qui intègrent l" in page
