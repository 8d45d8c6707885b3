from django import forms

from .cache import shared_matcher
from .matching import Candidat, Statut
from .models import Collectivite, TypeCollectivite


def collectivite_label(collectivite: Collectivite | None) -> str:
    """How a collectivité is written back into a form field, so that it matches again."""
    if collectivite is None:
        return ""
    if collectivite.type == TypeCollectivite.COMMUNE and collectivite.departement_id:
        return f"{collectivite.nom} ({collectivite.departement.code})"
    return collectivite.nom


class CollectiviteField(forms.CharField):
    """A collectivité typed as people write it ("Ville de Bourges", "Saint-Martin (32)",
    "18033"), resolved by the territory matcher; an ambiguous name asks for precision."""

    def __init__(self, *, complete: bool = True, **kwargs):
        # complete=False: the collectivité as the matcher knows it (id, type, code, name), its
        # other fields read from the base only if asked for: for a form that records which
        # collectivité was named and reads nothing else of it (the public registration).
        self.complete = complete
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault(
            "help_text",
            "Nom, code INSEE ou SIREN ; précisez le département entre parenthèses en cas d'homonymie.",
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Collectivite):
            return collectivite_label(value)
        if isinstance(value, int):
            return collectivite_label(
                Collectivite.objects.select_related("departement").filter(pk=value).first()
            )
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        result = shared_matcher().match(text)
        if result.statut == Statut.SURE:
            return self._collectivite(result.retenu)
        if result.candidats:
            options = " ; ".join(f"{c.nom} ({c.departement or c.code})" for c in result.candidats[:5])
            raise forms.ValidationError(f"« {text} » est ambigu ou approximatif. Précisez : {options}.")
        raise forms.ValidationError(f"Aucune collectivité ne correspond à « {text} ».")

    def _collectivite(self, candidat: Candidat) -> Collectivite:
        if self.complete:
            return Collectivite.objects.get(pk=candidat.id)
        known = ["id", "type", "code", "nom"]
        return Collectivite.from_db(
            Collectivite.objects.db, known, [getattr(candidat, name) for name in known]
        )
