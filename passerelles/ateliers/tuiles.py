from django.urls import reverse
from django.utils import timezone

from passerelles.core.tuiles import Tuile, register

from .models import Atelier, StatutAtelier


@register
def ateliers_a_venir(request):
    upcoming = (
        Atelier.objects.for_reseau(request.reseau)
        .filter(date__gte=timezone.localdate())
        .exclude(statut=StatutAtelier.ANNULE)
    )
    return Tuile(upcoming.count(), "ateliers à venir", reverse("ateliers:liste"))
