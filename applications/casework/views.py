"""Caseworker views in the Wagtail admin: household actions, corrections, a
submission's snapshot, resending a message and bulk enrollment. The rules live in the
state machine and the services; these views only ask and show."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.models import ModelLogEntry

from .. import audit, state_machine
from ..documents.previews import preview_pages
from ..models import Document, Household, Notification, ProgramApplication, Submission
from ..notifications import resend
from ..state_machine import TransitionError
from ..wizard.steps import STEPS
from . import corrections
from .actions import HOUSEHOLD_ACTIONS
from .case_file import case_file_pdf


def household_url(household):
    return reverse("applications_household_modeladmin_inspect", args=[household.pk])


class HouseholdActionView(PermissionRequiredMixin, FormView):
    """GET: a confirmation page with the action's form. POST: the guarded transition."""

    permission_required = "applications.change_household"
    template_name = "applications/admin/household_action.html"
    raise_exception = True

    def dispatch(self, request, *args, **kwargs):
        self.action = HOUSEHOLD_ACTIONS.get(kwargs["action"])
        if self.action is None:
            raise Http404
        self.household = get_object_or_404(
            Household.objects.for_staff().select_related("user"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return self.action.form_class

    def get_initial(self):
        return self.action.initial(self.household) if self.action.initial else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action=self.action,
            household=self.household,
            household_url=household_url(self.household),
            problems=state_machine.verification_problems(self.household)
            if self.action.transition == "verify"
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


class CorrectionView(PermissionRequiredMixin, TemplateView):
    """Correct an answer the applicant got wrong (`casework.corrections`): the edit
    form, then "Review the change" with eligibility before and after, then Confirm,
    which checks everything again and saves."""

    permission_required = "applications.change_household"
    raise_exception = True

    def get_permission_required(self):
        if self.kwargs["kind"] == corrections.DocumentReplacement.slug:
            return [self.permission_required, "applications.view_document"]
        return [self.permission_required]

    def correction(self):
        kind = corrections.CORRECTIONS.get(self.kwargs["kind"])
        if kind is None:
            raise Http404
        household = get_object_or_404(
            Household.objects.for_staff().with_answers(), pk=self.kwargs["pk"]
        )
        return kind(household, self.kwargs.get("target"))

    def get(self, request, **kwargs):
        correction = self.correction()
        problem = state_machine.correction_problem(correction.household)
        if problem:
            messages.error(request, problem)
            return redirect(household_url(correction.household))
        return self.edit(correction, correction.form())

    def post(self, request, **kwargs):
        correction = self.correction()
        step = request.POST.get("step")
        if step == "confirm":
            return self.confirm(correction)
        if step == "discard":
            return self.discard(correction)
        form = correction.form(request.POST, request.FILES)
        if not form.is_valid():
            return self.edit(correction, form)
        try:
            review = corrections.rehearse(correction, form, request.user)
        except corrections.RefusedFile as refused:
            form.add_error("files", refused.message)
            return self.edit(correction, form)
        except TransitionError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.edit(correction, form)
        return self.review(correction, review)

    def confirm(self, correction):
        try:
            corrections.apply(
                correction, self.request.POST.get("proposal", ""), self.request.user
            )
        except TransitionError as error:
            corrections.discard_staged(
                correction, self.request.POST.get("proposal", ""), self.request.user
            )
            return self.edit(correction, correction.form(), refused=error.messages)
        messages.success(
            self.request, _("Correction saved. The applicant is told what changed.")
        )
        return redirect(household_url(correction.household))

    def discard(self, correction):
        corrections.discard_staged(
            correction, self.request.POST.get("proposal", ""), self.request.user
        )
        messages.info(self.request, _("Nothing was corrected."))
        return redirect(household_url(correction.household))

    def context(self, correction, **values):
        household = correction.household
        document = getattr(correction, "document", None)
        if document is not None:
            document.preview_pages = preview_pages(document)
        return {
            "correction": correction,
            "household": household,
            "household_url": household_url(household),
            "document": document,
            **values,
        }

    def edit(self, correction, form, refused=()):
        """The edit form; `refused`: why a confirm saved nothing (the form shows
        the household as it is now)."""
        return self.render(
            "applications/admin/correction_form.html",
            self.context(correction, form=form, refused=refused),
        )

    def review(self, correction, review):
        staged = None
        if isinstance(correction, corrections.DocumentReplacement):
            staged = correction.staged_document(
                review.proposal.extra, self.request.user
            )
            staged.preview_pages = preview_pages(staged)
        return self.render(
            "applications/admin/correction_review.html",
            self.context(
                correction,
                review=review,
                staged=staged,
                told_by=corrections.told_by(correction.household),
                proposal=review.proposal.sign(),
            ),
        )

    def render(self, template, context):
        return self.response_class(
            request=self.request, template=[template], context=context
        )


class SubmissionView(PermissionRequiredMixin, TemplateView):
    """A read-only snapshot of what a household once submitted."""

    permission_required = "applications.view_household"
    raise_exception = True
    template_name = "applications/admin/submission.html"

    def get_context_data(self, **kwargs):
        submission = get_object_or_404(
            Submission.objects.select_related("household__user"), pk=kwargs["pk"]
        )
        answers = submission.answers
        kinds = dict(Document.Kind.choices)
        documents = [
            {**document, "kind_label": kinds.get(document["kind"], document["kind"])}
            for document in answers.get("documents", [])
        ]
        entered_by = answers.get("assistance", {}).get("entered_by", {})
        return {
            **super().get_context_data(**kwargs),
            "submission": submission,
            "answers": answers,
            "documents": documents,
            "entered_by": [
                (step.title, entered_by[step.name])
                for step in STEPS
                if step.name in entered_by
            ],
            "household_url": household_url(submission.household),
        }


def household_history_url(household):
    return reverse("applications_household_history", args=[household.pk])


class HouseholdHistoryView(PermissionRequiredMixin, TemplateView):
    """Everything that happened to a household and every message sent to it: its own
    page, as Django's and Wagtail's admins keep an object's history, so the household
    page stays one query per table of answers."""

    permission_required = "applications.view_household"
    raise_exception = True
    template_name = "applications/admin/household_history.html"

    def get_context_data(self, **kwargs):
        household = get_object_or_404(
            Household.objects.select_related("user"), pk=kwargs["pk"]
        )
        return {
            **super().get_context_data(**kwargs),
            "household": household,
            "household_url": household_url(household),
            "notifications": household.notifications.all(),
            "history": household_history(household),
        }


def household_history(household):
    return (
        ModelLogEntry.objects.for_instance(household)
        .select_related("user")
        .order_by("-timestamp")[:200]
    )


class CaseFileView(PermissionRequiredMixin, View):
    """The household's case file as a PDF; each download is in its history, as a
    document view is."""

    permission_required = "applications.view_household"
    raise_exception = True

    def get(self, request, pk):
        household = get_object_or_404(
            Household.objects.for_staff().with_answers(), pk=pk
        )
        history = list(household_history(household))[::-1]
        pdf = case_file_pdf(household, history)
        audit.record(household, audit.CASE_FILE_DOWNLOADED, user=request.user)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="case-file-{household.pk}.pdf"'
        )
        return response


class ResendNotificationView(PermissionRequiredMixin, View):
    """Put a failed message back in the queue (POST from the household's history)."""

    permission_required = "applications.change_household"
    raise_exception = True

    def post(self, request, pk):
        notification = get_object_or_404(
            Notification.objects.select_related("household"), pk=pk
        )
        if resend(notification, request.user):
            messages.success(request, _("The message is queued to be sent again."))
        else:
            messages.error(request, _("Only failed messages can be resent."))
        return redirect(household_history_url(notification.household))


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
                    changed += state_machine.enroll(application, request.user)
                elif decision == "not_enroll":
                    changed += state_machine.not_enroll(
                        application, request.user, reason
                    )
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
