from django.urls import path

from . import views

app_name = "courriels"

urlpatterns = [
    path("<str:jeton>/", views.desabonnement, name="desabonnement"),
]
