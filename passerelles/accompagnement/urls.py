from django.urls import path

from . import views

app_name = "accompagnement"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouveau/<int:pk>/", views.nouveau, name="nouveau"),
    path("<int:pk>/", views.dossier, name="dossier"),
    path("<int:pk>/modifier/", views.modifier, name="modifier"),
    path("<int:pk>/etat/", views.etat, name="etat"),
    path("<int:pk>/temps/", views.temps, name="temps"),
    path("<int:pk>/pieces/", views.piece_ajouter, name="piece_ajouter"),
    path("<int:pk>/pieces/<int:piece_pk>/", views.piece, name="piece"),
    path("<int:pk>/pieces/<int:piece_pk>/supprimer/", views.piece_supprimer, name="piece_supprimer"),
]
