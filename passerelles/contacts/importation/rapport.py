"""The import report in French, for the terminal and the screen."""

from passerelles.core.francais import accord

from .plan import CREER, IGNORER, METTRE_A_JOUR, LignePlan, plan_counts


def summary_line(plan: list[LignePlan], dry_run: bool) -> str:
    counts = plan_counts(plan)
    verb = "Simulation" if dry_run else "Import terminé"
    created = (
        accord(counts[CREER], "contact à créer", "contacts à créer")
        if dry_run
        else accord(counts[CREER], "contact créé", "contacts créés")
    )
    merged = "à mettre à jour (doublons)" if dry_run else "mis à jour (doublons)"
    return (
        f"{verb} : {created}, {counts[METTRE_A_JOUR]} {merged}, "
        f"{accord(counts[IGNORER], 'ligne ignorée', 'lignes ignorées')}, "
        f"{accord(counts['a_verifier'], 'collectivité à vérifier', 'collectivités à vérifier')}."
    )


def detail_lines(plan: list[LignePlan]) -> list[str]:
    lines = []
    for entry in plan:
        notes = []
        if entry.action != CREER:
            notes.append(f"{'ignorée' if entry.action == IGNORER else 'mise à jour'} : {entry.motif}")
        if entry.correspondance and entry.collectivite_id:
            best = next(
                (c for c in entry.correspondance["candidats"] if c["id"] == entry.collectivite_id), None
            )
            if best and best["confiance"] < 100:
                notes.append(f"« {entry.correspondance['texte']} » → {best['nom']} ({best['confiance']} %)")
        notes.extend(entry.avertissements)
        if notes:
            lines.append(f"ligne {entry.ligne} : " + " ; ".join(notes))
    return lines
