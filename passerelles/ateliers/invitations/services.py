"""Who is invited to an atelier: the target segments' collectivités × the targeted roles, plus
contacts picked by hand. Only people the réseau may write to are kept; everyone left out is
counted with the reason, so the team sees what the list does not cover."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from passerelles.ateliers.courrier import NatureMessage
from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.contacts.models import Contact
from passerelles.core.saisie import bounded_words
from passerelles.core.travaux import launch, report_progress, travail_task
from passerelles.courriels import services as courriels
from passerelles.courriels.models import AdresseEnEchec
from passerelles.courriels.services import queue_messages
from passerelles.leviers.segments import segment_queryset
from passerelles.territoires.models import Collectivite

from .models import Invitation
from .textes import atelier_values, invitation_email

EFFACE = "effacé·e (RGPD)"
DESINSCRIT = "désinscrit·e"
SANS_COURRIEL = "sans adresse électronique"
SANS_ACCORD = "la base légale ne permet pas de lui écrire (consentement non donné)"
EN_ECHEC = "adresse en échec (refusée par le serveur de messagerie)"
SANS_MAIRIE = "collectivité sans contact connu ni adresse de mairie"
QUEUE_CHUNK = 500


@dataclass(frozen=True)
class Destinataire:
    email: str
    contact: Contact | None = None
    collectivite: Collectivite | None = None
    institutionnelle: bool = False


@dataclass
class ListeInvitation:
    destinataires: list[Destinataire] = field(default_factory=list)
    exclus: Counter = field(default_factory=Counter)
    collectivites: int = 0


def invitation_list(atelier: Atelier) -> ListeInvitation:
    """The list the segments and roles give today (hand-picked contacts are already rows)."""
    reseau = atelier.reseau
    member_ids = _segment_members(atelier)
    contacts = Contact.objects.for_reseau(reseau).filter(collectivite_id__in=member_ids)
    roles = list(atelier.roles.all())
    if roles:
        contacts = contacts.filter(role__in=roles)
    reachable = set(contacts.joignables().values_list("pk", flat=True))
    contacts = list(contacts.select_related("collectivite"))
    failing = _failing_addresses(reseau)
    liste = ListeInvitation(collectivites=len(member_ids))
    seen: set[str] = set()
    for contact in contacts:
        reason = _exclusion(contact, reachable, failing)
        if reason:
            liste.exclus[reason] += 1
        elif contact.email.lower() not in seen:
            seen.add(contact.email.lower())
            liste.destinataires.append(Destinataire(contact.email.lower(), contact, contact.collectivite))
    known = {contact.collectivite_id for contact in contacts if not contact.efface_le}
    _add_town_halls(liste, member_ids - known, failing, _unsubscribed_addresses(reseau), seen)
    return liste


def _segment_members(atelier: Atelier) -> set[int]:
    members: set[int] = set()
    for segment in atelier.segments.all():
        qs = segment_queryset(reseau=atelier.reseau, filtres=segment.filtres)
        members.update(qs.values_list("id", flat=True))
    return members


def _exclusion(contact: Contact, reachable: set[int], failing: set[str]) -> str:
    if contact.efface_le:
        return EFFACE
    if contact.desinscrit_le:
        return DESINSCRIT
    if not contact.email:
        return SANS_COURRIEL
    if contact.pk not in reachable:
        return SANS_ACCORD
    if contact.email.lower() in failing:
        return EN_ECHEC
    return ""


def _add_town_halls(liste, unknown_ids: set[int], failing: set[str], unsubscribed: set[str], seen: set[str]):
    """Where nobody of the targeted publics is known, the town hall's institutional address."""
    for collectivite in Collectivite.objects.filter(pk__in=unknown_ids).order_by("nom_normalise"):
        email = collectivite.mairie_email.strip().lower()
        if not email:
            liste.exclus[SANS_MAIRIE] += 1
        elif email in unsubscribed:
            liste.exclus[DESINSCRIT] += 1
        elif email in failing:
            liste.exclus[EN_ECHEC] += 1
        elif email not in seen:
            seen.add(email)
            liste.destinataires.append(Destinataire(email, None, collectivite, institutionnelle=True))


def _failing_addresses(reseau) -> set[str]:
    return {
        email.lower() for email in AdresseEnEchec.objects.for_reseau(reseau).values_list("email", flat=True)
    }


def _unsubscribed_addresses(reseau) -> set[str]:
    people = Contact.objects.for_reseau(reseau).filter(desinscrit_le__isnull=False).exclude(email="")
    return {email.lower() for email in people.values_list("email", flat=True)}


@transaction.atomic
def invitations_build(atelier: Atelier) -> int:
    """Writes the list as invitations; running it again adds only who is new."""
    existing = {email.lower() for email in atelier.invitations.values_list("email", flat=True)}
    new = [
        Invitation(
            reseau=atelier.reseau,
            atelier=atelier,
            contact=person.contact,
            collectivite=person.collectivite,
            email=person.email,
            institutionnelle=person.institutionnelle,
        )
        for person in invitation_list(atelier).destinataires
        if person.email not in existing
    ]
    Invitation.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    return len(new)


class InvitationRefusee(ValueError):
    pass


def contact_add(atelier: Atelier, contact: Contact) -> Invitation:
    """Adds a contact picked by hand, if the réseau may write to them."""
    reachable = set(Contact.objects.filter(pk=contact.pk).joignables().values_list("pk", flat=True))
    reason = _exclusion(contact, reachable, _failing_addresses(atelier.reseau))
    if reason:
        raise InvitationRefusee(f"{contact.nom_complet} ne peut pas être invité·e : {reason}.")
    invitation, _ = Invitation.objects.get_or_create(
        atelier=atelier,
        email=contact.email.lower(),
        defaults={
            "reseau": atelier.reseau,
            "contact": contact,
            "collectivite": contact.collectivite,
            "choisie_a_la_main": True,
        },
    )
    return invitation


def contacts_search(atelier: Atelier, text: str, limit: int = 10):
    """Contacts of the réseau whose name matches, for picking by hand."""
    words = bounded_words(text)
    if not words:
        return Contact.objects.none()
    qs = Contact.objects.for_reseau(atelier.reseau).filter(efface_le__isnull=True)
    for word in words:
        qs = qs.filter(Q(nom__icontains=word) | Q(prenom__icontains=word) | Q(email__icontains=word))
    return qs.select_related("collectivite", "role").order_by("nom", "prenom")[:limit]


def sendable_invitations(atelier: Atelier, invitations=None):
    """The atelier's invitations (or those given) that may still be written to today."""
    failing = _failing_addresses(atelier.reseau)
    unsubscribed = _unsubscribed_addresses(atelier.reseau)
    invitations = (
        (invitations if invitations is not None else atelier.invitations.all())
        .select_related("contact", "collectivite")
        .order_by("id")
    )
    for invitation in invitations.iterator(2000):
        email = invitation.email.lower()
        contact = invitation.contact
        if email in failing or email in unsubscribed:
            continue
        if contact and not contact.peut_recevoir_des_envois:
            continue
        yield invitation


def invitations_send(*, atelier: Atelier, auteur):
    """Starts queueing the invitations in the worker; the atelier is now « invitations envoyées »."""
    if atelier.statut == StatutAtelier.BROUILLON:
        atelier.statut = StatutAtelier.INVITATIONS_ENVOYEES
        atelier.save(update_fields=["statut", "modifie_le"])
    return launch(
        reseau=atelier.reseau,
        auteur=auteur,
        task=queue_invitations,
        libelle=f"Invitations : {atelier.titre}",
        atelier_id=atelier.pk,
    )


def invitations_queue(atelier: Atelier, progress=None) -> int:
    """Renders and queues one message per invitation; a second run queues nothing twice."""
    shared = atelier_values(atelier)
    invitations = list(sendable_invitations(atelier))
    queued = 0
    for start in range(0, len(invitations), QUEUE_CHUNK):
        batch = [
            _invitation_message(atelier, invitation, shared)
            for invitation in invitations[start : start + QUEUE_CHUNK]
        ]
        queued += queue_messages(reseau=atelier.reseau, messages=batch)
        if progress:
            progress(start + len(batch), len(invitations))
    courriels.kick()
    return queued


def _invitation_message(atelier: Atelier, invitation: Invitation, shared: dict) -> dict:
    invitation.atelier = atelier
    sujet, corps = invitation_email(invitation, shared)
    return {
        "objet": atelier,
        "cle": f"invitation:{invitation.pk}",
        "nature": NatureMessage.INVITATION,
        "destinataire": invitation.email,
        "contact": invitation.contact,
        "sujet": sujet,
        "corps": corps,
    }


@travail_task
def queue_invitations(travail, *, atelier_id: int):
    atelier = Atelier.objects.select_related("reseau").get(pk=atelier_id, reseau=travail.reseau)
    queued = invitations_queue(
        atelier,
        progress=lambda done, total: report_progress(travail, done, total, "Préparation des messages"),
    )
    return {"messages": queued}
