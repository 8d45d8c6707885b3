from django.urls import path

from . import views, views_import

app_name = "contacts"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouveau/", views.creer, name="creer"),
    path("conservation/", views.conservation, name="conservation"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.modifier, name="modifier"),
    path("<int:pk>/fusionner/", views.fusionner, name="fusionner"),
    path("<int:pk>/desinscrire/", views.desinscrire, name="desinscrire"),
    path("<int:pk>/effacer/", views.effacer, name="effacer"),
    path("<int:pk>/donnees.<str:fmt>", views.donnees, name="donnees"),
    path("import/", views_import.televerser, name="import"),
    path("import/<int:pk>/colonnes/", views_import.colonnes, name="import_colonnes"),
    path("import/<int:pk>/verification/", views_import.verification, name="import_verification"),
    path("import/<int:pk>/rapport/", views_import.rapport, name="import_rapport"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/nouvelle/", views.organisation_edition, name="organisation_creer"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("organisations/<int:pk>/modifier/", views.organisation_edition, name="organisation_modifier"),
    path("organisations/<int:pk>/fusionner/", views.organisation_fusion, name="organisation_fusionner"),
]
