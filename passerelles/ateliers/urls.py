from django.urls import path

from . import views, views_suivi

app_name = "ateliers"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("<int:pk>/", views.detail, name="detail"),
    # suivi: after the day (follow-ups, survey, indicators, bilan, fiche)
    path("<int:pk>/suivi/", views_suivi.suivi, name="suivi"),
    path("<int:pk>/suivi/lancer/", views_suivi.suivi_lancer, name="suivi_lancer"),
    path("<int:pk>/questionnaire/", views_suivi.questionnaire, name="questionnaire"),
    path("<int:pk>/questionnaire/envoyer/", views_suivi.enquete_envoyer, name="enquete_envoyer"),
    path("enquete/<str:jeton>/", views_suivi.enquete, name="enquete"),
    path("<int:pk>/indicateurs/", views_suivi.indicateurs, name="indicateurs"),
    path("tableau/", views_suivi.tableau, name="tableau"),
    path("bilan/", views_suivi.bilan, name="bilan"),
    path("<int:pk>/fiche/", views_suivi.rediger_fiche, name="rediger_fiche"),
]
