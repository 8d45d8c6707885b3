"""The fields a spreadsheet column can fill, and the French headers recognised for each."""

from passerelles.territoires.normalisation import normalise

CHAMPS = {
    "civilite": ("Civilité", ["civilite", "civ", "titre"]),
    "prenom": ("Prénom", ["prenom", "first name", "firstname"]),
    "nom": ("Nom", ["nom", "nom de famille", "last name", "lastname", "name"]),
    "fonction": ("Fonction", ["fonction", "poste", "qualite", "fonction occupee"]),
    "role": ("Rôle", ["role", "public", "categorie", "type de contact", "profil"]),
    "email": (
        "Courriel",
        [
            "email",
            "e mail",
            "mail",
            "courriel",
            "adresse mail",
            "adresse email",
            "adresse e mail",
            "adresse electronique",
            "mel",
        ],
    ),
    "telephone": ("Téléphone", ["telephone", "tel", "portable", "mobile", "phone", "numero de telephone"]),
    "collectivite": (
        "Collectivité",
        [
            "collectivite",
            "commune",
            "structure",
            "organisme",
            "ville",
            "mairie",
            "epci",
            "territoire",
            "collectivite territoriale",
            "intercommunalite",
        ],
    ),
    "code_postal": ("Code postal", ["cp", "code postal", "codepostal"]),
    "code_insee": ("Code INSEE", ["insee", "code insee", "code commune", "cog", "code officiel"]),
    "departement": ("Département", ["departement", "dept", "dep", "dpt"]),
    "organisation": ("Organisation", ["organisation", "association", "entreprise", "organisme partenaire"]),
    "notes": ("Notes", ["notes", "note", "commentaire", "commentaires", "remarques", "observations"]),
    "consentement": (
        "Accepte les envois",
        ["consentement", "accepte les envois", "newsletter", "opt in", "optin", "abonne"],
    ),
    "consentement_source": (
        "Source du consentement",
        [
            "source du consentement",
            "source consentement",
            "origine du consentement",
            "preuve du consentement",
        ],
    ),
}
_BY_HEADER = {synonym: field for field, (_, synonyms) in CHAMPS.items() for synonym in synonyms}


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """{column index: field} for the headers recognised, each field used at most once."""
    mapping, used = {}, set()
    for position, header in enumerate(headers):
        field = _BY_HEADER.get(normalise(header))
        if field and field not in used:
            mapping[position] = field
            used.add(field)
    return mapping


def field_choices() -> list[tuple[str, str]]:
    return [("", "— ne pas importer —")] + [(field, label) for field, (label, _) in CHAMPS.items()]
