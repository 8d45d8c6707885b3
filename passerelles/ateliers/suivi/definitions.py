"""What each indicator means, in the words the pages, the reports and the docs use."""

from .statistiques import SEUIL_COMPARAISON

FICTIF = "fictif (démonstration)"
# Figures that come from the survey: in the demo they are invented, and say so.
FIGURES_ENQUETE = (
    "repondants",
    "satisfaction_moyenne",
    "part_trop_technique",
    "part_trop_institutionnel",
    "demandes_rendez_vous",
)

_PROGRESSION = (
    "Part des collectivités participantes vues, pièce à l'appui (échange, délibération, dossier, "
    "fait d'engagement), à une étape au-delà de leur étape de départ et de « Sensibilisée », {mois} "
    "mois après l'atelier ; comparée à la même part chez les collectivités suivies d'aussi près qui "
    "ne sont pas venues (invitées absentes, sinon collectivités avec qui le réseau a échangé dans "
    "les 6 mois). Intervalles de confiance à 95 % (Wilson ; Newcombe pour la différence). Une "
    f"différence n'est affirmée que si son intervalle exclut zéro et que chaque groupe compte au "
    f"moins {SEUIL_COMPARAISON} collectivités : association, pas preuve d'effet."
)

DEFINITIONS = {
    "invites": (
        "Invités",
        "Personnes (ou mairies) sur la liste d'invitation de l'atelier ; inconnu sans liste, quand la "
        "liste compte moins de personnes que d'inscrits (l'invitation a circulé autrement) et, sur "
        "plusieurs ateliers, dès que l'un d'eux est inconnu.",
    ),
    "inscrits": (
        "Inscrits",
        "Participants inscrits et confirmés avant le jour J (hors liste d'attente, annulations, "
        "venues sans inscription, intervenants, organisateurs et partenaires).",
    ),
    "participants_presents": (
        "Participants présents",
        "Personnes pointées présentes le jour J, inscrites ou non, venues comme participantes. Les "
        "intervenants, organisateurs et partenaires sont comptés à part : ils ne sont pas le public "
        "touché. Inscrits, absents et tableaux par rôle ou par type ne comptent eux aussi que les "
        "participants.",
    ),
    "intervenants_presents": (
        "Intervenants présents",
        "Personnes présentes venues parler (intervention, témoignage) : intervenant d'une séquence "
        "du programme, ou qualité « intervenant » donnée par l'équipe.",
    ),
    "organisateurs_partenaires_presents": (
        "Organisateurs et partenaires présents",
        "Personnes présentes venues pour l'organisation ou comme partenaires de l'atelier.",
    ),
    "absents": (
        "Absents",
        "Participants inscrits confirmés non pointés présents (connu une fois l'atelier passé).",
    ),
    "sans_inscription": ("Sans inscription", "Participants venus sans s'être inscrits, ajoutés à l'accueil."),
    "liste_attente": ("Liste d'attente", "Inscriptions restées en liste d'attente."),
    "collectivites_touchees": (
        "Collectivités touchées",
        "Collectivités distinctes représentées par au moins un participant présent ; une "
        "collectivité venue seulement témoigner ou organiser n'est pas touchée.",
    ),
    "collectivites_intervenantes": (
        "Collectivités intervenantes",
        "Collectivités distinctes d'au moins un intervenant présent (venues témoigner).",
    ),
    "nouvelles_collectivites": (
        "Nouvelles pour le réseau",
        "Collectivités touchées avec lesquelles le réseau n'avait, avant le jour de l'atelier, ni "
        "échange, ni fait enregistré, ni étape au-delà de « Inconnue ».",
    ),
    "nouvelles_eloignees": (
        "Nouvelles et éloignées de l'action internationale",
        "Nouvelles pour le réseau et sans action internationale connue : ni coopération, ni "
        "jumelage, ni entrée de l'Atlas, ni déclaration d'APD (e-APD), ni étape « Engagée » ; un "
        "fait enregistré après l'atelier compte s'il avait commencé au plus tard l'année de "
        "l'atelier. C'est le public que vise d'abord la sensibilisation.",
    ),
    "collectivites_eloignees": (
        "Éloignées de l'action internationale",
        "Collectivités touchées sans action internationale connue (même définition), qu'elles soient "
        "nouvelles pour le réseau ou non.",
    ),
    "deja_connues": (
        "Déjà connues",
        "Collectivités touchées avec un échange, un fait ou une étape enregistrés avant l'atelier, "
        "mais pas engagées.",
    ),
    "deja_engagees": (
        "Déjà engagées",
        "Collectivités touchées qui avaient, avant l'atelier, un fait d'engagement enregistré "
        "(coopération, jumelage, autre action internationale, déclaration d'APD) ou une étape "
        "« Engagée ».",
    ),
    "repondants": ("Répondants", "Participants présents qui ont répondu au questionnaire."),
    "satisfaction_moyenne": ("Satisfaction moyenne", "Moyenne des notes de 1 à 5 données au questionnaire."),
    "part_trop_technique": (
        "Trouvé trop technique",
        "Part des répondants à cette question qui ont trouvé des interventions trop techniques.",
    ),
    "part_trop_institutionnel": (
        "Trouvé trop institutionnel",
        "Part des répondants à cette question qui ont trouvé la partie institutionnelle trop "
        "institutionnelle.",
    ),
    "demandes_rendez_vous": (
        "Demandes de rendez-vous",
        "Répondants qui souhaitent un rendez-vous : une intention déclarée, pas un changement observé.",
    ),
    "changements_declaratifs": (
        "Changements d'étape déclaratifs",
        "Changements d'étape des collectivités touchées, dans les 6 mois suivant l'atelier, que le "
        "logiciel a faits seul (participation, rendez-vous demandé au questionnaire) ou saisis sans "
        "pièce : montrés à part, jamais comptés comme progression.",
    ),
    "relances_total": ("Relances créées", "Relances de suivi créées par l'atelier."),
    "relances_dues": (
        "Relances arrivées à échéance",
        "Relances de l'atelier dont l'échéance est passée ou du jour.",
    ),
    "relances_faites_a_temps": (
        "Relances faites à temps",
        "Relances de l'atelier marquées faites au plus tard le jour de leur échéance.",
    ),
    "relances_en_retard": (
        "Relances en retard",
        "Relances de l'atelier non faites dont l'échéance est dépassée.",
    ),
    "signes_de_changement": (
        "Signes de changement",
        "Faits observés après l'atelier, datés et sourcés, que l'équipe lui attribue (délibération, "
        "première ligne budgétaire, jumelage relancé…).",
    ),
    "progression_3_mois": ("Progression observée à 3 mois", _PROGRESSION.format(mois=3)),
    "progression_6_mois": ("Progression observée à 6 mois", _PROGRESSION.format(mois=6)),
}
