"""The wizard's forms, one per step. Each form states its own rules; the templates
only render them."""

import re
import unicodedata
from datetime import date
from decimal import Decimal

import usaddress
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from programs.income_limits import annualize
from programs.models import QualifyingProgram

from ..models import Household, HouseholdMember
from ..notifications import consent, delivery

User = get_user_model()

# Letters in any alphabet, with single spaces, hyphens, apostrophes or periods between.
NAME_PATTERN = re.compile(r"^[^\W\d_]+(?:[ '’.-]{1,2}[^\W\d_]+)*\.?$")
# ASCII digits only: \d alone also accepts other scripts' digits, which no ZIP uses.
ZIP_PATTERN = re.compile(r"^\d{5}(?:-\d{4})?$", re.ASCII)
US_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE "
    "NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP"
).split()


def _without_marks(value):
    """The name with each combining mark dropped after the letter it belongs to.

    Hindi, Thai and many other names need vowel signs and viramas, which `re` does
    not count as letters; a mark with no letter before it is kept, so it is refused.
    """
    kept = []
    for char in unicodedata.normalize("NFC", value):
        if unicodedata.category(char).startswith("M") and kept and kept[-1].isalpha():
            continue
        kept.append(char)
    return "".join(kept)


def validate_name(value):
    if not NAME_PATTERN.match(_without_marks(value.strip())):
        raise ValidationError(
            _(
                "Use letters only, with spaces, hyphens or apostrophes if your name has them."
            ),
            code="name",
        )


# One limit for a person's name wherever an applicant types one: the account, the
# contact settings and each household member (whose names the account prefills).
NAME_MAX_LENGTH = HouseholdMember._meta.get_field("first_name").max_length


def limit_name_fields(form):
    """The account's own name fields (150 characters on the user model) get the
    household member's limit, its message and the matching `maxlength`."""
    for name in ["first_name", "last_name"]:
        field = form.fields[name]
        field.required = True
        field.max_length = NAME_MAX_LENGTH
        field.validators.append(validate_name)
        field.validators.append(validators.MaxLengthValidator(NAME_MAX_LENGTH))
        field.widget.attrs["maxlength"] = str(NAME_MAX_LENGTH)


class NameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", NAME_MAX_LENGTH)
        super().__init__(validators=[validate_name], **kwargs)


class ContactFieldsMixin:
    """Phone and contact preference rules shared by sign-up and settings."""

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("phone_number")
        if cleaned.get("contact_by_sms") and not number:
            self.add_error(
                "phone_number", _("Give a mobile number to get text messages.")
            )
        elif cleaned.get("contact_by_sms") and consent.is_opted_out(str(number)):
            # The carriers hold a STOP for the number: only START lifts it.
            self.add_error(
                "contact_by_sms",
                _(
                    "This number replied STOP to our text messages. To get them "
                    "again, reply START to one of them."
                ),
            )
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            delivery.contact_changed(user, self.changed_data)
        return user


class AccountForm(ContactFieldsMixin, forms.ModelForm):
    """Step 1: who is applying, how to reach them, and a password."""

    email = forms.EmailField(label=_("Email address"), max_length=254)
    phone_number = PhoneNumberField(
        label=_("Phone number"),
        required=False,
        region="US",
        help_text=_("Optional. A US number, for example (970) 555-0100."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not a common password or only numbers."),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

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
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "preferred_language": _("Language for messages"),
            "contact_by_email": _("Email me about my application"),
            "contact_by_sms": _("Text me about my application"),
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_name_fields(self)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone_number"].widget.attrs["autocomplete"] = "tel"
        self.fields["contact_by_email"].help_text = _(
            "We always email you about your account, such as password resets."
        )
        # Someone applying in Spanish wants messages in Spanish unless they say so.
        if self.instance.pk is None and translation.get_language() in dict(
            User.Language.choices
        ):
            self.initial["preferred_language"] = translation.get_language()

    def clean_email(self):
        # Whether an account exists is never said here: services.sign_up emails its
        # owner instead, and the page reads the same either way.
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self):
        """The email's uniqueness is services.sign_up's to handle (without saying)."""

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        elif first:
            candidate = User(
                email=cleaned.get("email") or "",
                first_name=cleaned.get("first_name") or "",
                last_name=cleaned.get("last_name") or "",
            )
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class ContactForm(ContactFieldsMixin, forms.ModelForm):
    """Contact details after sign-up (the account step when signed in, and settings)."""

    phone_number = PhoneNumberField(
        label=_("Phone number"),
        required=False,
        region="US",
        help_text=_("Optional. A US number, for example (970) 555-0100."),
    )

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "phone_number",
            "preferred_language",
            "contact_by_email",
            "contact_by_sms",
        ]
        labels = AccountForm.Meta.labels

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_name_fields(self)


def normalize_street(street):
    """Tidy a street line with usaddress; keep it as typed when it cannot be parsed."""
    street = " ".join(street.split())
    try:
        tagged, kind = usaddress.tag(street)
    except usaddress.RepeatedLabelError:
        return street
    if kind != "Street Address":
        return street
    return " ".join(
        value.title() if label.startswith("StreetName") else value
        for label, value in tagged.items()
        if label not in {"PlaceName", "StateName", "ZipCode"}
    )


class AddressForm(forms.ModelForm):
    """Step 2: the eligibility address and, if different, the mailing address."""

    class Meta:
        model = Household
        fields = Household.ADDRESS_FIELDS
        labels = {
            "street": _("Street address"),
            "unit": _("Apartment, suite or unit (optional)"),
            "city": _("City"),
            "state": _("State"),
            "zip_code": _("ZIP code"),
            "mailing_is_different": _("My mailing address is different"),
            "mailing_street": _("Mailing street address or PO box"),
            "mailing_unit": _("Mailing apartment or unit (optional)"),
            "mailing_city": _("Mailing city"),
            "mailing_state": _("Mailing state"),
            "mailing_zip_code": _("Mailing ZIP code"),
        }
        help_texts = {
            "street": _(
                "Where your household lives now. This decides which programs serve you."
            ),
        }
        widgets = {
            "street": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "unit": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "state": forms.TextInput(
                attrs={"autocomplete": "address-level1", "size": 2}
            ),
            "zip_code": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
            ),
        }

    REQUIRED = ["street", "city", "state", "zip_code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.REQUIRED:
            self.fields[name].required = True

    def _clean_state(self, value):
        value = (value or "").strip().upper()
        if value and value not in US_STATES:
            raise ValidationError(_("Enter a two-letter state code, such as CO."))
        return value

    def _clean_zip(self, value):
        value = (value or "").strip()
        if value and not ZIP_PATTERN.match(value):
            raise ValidationError(_("Enter a 5-digit ZIP code, such as 80521."))
        return value

    def clean_state(self):
        return self._clean_state(self.cleaned_data.get("state"))

    def clean_mailing_state(self):
        return self._clean_state(self.cleaned_data.get("mailing_state"))

    def clean_zip_code(self):
        return self._clean_zip(self.cleaned_data.get("zip_code"))

    def clean_mailing_zip_code(self):
        return self._clean_zip(self.cleaned_data.get("mailing_zip_code"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("street"):
            cleaned["street"] = normalize_street(cleaned["street"])
        if cleaned.get("mailing_is_different"):
            for name in [
                "mailing_street",
                "mailing_city",
                "mailing_state",
                "mailing_zip_code",
            ]:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(
                        name, _("Enter your mailing address, or untick the box.")
                    )
            if cleaned.get("mailing_street"):
                cleaned["mailing_street"] = normalize_street(cleaned["mailing_street"])
        else:
            for name in [
                "mailing_street",
                "mailing_unit",
                "mailing_city",
                "mailing_state",
                "mailing_zip_code",
            ]:
                cleaned[name] = ""
        return cleaned


class AddressChoiceForm(forms.Form):
    """After the address step: the address as the Postal Service writes it, or as
    typed. `edit` goes back to the address fields with what was typed."""

    STANDARDIZED = "standardized"
    TYPED = "typed"

    address_choice = forms.ChoiceField(
        label=_("Which address should we use?"),
        choices=[
            (STANDARDIZED, _("Use the suggested address")),
            (TYPED, _("Keep the address as I typed it")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which address to use.")},
    )


class DollarsField(forms.DecimalField):
    """An amount of money as people type it: `$3,200.50`, `3200`, ` 3 200 `."""

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s$,]", "", value)
        return super().to_python(value)


class HousingForm(forms.ModelForm):
    """Step 3, first and last parts: rent or own, how long at the address, and the
    household's income (optional: a household that proves its income by a
    qualifying program need not give it)."""

    income_amount = DollarsField(
        label=_("Total household income before taxes (optional)"),
        required=False,
        min_value=0,
        max_value=Decimal("9999999.99"),
        decimal_places=2,
        help_text=_(
            "Everyone who lives with you: wages, self-employment, benefits, child "
            "support, pensions. Some programs go by income; others need only a "
            "qualifying program."
        ),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    class Meta:
        model = Household
        fields = ["housing", "time_at_address", "income_amount", "income_frequency"]
        labels = {
            "housing": _("Do you rent or own your home?"),
            "time_at_address": _("How long have you lived at this address?"),
            "income_frequency": _("How often is that amount?"),
        }
        widgets = {
            "housing": forms.RadioSelect,
            "time_at_address": forms.RadioSelect,
            "income_frequency": forms.RadioSelect,
        }

    def __init__(self, *args, asks_income=True, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("housing", "time_at_address", "income_frequency"):
            field = self.fields[name]
            field.required = name != "income_frequency"
            field.choices = [c for c in field.choices if c[0]]
        if not asks_income:  # no program goes by income: the question is left out
            del self.fields["income_amount"], self.fields["income_frequency"]

    @property
    def asks_income(self):
        return "income_amount" in self.fields

    def clean(self):
        cleaned = super().clean()
        amount = cleaned.get("income_amount")
        frequency = cleaned.get("income_frequency")
        if (
            amount is not None
            and not frequency
            and "income_frequency" not in self.errors
        ):
            self.add_error(
                "income_frequency",
                _("Choose how often your household gets this amount."),
            )
        if amount is None and frequency and "income_amount" not in self.errors:
            self.add_error(
                "income_amount",
                _("Enter the amount, or leave both income questions empty."),
            )
        return cleaned

    def save(self, commit=True):
        household = super().save(commit=False)
        if not self.asks_income or household.income_amount is None:
            # Not asked (no program goes by income): an income declared before is
            # dropped with its proof, which nothing would use.
            household.income_amount = None
            household.income_frequency = ""
            household.annual_income = None
        else:
            household.annual_income = annualize(
                household.income_amount, household.income_frequency
            )
        if commit:
            household.save()
        return household


class MemberForm(forms.ModelForm):
    """One household member."""

    first_name = NameField(label=_("First name"))
    last_name = NameField(label=_("Last name"))

    class Meta:
        model = HouseholdMember
        fields = ["first_name", "last_name", "date_of_birth"]
        labels = {"date_of_birth": _("Date of birth")}
        help_texts = {
            "date_of_birth": _("Month, day and year. For example: 04/28/1985")
        }
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        }

    def __init__(self, *args, number=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.number = number  # place in the household list; 1 is the applicant

    @property
    def error_summary_label(self):
        """Who this member is, for the error summary: "Person 2", or "Person 2 (Ana)"
        once a valid first name was entered."""
        if self.number is None:
            return ""
        name = getattr(self, "cleaned_data", {}).get("first_name")
        if name:
            # Translators: a household member in the error summary, e.g. "Person 2 (Ana)".
            return _("Person %(number)s (%(name)s)") % {
                "number": self.number,
                "name": name,
            }
        return _("Person %(number)s") % {"number": self.number}

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born > date.today():
            raise ValidationError(_("The date of birth cannot be in the future."))
        if born.year < 1900:
            raise ValidationError(_("Enter a date of birth after 1900."))
        return born


class BaseMemberFormSet(forms.BaseModelFormSet):
    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None:
            kwargs["number"] = index + 1
        return kwargs

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]
        if not kept:
            raise ValidationError(_("List at least one person: you."))
        for form in self.forms:
            if (
                self.can_delete
                and self._should_delete_form(form)
                and form.instance.pk
                and form.instance.is_applicant
            ):
                raise ValidationError(
                    _("You cannot remove yourself from the household.")
                )


MemberFormSet = forms.modelformset_factory(
    HouseholdMember,
    form=MemberForm,
    formset=BaseMemberFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    can_delete=True,
    max_num=20,
    validate_max=True,
    # Django's default builds up to 1,020 forms when a post claims 10,000 members.
    absolute_max=20,
)


class ProgramChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids too big for any row before they reach the database, where SQLite
    would fail the whole request with OverflowError. Labels are in the active language."""

    def label_from_instance(self, obj):
        return obj.display_name

    def clean(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            try:
                too_big = abs(int(pk)) >= 2**63
            except (TypeError, ValueError):
                continue  # not a number: the parent field refuses it
            if too_big:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


class QualifyingProgramsForm(forms.Form):
    """Step 4: the qualifying programs the household is enrolled in, or none."""

    programs = ProgramChoiceField(
        queryset=QualifyingProgram.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Which of these is anyone in your household enrolled in?"),
    )
    none = forms.BooleanField(
        required=False,
        label=_("None of these"),
        help_text=_(
            "You can still apply. Programs that need enrollment in one of these will not "
            "be offered until you are enrolled."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        chosen, none = cleaned.get("programs"), cleaned.get("none")
        if chosen and none:
            raise ValidationError(_("Choose programs or “None of these”, not both."))
        if not chosen and not none and "programs" not in self.errors:
            raise ValidationError(_("Choose at least one program, or “None of these”."))
        return cleaned


class ReviewForm(forms.Form):
    """Step 6: the consent statement before submitting."""

    consent = forms.BooleanField(
        label=_(
            "I confirm that what I have told you is true, and I agree that city staff may "
            "check it."
        ),
        error_messages={"required": _("Tick the box to confirm before you submit.")},
    )
