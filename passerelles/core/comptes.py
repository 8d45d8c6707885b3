"""Who is signed in: the user and the réseau they work for, read together."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponseRedirect
from django.utils.decorators import method_decorator
from django_ratelimit.decorators import ratelimit


class MembreBackend(ModelBackend):
    """Every request needs the user and their réseau (`ReseauMiddleware`): one query reads
    both, instead of one for the user and another for their membership."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("membre__reseau")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def _account_key(group, request) -> str:
    return request.POST.get("email", "").strip().lower()


# A forgotten password is asked again now and then, never 25 times an hour: past these, the
# page answers the same (nothing reveals the limit, nor whether the account exists) and no
# mail leaves.
RESET_PER_ADDRESS = "10/h"
RESET_PER_ACCOUNT = "3/h"


@method_decorator(
    ratelimit(group="mot-de-passe", key="ip", rate=RESET_PER_ADDRESS, method="POST", block=False), name="post"
)
@method_decorator(
    ratelimit(
        group="mot-de-passe-compte", key=_account_key, rate=RESET_PER_ACCOUNT, method="POST", block=False
    ),
    name="post",
)
class MotDePasseOublie(PasswordResetView):
    def form_valid(self, form):
        if getattr(self.request, "limited", False):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
