from django.urls import reverse
from django.utils import timezone

from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.core.tuiles import Tuile, register


@register
def ateliers_a_venir(request):
    upcoming = (
        Atelier.objects.for_reseau(request.reseau)
        .filter(date__gte=timezone.localdate())
        .exclude(statut=StatutAtelier.ANNULE)
    )
    return Tuile(upcoming.count(), "ateliers à venir", reverse("ateliers:liste"))
