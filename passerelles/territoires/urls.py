from django.urls import path

from . import views

app_name = "territoires"
urlpatterns = [
    path("", views.recherche, name="recherche"),
    path("<slug:type>/<str:code>/", views.detail, name="detail"),
]
