"""The shipped list of roles: the publics the seed's workshop addressed, by family."""

import re

from .models import FamilleRole as F

ROLES = [
    ("maire", "Maire", F.ELU),
    ("adjoint-maire", "Adjoint·e au maire", F.ELU),
    ("conseiller-municipal", "Conseiller·e municipal·e", F.ELU),
    ("president-epci", "Président·e d'EPCI", F.ELU),
    ("vice-president-epci", "Vice-président·e d'EPCI", F.ELU),
    ("conseiller-communautaire", "Conseiller·e communautaire", F.ELU),
    ("elu-departemental", "Élu·e départemental·e", F.ELU),
    ("elu-regional", "Élu·e régional·e", F.ELU),
    ("dgs", "Directeur·rice général·e des services (DGS)", F.DIRECTION),
    ("dst", "Directeur·rice des services techniques", F.DIRECTION),
    ("agent-eau", "Agent — eau et assainissement", F.AGENT),
    ("agent-mobilites", "Agent — mobilités", F.AGENT),
    ("agent-tourisme", "Agent — tourisme", F.AGENT),
    ("agent-energie", "Agent — énergie", F.AGENT),
    ("agent-dechets", "Agent — déchets", F.AGENT),
    ("agent-enseignement-superieur", "Agent — enseignement supérieur", F.AGENT),
    ("agent-developpement-economique", "Agent — développement économique", F.AGENT),
    ("agent-alimentation", "Agent — agriculture et alimentation", F.AGENT),
    ("agent-culture", "Agent — culture, sport, jeunesse", F.AGENT),
    ("charge-relations-internationales", "Chargé·e des relations internationales", F.INTERNATIONAL),
    ("president-jumelage", "Président·e d'association de jumelage", F.JUMELAGE),
    ("benevole-jumelage", "Bénévole d'association de jumelage", F.JUMELAGE),
    ("operateur-cooperation", "Opérateur de coopération", F.OPERATEUR),
    ("partenaire-institutionnel", "Partenaire institutionnel", F.PARTENAIRE),
    ("autre", "Autre", F.AUTRE),
]


# What people write in a « Fonction » column, normalised (lower case, no accents), and the role
# it means; the first pattern that matches wins, so the more specific ones come first.
_PRESIDENT = r"(co )?president(e)?"
_EPCI = r"(communaute|agglomeration|metropole|epci|communautaire|cc)"
_ELU_DU_CONSEIL = r"\b(conseill|vice president|president)\w* (du conseil )?"
ROLE_OF_FUNCTION = [
    (rf"\bjumelages?\b.*\b{_PRESIDENT}\b|\b{_PRESIDENT}\b.*\bjumelage", "president-jumelage"),
    (r"\bjumelage", "benevole-jumelage"),
    (rf"\bvice president.*\b{_EPCI}\b", "vice-president-epci"),
    (rf"\bpresident.*\b{_EPCI}\b", "president-epci"),
    (rf"{_ELU_DU_CONSEIL}(departement|departemental)", "elu-departemental"),
    (rf"{_ELU_DU_CONSEIL}(region|regional)", "elu-regional"),
    (r"\bconseill\w* communautaire", "conseiller-communautaire"),
    (r"^(1(er|ere)? |premier |premiere |\d+e(me)? )?adjoint|\bmaire adjoint", "adjoint-maire"),
    (r"\bconseill\w* municipa", "conseiller-municipal"),
    (r"^maire\b", "maire"),
    (r"^dgs\b|\bdirect\w* generale? des services\b", "dgs"),
    (r"^dst\b|\bdirect\w* des services techniques\b", "dst"),
    (
        r"\b(relations internationales|cooperation decentralisee|action (exterieure|internationale))",
        "charge-relations-internationales",
    ),
]


def role_of_function(fonction_normalisee: str) -> str | None:
    """The role code a function implies (« Adjointe aux relations internationales » is an
    adjoint·e au maire), or None when the function says nothing certain."""
    for pattern, code in _ROLE_PATTERNS:
        if pattern.search(fonction_normalisee):
            return code
    return None


_ROLE_PATTERNS = [(re.compile(pattern), code) for pattern, code in ROLE_OF_FUNCTION]
