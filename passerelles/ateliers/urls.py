from django.urls import path

from . import views

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
]
