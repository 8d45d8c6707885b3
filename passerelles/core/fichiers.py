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


def decode_text(data: bytes, *, binary_message: str) -> str:
    """Text in any common encoding (UTF-8 or UTF-16 with their marks, UTF-8, Windows-1252,
    Latin-1); bytes that are not text are refused with `binary_message`."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig")
    if b"\x00" in data:
        raise FichierInvalide(binary_message)
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("latin-1")
    controls = sum(1 for char in text[:20000] if ord(char) < 32 and char not in "\r\n\t\f")
    if controls > 10:
        raise FichierInvalide(binary_message)
    return text


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FichierInvalide(f"Encodage illisible ({encoding}) : enregistrez le fichier en UTF-8.") from exc
