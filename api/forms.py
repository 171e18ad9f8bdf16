"""Issuing and editing a key: a key lasts at most a year from today, never ends in
the past, and keeps the program it was issued for."""

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateTimeInput

from .models import LONGEST_LIFE, ApiKey


def to_the_minute(moment):
    """As the admin's date-and-time field shows it, so an untouched expiry is
    unchanged."""
    return moment.replace(second=0, microsecond=0)


class ApiKeyForm(WagtailAdminModelForm):
    """Editing a key: its name and expiry only."""

    class Meta:
        model = ApiKey
        fields = ["name", "expires_at"]
        widgets = {"expires_at": AdminDateTimeInput}
        help_texts = {"expires_at": _("At most one year from today.")}

    def clean_expires_at(self):
        expires_at = to_the_minute(self.cleaned_data["expires_at"])
        if self.instance.pk and expires_at == to_the_minute(self.instance.expires_at):
            return self.instance.expires_at  # renaming an expired key is fine
        now = timezone.now()
        if expires_at <= now:
            raise ValidationError(_("Choose a moment in the future."))
        if expires_at > now + LONGEST_LIFE:
            raise ValidationError(
                _("A key lasts at most one year: choose %(latest)s or sooner."),
                params={
                    "latest": formats.date_format(
                        timezone.localtime(now + LONGEST_LIFE), "DATE_FORMAT"
                    )
                },
            )
        return expires_at


class IssueApiKeyForm(ApiKeyForm):
    """Issuing a key: for which program, which system, until when (a year unless
    changed)."""

    class Meta(ApiKeyForm.Meta):
        fields = ["program", "name", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault(
            "expires_at", to_the_minute(timezone.now() + LONGEST_LIFE)
        )
