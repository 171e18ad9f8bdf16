"""The intake wizard: one small view per step, guarded by WizardStepMixin."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import Max
from django.forms.utils import ErrorDict
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView, View

from home.models import StandardPage
from programs.addresses import Address, place_address
from programs.models import ProgramPage, QualifyingProgram

from .. import notifications
from ..forms import (
    AccountForm,
    AddressForm,
    ContactForm,
    DocumentUploadForm,
    HousingForm,
    MemberFormSet,
    QualifyingProgramsForm,
    ReviewForm,
)
from ..models import Document, Household, QualifyingEnrollment
from ..renewals import member_details_changed
from ..steps import STEPS, WizardStepMixin, resume_url


class StartView(TemplateView):
    """Before you start: what to have ready, the privacy notice, how long it takes."""

    template_name = "applications/start.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["qualifying_programs"] = QualifyingProgram.objects.filter(
            is_active=True
        )
        privacy_page = (
            StandardPage.objects.live()
            .filter(slug="privacy")
            .order_by("path")
            .select_related("locale")
            .first()
        )
        context["privacy_page"] = privacy_page and privacy_page.localized
        context["steps"] = STEPS
        if self.request.user.is_authenticated:
            context["resume_url"] = resume_url(self.request.user)
        return context


class AccountStepView(WizardStepMixin, FormView):
    """Step 1: create the account (or, when signed in, check contact details)."""

    step_name = "account"
    template_name = "applications/step_account.html"

    def get_form_class(self):
        return ContactForm if self.request.user.is_authenticated else AccountForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.user.is_authenticated:
            kwargs["instance"] = self.request.user
        return kwargs

    def form_valid(self, form):
        if self.request.user.is_authenticated:
            form.save()
            return self.step_done()
        with transaction.atomic():
            user = form.save()
            self.household = Household.objects.create(user=user)
            notifications.notify(self.household, notifications.Event.WELCOME)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        return self.step_done()


class AddressStepView(WizardStepMixin, FormView):
    """Step 2: eligibility and mailing addresses, placed in service areas."""

    step_name = "address"
    template_name = "applications/step_address.html"
    form_class = AddressForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.household}

    def form_valid(self, form):
        with transaction.atomic():
            household = form.save(commit=False)
            areas = place_address(
                Address(
                    street=household.street,
                    city=household.city,
                    state=household.state,
                    zip_code=household.zip_code,
                )
            )
            household.address_needs_review = areas is None
            household.save()
            household.service_areas.set(areas or [])
        return self.step_done()


class HouseholdStepView(WizardStepMixin, TemplateView):
    """Step 3: rent or own, time at address, and every member (add and remove)."""

    step_name = "household"
    template_name = "applications/step_household.html"

    def get_forms(self, data=None):
        members = self.household.members.all()
        initial = []
        if not members.exists():
            user = self.request.user
            initial = [{"first_name": user.first_name, "last_name": user.last_name}]
        return (
            HousingForm(data, instance=self.household, prefix="housing"),
            MemberFormSet(data, queryset=members, initial=initial, prefix="members"),
        )

    def get(self, request, *args, **kwargs):
        housing_form, formset = self.get_forms()
        return self.render_to_response(
            self.get_context_data(housing_form=housing_form, formset=formset)
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "add":
            data = request.POST.copy()
            try:
                total = max(int(data.get("members-TOTAL_FORMS") or 0), 0)
            except ValueError:  # a tampered count: start again from no rows
                total = 0
            data["members-TOTAL_FORMS"] = str(min(total + 1, MemberFormSet.max_num))
            housing_form, formset = self.get_forms(data)
            # Adding a row is not a submit: show the answers without judging them yet.
            housing_form._errors = ErrorDict()
            for form in formset.forms:
                form._errors = ErrorDict()
            formset._errors = [ErrorDict() for _form in formset.forms]
            formset._non_form_errors = formset.error_class()
            return self.render_to_response(
                self.get_context_data(
                    housing_form=housing_form, formset=formset, added=True
                )
            )
        housing_form, formset = self.get_forms(request.POST)
        if not (housing_form.is_valid() and formset.is_valid()):
            return self.render_to_response(
                self.get_context_data(housing_form=housing_form, formset=formset)
            )
        with transaction.atomic():
            housing_form.save()
            has_applicant = self.household.members.filter(is_applicant=True).exists()
            formset.save(commit=False)
            for member in formset.deleted_objects:
                member.delete()
            kept = [
                form
                for form in formset.forms
                if form not in formset.deleted_forms
                and (form.instance.pk or form.has_changed())
            ]
            for position, form in enumerate(kept):
                member = form.instance
                if member.pk and {"first_name", "last_name", "date_of_birth"} & set(
                    form.changed_data
                ):
                    member_details_changed(member)
                member.household = self.household
                member.position = position
                if not has_applicant:
                    member.is_applicant = has_applicant = True
                member.save()
            self.household.refresh_document_progress()
        return self.step_done()


class QualifyingStepView(WizardStepMixin, FormView):
    """Step 4: which qualifying programs the household is enrolled in, or none."""

    step_name = "qualifying"
    template_name = "applications/step_qualifying.html"
    form_class = QualifyingProgramsForm

    def get_initial(self):
        return {
            "programs": [program.pk for program in self.household.qualifying_programs],
            "none": self.household.has_no_qualifying_program,
        }

    def form_valid(self, form):
        chosen = set(form.cleaned_data["programs"])
        with transaction.atomic():
            enrollments = self.household.qualifying_enrollments
            dropped = enrollments.exclude(qualifying_program__in=chosen)
            Document.objects.filter(
                household=self.household,
                qualifying_program__in=dropped.values("qualifying_program"),
            ).delete()
            dropped.delete()
            for program in chosen:
                QualifyingEnrollment.objects.get_or_create(
                    household=self.household, qualifying_program=program
                )
            self.household.has_no_qualifying_program = form.cleaned_data["none"]
            self.household.save(
                update_fields=["has_no_qualifying_program", "updated_at"]
            )
            self.household = Household.objects.get(pk=self.household.pk)
            self.household.refresh_document_progress()
        return self.step_done()


def document_errors(missing, items):
    """(message, anchor) for each line of the documents step's error summary.

    First each item still without a file, linking to its section; then each upload
    refused for an item, linking to that item's file input.
    """
    upload_for = _("Upload a file for:")
    errors = [(f"{upload_for} {item.label}", f"item-{item.key}") for item in missing]
    for item in items:
        files = item.form["files"]
        errors += [
            (f"{item.label} — {error}", files.id_for_label) for error in files.errors
        ]
        errors += [
            (f"{item.label} — {name}: {message}", files.id_for_label)
            for name, message in item.file_errors
        ]
    return errors


class DocumentsStepView(WizardStepMixin, TemplateView):
    """Step 5: an ID per adult and a proof per qualifying program, checked on upload."""

    step_name = "documents"
    template_name = "applications/step_documents.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = self.household.required_documents()
        failed = kwargs.get("failed_item")
        for item in items:
            item.form = (
                kwargs["upload_form"]
                if failed == item.key
                else DocumentUploadForm(prefix=item.key)
            )
            item.file_errors = (
                kwargs.get("file_errors", []) if failed == item.key else []
            )
        context["items"] = items
        context["document_errors"] = document_errors(kwargs.get("missing", []), items)
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action in {"continue", "later"}:
            missing = self.household.missing_documents()
            if not missing:
                return self.step_done()
            if action == "later":
                return self.finish_later()
            return self.render_to_response(self.get_context_data(missing=missing))
        return self.upload(request)

    def upload(self, request):
        key = request.POST.get("item", "")
        item = next(
            (item for item in self.household.required_documents() if item.key == key),
            None,
        )
        if item is None:
            messages.error(
                request, _("That document is no longer needed. Please try again.")
            )
            return redirect("applications:documents")
        form = DocumentUploadForm(request.POST, request.FILES, prefix=key)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(failed_item=key, upload_form=form)
            )
        saved, file_errors = self.household.add_documents(
            form.cleaned_data["files"],
            kind=item.kind,
            member=item.member,
            qualifying_program=item.qualifying_program,
        )
        if saved:
            messages.success(
                request,
                ngettext("Uploaded %(count)s file.", "Uploaded %(count)s files.", saved)
                % {"count": saved},
            )
        if file_errors:
            return self.render_to_response(
                self.get_context_data(
                    failed_item=key,
                    upload_form=DocumentUploadForm(prefix=key),
                    file_errors=file_errors,
                )
            )
        return redirect("applications:documents")


class DocumentDeleteView(LoginRequiredMixin, View):
    """Remove one of your own documents before you submit."""

    def post(self, request, public_id):
        document = get_object_or_404(
            Document, public_id=public_id, household__user=request.user
        )
        if document.household.is_submitted:
            messages.error(request, _("Submitted documents cannot be removed."))
            return redirect("applications:dashboard")
        document.delete()
        document.household.refresh_document_progress()
        messages.success(request, _("The file was removed."))
        return redirect("applications:documents")


class ReviewStepView(WizardStepMixin, FormView):
    """Step 6: every answer with links to change it, consent, and submit."""

    step_name = "review"
    template_name = "applications/step_review.html"
    form_class = ReviewForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        household = self.household
        context["members"] = household.members.all()
        context["qualifying_programs"] = household.qualifying_programs
        context["documents"] = household.required_documents()
        return context

    def form_valid(self, form):
        if self.household.missing_documents():
            messages.error(self.request, _("Some documents are still missing."))
            return redirect("applications:documents")
        self.household.submit()
        return redirect("applications:done")


class DoneView(LoginRequiredMixin, TemplateView):
    """What happens next, after submitting."""

    template_name = "applications/done.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            household = getattr(request.user, "household", None)
            if household is None or not household.is_submitted:
                return redirect(resume_url(request.user))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["review_days"] = (
            ProgramPage.objects.canonical()
            .live()
            .aggregate(days=Max("estimated_review_days"))["days"]
        )
        context["household"] = self.request.user.household
        return context
