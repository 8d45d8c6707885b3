"""The short link printed on an invitation letter: `/i/<code>`, or the code typed at `/i/`.
It leads to the same personal registration page as the link sent by email."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from .models import Invitation, code_saisi

# A person types one code, perhaps twice; a robot trying codes is stopped long before it
# could find one (4·10^14 codes).
RATE_CODES = "30/h"


@login_not_required
@require_GET
@ratelimit(group="ateliers-code-invitation", key="ip", rate=RATE_CODES, method="GET", block=False)
def lien_court(request, code: str = ""):
    typed = code or request.GET.get("code", "")
    if request.limited:
        return render(request, "ateliers/inscriptions/trop_de_demandes.html", status=429)
    if not typed:
        return render(request, "ateliers/invitations/code.html")
    normalised = code_saisi(typed[:100])
    invitation = Invitation.objects.filter(code=normalised).only("jeton").first() if normalised else None
    if invitation is None:
        context = {"saisi": typed[:100], "erreur": _erreur(normalised)}
        return render(request, "ateliers/invitations/code.html", context, status=404)
    return redirect("ateliers:inscription_invitation", jeton=invitation.jeton)


def _erreur(normalised: str) -> str:
    if not normalised:
        return "Ce code n'a pas la forme attendue : dix lettres et chiffres, sans 0, O, 1, I, L, U ni V."
    return (
        "Ce code ne correspond à aucune invitation. Vérifiez-le sur votre lettre et saisissez-le de nouveau."
    )
