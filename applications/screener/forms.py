"""The screener's form: the qualifying-programs question and a ZIP code."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..wizard.forms import ZIP_PATTERN, QualifyingProgramsForm


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
    field_order = ["zip_code", "programs", "none"]

    def clean_zip_code(self):
        value = self.cleaned_data["zip_code"].strip()
        if not ZIP_PATTERN.match(value):
            raise ValidationError(_("Enter a 5-digit ZIP code, such as 80521."))
        return value
