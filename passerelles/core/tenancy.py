"""Tenancy in one place: everything a réseau owns is read through its réseau.

Tenant-owned models inherit `ReseauOwned`; views fetch objects with
`get_for_reseau_or_404`, so an object of another réseau is a 404, never a leak.
"""

from functools import wraps

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .saisie import SingleLineFields


class ReseauQuerySet(models.QuerySet):
    def for_reseau(self, reseau):
        return self.filter(reseau=reseau)


class ReseauOwned(SingleLineFields):
    reseau = models.ForeignKey("core.Reseau", on_delete=models.CASCADE, related_name="+")

    objects = ReseauQuerySet.as_manager()

    class Meta:
        abstract = True


def get_for_reseau_or_404(model_or_queryset, reseau, **lookup):
    queryset = (
        model_or_queryset._default_manager.all() if isinstance(model_or_queryset, type) else model_or_queryset
    )
    try:
        return get_object_or_404(queryset.filter(reseau=reseau), **lookup)
    except (ValueError, TypeError, OverflowError, ValidationError) as exc:
        # An id that is not one (« abc », 10^30) names no object: not found, not a crash.
        raise Http404("Identifiant invalide.") from exc


def membre_required(view):
    """The view works on the user's réseau; a user without one gets a clear page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.reseau is None:
            return render(request, "core/sans_reseau.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
