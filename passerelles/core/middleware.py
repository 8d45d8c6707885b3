from django.utils.cache import patch_vary_headers

from .models import Membre


class ReseauMiddleware:
    """Sets `request.reseau`: the réseau of the logged-in user, or None."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.reseau = None
        if request.user.is_authenticated:
            membre = Membre.objects.select_related("reseau").filter(utilisateur=request.user).first()
            request.reseau = membre.reseau if membre else None
        return self.get_response(request)


class VaryOnHtmxMiddleware:
    """Pages answer htmx with a fragment and browsers with the whole page under the same URL:
    without this header the browser's cache hands the fragment back on « Précédent »."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
        return response
