"""What mobilisation holds about a person, erased with them: the journal of their
collectivité's pipeline, the exchanges they took part in, the relances about them."""

from django.db.models import Q

from passerelles.contacts.effacement import Effacement, register_eraser
from passerelles.contacts.services import erase_journal_entries
from passerelles.core.models import Journal

from .models import Interaction, Mobilisation, Relance


@register_eraser
def erase_mobilisation(effacement: Effacement) -> None:
    identite, strict = effacement.identite, effacement.strict
    collectivite = effacement.contact.collectivite_id
    if collectivite:
        pipeline = Mobilisation.objects.filter(reseau=effacement.reseau, collectivite=collectivite)
        entries = Journal.objects.filter(
            Q(objet_type="mobilisation", objet_id__in=pipeline.values_list("pk", flat=True)),
            reseau=effacement.reseau,
        )
        erase_journal_entries(entries, strict)
    for interaction in Interaction.objects.filter(contacts__in=identite.contacts).distinct():
        interaction.sujet = strict(interaction.sujet)
        interaction.compte_rendu = strict(interaction.compte_rendu)
        interaction.save(update_fields=["sujet", "compte_rendu"])
    for relance in Relance.objects.filter(contact__in=identite.contacts):
        relance.titre, relance.note = strict(relance.titre), strict(relance.note)
        relance.save(update_fields=["titre", "note"])
