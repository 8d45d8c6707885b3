"""The public unsubscribe page, reached from the link at the foot of every email."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from passerelles.contacts.effacement import is_placeholder

from .desabonnement import message_of_token, unsubscribe


@login_not_required
@csrf_exempt  # RFC 8058: mail clients post the one-click unsubscribe without any token
@require_http_methods(["GET", "POST"])
def desabonnement(request, jeton):
    message = message_of_token(jeton)
    if message is None:
        raise Http404("Lien de désabonnement inconnu.")
    if is_placeholder(message.destinataire):
        return render(request, "courriels/efface.html", {"message": message})
    if request.method == "POST":
        unsubscribe(message)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Désabonnement enregistré.", content_type="text/plain; charset=utf-8")
        return render(request, "courriels/desabonne.html", {"message": message})
    return render(request, "courriels/desabonnement.html", {"message": message})
