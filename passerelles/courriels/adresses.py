"""Addresses that reach nobody, reserved for examples and tests (RFC 2606 and RFC 6761): the
only ones a demonstration réseau may write to."""

RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
RESERVED_SUFFIXES = ("example", "test", "invalid", "localhost")


def adresse_fictive(email: str) -> bool:
    domain = email.rpartition("@")[2].strip().lower().rstrip(".")
    if domain in RESERVED_DOMAINS or any(domain.endswith(f".{name}") for name in RESERVED_DOMAINS):
        return True
    return domain in RESERVED_SUFFIXES or domain.rpartition(".")[2] in RESERVED_SUFFIXES
