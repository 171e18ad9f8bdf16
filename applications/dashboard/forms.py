"""Dashboard forms: one-click apply and the mailing address in settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..wizard.forms import AddressForm


class ApplyForm(forms.Form):
    """One-click apply, with the vendor privacy notice to acknowledge when there is one."""

    acknowledge = forms.BooleanField(
        required=False,
        label=_(
            "I have read the privacy notice and agree to share my details with this "
            "program's provider."
        ),
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        if program.vendor_privacy_notice:
            self.fields["acknowledge"].required = True
            self.fields["acknowledge"].error_messages["required"] = _(
                "Tick the box to acknowledge the privacy notice."
            )
        else:
            del self.fields["acknowledge"]


class MailingAddressForm(AddressForm):
    """Settings: only where letters go; the eligibility address is a household answer."""

    REQUIRED = []

    class Meta(AddressForm.Meta):
        fields = [
            "mailing_is_different",
            "mailing_street",
            "mailing_unit",
            "mailing_city",
            "mailing_state",
            "mailing_zip_code",
        ]


class ChangeAnswersForm(forms.Form):
    """Why the applicant reopens answers staff have seen (staff read it with the diff)."""

    reason = forms.CharField(
        label=_("What do you need to change?"),
        help_text=_("For example: “We moved” or “My son joined the household”."),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Say in a few words what you need to change."),
            "max_length": _("Keep the reason to %(limit_value)s characters or fewer."),
        },
    )


class DeleteAccountForm(forms.Form):
    """Deleting an account cannot be undone: the password again, and a tick."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to delete your account.")},
    )
    understood = forms.BooleanField(
        label=_("I understand that my account, answers and documents will be deleted."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
