from django.urls import reverse

from passerelles.core.tuiles import Tuile, register

from .models import Contact


@register
def contacts(request):
    known = Contact.objects.for_reseau(request.reseau).filter(efface_le__isnull=True).count()
    return Tuile(known, "contacts connus du réseau", reverse("contacts:liste"))
