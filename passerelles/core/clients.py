"""Who is asking: the client's address, derived one way for every limit (django-axes'
lockout and django-ratelimit's public forms alike)."""

from django.conf import settings


def client_ip(request) -> str:
    """Behind the documented HTTPS proxy every request comes from the proxy: the client is
    the last address the proxy appended to X-Forwarded-For (earlier ones are the client's
    own word). Without the proxy, that header is anyone's to forge and is ignored."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_HTTPS_PROXY:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[-1].strip() or remote
