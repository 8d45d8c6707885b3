from django.urls import path

from . import views

app_name = "agenda"

urlpatterns = [
    path("<slug:slug>/", views.agenda, name="agenda"),
    path("<slug:slug>/ateliers.ics", views.ics, name="ics"),
    path("<slug:slug>/integre/", views.integre, name="integre"),
]
