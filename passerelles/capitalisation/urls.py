from django.urls import path

from . import views

app_name = "capitalisation"
urlpatterns = [
    path("", views.recherche, name="recherche"),
    path("nouvelle/", views.edition, name="nouvelle"),
    path("importer/", views.importer, name="importer"),
    path("synthese/", views.synthese, name="synthese"),
    path("fiche/<int:pk>/", views.fiche, name="fiche"),
    path("fiche/<int:pk>/modifier/", views.edition, name="modifier"),
    path("fiche/<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("fiche/<int:pk>/versions/<int:numero>/restaurer/", views.restaurer, name="restaurer"),
]
