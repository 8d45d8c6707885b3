"""The shape of the tokens in public links: anything else is a 404 before any query, so that
no typed or forged path (a NUL byte, 10,000 characters) reaches the database."""


class JetonConverter:
    regex = r"[A-Za-z0-9_-]{16,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
