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
