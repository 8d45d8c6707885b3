"""System checks for a deployment that could otherwise go wrong without anyone noticing."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_HOSTS = {"localhost", "localhost.localdomain", ""}


def is_local(host: str) -> bool:
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified or address.is_private or address.is_link_local


@register(Tags.security, deploy=True)
def site_url_reachable(app_configs, **kwargs) -> list[Error]:
    """Every link in an email (registration, survey, unsubscribe) is built on SITE_URL: in
    production it must be the public https address, not this machine."""
    if settings.SITE_URL_LOCALE:
        return []
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https" and not is_local(parts.hostname or ""):
        return []
    return [
        Error(
            f"SITE_URL vaut « {settings.SITE_URL} » : les liens des courriels (inscription, "
            "questionnaire, désinscription) mèneraient à cette machine, pas au site.",
            hint="Donnez l'adresse publique du site en https, par exemple "
            "SITE_URL=https://passerelles.mon-reseau.org ; ou, pour un essai local assumé, "
            "SITE_URL_LOCALE=1.",
            id="passerelles.E001",
        )
    ]
