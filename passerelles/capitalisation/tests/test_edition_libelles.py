"""The fiche editor gives each checkbox its own label: clicking « Types ciblés » must not tick
or untick « Communes », as it did when the whole list sat inside one label."""

from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db


class Labels(HTMLParser):
    """Records how deeply labels nest, and which label holds each checkbox."""

    def __init__(self):
        super().__init__()
        self.depth, self.deepest, self.checkboxes, self.open = 0, 0, {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)
            self.open.append([])
        if tag == "input" and attrs.get("type") == "checkbox" and self.open:
            self.open[-1].append(attrs["value"] if "value" in attrs else attrs["name"])

    def handle_endtag(self, tag):
        if tag == "label":
            self.depth -= 1
            inside = self.open.pop()
            for box in inside:
                self.checkboxes[box] = len(inside)


def test_the_fiche_editor_has_no_label_inside_a_label(client_membre):
    page = client_membre.get("/capitalisation/nouvelle/").content.decode()
    labels = Labels()
    labels.feed(page)
    assert labels.deepest == 1
    assert 'value="commune"' in page and labels.checkboxes["commune"] == 1  # alone in its label
    assert "<legend>Types ciblés</legend>" in page
