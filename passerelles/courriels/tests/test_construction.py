"""What building a message spares on every message of a mailing writes exactly what the
straightforward computation writes, on generated data: links made clickable line by line,
and the unsubscribe link around a path reversed once."""

import random

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix
from django.utils.safestring import mark_safe

from passerelles.courriels.desabonnement import unsubscribe_token, unsubscribe_url
from passerelles.courriels.models import Message

PIECES = [
    "Bonjour",
    "l'atelier",
    "https://passerelles.example.org/ateliers/12/?a=1&b=2",
    "(www.centraider.org)",
    "contact@centraider.fr.",
    "mailto:x@y.fr",
    "«\u202fvenez\u202f»",
    "<b>gras</b>",
    '"cité"',
    "a.b",
    "fin.",
    "12:30",
    "exemple.com/chemin",
    "http://[::1]/",
    "&amp;",
    "",
]
BREAKS = ["\n", "\r\n", "\r", "\n\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", " \n  ", "\t"]


def _texts(count: int):
    rng = random.Random(23)
    for _ in range(count):
        words = [rng.choice(PIECES) for _ in range(rng.randint(0, 14))]
        yield "".join(word + rng.choice([" ", " ", ", ", *BREAKS]) for word in words)


@pytest.mark.parametrize("autoescape", ["on", "off"])
def test_links_are_made_clickable_line_by_line_exactly_as_urlize_does_on_the_whole_text(autoescape):
    by_lines = Template(
        f"{{% load courriels %}}{{% autoescape {autoescape} %}}{{{{ text|urlize_lines }}}}{{% endautoescape %}}"
    )
    whole = Template(f"{{% autoescape {autoescape} %}}{{{{ text|urlize }}}}{{% endautoescape %}}")
    for text in _texts(3_000):
        for value in (text, mark_safe(text)):
            context = Context({"text": value})
            assert by_lines.render(context) == whole.render(context), repr(value)


@pytest.mark.parametrize("prefix", ["/", "/passerelles/"])
def test_the_unsubscribe_link_is_the_signed_token_reversed_into_the_site_address(prefix, settings):
    settings.SITE_URL = "https://passerelles.example.org"
    set_script_prefix(prefix)
    try:
        for pk in [1, 9, 10, 12_345, 10**12, *random.Random(8).sample(range(10**9), 200)]:
            message = Message(pk=pk)
            path = reverse("courriels:desabonnement", kwargs={"jeton": unsubscribe_token(message)})
            assert unsubscribe_url(message) == f"https://passerelles.example.org{path}"
    finally:
        set_script_prefix("/")
