from django.urls import path

from . import views, views_envois

app_name = "ateliers"

urlpatterns = [
    # plan: planning pages, programme, planning aid, documents
    path("", views.liste, name="liste"),
    path("nouveau/", views.creer, name="creer"),
    path("aide/", views.aide, name="aide"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.modifier, name="modifier"),
    path("<int:pk>/programme/", views.programme, name="programme"),
    path("<int:pk>/documents/<str:doc>", views.document, name="document"),
    # envois: the invitation list, sending, reminders, unsubscribing
    path("<int:pk>/invitations/", views_envois.invitations, name="invitations"),
    path("<int:pk>/envois/", views_envois.envois, name="envois"),
    path("<int:pk>/rappels/", views_envois.rappels_page, name="rappels"),
    path("desabonnement/<str:jeton>/", views_envois.desabonnement, name="desabonnement"),
]
