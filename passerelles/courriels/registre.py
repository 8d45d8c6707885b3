"""What the capabilities that write emails tell the email capability, so that it knows none
of them: the natures of their messages (and which are mailings, that an unsubscribed person
no longer receives), the attachments they name, and who an address is when it is not yet a
contact, and the pictures shown inside a message. Each capability registers from its
`AppConfig.ready`."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Nature:
    code: str
    libelle: str
    diffusion: bool  # a mailing: not sent to a person who unsubscribed or was erased


_NATURES: dict[str, Nature] = {}
_PIECES: dict[str, Callable] = {}
_PERSONNES: list[Callable] = []
_IMAGES: dict[str, Callable] = {}


@dataclass(frozen=True)
class Image:
    """A PNG shown in the HTML part of a message (by its Content-ID), with its text alternative."""

    nom: str
    contenu: bytes
    texte: str

    @property
    def cid(self) -> str:
        return f"{self.nom}@passerelles"


def register_natures(choices, *, diffusions) -> None:
    """`choices` is a TextChoices of message natures; `diffusions` the codes that are mailings."""
    for code, libelle in choices.choices:
        _NATURES[code] = Nature(code, libelle, code in diffusions)


def libelle_nature(code: str) -> str:
    nature = _NATURES.get(code)
    return nature.libelle if nature else code


def est_diffusion(code: str) -> bool:
    nature = _NATURES.get(code)
    return nature.diffusion if nature else False


def register_piece(nom: str, build: Callable) -> None:
    """`build(message)` returns (file name, content, MIME type), or None when it has nothing."""
    _PIECES[nom] = build


def pieces(message) -> list[tuple[str, bytes, str]]:
    built = (_PIECES[nom](message) for nom in message.pieces_jointes if nom in _PIECES)
    return [piece for piece in built if piece is not None]


def register_image(nom: str, build: Callable) -> None:
    """`build(message)` returns an `Image`, or None when it has nothing. Named in a message's
    `pieces_jointes` like an attachment, it is shown inside the HTML part instead."""
    _IMAGES[nom] = build


def images(message) -> list[Image]:
    built = (_IMAGES[nom](message) for nom in message.pieces_jointes if nom in _IMAGES)
    return [image for image in built if image is not None]


def register_personne(find: Callable) -> None:
    """`find(message)` returns the fields of a contact for the message's address (its name,
    its collectivité) when the capability knows the person, else None."""
    _PERSONNES.append(find)


def personne(message) -> dict:
    for find in _PERSONNES:
        fields = find(message)
        if fields:
            return fields
    return {}
