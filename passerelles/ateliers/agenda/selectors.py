"""What the réseau's public agenda shows: its upcoming ateliers that are open to
registration, and nothing else.

An atelier is announced when the team chose to announce it (`sur_agenda`; otherwise it stays
private, known to those invited), when it is out of draft, and while registration is open by
the very rules the registration page applies (`inscriptions.services.ouverture`): not
cancelled, not past, not closed by hand or by its deadline. A full atelier is still announced:
registering puts one on the waiting list. Nothing about the people registered is read here
besides the count of seats taken that `ouverture` needs to tell « complet »."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from passerelles.ateliers.inscriptions.services import Ouverture, ouverture
from passerelles.ateliers.preparation.calendrier import atelier_event, calendar_ics, quand
from passerelles.ateliers.preparation.documents import lieu
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.core.francais import NBSP, date_longue
from passerelles.core.models import Reseau

# A réseau runs a few ateliers a year: a page of this many is never cut short in practice.
ANNONCES_MAX = 60
OUVERTES = (Ouverture.OUVERTES, Ouverture.COMPLET)
# Out of draft, and not in a state `ouverture` would refuse anyway: no need to count their seats.
STATUTS_ECARTES = [StatutAtelier.BROUILLON, StatutAtelier.CLOS, StatutAtelier.ANNULE, StatutAtelier.REALISE]


@dataclass(frozen=True)
class Annonce:
    """One atelier as the public sees it: nothing the registration page does not show."""

    titre: str
    quand: str
    lieu: str
    point_entree: str
    complet: bool
    date_limite: str
    lien_inscription: str
    atelier: Atelier  # for the calendar feed's event


def annonces(reseau: Reseau, *, today=None) -> list[Annonce]:
    """The réseau's announced ateliers, soonest first."""
    today = today or timezone.localdate()
    candidates = (
        Atelier.objects.for_reseau(reseau)
        .filter(sur_agenda=True, date__gte=today, inscriptions_fermees_le__isnull=True)
        .exclude(statut__in=STATUTS_ECARTES)
        .select_related("reseau", "lieu_collectivite", "point_entree")
        .order_by("date", "heure_debut", "id")[:ANNONCES_MAX]
    )
    found = []
    for atelier in candidates:
        state = ouverture(atelier, today=today)
        if state in OUVERTES:
            found.append(_annonce(atelier, complet=state == Ouverture.COMPLET))
    return found


def _annonce(atelier: Atelier, *, complet: bool) -> Annonce:
    limite = atelier.date_limite_inscription
    return Annonce(
        titre=atelier.titre,
        quand=quand(atelier),
        lieu=lieu(atelier),
        point_entree=atelier.point_entree.nom if atelier.point_entree else "",
        complet=complet,
        date_limite=date_longue(limite) if limite else "",
        lien_inscription=settings.SITE_URL
        + reverse("ateliers:inscription_publique", kwargs={"jeton": atelier.jeton_public}),
        atelier=atelier,
    )


def agenda_ics(reseau: Reseau, *, today=None) -> bytes:
    """The same ateliers as an iCalendar feed partners subscribe to (Thunderbird, Outlook,
    Google Agenda): each event links to its registration page."""
    events = []
    for annonce in annonces(reseau, today=today):
        text = [f"Organisé par {reseau.nom}."]
        if annonce.point_entree:
            text.append(f"Point d'entrée{NBSP}: {annonce.point_entree}.")
        text.append(f"Inscription{NBSP}: {annonce.lien_inscription}")
        description = "\n".join(text)
        events.append(atelier_event(annonce.atelier, description=description, url=annonce.lien_inscription))
    return calendar_ics(events, nom=f"Ateliers — {reseau.nom}")


def agenda_links(reseau: Reseau) -> dict:
    """Where the agenda is, for the team to pass on: the page, the feed, the frame and the
    HTML that puts the frame in a page of the réseau's website."""
    page, feed, framed = (
        settings.SITE_URL + reverse(name, kwargs={"slug": reseau.slug})
        for name in ("agenda:agenda", "agenda:ics", "agenda:integre")
    )
    title = f"Agenda des ateliers — {reseau.nom}"
    iframe = f'<iframe src="{framed}" title="{escape(title)}" width="100%" height="640"></iframe>'
    origins = reseau.origines_agenda
    return {"page": page, "flux": feed, "integre": framed, "iframe": iframe, "origines": origins}
