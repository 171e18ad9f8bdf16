"""The feedback form: a rating, an optional comment and, for an applicant with an
application, the choice to link it. The page it was sent from and a one-time token
travel as hidden fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..assistance.forms import RequestTokenField
from ..models import Feedback
from ..models.feedback import COMMENT_MAX_LENGTH

PREFIX = "feedback"
RATING_ERROR = _("Choose how your experience was, from 1 to 5.")


class CommentField(forms.CharField):
    """Line breaks counted as one character, as the browser's `maxlength` counts
    them (it sends each as two)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n")


class FeedbackForm(forms.Form):
    # Its fields' names and ids are its own on pages with other forms.
    prefix = PREFIX

    rating = forms.TypedChoiceField(
        label=_("How was your experience with this website?"),
        help_text=_("1 is very poor and 5 is very good."),
        choices=Feedback.Rating.numbered(),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": RATING_ERROR, "invalid_choice": RATING_ERROR},
    )
    comment = CommentField(
        label=_("Tell us more (optional)"),
        help_text=_(
            "What worked, or what could be better? Up to 1,000 characters. Please do "
            "not include personal details such as your Social Security number."
        ),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _(
                "Keep your comment to %(limit_value)s characters or fewer (it has "
                "%(show_value)s)."
            )
        },
    )
    link_to_application = forms.BooleanField(
        label=_("Link this to my application so staff can follow up"),
        help_text=_(
            "Staff will see who sent it. Leave this unchecked to stay anonymous."
        ),
        required=False,
    )
    page = forms.ChoiceField(
        choices=Feedback.Page.choices,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Something went wrong. Please try again."),
            "invalid_choice": _("Something went wrong. Please try again."),
        },
    )
    request_token = RequestTokenField()

    def __init__(self, *args, household=None, page=Feedback.Page.FOOTER, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].initial = page
        # Only an applicant with an application has something to link it to.
        if household is None:
            del self.fields["link_to_application"]

    def clean(self):
        """A hidden field's error is the form's: there is no field to show it by."""
        cleaned = super().clean()
        for name in ("page", "request_token"):
            for error in self.errors.pop(name, []):
                if error not in self.non_field_errors():
                    self.add_error(None, error)
        return cleaned

    @property
    def links(self):
        return bool(self.cleaned_data.get("link_to_application"))
