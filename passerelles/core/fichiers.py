"""Uploaded files: one error type with a French message, and the size check done first."""


class FichierInvalide(Exception):
    """The file cannot be imported; the message says why, in French."""


def check_size(size: int, taille_max: int) -> None:
    if size > taille_max:
        raise FichierInvalide(
            f"Fichier trop volumineux ({_megabytes(size)}) : la limite est de {_megabytes(taille_max)}."
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")
