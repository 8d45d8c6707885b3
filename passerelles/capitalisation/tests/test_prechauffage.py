"""The server and the worker load WeasyPrint's fonts at start-up, in the background, so the
first PDF export is as quick as the next ones; other commands and tests do not pay for it."""

import io

import pytest
from pypdf import PdfReader

from passerelles.capitalisation import exports
from passerelles.capitalisation.services import fiche_save


@pytest.mark.parametrize(
    ("argv", "environ", "warms"),
    [
        (["/srv/.venv/bin/gunicorn", "passerelles.wsgi"], {}, True),
        (["passerelles", "worker"], {}, True),
        (["passerelles", "runserver", "127.0.0.1:8000"], {"RUN_MAIN": "true"}, True),
        (["passerelles", "runserver", "--noreload"], {}, True),
        (["passerelles", "runserver"], {}, False),  # the parent that only watches files
        (["passerelles", "migrate"], {}, False),
        (["passerelles", "import_fiche", "fiche.txt"], {}, False),
        (["/usr/bin/pytest", "-q"], {}, False),
    ],
)
def test_only_the_processes_that_export_warm_up(argv, environ, warms):
    assert exports.serves_requests(argv, environ) is warms


def test_no_warm_up_thread_outside_the_server_and_worker():
    assert exports.warm_up_in_background(["passerelles", "migrate"], {}) is None


@pytest.mark.django_db
def test_an_export_during_the_warm_up_waits_for_it_and_shows_tags_in_french(reseau):
    fiche = fiche_save(
        reseau=reseau,
        auteur=None,
        titre="Atelier jumelage",
        types_collectivites=["commune", "epci"],
        annee=2024,
    )
    thread = exports.warm_up_in_background(["passerelles", "worker"], {})
    pdf = exports.fiche_pdf(fiche)
    thread.join(timeout=60)
    assert not thread.is_alive()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Atelier jumelage" in text
    assert "Types ciblés : Communes, EPCI" in text
    assert "commune, epci" not in text
