"""Upload forms: files for one checklist item or a staff request, several at once."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, (list, tuple)):
            if not data:
                return [single_clean(None, initial)]
            return [single_clean(item, initial) for item in data]
        return [single_clean(data, initial)]


class DocumentUploadForm(forms.Form):
    """Files for one checklist item or request (several at once, checked on upload)."""

    files = MultipleFileField(
        label=_("Choose files"),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.heic,.heif"}),
        help_text=_(
            "PDF, PNG, JPEG or HEIC (a phone photo is fine), up to 10 MB each."
        ),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _(
                "This file is empty. Please choose it again or take a new photo."
            ),
        },
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > 10:
            raise ValidationError(_("Upload at most 10 files at a time."))
        return files
