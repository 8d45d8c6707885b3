from django.urls import path

from . import views, views_envois

app_name = "ateliers"

urlpatterns = [
    path("", views.liste, name="liste"),
    path("<int:pk>/", views.detail, name="detail"),
    # envois: the invitation list, sending, reminders, unsubscribing
    path("<int:pk>/invitations/", views_envois.invitations, name="invitations"),
    path("<int:pk>/envois/", views_envois.envois, name="envois"),
    path("<int:pk>/rappels/", views_envois.rappels_page, name="rappels"),
    path("desabonnement/<str:jeton>/", views_envois.desabonnement, name="desabonnement"),
]
