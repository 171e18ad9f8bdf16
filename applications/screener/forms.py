"""The screener's form: a ZIP code, the qualifying-programs question, and (if they
like) household size and income."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from programs.income_limits import IncomeFrequency, annualize

from ..wizard.forms import ZIP_PATTERN, DollarsField, QualifyingProgramsForm


class ScreenerForm(QualifyingProgramsForm):
    """The public screener: a ZIP code and qualifying programs, nothing stored."""

    zip_code = forms.CharField(
        label=_("ZIP code"),
        max_length=10,
        help_text=_("Where your household lives, for example 80521."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
        ),
    )
    household_size = forms.IntegerField(
        label=_("How many people live in your household? (optional)"),
        required=False,
        min_value=1,
        max_value=20,
        help_text=_("Everyone who lives with you and shares income, you included."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    income_amount = DollarsField(
        label=_("Total household income before taxes (optional)"),
        required=False,
        min_value=0,
        max_value=Decimal("9999999.99"),
        decimal_places=2,
        help_text=_("Some programs go by income for the size of your household."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    income_frequency = forms.ChoiceField(
        label=_("How often is that amount?"),
        required=False,
        choices=IncomeFrequency.choices,
        widget=forms.RadioSelect,
    )
    field_order = [
        "zip_code",
        "programs",
        "none",
        "household_size",
        "income_amount",
        "income_frequency",
    ]

    def clean_zip_code(self):
        value = self.cleaned_data["zip_code"].strip()
        if not ZIP_PATTERN.match(value):
            raise ValidationError(_("Enter a 5-digit ZIP code, such as 80521."))
        return value

    def clean(self):
        cleaned = super().clean()
        amount = cleaned.get("income_amount")
        if amount is None:
            return cleaned
        if (
            not cleaned.get("income_frequency")
            and "income_frequency" not in self.errors
        ):
            self.add_error(
                "income_frequency",
                _("Choose how often your household gets this amount."),
            )
        if not cleaned.get("household_size") and "household_size" not in self.errors:
            self.add_error(
                "household_size",
                _("Say how many people live in your household, to compare the income."),
            )
        return cleaned

    @property
    def annual_income(self):
        """The income a year, when one was given (after is_valid)."""
        amount = self.cleaned_data.get("income_amount")
        frequency = self.cleaned_data.get("income_frequency")
        return None if amount is None or not frequency else annualize(amount, frequency)
