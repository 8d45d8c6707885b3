import pytest
from django.core.management import CommandError, call_command

from passerelles.core.models import Membre, Reseau

pytestmark = pytest.mark.django_db


def test_the_demo_creates_centraider_and_its_account_once(settings, django_user_model):
    settings.DEBUG = True
    call_command("demo")
    call_command("demo")
    reseau = Reseau.objects.get(slug="centraider")
    assert reseau.region.code == "24"
    user = django_user_model.objects.get(username="demo")
    assert user.check_password("demo")
    assert Membre.objects.get(utilisateur=user).reseau == reseau
    assert user.has_perm("leviers.editer_catalogue")
    assert Reseau.objects.count() == 1


def test_the_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("demo")
    assert not Reseau.objects.exists()
