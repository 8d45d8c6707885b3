"""Who is signed in: the user and the réseau they work for, read together."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import LogoutView, PasswordResetView
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django_ratelimit.decorators import ratelimit
from django_tasks import task


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
_per_address = ratelimit(group="mot-de-passe", key="ip", rate=RESET_PER_ADDRESS, method="POST", block=False)
_per_account = ratelimit(
    group="mot-de-passe-compte", key=_account_key, rate=RESET_PER_ACCOUNT, method="POST", block=False
)


class ResetByWorkerForm(PasswordResetForm):
    """The reset link leaves through the worker: a slow mail server holds no web request."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        transaction.on_commit(lambda: send_account_mail.enqueue(subject, body, to_email, from_email))


@task()
def send_account_mail(subject: str, body: str, to_email: str, from_email=None) -> None:
    """A mail about an account (reset link, lockout notice), sent by the worker: a slow mail
    server holds no web request. Not the outbox, whose rows belong to a réseau."""
    send_mail(subject, body, from_email, [to_email])


@method_decorator(_per_address, name="post")
@method_decorator(_per_account, name="post")
class MotDePasseOublie(PasswordResetView):
    form_class = ResetByWorkerForm

    def form_valid(self, form):
        if getattr(self.request, "limited", False):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class Deconnexion(LogoutView):
    """A tablet at the check-in desk is often shared: leaving clears what the site stored in
    the browser (the check-in list and its offline queue, the cached pages), not only the
    session. A queue still waiting would go with it, but logging out needs the network, and
    the check-in page sends its queue as soon as it has one."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
