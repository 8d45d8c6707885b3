"""Who is signed in: the user and the réseau they work for, read together."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class MembreBackend(ModelBackend):
    """Every request needs the user and their réseau (`ReseauMiddleware`): one query reads
    both, instead of one for the user and another for their membership."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("membre__reseau")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
