"""The import report in French, for the terminal and the screen."""

from .plan import CREER, IGNORER, METTRE_A_JOUR, LignePlan, plan_counts


def summary_line(plan: list[LignePlan], dry_run: bool) -> str:
    counts = plan_counts(plan)
    verb = "Simulation" if dry_run else "Import terminé"
    return (
        f"{verb} : {counts[CREER]} contact(s) à créer, {counts[METTRE_A_JOUR]} à mettre à jour (doublons), "
        f"{counts[IGNORER]} ligne(s) ignorée(s), {counts['a_verifier']} collectivité(s) à vérifier."
        if dry_run
        else f"{verb} : {counts[CREER]} contact(s) créé(s), {counts[METTRE_A_JOUR]} mis à jour (doublons), "
        f"{counts[IGNORER]} ligne(s) ignorée(s), {counts['a_verifier']} collectivité(s) à vérifier."
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
