"""Reads on contacts: the filtered list, and possible duplicates of a contact."""

from django.db.models import Q, QuerySet

from passerelles.core.saisie import bounded_words
from passerelles.territoires.normalisation import normalise

from .models import Contact

SORTS = {
    "nom": ("cle_tri", "nom", "prenom"),
    "collectivite": ("collectivite__nom_normalise", "cle_tri"),
    "-derniere_interaction": ("-derniere_interaction", "cle_tri"),
}


def contact_list(
    *, reseau, q: str = "", role=None, departement: str = "", envois: str = "", tri: str = "nom"
):
    contacts = (
        Contact.objects.for_reseau(reseau)
        .filter(efface_le__isnull=True)
        .select_related("role", "collectivite__departement", "organisation")
    )
    for word in bounded_words(q):
        contacts = contacts.filter(
            Q(nom__icontains=word)
            | Q(prenom__icontains=word)
            | Q(email__icontains=word)
            | Q(collectivite__texte_recherche__contains=f" {normalise(word)}")
            | Q(organisation__nom__icontains=word)
        )
    if role:
        contacts = contacts.filter(role=role)
    if departement:
        contacts = contacts.filter(collectivite__departement__code=departement.upper())
    if envois:
        reachable = Contact.objects.joignables().values("id")
        contacts = (
            contacts.filter(id__in=reachable) if envois == "oui" else contacts.exclude(id__in=reachable)
        )
    return contacts.order_by(*SORTS.get(tri, SORTS["nom"]))


def possible_duplicates(contact: Contact) -> QuerySet[Contact]:
    same = Q(nom__iexact=contact.nom, prenom__iexact=contact.prenom)
    if contact.email:
        same |= Q(email__iexact=contact.email)
    return (
        Contact.objects.for_reseau(contact.reseau)
        .filter(same, efface_le__isnull=True)
        .exclude(pk=contact.pk)
        .select_related("collectivite")
    )
