"""What an assister types: a client's details, a search, the attestation at review;
and what the resident types to take their account over."""

import uuid

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..wizard.forms import (
    AccountForm,
    ContactFieldsMixin,
    ContactForm,
    limit_name_fields,
)

User = get_user_model()


class RequestTokenField(forms.UUIDField):
    """A hidden token made with the page: the same form sent twice (a double click,
    a replayed request) is one action, not two."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(
            initial=uuid.uuid4,
            error_messages={
                "required": _("Something went wrong. Please try again."),
                "invalid": _("Something went wrong. Please try again."),
            },
            **kwargs,
        )


class ClientForm(ContactFieldsMixin, forms.ModelForm):
    """A resident applying with help: name, language, and how to reach them, if at
    all (a resident without email gets printed letters)."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        required=False,
        help_text=_("Optional. Leave it out if the resident has no email."),
    )
    phone_number = ContactForm.base_fields["phone_number"]

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone_number",
            "preferred_language",
            "contact_by_email",
            "contact_by_sms",
        ]
        labels = {
            **AccountForm.Meta.labels,
            "preferred_language": _("The resident's language for messages and letters"),
            "contact_by_email": _("Email the resident about the application"),
            "contact_by_sms": _(
                "The resident agrees to get text messages about the application"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_name_fields(self)
        self.fields["contact_by_email"].initial = True
        self.fields["contact_by_sms"].help_text = _(
            "Ask first. Message and data rates may apply; they can reply STOP."
        )

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if not email:
            return None
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                _(
                    "This email address already has an account. The resident can sign "
                    "in with it, or leave the email out here."
                )
            )
        return email

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email"):
            cleaned["contact_by_email"] = False  # letters instead
        return cleaned


class NewClientForm(ClientForm):
    request_token = RequestTokenField()

    class Meta(ClientForm.Meta):
        pass


class ClientSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a client by name"), max_length=100, required=False
    )


class InvitationForm(forms.Form):
    request_token = RequestTokenField()


class AssistedReviewForm(forms.Form):
    """Step 6 with an assister: the resident attests, by ticking the box in front of
    the assister (who confirms it, by name) or by signing the printed consent."""

    TICKED = "ticked"
    SIGNED = "signed"

    attestation = forms.ChoiceField(
        label=_("How does the resident confirm the answers?"),
        choices=[
            (TICKED, _("The resident ticks the box below themselves")),
            (SIGNED, _("The resident signed the printed consent form")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the resident confirms the answers.")},
    )
    consent = forms.BooleanField(
        label=_(
            "I confirm that what I have told you is true, and I agree that city staff may "
            "check it."
        ),
        required=False,
    )
    witnessed = forms.BooleanField(required=False)

    def __init__(self, *args, assister_name="", has_signed_consent=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_signed_consent = has_signed_consent
        self.fields["witnessed"].label = _(
            "I, %(name)s, saw the resident read the answers and tick the box above."
        ) % {"name": assister_name}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("attestation") == self.TICKED:
            if not cleaned.get("consent"):
                self.add_error(
                    "consent", _("The resident must tick the box to confirm.")
                )
            if not cleaned.get("witnessed"):
                self.add_error(
                    "witnessed", _("Confirm that you saw the resident tick the box.")
                )
        elif cleaned.get("attestation") == self.SIGNED and not self.has_signed_consent:
            self.add_error(
                "attestation",
                _(
                    "Upload the signed consent form first, or have the resident tick the box."
                ),
            )
        return cleaned


class ClaimForm(forms.Form):
    """The invitation's page: a password (and an email to sign in with, when the
    account has none)."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("You will sign in with it."),
    )
    password1 = AccountForm.base_fields["password1"]
    password2 = AccountForm.base_fields["password2"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.email:
            del self.fields["email"]
        else:
            self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise ValidationError(
                _("This email address cannot be used here. Enter another one.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
