from django.urls import path

from . import views

app_name = "bilan"

urlpatterns = [
    path("", views.bilan, name="bilan"),
    path("objectifs/<int:annee>/", views.objectifs, name="objectifs"),
    path("coordination/", views.actions, name="actions"),
    path("coordination/nouvelle/", views.action_nouvelle, name="action_nouvelle"),
    path("coordination/<int:pk>/", views.action_modifier, name="action_modifier"),
    path("coordination/<int:pk>/supprimer/", views.action_supprimer, name="action_supprimer"),
]
