"""The forms behind each staff action's confirmation page."""

from decimal import Decimal

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.income_limits import IncomeFrequency
from programs.models import QualifyingProgram, ServiceArea

from ..documents.forms import DocumentUploadForm
from ..wizard.forms import DollarsField, MemberForm, QualifyingProgramsForm


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


# Corrections (casework.corrections): each form is the applicant's own form for the
# same answer (its rules and messages), with the reason the applicant is told.


def correction_reason():
    return forms.CharField(
        label=_("Reason for the correction (the applicant will see it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={
            "required": _(
                "Give the reason for the correction: the applicant is told it."
            )
        },
    )


class CorrectMemberForm(MemberForm):
    """A member's name or date of birth as the documents show them."""

    reason = correction_reason()


class ReplaceDocumentForm(DocumentUploadForm):
    """The file the applicant brought in or mailed, through the upload's own
    checks, and how it arrived. Confirming has no file: it was stored (not yet in
    force) when the change was reviewed."""

    class Received(models.TextChoices):
        IN_PERSON = "in_person", _("The applicant brought it in person")
        BY_MAIL = "by_mail", _("The applicant sent it by mail")

    received = forms.ChoiceField(
        label=_("How it was received"),
        choices=Received.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say how the document was received.")},
    )
    reason = correction_reason()

    def __init__(self, *args, confirming=False, **kwargs):
        super().__init__(*args, **kwargs)
        if confirming:
            del self.fields["files"]
            return
        field = self.fields["files"]
        field.label = _("The new file")
        # One file: it takes one document's place.
        field.widget = forms.FileInput(attrs={"accept": field.widget.attrs["accept"]})


class CorrectQualifyingProgramsForm(QualifyingProgramsForm):
    """The qualifying programs the proofs show; a program the household has that
    is no longer offered stays choosable."""

    reason = correction_reason()

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["programs"]
        field.label = _("Qualifying programs the household is enrolled in")
        field.queryset = QualifyingProgram.objects.filter(
            Q(is_active=True) | Q(enrollments__household=household)
        ).distinct()
        self.fields["none"].help_text = ""
