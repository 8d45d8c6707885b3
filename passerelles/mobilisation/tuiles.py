from django.urls import reverse
from django.utils import timezone

from passerelles.core.tuiles import Tuile, register

from .models import ETAPES_ENGAGEES, Mobilisation, Relance


@register
def collectivites_engagees(request):
    engaged = Mobilisation.objects.for_reseau(request.reseau).filter(etape__in=ETAPES_ENGAGEES).count()
    return Tuile(engaged, "collectivités engagées ou déjà engagées", reverse("mobilisation:tableau"))


@register
def mes_relances_en_retard(request):
    overdue = Relance.objects.for_reseau(request.reseau).filter(
        responsable=request.user, faite_le__isnull=True, echeance__lt=timezone.localdate()
    )
    return Tuile(overdue.count(), "de mes relances en retard", reverse("mobilisation:relances"))
