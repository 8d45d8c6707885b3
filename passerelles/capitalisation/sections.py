"""The sections of a fiche de capitalisation, in the order of the seed, with their French
titles and the headings that announce them in real documents."""

SECTIONS = {
    "titre": ("Titre", []),
    "porteur": ("Pratique déployée par", ["pratique deployee par", "porteur", "porteur de la pratique"]),
    "resume": ("Résumé", ["resume"]),
    "interet": (
        "Intérêt de la démarche pour le réseau",
        [
            "interet de la demarche pour le rrma",
            "interet de la demarche pour le reseau",
            "interet de la demarche",
        ],
    ),
    "collectivites_ciblees": (
        "Collectivités ciblées",
        ["collectivites ciblees", "public cible", "collectivites visees"],
    ),
    "besoin_initial": (
        "Besoin initial de la collectivité",
        ["besoin initial de la collectivite", "besoin initial des collectivites", "besoin initial"],
    ),
    "objectifs": ("Objectifs de la démarche", ["objectifs de la demarche", "objectifs"]),
    "approche": ("Approche proposée", ["approche proposee", "approche"]),
    "resultats": ("Résultats", ["les resultats", "resultats", "resultats obtenus"]),
    "calendrier": ("Calendrier", ["calendrier", "dates"]),
    "ressources": ("Ressources", ["ressources", "moyens", "ressources mobilisees"]),
    "acteurs": ("Acteurs impliqués", ["acteurs impliques", "acteurs"]),
    "outils": ("Outils déployés", ["outils deployes", "outils"]),
    "verbatims": ("Verbatims", ["verbatims", "paroles d acteurs", "temoignages"]),
    "leviers": ("Leviers d'action", ["leviers d action", "leviers"]),
    "limites": ("Limites", ["limites", "difficultes", "limites rencontrees"]),
    "enseignements": (
        "Principaux enseignements",
        ["principaux enseignements", "enseignements", "lecons apprises"],
    ),
}
TEXT_SECTIONS = [key for key in SECTIONS if key != "verbatims"]
LESSON_SECTIONS = ("leviers", "limites", "enseignements")
