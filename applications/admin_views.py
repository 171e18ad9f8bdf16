"""Caseworker views in the Wagtail admin: household actions, bulk enrollment and the
staff overview panel. The rules live in applications.review; these views only ask and
show."""

from dataclasses import dataclass

from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count, Min, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.ui.components import Component

from programs.models import ServiceArea

from .models import Household, ProgramApplication
from .review import TransitionError


def household_url(household):
    return reverse("applications_household_modeladmin_inspect", args=[household.pk])


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


@dataclass(frozen=True)
class HouseholdAction:
    title: str
    button: str
    form_class: type
    run: object
    done: str
    destructive: bool = False


HOUSEHOLD_ACTIONS = {
    "verify": HouseholdAction(
        _("Verify household"),
        _("Verify"),
        ConfirmForm,
        lambda household, user, data: household.verify(user),
        _("Household verified."),
    ),
    "request-information": HouseholdAction(
        _("Request more information"),
        _("Send request"),
        MessageForm,
        lambda household, user, data: household.request_information(
            user, data["message"]
        ),
        _("Request sent. The household waits for the applicant."),
    ),
    "deny": HouseholdAction(
        _("Deny household"),
        _("Deny"),
        ReasonForm,
        lambda household, user, data: household.deny(user, data["reason"]),
        _("Household denied."),
        destructive=True,
    ),
    "reopen": HouseholdAction(
        _("Reopen household"),
        _("Reopen"),
        ConfirmForm,
        lambda household, user, data: household.reopen(user),
        _("Household reopened and back in the queue."),
    ),
    "note": HouseholdAction(
        _("Add a note"),
        _("Add note"),
        NoteForm,
        lambda household, user, data: household.add_note(user, data["text"]),
        _("Note added."),
    ),
    "override-address": HouseholdAction(
        _("Override the service-area result"),
        _("Save override"),
        OverrideAddressForm,
        lambda household, user, data: household.override_service_areas(
            user, list(data["areas"]), data["reason"]
        ),
        _("Service areas updated."),
    ),
}


class HouseholdActionView(PermissionRequiredMixin, FormView):
    """GET: a confirmation page with the action's form. POST: the guarded transition."""

    permission_required = "applications.change_household"
    template_name = "applications/admin/household_action.html"
    raise_exception = True

    def dispatch(self, request, *args, **kwargs):
        self.action = HOUSEHOLD_ACTIONS.get(kwargs["action"])
        if self.action is None:
            from django.http import Http404

            raise Http404
        self.household = get_object_or_404(
            Household.objects.submitted().select_related("user"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return self.action.form_class

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action=self.action,
            household=self.household,
            household_url=household_url(self.household),
            problems=self.household.verification_problems()
            if self.kwargs["action"] == "verify"
            else [],
        )
        return context

    def form_valid(self, form):
        try:
            self.action.run(self.household, self.request.user, form.cleaned_data)
        except TransitionError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, self.action.done)
        return redirect(household_url(self.household))


class SubmissionView(PermissionRequiredMixin, TemplateView):
    """A read-only snapshot of what a household once submitted."""

    permission_required = "applications.view_household"
    raise_exception = True
    template_name = "applications/admin/submission.html"

    def get_context_data(self, **kwargs):
        from .models import Submission

        submission = get_object_or_404(
            Submission.objects.select_related("household__user"), pk=kwargs["pk"]
        )
        return {
            **super().get_context_data(**kwargs),
            "submission": submission,
            "answers": submission.answers,
            "household_url": household_url(submission.household),
        }


class ResendNotificationView(PermissionRequiredMixin, View):
    """Put a failed message back in the queue (POST from the household page)."""

    permission_required = "applications.change_household"
    raise_exception = True

    def post(self, request, pk):
        from .models import Notification
        from .notifications import resend

        notification = get_object_or_404(
            Notification.objects.select_related("household"), pk=pk
        )
        if resend(notification, request.user):
            messages.success(request, _("The message is queued to be sent again."))
        else:
            messages.error(request, _("Only failed messages can be resent."))
        return redirect(household_url(notification.household))


class BulkEnrollmentView(PermissionRequiredMixin, View):
    """Coordinators mark several applications enrolled or not enrolled at once."""

    permission_required = "applications.change_programapplication"
    raise_exception = True

    def post(self, request):
        ids = [value for value in request.POST.getlist("selected") if value.isdigit()]
        decision = request.POST.get("decision")
        reason = request.POST.get("reason", "")
        applications = (
            ProgramApplication.objects.for_coordinator(request.user)
            .filter(pk__in=ids)
            .select_related("household", "program")
        )
        changed, refused = 0, []
        for application in applications:
            try:
                if decision == "enroll":
                    changed += application.mark_enrolled(request.user)
                elif decision == "not_enroll":
                    changed += application.mark_not_enrolled(request.user, reason)
            except TransitionError as error:
                refused.append(f"{application.household}: {error.messages[0]}")
        if not ids or decision not in {"enroll", "not_enroll"}:
            messages.error(request, _("Choose applications and an action."))
        elif refused:
            messages.error(request, " ".join(refused))
        if changed:
            messages.success(
                request,
                ngettext(
                    "%(count)s application updated.",
                    "%(count)s applications updated.",
                    changed,
                )
                % {"count": changed},
            )
        return redirect("applications_programapplication_modeladmin_index")


class StaffOverviewPanel(Component):
    """Admin home: the verification queue and enrollments awaiting coordinators."""

    name = "staff_overview"
    order = 50
    template_name = "applications/admin/overview_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = {"now": timezone.now()}
        if self.user.has_perm("applications.view_household"):
            queue = Household.objects.submitted().aggregate(
                waiting=Count(
                    "pk", filter=Q(review_status=Household.ReviewStatus.SUBMITTED)
                ),
                oldest=Min(
                    "submitted_at",
                    filter=Q(review_status=Household.ReviewStatus.SUBMITTED),
                ),
                awaiting_applicant=Count(
                    "pk", filter=Q(review_status=Household.ReviewStatus.INFO_REQUESTED)
                ),
            )
            context["queue"] = queue
            if queue["oldest"]:
                context["oldest_days"] = (timezone.now() - queue["oldest"]).days
        if self.user.has_perm("applications.view_programapplication"):
            context["awaiting_enrollment"] = (
                ProgramApplication.objects.for_coordinator(self.user)
                .filter(status=ProgramApplication.Status.APPLIED)
                .values("program__title")
                .annotate(count=Count("pk"))
                .order_by("program__title")
            )
        return context


def column(label):
    """Name a ModelAdmin list column (short_description, as modeladmin reads it)."""

    def decorate(method):
        method.short_description = label
        return method

    return decorate
