"""The sign-up email's link, and the note to an account's owner when someone signs up
with their address (so the page never says whether an account exists).

The link carries a token (Django's password-reset token, salted for this use): it
stops working once the account signs in, and after PASSWORD_RESET_TIMEOUT (3 days).
Opening it shows a button, and only pressing it signs in, so an email client that
opens links to scan them spends nothing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from portal.i18n import translate_path


class SignUpTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "portal.sign-up-confirmation"


sign_up_tokens = SignUpTokenGenerator()


def _language(user):
    language = user.preferred_language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def confirmation_url(user):
    path = reverse(
        "confirm_sign_up",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            sign_up_tokens.make_token(user),
        ],
    )
    return settings.PORTAL_BASE_URL.rstrip("/") + translate_path(path, _language(user))


@task()
def send_account_exists_email(user_id):
    """Someone (perhaps the owner) tried to sign up with this account's address."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return
    with translation.override(_language(user)):
        base = settings.PORTAL_BASE_URL.rstrip("/")
        context = {
            "user": user,
            "sign_in_url": base + translate_path(reverse("login"), _language(user)),
            "reset_url": base
            + translate_path(reverse("password_reset"), _language(user)),
        }
        subject = " ".join(
            render_to_string("registration/account_exists_subject.txt", context).split()
        )
        body = render_to_string("registration/account_exists_email.txt", context)
    send_mail(subject, body, None, [user.email])
