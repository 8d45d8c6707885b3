"""The réseau's public agenda: a page for phones, an iCalendar feed, and a version to frame in
the réseau's own website. No login; every page names the réseau by its slug and shows only
what `selectors.annonces` lets out."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from passerelles.core.models import Reseau

from .selectors import agenda_ics, annonces


def _context(request, reseau: Reseau) -> dict:
    feed = request.build_absolute_uri(reverse("agenda:ics", kwargs={"slug": reseau.slug}))
    return {"reseau": reseau, "annonces": annonces(reseau), "flux": feed}


@login_not_required
@require_GET
def agenda(request, slug):
    reseau = get_object_or_404(Reseau, slug=slug)
    return render(request, "ateliers/agenda/agenda.html", _context(request, reseau))


@login_not_required
@require_GET
def ics(request, slug):
    reseau = get_object_or_404(Reseau, slug=slug)
    return HttpResponse(agenda_ics(reseau), content_type="text/calendar; charset=utf-8")


@login_not_required
@require_GET
def integre(request, slug):
    """The agenda for an `<iframe>`: only the websites the réseau listed may frame it
    (`frame-ancestors`); the rest of the Content-Security-Policy stays as strict as everywhere.
    With no website listed, no one may frame it, as any other page."""
    reseau = get_object_or_404(Reseau, slug=slug)
    origins = reseau.origines_agenda
    response = render(request, "ateliers/agenda/integre.html", _context(request, reseau))
    # Replaces this one directive of the site-wide policy (django-csp reads it on the response).
    response._csp_replace = {"frame-ancestors": origins or ["'none'"]}
    # X-Frame-Options cannot name several websites; browsers follow frame-ancestors instead.
    response.xframe_options_exempt = bool(origins)
    return response
