from django.urls import path

from . import views, views_faits

app_name = "mobilisation"
urlpatterns = [
    path("", views.tableau, name="tableau"),
    path("relances/", views.mes_relances, name="relances"),
    path("relances/<int:pk>/marquer/", views.relance_marquer, name="relance_marquer"),
    path("collectivites/", views.requete, name="requete"),
    path("collectivite/<int:pk>/etape/", views.etape, name="etape"),
    path("collectivite/<int:pk>/fait/", views.fait, name="fait"),
    path("collectivite/<int:pk>/echange/", views.interaction, name="interaction"),
    path("collectivite/<int:pk>/relance/", views.relance, name="relance"),
    path("collectivite/<int:pk>/contacts/", views.contacts_recherche, name="contacts_recherche"),
    path("faits/import/", views_faits.importer, name="faits_import"),
]
