"""Every URL pattern of the project, so that access tests cover a view the day it is added."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Every route open without an account; any other route asks for a login (test_acces), and
# those reached by a token are swept for what they reveal of another réseau (test_tenancy).
PUBLIC_ROUTES = {
    "connexion",
    # Password reset by email, and the favicon.
    "mot_de_passe_oubli",
    "mot_de_passe_oubli_envoye",
    "mot_de_passe_nouveau",
    "mot_de_passe_reinitialise",
    "favicon",
    # Public registration to an atelier: reached by a token, no account.
    "ateliers:inscription_publique",
    "ateliers:inscription_invitation",
    "ateliers:inscription_gerer",
    "ateliers:collectivites_suggestions",
    # One-click unsubscribe from a message (RFC 8058).
    "courriels:desabonnement",
    # The satisfaction survey, answered by a personal token.
    "ateliers:enquete",
}

SAMPLE_VALUES = {
    "int": "1",
    "string": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "jeton": "x" * 32,  # the token of a public link (ateliers)
}


@dataclass(frozen=True)
class Route:
    name: str
    converters: dict[str, str]  # argument name -> converter name

    def sample_url(self, **values) -> str:
        from django.urls import reverse

        kwargs = {arg: values.get(arg, SAMPLE_VALUES[conv]) for arg, conv in self.converters.items()}
        return reverse(self.name, kwargs=kwargs)


def _converter_name(converter) -> str:
    return type(converter).__name__.replace("Converter", "").lower()


def project_routes(excluded_namespaces=("admin",)) -> list[Route]:
    routes = []

    def walk(patterns, namespace, converters):
        for entry in patterns:
            own = {k: _converter_name(v) for k, v in entry.pattern.converters.items()}
            if isinstance(entry, URLResolver):
                if entry.namespace in excluded_namespaces:
                    continue
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, {**converters, **own})
            elif isinstance(entry, URLPattern) and entry.name:
                routes.append(Route(name=f"{namespace}{entry.name}", converters={**converters, **own}))

    walk(get_resolver().url_patterns, "", {})
    return routes
