from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from passerelles.ateliers.invitations.lien_court import lien_court
from passerelles.core import views as core_views
from passerelles.core.comptes import Deconnexion, MotDePasseOublie
from passerelles.core.connexion import ConnexionForm

urlpatterns = [
    path("", core_views.accueil, name="accueil"),
    path("connexion/", auth_views.LoginView.as_view(authentication_form=ConnexionForm), name="connexion"),
    path("deconnexion/", Deconnexion.as_view(), name="deconnexion"),
    path(
        "mot-de-passe/",
        auth_views.PasswordChangeView.as_view(
            template_name="core/mot_de_passe/changer.html", success_url=reverse_lazy("mot_de_passe_modifie")
        ),
        name="mot_de_passe",
    ),
    path(
        "mot-de-passe/modifie/",
        auth_views.PasswordChangeDoneView.as_view(template_name="core/mot_de_passe/change.html"),
        name="mot_de_passe_modifie",
    ),
    # Forgotten password: a one-time link by e-mail, in the application's own pages.
    path(
        "mot-de-passe/oubli/",
        MotDePasseOublie.as_view(
            template_name="core/mot_de_passe/oubli.html",
            email_template_name="core/mot_de_passe/courriel.txt",
            subject_template_name="core/mot_de_passe/courriel_objet.txt",
            success_url=reverse_lazy("mot_de_passe_oubli_envoye"),
        ),
        name="mot_de_passe_oubli",
    ),
    path(
        "mot-de-passe/oubli/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="core/mot_de_passe/oubli_envoye.html"),
        name="mot_de_passe_oubli_envoye",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="core/mot_de_passe/nouveau.html",
            success_url=reverse_lazy("mot_de_passe_reinitialise"),
        ),
        name="mot_de_passe_nouveau",
    ),
    path(
        "mot-de-passe/reinitialise/",
        auth_views.PasswordResetCompleteView.as_view(template_name="core/mot_de_passe/reinitialise.html"),
        name="mot_de_passe_reinitialise",
    ),
    # The short link printed on an invitation letter, and the page where its code is typed.
    path("i/", lien_court, name="saisie_code"),
    path("i/<str:code>", lien_court, name="lien_court"),
    path("territoires/", include("passerelles.territoires.urls")),
    path("contacts/", include("passerelles.contacts.urls")),
    path("mobilisation/", include("passerelles.mobilisation.urls")),
    path("leviers/", include("passerelles.leviers.urls")),
    path("accompagnement/", include("passerelles.accompagnement.urls")),
    path("capitalisation/", include("passerelles.capitalisation.urls")),
    # The unsubscribe links keep the address they had when email belonged to the ateliers:
    # every link already sent must keep working.
    path("ateliers/desabonnement/", include("passerelles.courriels.urls")),
    path("ateliers/", include("passerelles.ateliers.urls")),
    path("bilan/", include("passerelles.bilan.urls")),
    # The réseau's public agenda (no login): a page, an iCalendar feed, a version to frame.
    path("agenda/", include("passerelles.ateliers.agenda.urls")),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("journal/", core_views.journal, name="journal"),
    path("travaux/<int:pk>/", core_views.travail, name="travail"),
    path("travaux/<int:pk>/fichier/", core_views.travail_fichier, name="travail_fichier"),
    path("admin/", admin.site.urls),
]
