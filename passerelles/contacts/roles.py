"""The shipped list of roles: the publics the seed's workshop addressed, by family."""

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
