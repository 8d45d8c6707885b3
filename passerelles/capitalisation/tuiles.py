from django.urls import reverse

from passerelles.core.tuiles import Tuile, register

from .recherche import visible_fiches


@register
def fiches(request):
    return Tuile(
        visible_fiches(request.reseau).count(),
        "fiches de capitalisation consultables",
        reverse("capitalisation:recherche"),
    )
