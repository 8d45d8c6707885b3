"""After the day: follow-ups, survey, indicators, bilan and fiche of ateliers (area « suivi »)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from passerelles.ateliers.preparation.models import Atelier, StatutAtelier
from passerelles.ateliers.suivi import enquete as survey
from passerelles.ateliers.suivi import fiche, graphiques, rapports
from passerelles.ateliers.suivi import relances as follow_up
from passerelles.capitalisation.sections import SECTIONS, TEXT_SECTIONS
from passerelles.core.journal import journal_record
from passerelles.core.models import Reseau, Travail
from passerelles.core.tenancy import get_for_reseau_or_404, membre_required
from passerelles.core.travaux import launch

from .ce_qui_marche import ce_qui_marche as ce_qui_marche_of
from .ce_qui_marche import pooled_by_entry_point
from .forms import FiltresForm, SigneForm
from .indicateurs import atelier_indicateurs, tableau_ateliers
from .models import Reponse, SigneChangement
from .pistes import pistes_of_atelier
from .signes import signe_create, signe_delete
from .statistiques import SEUIL_COMPARAISON

# Answering takes a few requests; more than this per minute from one address is a robot.
LIMITE_ENQUETE = "20/m"


@membre_required
def suivi(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    context = {
        "atelier": atelier,
        "groupes": follow_up.echeancier(atelier),
        "realise": atelier.statut == StatutAtelier.REALISE,
        "travail": _last_job(atelier),
        "pistes": pistes_of_atelier(atelier),
    }
    return render(request, "ateliers/suivi/suivi.html", context)


def _last_job(atelier):
    return (
        Travail.objects.filter(reseau=atelier.reseau)
        .filter(nature=follow_up.suivi_atelier.module_path, parametres__atelier_id=atelier.pk)
        .order_by("-cree_le")
        .first()
    )


@require_POST
@membre_required
def suivi_lancer(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    try:
        follow_up.responsable_of(atelier)
        if atelier.statut != StatutAtelier.REALISE:
            raise follow_up.SuiviImpossible("Le suivi se prépare une fois l'atelier marqué « Réalisé ».")
    except follow_up.SuiviImpossible as refus:
        messages.error(request, refus.message_fr)
        return redirect("ateliers:suivi", pk=atelier.pk)
    launch(
        reseau=request.reseau,
        auteur=request.user,
        task=follow_up.suivi_atelier,
        libelle=f"Suivi de l'atelier « {atelier.titre} »",
        atelier_id=atelier.pk,
    )
    messages.success(request, "Le suivi est en préparation : relances et étapes apparaissent ci-dessous.")
    return redirect("ateliers:suivi", pk=atelier.pk)


# --- The satisfaction survey ---


@login_not_required
@ratelimit(key="ip", rate=LIMITE_ENQUETE, block=False)
def enquete(request, jeton):
    """The public survey page, reached by a participant's personal link."""
    if getattr(request, "limited", False):
        return render(request, "ateliers/suivi/enquete_limite.html", status=429)
    reponse = (
        Reponse.objects.filter(jeton=jeton)
        .select_related("questionnaire__atelier__reseau", "inscription")
        .first()
    )
    if reponse is None:
        raise Http404("Ce lien ne correspond à aucun questionnaire.")
    questionnaire = reponse.questionnaire
    ouvert = survey.is_open(questionnaire)
    initial = survey.ReponseForm.initial_from(
        reponse.valeurs, questionnaire.questions, reponse.citation_autorisee
    )
    form = survey.ReponseForm(
        request.POST if request.method == "POST" and ouvert else None,
        questions=questionnaire.questions,
        initial=initial,
    )
    merci = False
    if form.is_bound and form.is_valid():
        try:
            reponse = survey.reponse_save(reponse, form)
            merci = True
        except survey.EnqueteClose:
            ouvert = False
    context = {
        "reponse": reponse,
        "atelier": questionnaire.atelier,
        "questionnaire": questionnaire,
        "form": form,
        "ouvert": ouvert,
        "merci": merci,
    }
    return render(request, "ateliers/suivi/enquete.html", context, status=200 if not form.errors else 400)


@membre_required
def questionnaire(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    current = survey.questionnaire_for(atelier)
    form = survey.QuestionnaireForm(request.POST or None, questionnaire=current)
    if request.method == "POST" and form.is_valid():
        survey.questionnaire_update(current, form)
        messages.success(request, "Questionnaire enregistré.")
        return redirect("ateliers:questionnaire", pk=atelier.pk)
    answers = current.reponses.filter(repondu_le__isnull=False).count()
    context = {"atelier": atelier, "questionnaire": current, "form": form, "repondants": answers}
    return render(request, "ateliers/suivi/questionnaire.html", context)


@require_POST
@membre_required
def enquete_envoyer(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    if atelier.statut != StatutAtelier.REALISE:
        messages.error(request, "Le questionnaire s'envoie une fois l'atelier marqué « Réalisé ».")
        return redirect("ateliers:questionnaire", pk=atelier.pk)
    travail = launch(
        reseau=request.reseau,
        auteur=request.user,
        task=survey.enquete_envoi,
        libelle=f"Envoi du questionnaire de l'atelier « {atelier.titre} »",
        atelier_id=atelier.pk,
        base_url=request.build_absolute_uri("/"),
    )
    return redirect("travail", pk=travail.pk)


# --- Indicators ---


@membre_required
def indicateurs(request, pk, signe_form=None):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    figures_of = atelier_indicateurs(atelier)
    context = {
        "atelier": atelier,
        "ind": figures_of,
        "chiffres": rapports.figures(figures_of),
        "graphiques": graphiques.charts_of(figures_of),
        "repartition": rapports.detail_rows(figures_of),
        "comparaison": rapports.comparaison_rows(figures_of["detail"]["courbe"]),
        "croisement": rapports.croisement(figures_of),
        "signes": figures_of["detail"]["signes"],
        "signe_form": signe_form or SigneForm(atelier=atelier, initial={"date": timezone.localdate()}),
        "signe_supprimer": True,
        "interets": rapports.interets(figures_of),
        "mesures": rapports.MESURES.values(),
        "collectivites": [
            {**row, "libelle": rapports.STATUTS[row["statut"]]}
            for row in figures_of["detail"]["collectivites"]
        ],
        "seuil": SEUIL_COMPARAISON,
    }
    filename = f"indicateurs-atelier-{atelier.pk}"
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return rapports.xlsx_response(rapports.atelier_xlsx(figures_of), filename)
    if fmt == "pdf":
        return rapports.pdf_response("ateliers/suivi/indicateurs_pdf.html", context, filename)
    return render(request, "ateliers/suivi/indicateurs.html", context)


@require_POST
@membre_required
def signe_ajouter(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    form = SigneForm(request.POST, atelier=atelier)
    if not form.is_valid():
        messages.error(request, "Le signe de changement n'a pas été enregistré : voir ci-dessous.")
        return indicateurs(request, pk, signe_form=form)
    signe_create(atelier=atelier, auteur=request.user, **form.cleaned_data)
    messages.success(request, "Signe de changement enregistré.")
    return redirect(reverse("ateliers:indicateurs", args=[atelier.pk]) + "#signes")


@require_POST
@membre_required
def signe_supprimer(request, pk, signe_pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    signe = get_for_reseau_or_404(SigneChangement, request.reseau, pk=signe_pk, atelier=atelier)
    signe_delete(signe=signe, auteur=request.user)
    messages.success(request, "Signe de changement retiré.")
    return redirect(reverse("ateliers:indicateurs", args=[atelier.pk]) + "#signes")


@membre_required
def tableau(request):
    form = FiltresForm(request.GET or None, reseau=request.reseau)
    filters = form.filters() if form.is_bound and form.is_valid() else {}
    result = tableau_ateliers(request.reseau, **filters)
    totaux = result["totaux"]
    context = {
        "form": form,
        "tableau": result,
        "ind": totaux,
        "chiffres": rapports.figures(totaux),
        "graphiques": graphiques.charts_of(totaux),
        "comparaison": rapports.comparaison_rows(totaux["detail"]["courbe"]),
        "croisement": rapports.croisement(totaux),
        "signes": totaux["detail"]["signes"],
        "seuil": SEUIL_COMPARAISON,
        "filtres_texte": form.description() if filters else "tous les ateliers",
    }
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "csv"):
        return rapports.xlsx_response(rapports.tableau_xlsx(result), "tableau-ateliers")
    if fmt == "pdf":
        return rapports.pdf_response("ateliers/suivi/tableau_pdf.html", context, "tableau-ateliers")
    return render(request, "ateliers/suivi/tableau.html", context)


# --- « Rédiger la fiche » ---


@membre_required
def rediger_fiche(request, pk):
    atelier = get_for_reseau_or_404(Atelier, request.reseau, pk=pk)
    existing = fiche.existing_fiche(atelier)
    if request.method == "POST":
        created = fiche.fiche_from_atelier(
            atelier, auteur=request.user, verbatim_ids=request.POST.getlist("verbatims")
        )
        if existing is None:
            messages.success(
                request,
                "Brouillon de fiche créé à partir de l'atelier : complétez les limites et les enseignements.",
            )
        return redirect("capitalisation:modifier", pk=created.pk)
    draft = fiche.draft_of(atelier)
    sections = [
        (title, draft.get(key))
        for key, (title, _) in SECTIONS.items()
        if key in TEXT_SECTIONS and draft.get(key)
    ]
    context = {
        "atelier": atelier,
        "existante": existing,
        "sections": sections,
        "verbatims": survey.verbatims(atelier),
    }
    return render(request, "ateliers/suivi/rediger_fiche.html", context)


# --- What works, across ateliers and réseaux ---


@membre_required
def ce_qui_marche(request):
    reseau = request.reseau
    resultat = ce_qui_marche_of(reseau)
    for dimension in resultat["dimensions"].values():
        dimension["lignes"] = [rapports.ligne_ce_qui_marche(group) for group in dimension["groupes"]]
    mutualise = pooled_by_entry_point() if reseau.partage_agregats else None
    if mutualise:
        mutualise["lignes"] = [rapports.ligne_ce_qui_marche(group) for group in mutualise["points_entree"]]
    context = {
        "resultat": resultat,
        "partage": reseau.partage_agregats,
        "mutualise": mutualise,
        "seuil": SEUIL_COMPARAISON,
    }
    return render(request, "ateliers/suivi/ce_qui_marche.html", context)


@require_POST
@membre_required
def partage_agregats(request):
    shares = request.POST.get("partage") == "oui"
    Reseau.objects.filter(pk=request.reseau.pk).update(partage_agregats=shares)
    journal_record(
        reseau=request.reseau,
        auteur=request.user,
        action="partage",
        objet=None,
        libelle="Partage des agrégats anonymes " + ("activé" if shares else "arrêté"),
    )
    messages.success(
        request,
        "Vos agrégats anonymes sont partagés avec les réseaux qui partagent les leurs."
        if shares
        else "Vos agrégats ne sont plus partagés.",
    )
    return redirect("ateliers:ce_qui_marche")


@membre_required
def bilan_deplace(request):
    """The bilan is the réseau's whole year now (passerelles.bilan); old links keep working."""
    query = request.GET.urlencode()
    return redirect(reverse("bilan:bilan") + (f"?{query}" if query else ""))
