"""The verification screen's data: every row planned, the counts and the rows that need the
user's eye stored, so that the screen pages through them without checking the file again.

A large file is checked by the worker; the stored check is reused while the user's side of
it (mapping, choices, refused merges) is unchanged. The import itself plans the rows again,
so a check made before other contacts were added can never import stale decisions."""

import hashlib
import json
from dataclasses import asdict

from django.db import transaction
from django.utils import timezone

from passerelles.core.insertion import database_row, insert_rows, insertable_fields
from passerelles.territoires.cache import shared_matcher

from ..models import ImportContacts, LigneVerifiee
from .execution import let_others_write
from .plan import CREER, LignePlan, build_plan, plan_as_data, plan_counts

PAR_PAGE = 100
# The rows needing the user's eye are stored this many per transaction.
PAR_TRANSACTION = 2000


def fingerprint(session: ImportContacts) -> str:
    """What the check depends on from the user's side: any change means checking again."""
    inputs = [session.nombre_lignes, session.correspondance, session.choix, sorted(session.fusions_refusees)]
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def is_current(session: ImportContacts) -> bool:
    return session.verification.get("cle") == fingerprint(session)


def needs_attention(entry: LignePlan) -> bool:
    uncertain = bool(entry.correspondance) and entry.correspondance["statut"] in (
        "ambigue",
        "incertaine",
        "choisie",
    )
    return entry.action != CREER or bool(entry.avertissements) or uncertain


def session_plan(session: ImportContacts, progression=None) -> list[LignePlan]:
    """Every row of the session planned with the user's mapping and choices."""
    return build_plan(
        reseau=session.reseau,
        lignes=session.lignes,
        mapping=session.mapping,
        choix=session.choix,
        fusions_refusees=set(session.fusions_refusees),
        matcher=shared_matcher(),
        progression=progression,
    )


def verify(session: ImportContacts, progression=None) -> None:
    plan = session_plan(session, progression)
    fields = insertable_fields(LigneVerifiee)
    rows = [
        database_row(LigneVerifiee(session=session, ligne=entry.ligne, donnees=asdict(entry)), fields)
        for entry in plan
        if needs_attention(entry)
    ]
    # In short transactions, so that other writers never wait for the whole file: the
    # screens stop trusting the old check first, and trust the new one once all its rows are in.
    session.verification = {}
    session.save(update_fields=["verification"])
    session.lignes_verifiees.all().delete()
    columns = [field.column for field in fields]
    for start in range(0, len(rows), PAR_TRANSACTION):
        with transaction.atomic():
            insert_rows(LigneVerifiee, columns, rows[start : start + PAR_TRANSACTION])
        let_others_write()
    session.verification = {
        "cle": fingerprint(session),
        "le": timezone.now().isoformat(),
        "compte": plan_counts(plan),
        "apercu": plan_as_data(plan[:10]),
    }
    session.save(update_fields=["verification"])
