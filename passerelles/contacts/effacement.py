"""Erasing a person for good: every trace of them in the réseau's data, including what staff
typed in free text, and a suppression record that identifies no one.

What identifies a person is gathered first: every name, email and phone they ever had (the
contact's fields, the values its journal recorded before changes and merges). Then:
- rows that are theirs (the contact, their registrations, invitations, outbox messages,
  import rows) lose their personal fields;
- every text of the réseau (all models, all text and JSON columns) is scanned and their
  identifiers replaced by « [personne effacée] »: the full name in any order, case or accents,
  « M./Mme + nom », every email and phone number, whatever the separators.
"""

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models

from passerelles.core.models import Journal
from passerelles.territoires.models import Collectivite
from passerelles.territoires.normalisation import normalise

from .models import Contact, ImportContacts

EFFACE = "[personne effacée]"
IDENTIFYING = ("prenom", "nom", "email", "telephone", "fonction")


@dataclass
class Identite:
    """Every known form of a person: names, emails, phones."""

    prenoms: set[str] = field(default_factory=set)
    noms: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    telephones: set[str] = field(default_factory=set)
    contacts: set[int] = field(default_factory=set)
    collectivites: set[int] = field(default_factory=set)  # every one they were attached to

    def add(self, name: str, value) -> None:
        value = str(value or "").strip().strip("'")
        if not value:
            return
        if name == "prenom":
            self.prenoms.add(value)
        elif name == "nom":
            self.noms.add(value)
        elif name == "email":
            self.emails.add(value.lower())
        elif name == "telephone" and len(_digits(value)) >= 6:
            self.telephones.add(value)


@dataclass
class Effacement:
    """One person being erased, as each capability needs it to erase what it holds of them."""

    reseau: object
    contact: Contact
    identite: Identite
    strict: Callable[[str], str]  # also replaces bare names: for rows that are the person's own


# What each capability holds about a person and how to erase it, registered by the apps
# themselves (from their AppConfig.ready), so that contacts knows none of the apps above it.
_ERASERS: list[Callable[[Effacement], None]] = []
_AFTER_SCAN: list[Callable[[dict], None]] = []


def register_eraser(eraser: Callable[[Effacement], None]):
    """`eraser(effacement)` erases the rows of its app that are the person's, before every
    text of the réseau is scanned."""
    _ERASERS.append(eraser)
    return eraser


def register_after_scan(follow_up: Callable[[dict], None]):
    """`follow_up(changed)` runs after the scan with {model: ids of the rows it changed}
    (a search index to rebuild…)."""
    _AFTER_SCAN.append(follow_up)
    return follow_up


def erase_everywhere(effacement: Effacement) -> dict:
    for eraser in _ERASERS:
        eraser(effacement)
    changed = scrub_reseau(
        effacement.reseau,
        scrubber(effacement.identite),
        strict=effacement.strict,
        collectivite_id=effacement.contact.collectivite_id,
    )
    for follow_up in _AFTER_SCAN:
        follow_up(changed)
    return changed


def registered_apps() -> set[str]:
    """The labels of the apps that registered an eraser or a follow-up."""
    return {apps.get_containing_app_config(f.__module__).label for f in _ERASERS + _AFTER_SCAN}


def project_apps() -> set[str]:
    return {config.label for config in apps.get_app_configs() if config.name.startswith("passerelles.")}


ERASED_DOMAIN = "personne-effacee.invalid"


def placeholder_address(kind: str, pk: int) -> str:
    """Unique per row (constraints), undeliverable (.invalid is reserved), identifies no one."""
    return f"{kind}-{pk}@{ERASED_DOMAIN}"


def is_placeholder(address: str) -> bool:
    return address.lower().endswith("@" + ERASED_DOMAIN)


def identite_of(contact: Contact) -> Identite:
    identite = Identite(contacts={contact.pk})
    for name in IDENTIFYING:
        identite.add(name, getattr(contact, name))
    if contact.collectivite_id:
        identite.collectivites.add(contact.collectivite_id)
    former, pending = set(), [contact.pk]
    while pending:  # merged duplicates carry their own history
        entries = Journal.objects.filter(reseau=contact.reseau, objet_type="contact", objet_id=pending.pop())
        for entry in entries:
            for name, value in _recorded_values(entry.details):
                identite.add(name, value)
            former |= set(_recorded_collectivites(entry.details))
            doublon = entry.details.get("doublon") if isinstance(entry.details, dict) else None
            if isinstance(doublon, int) and doublon not in identite.contacts:
                identite.contacts.add(doublon)
                pending.append(doublon)
    # The journal shows a collectivité by its name: every one of that name is taken.
    identite.collectivites |= set(Collectivite.objects.filter(nom__in=former).values_list("pk", flat=True))
    return identite


def _recorded_collectivites(details):
    change = details.get("collectivite") if isinstance(details, dict) else None
    if isinstance(change, list):
        yield from (name for name in change if isinstance(name, str) and name)


def same_person(contact: Contact, identite: Identite) -> list[Contact]:
    """Other records of the réseau holding one of the person's emails: the same person,
    imported again or typed twice. Their identities join `identite`."""
    others, seen = [], set(identite.contacts)
    while True:
        found = list(
            Contact.objects.for_reseau(contact.reseau)
            .filter(email__in=identite.emails, efface_le__isnull=True)
            .exclude(pk__in=seen)
        )
        if not found:
            return others
        for other in found:
            seen.add(other.pk)
            others.append(other)
            more = identite_of(other)
            for name in ("prenoms", "noms", "emails", "telephones", "contacts", "collectivites"):
                getattr(identite, name).update(getattr(more, name))


def _recorded_values(details):
    if not isinstance(details, dict):
        return
    for name, value in details.items():
        if name in IDENTIFYING:
            for item in value if isinstance(value, list) else [value]:
                yield name, item
        elif name in ("champs_completes", "doublon_valeurs") and isinstance(value, dict):
            yield from _recorded_values(value)


def scrubber(identite: Identite):
    """A function text → text that replaces every identifier of the person."""
    patterns = []
    for prenom in identite.prenoms or {""}:
        for nom in identite.noms:
            if prenom:
                patterns += [_words(f"{prenom} {nom}"), _words(f"{nom} {prenom}"), _initial(prenom, nom)]
    for nom in identite.noms:
        patterns.append(r"\b(?:M\.|Mme|Mlle|Madame|Monsieur|Mr)\s+" + _words(nom))
    patterns += [re.escape(email) for email in identite.emails]
    patterns += [_phone(phone) for phone in identite.telephones]
    if not patterns:
        return lambda text: text
    combined = re.compile("|".join(f"(?:{p})" for p in sorted(patterns, key=len, reverse=True)), re.I)
    return lambda text: combined.sub(EFFACE, text) if text else text


def scrubber_strict(identite: Identite):
    """For rows that are the person's own: also the bare first names and surnames."""
    general = scrubber(identite)
    words = [_words(word) for word in identite.noms | identite.prenoms if len(normalise(word)) >= 2]
    if not words:
        return general
    bare = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.I)
    return lambda text: bare.sub(EFFACE, general(text)) if text else text


_VARIANTS = {
    "a": "aàâäáã",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïíì",
    "n": "nñ",
    "o": "oôöóò",
    "u": "uùûüú",
    "y": "yÿ",
    "oe": "œ",
}


def _words(text: str) -> str:
    """A pattern for `text` whatever its case, accents, and separators between words."""
    base = unicodedata.normalize("NFKD", text)
    base = "".join(char for char in base if not unicodedata.combining(char))
    base = base.replace("œ", "oe").replace("Œ", "OE")
    parts = [part for part in re.split(r"[\s\-'’.]+", base) if part]
    return r"[\s\-'’.]+".join("".join(_letter(char) for char in part) for part in parts)


def _letter(char: str) -> str:
    variants = _VARIANTS.get(char.lower())
    if variants:
        return f"[{variants}{variants.upper()}]"
    return re.escape(char)


def _initial(prenom: str, nom: str) -> str:
    return r"\b" + _letter(prenom[0]) + r"\.?\s*" + _words(nom)


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _phone(phone: str) -> str:
    digits = _digits(phone)
    if digits.startswith("33") and len(digits) == 11:
        digits = digits[2:]
    national = digits.lstrip("0")
    separators = r"[\s.\-()/]*"
    body = separators.join(national)
    return rf"(?:(?:\+|00){separators}33{separators}(?:\(0\))?{separators}|0{separators})?{body}(?!\d)"


def scrub_value(value, scrub):
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [scrub_value(item, scrub) for item in value]
    if isinstance(value, dict):
        return {key: scrub_value(item, scrub) for key, item in value.items()}
    return value


def text_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
        and not f.choices
        and not f.unique
    ]


def reseau_models():
    """(model, lookup to its réseau) for every model of the project that a réseau owns,
    directly or through a parent (an atelier's partners, a fiche's versions)."""
    for model in apps.get_models():
        if model._meta.app_label not in project_apps() or model is Contact:
            continue
        fields = model._meta.concrete_fields
        if any(f.name == "reseau" for f in fields):
            yield model, "reseau"
            continue
        parent = next((f for f in fields if f.is_relation and _owned(f.related_model)), None)
        if parent is not None:
            yield model, f"{parent.name}__reseau"


def _owned(model) -> bool:
    return any(f.name == "reseau" for f in model._meta.fields)


def scrub_reseau(reseau, scrub, *, strict=None, collectivite_id=None) -> dict:
    """Replaces the identifiers in every text of the réseau; rows about the person's
    collectivité (stage reasons, exchanges, relances…) are scrubbed strictly, since staff
    write there « Kerhervé a rappelé ». Returns {model: ids of the rows changed}."""
    changed = {}
    for model, lookup in reseau_models():
        rows = model._default_manager.filter(**{lookup: reseau})
        ids = _scrub_rows(model, rows, scrub)
        if strict and collectivite_id and any(f.name == "collectivite" for f in model._meta.concrete_fields):
            ids |= _scrub_rows(model, rows.filter(collectivite_id=collectivite_id), strict)
        if ids:
            changed[model] = ids
    return changed


def _scrub_rows(model, rows, scrub) -> set:
    names = [f.attname for f in text_fields(model)]
    if not names:
        return set()
    changed = set()
    for pk, *values in rows.values_list("pk", *names).iterator(chunk_size=2000):
        new = [scrub_value(value, scrub) for value in values]
        if new != values:
            model._default_manager.filter(pk=pk).update(**dict(zip(names, new, strict=True)))
            changed.add(pk)
    return changed


def forget_import_rows(reseau, identite: Identite, scrub) -> None:
    """Rows of pending imports that describe the person are dropped from the session, and
    its stored check, which may quote them, is dropped too (the next screen checks again)."""
    for session in ImportContacts.objects.for_reseau(reseau).exclude(lignes=[]):
        kept = [row for row in session.lignes if scrub_value(row, scrub) == row]
        if len(kept) != len(session.lignes):
            session.lignes, session.nombre_lignes, session.echantillon = kept, len(kept), kept[:3]
            session.save(update_fields=["lignes", "nombre_lignes", "echantillon"])
            session.forget_check()


# The suppression record: a keyed hash, so that the register proves a request without
# holding the identity, while an import can still recognise the person.


def _key() -> bytes:
    return hashlib.sha256(b"passerelles-suppression:" + settings.SECRET_KEY.encode()).digest()


def empreinte(*parts) -> str:
    text = "|".join(normalise(str(part or "")) for part in parts)
    return hmac.new(_key(), text.encode(), hashlib.sha256).hexdigest()


def empreinte_email(email: str) -> str:
    return empreinte("email", email.strip().lower())


def empreinte_nom(prenom: str, nom: str, collectivite_id) -> str:
    return empreinte("nom", prenom, nom, collectivite_id)
