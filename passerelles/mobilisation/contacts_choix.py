"""Choosing the people of an exchange or a relance among a collectivité's contacts, which
may be thousands: a short list is shown whole; a long one is searched (htmx), and only the
people found and those already chosen are in the page."""

from django import forms
from django.urls import reverse

from passerelles.contacts.selectors import contact_list

# Up to this many contacts, the form lists them all; beyond, it offers a search.
LISTE_COMPLETE_MAX = 30
RESULTATS_MAX = 20


class ContactRecherche(forms.Widget):
    template_name = "mobilisation/widgets/contact_recherche.html"

    def __init__(self, *, url: str, queryset, multiple: bool):
        super().__init__()
        self.url, self.queryset, self.multiple = url, queryset, multiple

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if self.multiple else data.get(name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = value if isinstance(value, list | tuple) else [value]
        chosen = [v for v in values if str(v or "").isdigit()]
        context["widget"].update(
            url=self.url,
            multiple=self.multiple,
            choisis=list(self.queryset.filter(pk__in=chosen)[:RESULTATS_MAX]),
        )
        return context


def searched_when_long(form, field_name: str, *, url: str, multiple: bool) -> None:
    """Swaps the field's list for a search (answered at `url`) when it is too long."""
    field = form.fields[field_name]
    if field.queryset.count() <= LISTE_COMPLETE_MAX:
        return
    field.widget = ContactRecherche(url=url, queryset=field.queryset, multiple=multiple)


def collectivite_search_url(collectivite, field_name: str, *, multiple: bool) -> str:
    url = reverse("mobilisation:contacts_recherche", kwargs={"pk": collectivite.pk})
    return f"{url}?champ={field_name}{'&plusieurs=1' if multiple else ''}"


def contacts_found(*, reseau, q: str, collectivite=None):
    """The réseau's contacts matching a search (of one collectivité, if given), at most
    RESULTATS_MAX; none for an empty search."""
    if not q.strip():
        return []
    found = contact_list(reseau=reseau, q=q)
    if collectivite is not None:
        found = found.filter(collectivite=collectivite)
    return list(found[:RESULTATS_MAX])
