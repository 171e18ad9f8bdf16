"""The announcements' pages in the Wagtail admin: the list, a draft's form, its
preview (both languages, as email and as text message, with whom it reaches) and
Send. Verification staff announce to any program, a coordinator to their own."""

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, ListView, TemplateView, UpdateView, View
from wagtail.admin import messages
from wagtail.models import ModelLogEntry

from ..models import Announcement, Notification
from ..notifications import Event
from .forms import AnnouncementForm, announceable_programs
from .recipients import reach
from .rendering import preview
from .sending import start_sending


def announcement_url(announcement):
    return reverse("applications_announcement", args=[announcement.pk])


class AnnouncementAccess(PermissionRequiredMixin):
    """Announcements to the programs this user may announce to, and no others."""

    raise_exception = True

    def announcements(self):
        return Announcement.objects.filter(
            program__in=announceable_programs(self.request.user)
        ).select_related("program", "created_by", "sent_by")

    def get_object(self, queryset=None):
        return get_object_or_404(self.announcements(), pk=self.kwargs["pk"])


class AnnouncementIndexView(AnnouncementAccess, ListView):
    permission_required = "applications.view_announcement"
    template_name = "applications/admin/announcement_index.html"
    context_object_name = "announcements"
    paginate_by = 25
    page_kwarg = "p"

    def get_queryset(self):
        return self.announcements()


class AnnouncementFormMixin(AnnouncementAccess):
    form_class = AnnouncementForm
    template_name = "applications/admin/announcement_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, _("Draft saved. Check the preview, then send it.")
        )
        return response

    def get_success_url(self):
        return announcement_url(self.object)


class AnnouncementCreateView(AnnouncementFormMixin, CreateView):
    permission_required = "applications.add_announcement"

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        return super().form_valid(form)


class AnnouncementEditView(AnnouncementFormMixin, UpdateView):
    """Edit a draft; once sending starts, the announcement stays as it was sent."""

    permission_required = "applications.change_announcement"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        announcement = self.get_object()
        if not announcement.is_draft:
            messages.error(request, _("Only a draft can be changed."))
            return redirect(announcement_url(announcement))
        return super().dispatch(request, *args, **kwargs)


class AnnouncementView(AnnouncementAccess, TemplateView):
    """The preview: the message in both languages as email and as text message,
    whom it reaches (by language and channel, and who cannot be reached) and the
    days the daily limit spreads it over; Send, for a draft."""

    permission_required = "applications.view_announcement"
    template_name = "applications/admin/announcement.html"

    def get_context_data(self, **kwargs):
        announcement = self.get_object()
        user = self.request.user
        names = dict(settings.LANGUAGES)
        previews = [
            (names[language], preview(announcement, language)) for language in names
        ]
        context = {
            "announcement": announcement,
            "previews": previews,
            "can_edit": announcement.is_draft
            and user.has_perm("applications.change_announcement"),
            "can_send": announcement.is_draft
            and user.has_perm("applications.send_announcement"),
            "history": ModelLogEntry.objects.for_instance(announcement)
            .select_related("user")
            .order_by("-timestamp"),
        }
        if announcement.is_draft:
            counted = reach(announcement)
            context.update(
                reach=counted,
                by_language=[
                    (name, counted.by_language[code]) for code, name in names.items()
                ],
                by_channel=[
                    (channel.label, counted.by_channel[channel])
                    for channel in (
                        Notification.Channel.EMAIL,
                        Notification.Channel.SMS,
                    )
                ],
            )
        else:
            context["outbox"] = outbox_counts(announcement)
        return {**super().get_context_data(**kwargs), **context}


def outbox_counts(announcement):
    """The announcement's messages in the outbox, by status (label, count)."""
    labels = dict(Notification.Status.choices)
    counts = (
        Notification.objects.filter(
            event=Event.ANNOUNCEMENT, context__announcement=announcement.pk
        )
        .values("status")
        .annotate(count=Count("pk"))
        .order_by("status")
    )
    return [(labels.get(row["status"], row["status"]), row["count"]) for row in counts]


class AnnouncementEmailView(AnnouncementAccess, View):
    """The email in one language as its recipients' mail programs show it."""

    permission_required = "applications.view_announcement"

    def get(self, request, pk, language):
        if language not in dict(settings.LANGUAGES):
            raise Http404
        return HttpResponse(preview(self.get_object(), language).html)


class SendAnnouncementView(AnnouncementAccess, View):
    """Send a draft (POST): once, however often the button is pressed."""

    permission_required = "applications.send_announcement"

    def post(self, request, pk):
        announcement = self.get_object()
        if start_sending(announcement, request.user):
            messages.success(
                request,
                _(
                    "The announcement is being sent. Messages beyond the daily limit "
                    "go out on the following days."
                ),
            )
        else:
            messages.error(request, _("This announcement was already sent."))
        return redirect(announcement_url(announcement))
