"""The forms behind each staff action's confirmation page."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.income_limits import IncomeFrequency
from programs.models import ServiceArea

from ..wizard.forms import DollarsField


class ConfirmForm(forms.Form):
    """No fields: the confirmation page is the check."""


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("What the applicant needs to send (they will see this)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the applicant will see this)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note (never shown to the applicant)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class OverrideAddressForm(forms.Form):
    areas = forms.ModelMultipleChoiceField(
        queryset=ServiceArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Service areas the eligibility address lies in"),
    )
    reason = forms.CharField(
        label=_("Reason for the override"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class CorrectIncomeForm(forms.Form):
    """The income staff found in the household's documents, and why it differs."""

    income_amount = DollarsField(
        label=_("Household income before taxes"),
        min_value=0,
        max_value=Decimal("9999999.99"),
        decimal_places=2,
    )
    income_frequency = forms.ChoiceField(
        label=_("How often"),
        choices=IncomeFrequency.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the correction (kept in the history)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
