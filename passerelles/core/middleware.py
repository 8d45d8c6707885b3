from django.utils.cache import patch_cache_control, patch_vary_headers


class ReseauMiddleware:
    """Sets `request.reseau`: the réseau of the logged-in user, or None."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.reseau = None
        if request.user.is_authenticated:
            # Read with the user by `MembreBackend`; a user without membership has None.
            membre = getattr(request.user, "membre", None)
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


class FilesNotStoredMiddleware:
    """Every file the application hands out (an émargement, an export, a job's file) may hold
    personal data: no browser or proxy cache keeps a copy after the download."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Content-Disposition"):
            patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response
