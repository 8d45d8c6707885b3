from django.urls import path

from . import views

app_name = "leviers"
urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/instrument/<int:pk>/", views.instrument_modifier, name="instrument_modifier"),
    path("catalogue/point/<int:pk>/", views.point_modifier, name="point_modifier"),
    path("catalogue/instrument/<int:pk>/appels/", views.appels, name="appels"),
    path("catalogue/appel/<int:pk>/", views.appel_modifier, name="appel_modifier"),
    path("collectivite/<int:pk>/competence/", views.competence, name="competence"),
    path("segments/", views.segments, name="segments"),
    path("segments/nouveau/", views.constructeur, name="constructeur"),
    path("segments/<int:pk>/", views.constructeur, name="segment"),
    path("segments/<int:pk>/export.<str:fmt>", views.segment_export, name="segment_export"),
]
