from django.urls import path, register_converter

from passerelles.ateliers.inscriptions import equipe as inscriptions_equipe
from passerelles.ateliers.inscriptions import public as inscriptions_public
from passerelles.ateliers.inscriptions.convertisseurs import JetonConverter
from passerelles.ateliers.invitations import views as views_envois
from passerelles.ateliers.preparation import views
from passerelles.ateliers.suivi import views as views_suivi

app_name = "ateliers"
register_converter(JetonConverter, "jeton")

urlpatterns = [
    # plan: planning pages, programme, planning aid, documents
    path("", views.liste, name="liste"),
    path("nouveau/", views.creer, name="creer"),
    path("aide/", views.aide, name="aide"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.modifier, name="modifier"),
    path("<int:pk>/programme/", views.programme, name="programme"),
    path("<int:pk>/programme/intervenants/", views.intervenants_recherche, name="intervenants_recherche"),
    path("<int:pk>/documents/<str:doc>", views.document, name="document"),
    # envois: the invitation list, sending, reminders, unsubscribing
    path("<int:pk>/invitations/", views_envois.invitations, name="invitations"),
    path(
        "<int:pk>/invitations/<int:invitation>/lettre.pdf",
        views_envois.invitation_lettre,
        name="invitation_lettre",
    ),
    path("<int:pk>/envois/", views_envois.envois, name="envois"),
    path("<int:pk>/rappels/", views_envois.rappels_page, name="rappels"),
    # inscriptions: public registration (no account), registrations list, check-in on the day
    path("inscription/<jeton:jeton>/", inscriptions_public.inscription_publique, name="inscription_publique"),
    path(
        "inscription/i/<jeton:jeton>/",
        inscriptions_public.inscription_invitation,
        name="inscription_invitation",
    ),
    path("inscription/g/<jeton:jeton>/", inscriptions_public.inscription_gerer, name="inscription_gerer"),
    path(
        "inscription/g/<jeton:jeton>/transmettre/",
        inscriptions_public.inscription_transmettre,
        name="inscription_transmettre",
    ),
    path(
        "inscription/t/<jeton:jeton>/",
        inscriptions_public.inscription_passation,
        name="inscription_passation",
    ),
    path(
        "inscription/collectivites/",
        inscriptions_public.collectivites_suggestions,
        name="collectivites_suggestions",
    ),
    path("<int:pk>/inscriptions/", inscriptions_equipe.inscriptions, name="inscriptions"),
    path(
        "<int:pk>/inscriptions/capacite/",
        inscriptions_equipe.inscriptions_capacite,
        name="inscriptions_capacite",
    ),
    path(
        "<int:pk>/inscriptions/fermeture/",
        inscriptions_equipe.inscriptions_fermeture,
        name="inscriptions_fermeture",
    ),
    path(
        "<int:pk>/inscriptions/<int:inscription>/annuler/",
        inscriptions_equipe.inscription_annuler,
        name="inscription_annuler",
    ),
    path(
        "<int:pk>/inscriptions/<int:inscription>/qualite/",
        inscriptions_equipe.inscription_qualite,
        name="inscription_qualite",
    ),
    path(
        "<int:pk>/inscriptions/export.<str:fmt>",
        inscriptions_equipe.inscriptions_export,
        name="inscriptions_export",
    ),
    path(
        "<int:pk>/inscriptions/badges/", inscriptions_equipe.inscriptions_badges, name="inscriptions_badges"
    ),
    path("<int:pk>/annuler/", inscriptions_equipe.atelier_annuler, name="atelier_annuler"),
    path("<int:pk>/accueil/", inscriptions_equipe.accueil, name="accueil"),
    path("<int:pk>/accueil/recherche/", inscriptions_equipe.accueil_recherche, name="accueil_recherche"),
    path("<int:pk>/accueil/compteurs/", inscriptions_equipe.accueil_compteurs, name="accueil_compteurs"),
    path("<int:pk>/accueil/sur-place/", inscriptions_equipe.accueil_sur_place, name="accueil_sur_place"),
    path("<int:pk>/accueil/liste.json", inscriptions_equipe.accueil_liste, name="accueil_liste"),
    path(
        "<int:pk>/accueil/synchroniser/",
        inscriptions_equipe.accueil_synchroniser,
        name="accueil_synchroniser",
    ),
    path("<int:pk>/accueil/sw.js", inscriptions_equipe.accueil_service_worker, name="accueil_sw"),
    path(
        "<int:pk>/accueil/<int:inscription>/presence/",
        inscriptions_equipe.accueil_presence,
        name="accueil_presence",
    ),
    # suivi: after the day (follow-ups, survey, indicators, bilan, fiche)
    path("<int:pk>/suivi/", views_suivi.suivi, name="suivi"),
    path("<int:pk>/suivi/lancer/", views_suivi.suivi_lancer, name="suivi_lancer"),
    path("<int:pk>/questionnaire/", views_suivi.questionnaire, name="questionnaire"),
    path("<int:pk>/questionnaire/envoyer/", views_suivi.enquete_envoyer, name="enquete_envoyer"),
    path("enquete/<str:jeton>/", views_suivi.enquete, name="enquete"),
    path("<int:pk>/indicateurs/", views_suivi.indicateurs, name="indicateurs"),
    path("<int:pk>/indicateurs/signes/", views_suivi.signe_ajouter, name="signe_ajouter"),
    path(
        "<int:pk>/indicateurs/signes/<int:signe_pk>/retirer/",
        views_suivi.signe_supprimer,
        name="signe_supprimer",
    ),
    path("tableau/", views_suivi.tableau, name="tableau"),
    path("ce-qui-marche/", views_suivi.ce_qui_marche, name="ce_qui_marche"),
    path("ce-qui-marche/partage/", views_suivi.partage_agregats, name="partage_agregats"),
    # The yearly bilan moved to its own app (all missions of the réseau): old links still work.
    path("bilan/", views_suivi.bilan_deplace, name="bilan"),
    path("<int:pk>/fiche/", views_suivi.rediger_fiche, name="rediger_fiche"),
]
