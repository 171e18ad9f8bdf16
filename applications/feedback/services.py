"""Storing feedback: once per form, whatever the double clicks and replays."""

from portal.i18n import active_language_code

from ..models import Feedback


def record_feedback(form, household=None):
    """The form's feedback, linked to `household` only when given (the applicant
    asked for it). The same form sent again (its token) stores nothing more;
    returns the row and whether this call made it."""
    data = form.cleaned_data
    return Feedback.objects.get_or_create(
        request_token=data["request_token"],
        defaults={
            "rating": data["rating"],
            "comment": data["comment"].strip(),
            "page": data["page"],
            "language": active_language_code(),
            "household": household,
        },
    )
