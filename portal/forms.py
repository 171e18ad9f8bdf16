"""Sign-in and password reset: Django's forms, for an email login and for accounts
that have a language of their own."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class EmailLoginForm(AuthenticationForm):
    """Django's login form, labelled for email."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget.attrs["autocomplete"] = "email"


class AccountLanguagePasswordResetForm(PasswordResetForm):
    """The reset email goes out in the account's language, not the language of the
    page the request came from (someone may ask for it from an English page)."""

    def send_mail(
        self, subject_template_name, email_template_name, context, *args, **kwargs
    ):
        language = context["user"].preferred_language
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        with translation.override(language):
            super().send_mail(
                subject_template_name, email_template_name, context, *args, **kwargs
            )
