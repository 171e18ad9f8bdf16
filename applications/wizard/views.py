"""The intake wizard: one small view per step, guarded by WizardStepMixin; and where a
signed-in person lands."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Max
from django.forms.utils import ErrorDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView

from home.models import StandardPage
from portal.i18n import translate_path
from programs.models import QualifyingProgram, catalogue

from ..assistance.access import organization_of
from ..assistance.forms import AssistedReviewForm, ClientForm
from ..assistance.services import attestation
from ..documents.checklist import missing_documents, required_documents
from ..documents.forms import DocumentUploadForm
from ..documents.storage import add_documents
from ..feedback.forms import FeedbackForm
from ..models import Document, Feedback, ProgramApplication
from . import services
from .confirmation import sign_up_tokens
from .forms import (
    AccountForm,
    AddressChoiceForm,
    AddressForm,
    ContactForm,
    HousingForm,
    MemberFormSet,
    QualifyingProgramsForm,
    ReviewForm,
)
from .guard import WizardStepMixin
from .steps import STEPS, resume_url

User = get_user_model()


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
        if self.assisting:
            return ClientForm
        return ContactForm if self.request.user.is_authenticated else AccountForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.user.is_authenticated:
            kwargs["instance"] = self.applicant
        return kwargs

    def form_valid(self, form):
        if self.request.user.is_authenticated:
            form.save()
            return self.step_done()
        services.sign_up(form)
        # The same page whether or not the email already had an account.
        self.request.session["sign_up_email"] = form.cleaned_data["email"]
        return redirect("applications:check_email")


class CheckEmailView(TemplateView):
    """After step 1: the link to go on is in the email (or, for an address that
    already has an account, a note to its owner)."""

    template_name = "applications/check_email.html"

    def get_context_data(self, **kwargs):
        email = self.request.session.get("sign_up_email", "")
        return {**super().get_context_data(**kwargs), "email": email}


class ConfirmSignUpView(TemplateView):
    """The welcome email's link: a button that signs the new applicant in and goes on
    to step 2 (only the POST spends the token)."""

    template_name = "applications/confirm_sign_up.html"

    def linked_user_id(self):
        try:
            return int(force_str(urlsafe_base64_decode(self.kwargs["uidb64"])))
        except (TypeError, ValueError, OverflowError):
            return None

    def get_user(self):
        user = User.objects.filter(pk=self.linked_user_id()).first()
        if user and sign_up_tokens.check_token(user, self.kwargs["token"]):
            return user
        return None

    def dispatch(self, request, *args, **kwargs):
        # Already signed in as the link's account (the button pressed twice, the
        # email opened again): straight on.
        if request.user.is_authenticated and request.user.pk == self.linked_user_id():
            return redirect("applications:continue")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "valid": self.get_user() is not None,
        }

    def post(self, request, *args, **kwargs):
        user = self.get_user()
        if user is None:
            return self.get(request, *args, **kwargs)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session.pop("sign_up_email", None)
        household = getattr(user, "household", None)
        if household is not None:
            household.mark_step_complete("account")
        return redirect("applications:continue")


class AddressStepView(WizardStepMixin, FormView):
    """Step 2: eligibility and mailing addresses, placed in service areas."""

    step_name = "address"
    template_name = "applications/step_address.html"
    form_class = AddressForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.household}

    def form_valid(self, form):
        """A standardized address that differs from what was typed is shown to the
        applicant first, to take or to keep their own; it is worked out again from
        the typed fields when they answer, never read back from the page."""
        standardized, problem = services.suggest_address(form)
        if standardized is None:
            services.save_address(form, problem=problem)
            return self.step_done()
        if "edit" in self.request.POST:
            return self.render_to_response(self.get_context_data(form=form))
        choice = AddressChoiceForm(
            self.request.POST if "confirming" in self.request.POST else None
        )
        if choice.is_valid():
            take = (
                choice.cleaned_data["address_choice"] == AddressChoiceForm.STANDARDIZED
            )
            services.save_address(form, standardized=standardized if take else None)
            return self.step_done()
        return TemplateResponse(
            self.request,
            "applications/step_address_confirm.html",
            self.get_context_data(
                form=form,
                choice_form=choice,
                typed=services.typed_address(form),
                standardized=standardized,
            ),
        )


class HouseholdStepView(WizardStepMixin, TemplateView):
    """Step 3: rent or own, time at address, and every member (add and remove)."""

    step_name = "household"
    template_name = "applications/step_household.html"

    def get_forms(self, data=None):
        members = self.household.members.all()
        initial = []
        if not members.exists():
            user = self.applicant
            initial = [{"first_name": user.first_name, "last_name": user.last_name}]
        return (
            HousingForm(
                data,
                instance=self.household,
                prefix="housing",
                asks_income=any(p.uses_income_table for p in catalogue()),
            ),
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
            # static/js/portal.js starts the new person's answers there.
            formset.forms[-1].fields["first_name"].widget.attrs["data-portal-focus"] = (
                ""
            )
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
        services.save_members(self.household, housing_form, formset)
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
        self.household = services.choose_qualifying_programs(
            self.household,
            set(form.cleaned_data["programs"]),
            form.cleaned_data["none"],
        )
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
        items = required_documents(self.household)
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
            missing = missing_documents(self.household)
            if not missing:
                return self.step_done()
            if action == "later":
                return self.finish_later()
            return self.render_to_response(self.get_context_data(missing=missing))
        return self.upload(request)

    def upload(self, request):
        key = request.POST.get("item", "")
        item = next(
            (item for item in required_documents(self.household) if item.key == key),
            None,
        )
        if item is None:
            messages.error(
                request, _("That document is no longer needed. Please try again.")
            )
            return redirect(self.step_url("documents"))
        form = DocumentUploadForm(request.POST, request.FILES, prefix=key)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(failed_item=key, upload_form=form)
            )
        saved, file_errors = add_documents(
            self.household,
            form.cleaned_data["files"],
            kind=item.kind,
            member=item.member,
            qualifying_program=item.qualifying_program,
            **self.uploaded_by(),
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
        return redirect(self.step_url("documents"))


class ReviewStepView(WizardStepMixin, FormView):
    """Step 6: every answer with links to change it, consent, and submit.

    With an assister, the resident confirms the answers by ticking the box in front
    of them (the assister confirms it, by name) or by signing the printed consent,
    uploaded here."""

    step_name = "review"
    template_name = "applications/step_review.html"

    def get_form_class(self):
        return AssistedReviewForm if self.assisting else ReviewForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.assisting:
            kwargs["assister_name"] = self.request.user.get_full_name()
            kwargs["has_signed_consent"] = self.signed_consent() is not None
        return kwargs

    def signed_consent(self):
        return (
            self.household.documents.filter(kind=Document.Kind.CONSENT, is_current=True)
            .order_by("-uploaded_at", "-pk")
            .first()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        household = self.household
        context["members"] = household.members.all()
        context["qualifying_programs"] = household.qualifying_programs
        context["documents"] = required_documents(household)
        if self.assisting:
            context["consent_upload_form"] = kwargs.get(
                "consent_upload_form", DocumentUploadForm(prefix="consent")
            )
            context["consent_file_errors"] = kwargs.get("consent_file_errors", [])
            context["signed_consent"] = self.signed_consent()
        return context

    def post(self, request, *args, **kwargs):
        if self.assisting and request.POST.get("action") == "upload_consent":
            return self.upload_consent(request)
        return super().post(request, *args, **kwargs)

    def upload_consent(self, request):
        form = DocumentUploadForm(request.POST, request.FILES, prefix="consent")
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(
                    form=self.get_form_class()(**self.unbound_form_kwargs()),
                    consent_upload_form=form,
                )
            )
        saved, file_errors = add_documents(
            self.household,
            form.cleaned_data["files"][:1],
            kind=Document.Kind.CONSENT,
            **self.uploaded_by(),
        )
        if file_errors:
            return self.render_to_response(
                self.get_context_data(
                    form=self.get_form_class()(**self.unbound_form_kwargs()),
                    consent_file_errors=file_errors,
                )
            )
        # The newest signed form is the one in force.
        newest = self.signed_consent()
        self.household.documents.filter(kind=Document.Kind.CONSENT).exclude(
            pk=newest.pk
        ).update(is_current=False)
        messages.success(request, _("The signed consent form is uploaded."))
        return redirect(self.step_url("review"))

    def unbound_form_kwargs(self):
        kwargs = self.get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        return kwargs

    def form_valid(self, form):
        if missing_documents(self.household):
            messages.error(self.request, _("Some documents are still missing."))
            return redirect(self.step_url("documents"))
        if self.assisting:
            services.submit(
                self.household,
                by=self.request.user,
                attestation=attestation(form, self.request.user, self.signed_consent()),
            )
            messages.success(
                self.request,
                _("The application is submitted. City staff will review it."),
            )
            return redirect(self.finished_url())
        services.submit(self.household)
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
        household = self.request.user.household
        # The longest review among the programs this household applied for (none
        # yet: no promise), never a program it did not apply to.
        context["review_days"] = household.program_applications.filter(
            status=ProgramApplication.Status.APPLIED
        ).aggregate(days=Max("program__estimated_review_days"))["days"]
        context["household"] = household
        context["feedback_form"] = FeedbackForm(
            household=household, page=Feedback.Page.DONE
        )
        return context


@login_required
def continue_view(request):
    """After sign-in: staff to the admin, applicants to where they left off.

    The applicant's saved language follows them to this device: they land on the
    page in that language, and the cookie keeps English addresses in it too.
    """
    if request.user.is_staff:
        return redirect("wagtailadmin_home")
    if organization_of(request.user) is not None:
        return redirect("assistance:clients")
    language = request.user.preferred_language
    if language not in dict(settings.LANGUAGES):
        return redirect(resume_url(request.user))
    response = redirect(translate_path(resume_url(request.user), language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
