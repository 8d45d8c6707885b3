"""Bounds on what people type: a query of a thousand words would build a thousand SQL
conditions, a year or an id that is not a number would reach the database, a line break in a
title would break every email that carries it."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

MOTS_MAX = 10


def bounded_words(query: str, limit: int = MOTS_MAX) -> list[str]:
    """The first `limit` distinct words of a search: no real search needs more."""
    words = []
    for word in query.split():
        if word not in words:
            words.append(word)
            if len(words) == limit:
                break
    return words


def bounded_query(query: str, limit: int = MOTS_MAX) -> str:
    return " ".join(bounded_words(query, limit))


def year_or_none(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) == 4 else None


def id_or_none(value) -> int | None:
    """A row id as a link or a form sends it, or None for anything else (« abc », « 1#x »,
    a number no column holds): no lookup is made with a value that cannot be an id."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return int(text) or None


# A line break or a control character in a name, a title or an address breaks what is made
# of it: an email subject (BadHeaderError, then hours of retries), a CSV row, a badge.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SINGLE_LINE_MESSAGE = (
    "Ce champ tient sur une ligne : retirez les retours à la ligne et les caractères de contrôle."
)


def validate_single_line(value) -> None:
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="une_ligne")


_BREAKS = re.compile(rf" *{_CONTROL.pattern}+ *")


def single_line(text: str) -> str:
    """The text on one line: each run of line breaks and control characters, with the spaces
    around it, becomes one space. French non-breaking spaces (« », 9 h 30) are kept."""
    return _BREAKS.sub(" ", text).strip()


class SingleLineFields(models.Model):
    """Every one-line text field of the model (CharField) refuses line breaks and control
    characters when the model is validated: in ModelForms and in the services' full_clean()."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if (
                not isinstance(field, models.CharField)
                or field.name in (exclude or ())
                or field.name in errors
            ):
                continue
            try:
                validate_single_line(getattr(self, field.attname))
            except ValidationError as error:
                errors[field.name] = error.error_list
        if errors:
            raise ValidationError(errors)


class SingleLineFormFields:
    """For a form that is not a ModelForm: every one-line text input refuses line breaks and
    control characters, as SingleLineFields does for models."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea):
                field.validators.append(validate_single_line)


class MontantField(forms.DecimalField):
    """An amount typed as French people type it: « 120,50 », « 1 250 », « 1 250,5 € »; a
    point is read as the decimal mark too. Anything else is refused, never guessed."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u202f", "").replace("€", "").replace(",", ".")
        return super().to_python(value)
