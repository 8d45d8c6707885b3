from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from passerelles.core import views as core_views

urlpatterns = [
    path("", core_views.accueil, name="accueil"),
    path("connexion/", auth_views.LoginView.as_view(), name="connexion"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="deconnexion"),
    path(
        "mot-de-passe/",
        auth_views.PasswordChangeView.as_view(success_url="/mot-de-passe/modifie/"),
        name="mot_de_passe",
    ),
    path(
        "mot-de-passe/modifie/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="mot_de_passe_modifie",
    ),
    path("territoires/", include("passerelles.territoires.urls")),
    path("contacts/", include("passerelles.contacts.urls")),
    path("mobilisation/", include("passerelles.mobilisation.urls")),
    path("leviers/", include("passerelles.leviers.urls")),
    path("capitalisation/", include("passerelles.capitalisation.urls")),
    path("ateliers/", include("passerelles.ateliers.urls")),
    path("journal/", core_views.journal, name="journal"),
    path("travaux/<int:pk>/", core_views.travail, name="travail"),
    path("travaux/<int:pk>/fichier/", core_views.travail_fichier, name="travail_fichier"),
    path("admin/", admin.site.urls),
]
