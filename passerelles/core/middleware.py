from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
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


class PolitiqueDeContenuMiddleware(CSPMiddleware):
    """django-csp's middleware, which built its headers from the settings on every response,
    a tenth of a public registration's time: the headers of a response whose view changed
    nothing (no `@csp_update`, `_csp_replace`… and no nonce) are built once per process. Any
    other response goes through the library as before (test_politique_de_contenu.py compares
    both on every kind of response)."""

    _built: tuple[str, str] | None = None

    def process_response(self, request, response):
        if _adjusted(request, response) or (response.status_code in (404, 500) and settings.DEBUG):
            return super().process_response(request, response)
        if PolitiqueDeContenuMiddleware._built is None:
            PolitiqueDeContenuMiddleware._built = (build_policy(), build_policy(report_only=True))
        enforced, report_only = PolitiqueDeContenuMiddleware._built
        _set(request, response, HEADER, enforced, "_csp_exempt", "CONTENT_SECURITY_POLICY")
        _set(request, response, HEADER_REPORT_ONLY, report_only, "_csp_exempt_ro", REPORT_ONLY)
        # As the library does: a nonce asked for once the headers are written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


REPORT_ONLY = "CONTENT_SECURITY_POLICY_REPORT_ONLY"
_ADJUSTMENTS = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


def _adjusted(request, response) -> bool:
    return getattr(request, "_csp_nonce", None) is not None or any(
        getattr(response, name, None) is not None for name in _ADJUSTMENTS
    )


def _set(request, response, header: str, value: str, exempt: str, setting: str) -> None:
    if not value or header in response or getattr(response, exempt, False):
        return
    prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
    if not request.path_info.startswith(tuple(prefixes)):
        response[header] = value


@receiver(setting_changed)
def _forget_built_policy(setting, **kwargs):
    if setting in ("CONTENT_SECURITY_POLICY", REPORT_ONLY):
        PolitiqueDeContenuMiddleware._built = None
