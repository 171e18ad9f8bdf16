"""The announcement's draft: both languages required, programs within the writer's
scope, and text messages no longer than a provider takes."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from programs.models import ProgramPage

from ..models import Announcement
from ..notifications.senders import sms_segments
from ..reports.views import permitted_programs
from .rendering import SMS_MAX_CHARACTERS, preview

MESSAGE_FIELDS = ["audience", "subject", "body", "subject_es", "body_es"]
BODY_FIELDS = {"en": "body", "es": "body_es"}


def announceable_programs(user):
    """The programs this user may announce to: every program for verification
    staff, their own for a coordinator."""
    programs = ProgramPage.objects.canonical().order_by("title")
    permitted = permitted_programs(user)
    return programs if permitted is None else programs.filter(pk__in=permitted)


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["program", *MESSAGE_FIELDS]
        widgets = {
            "audience": forms.RadioSelect,
            "body": forms.Textarea(attrs={"rows": 6}),
            "body_es": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "body": _(
                "Plain text. Email carries it whole; a text message carries it after "
                "the organization's name, so keep it short."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = announceable_programs(user)
        self.sms_texts = {}

    def clean(self):
        cleaned = super().clean()
        program = cleaned.get("program")
        if program is None:
            return cleaned
        draft = Announcement(
            program=program,
            **{name: cleaned.get(name) or "" for name in MESSAGE_FIELDS},
        )
        for language, _name in settings.LANGUAGES:
            if not cleaned.get(BODY_FIELDS[language]):
                continue
            sms = preview(draft, language, program).sms
            self.sms_texts[language] = sms
            if len(sms) > SMS_MAX_CHARACTERS:
                self.add_error(
                    BODY_FIELDS[language],
                    _(
                        "As a text message this is %(length)s characters; text "
                        "messages take at most %(limit)s. Shorten the message."
                    )
                    % {"length": len(sms), "limit": SMS_MAX_CHARACTERS},
                )
        return cleaned

    def sms_notes(self):
        """How many SMS segments each language's text message takes, for the page:
        as just typed, or else as saved."""
        texts = self.sms_texts
        if not texts and self.instance.pk:
            texts = {
                language: preview(self.instance, language).sms
                for language, _name in settings.LANGUAGES
            }
        names = dict(settings.LANGUAGES)
        notes = []
        for language, sms in texts.items():
            segments = sms_segments(sms)
            notes.append(
                ngettext(
                    "Text message in %(language)s: %(segments)s segment, "
                    "%(length)s characters.",
                    "Text message in %(language)s: %(segments)s segments, "
                    "%(length)s characters.",
                    segments,
                )
                % {
                    "language": names[language],
                    "segments": segments,
                    "length": len(sms),
                }
            )
        return notes
