"""The emails an atelier sends: default texts, and their personalisation (placeholders
between braces, see `passerelles.courriels.textes`).
"""

from django.conf import settings
from django.urls import reverse

from passerelles.ateliers.preparation.calendrier import quand
from passerelles.ateliers.preparation.documents import lieu
from passerelles.ateliers.preparation.models import Atelier
from passerelles.core.francais import guillemets, heure
from passerelles.courriels import textes
from passerelles.courriels.textes import render, salutation

from .models import Invitation

PLACEHOLDERS = {
    "salutation": "« Bonjour Madame Durand » ou « Madame, Monsieur » pour une mairie",
    "titre": "le titre de l'atelier",
    "quand": "la date et l'horaire",
    "lieu": "le lieu et son adresse",
    "programme": "le programme, séquence par séquence",
    "reseau": "le nom du réseau",
    "lien_inscription": "le lien d'inscription personnel",
}

OBJET_INVITATION = "Invitation : {titre}, {quand}"
TEXTE_INVITATION = """{salutation},

{reseau} vous invite à l'atelier {titre}, {quand}, {lieu}.

Élu·es, agents et partenaires des collectivités y découvriront comment une collectivité, quelle que soit sa taille, peut agir à l'international : des témoignages de collectivités déjà engagées, le cadre juridique de l'action extérieure des collectivités territoriales, les outils et les financements accessibles.

Au programme :
{programme}

L'inscription est gratuite et ne prend qu'une minute, sans créer de compte :
{lien_inscription}

Au plaisir de vous y accueillir,
L'équipe de {reseau}"""

OBJET_RELANCE = "Rappel : {titre}, {quand}"
TEXTE_RELANCE = """{salutation},

Nous vous avons invité·e à l'atelier {titre}, {quand}, {lieu}. Il est encore temps de vous inscrire, en une minute et sans créer de compte :
{lien_inscription}

Au programme :
{programme}

Bien cordialement,
L'équipe de {reseau}"""

OBJET_RAPPEL = "À bientôt : {titre}, {quand}"
TEXTE_RAPPEL = """{salutation},

Nous vous attendons à l'atelier {titre}, {quand}, {lieu}.

Au programme :
{programme}

Si vous ne pouvez plus venir, merci de nous le dire grâce au lien reçu avec la confirmation de votre inscription : votre place profitera à une personne en liste d'attente.

À très bientôt,
L'équipe de {reseau}"""

OBJET_MERCI = "Merci de votre participation : {titre}"
TEXTE_MERCI = """{salutation},

Merci d'avoir participé à l'atelier {titre}, {quand}. Nous espérons que les témoignages et les échanges vous ont donné des idées pour votre collectivité.

Nous reviendrons vers vous très prochainement avec un court questionnaire : vos réponses nous aideront à préparer les prochains ateliers. D'ici là, notre équipe reste à votre disposition pour en parler.

Bien cordialement,
L'équipe de {reseau}"""

OBJET_ABSENT = "Vous n'avez pas pu venir : {titre}"
TEXTE_ABSENT = """{salutation},

Vous étiez inscrit·e à l'atelier {titre}, {quand}, et nous regrettons de ne pas vous y avoir vu·e.

Si le sujet vous intéresse toujours, notre équipe peut vous présenter ce qui s'y est dit et vous accompagner dans vos premières démarches : il suffit de répondre à ce message.

Bien cordialement,
L'équipe de {reseau}"""


def unknown_placeholders(text: str) -> list[str]:
    return textes.unknown_placeholders(text, PLACEHOLDERS)


def atelier_values(atelier: Atelier) -> dict[str, str]:
    """What every message of the atelier shares: computed once for a whole mailing."""
    return {
        "titre": guillemets(atelier.titre),
        "quand": quand(atelier),
        "lieu": lieu(atelier) or "lieu à préciser",
        "programme": programme(atelier),
        "reseau": atelier.reseau.nom,
    }


def programme(atelier: Atelier) -> str:
    sequences = list(atelier.sequences.all())
    if not sequences:
        return "Le programme détaillé vous sera envoyé prochainement."
    lines = []
    for sequence in sequences:
        when = f"{heure(sequence.debut)} : " if sequence.debut else ""
        lines.append(f"– {when}{sequence.titre}")
    return "\n".join(lines)


def registration_link(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("ateliers:inscription_invitation", kwargs={"jeton": invitation.jeton})


def invitation_values(invitation: Invitation, shared: dict[str, str]) -> dict[str, str]:
    contact = invitation.contact
    return {
        **shared,
        "salutation": salutation(
            civilite=contact.civilite if contact else "",
            prenom=contact.prenom if contact else "",
            nom=contact.nom if contact else "",
            institutionnelle=invitation.institutionnelle,
        ),
        "lien_inscription": registration_link(invitation),
    }


def invitation_email(invitation: Invitation, shared: dict[str, str] | None = None) -> tuple[str, str]:
    """(subject, body) of the invitation as this person will receive it."""
    atelier = invitation.atelier
    values = invitation_values(invitation, shared or atelier_values(atelier))
    subject = render(atelier.objet_invitation or OBJET_INVITATION, values)
    return subject, render(atelier.texte_invitation or TEXTE_INVITATION, values)
