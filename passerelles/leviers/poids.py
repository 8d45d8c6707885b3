"""Every weight of the advice ranking, in one place, with why.

A weight adds to an entry point's score when the profile shows the signal. Scores only
order the entry points for one collectivité; they are not probabilities.
"""

# (signal, entry point) -> (weight, reason shown to the user)
POIDS = {
    # What the collectivité already does is the strongest local interest.
    ("fait:pat", "alimentation"): (4, "le réseau lui connaît un projet alimentaire territorial"),
    ("fait:gal", "developpement-rural"): (4, "membre d'un GAL LEADER"),
    ("fait:jumelage", "jumelage-jeunesse"): (4, "a un jumelage à faire vivre"),
    ("fait:jumelage", "territoire-a-territoire"): (1, "un jumelage peut s'élargir aux acteurs du territoire"),
    ("fait:cooperation", "cooperation-decentralisee"): (3, "mène déjà une coopération décentralisée"),
    ("fait:cooperation", "territoire-a-territoire"): (
        1,
        "peut associer les acteurs du territoire à sa coopération",
    ),
    # Rural territories: food, LEADER and territory-to-territory speak more than "AECT".
    ("rurale", "alimentation"): (2, "territoire rural : l'alimentation est un intérêt local concret"),
    ("rurale", "developpement-rural"): (2, "territoire rural, couvert en général par un GAL LEADER"),
    ("rurale", "territoire-a-territoire"): (1, "territoire rural : partir des acteurs locaux"),
    # A competence held (or presumed held) opens its "1 %" and the matching technical angle.
    ("competence:eau", "eau-assainissement"): (3, "détient la compétence eau (1 % eau mobilisable)"),
    ("competence:assainissement", "eau-assainissement"): (2, "détient la compétence assainissement"),
    ("competence:dechets", "dechets"): (3, "détient la compétence déchets (1 % déchets mobilisable)"),
    ("competence:mobilite", "mobilite"): (
        3,
        "autorité organisatrice de la mobilité (1 % mobilité mobilisable)",
    ),
    ("competence:energie", "energie"): (2, "détient la compétence énergie"),
    # Size: large collectivités have campuses, firms and tourist offices; small ones twin.
    ("grande", "enseignement-superieur"): (2, "ville ou territoire de plus de 50 000 hab."),
    ("grande", "developpement-economique"): (2, "ville ou territoire de plus de 50 000 hab."),
    ("grande", "tourisme"): (1, "ville ou territoire de plus de 50 000 hab."),
    ("petite", "jumelage-jeunesse"): (1, "petite commune : le jumelage est l'échelle la plus accessible"),
    ("petite", "territoire-a-territoire"): (1, "petite commune : agir avec son EPCI et ses associations"),
    # Régions and départements: their own competences.
    ("type:region", "enseignement-superieur"): (2, "compétence régionale (enseignement supérieur)"),
    ("type:region", "developpement-economique"): (3, "compétence régionale (développement économique)"),
    ("type:region", "cooperation-decentralisee"): (2, "les régions portent des coopérations structurées"),
    # Départements after the loi NOTRe (2015): no general competence nor economic development
    # (régions); solidarities, youth and collèges (their catering: food, PAT), culture, sport and
    # tourism (shared competences, L1111-4 CGCT).
    ("type:departement", "jumelage-jeunesse"): (
        2,
        "solidarités et jeunesse : compétences départementales (aide sociale à l'enfance, collèges)",
    ),
    ("type:departement", "alimentation"): (
        2,
        "restauration des collèges, compétence départementale : approvisionnement local, PAT",
    ),
    ("type:departement", "culture-sport"): (2, "culture et sport, compétences partagées (L1111-4 CGCT)"),
    ("type:departement", "tourisme"): (1, "tourisme, compétence partagée (L1111-4 CGCT)"),
    # The Collectivité européenne d'Alsace: chef de file of cross-border cooperation (loi 2019-816).
    ("transfrontalier", "cooperation-transfrontaliere"): (
        5,
        "chef de file de la coopération transfrontalière sur son territoire (loi n° 2019-816)",
    ),
    ("type:departement", "cooperation-decentralisee"): (
        1,
        "les départements portent des coopérations structurées",
    ),
    ("type:epci", "territoire-a-territoire"): (1, "l'échelle intercommunale fédère les acteurs"),
    # The seed's lesson: the AECT framing itself was too technical for newcomers.
    ("novice", "cooperation-decentralisee"): (
        -3,
        "pas encore engagée : l'entrée « coopération décentralisée » s'est avérée trop technique "
        "pour les nouveaux venus (atelier de Bourges, 2024)",
    ),
}
LARGE, SMALL = 50_000, 2_000  # inhabitants
