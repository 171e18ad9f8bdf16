"""The applicant's dashboard, one-click apply, and account settings."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView, UpdateView, View

from home.models import SiteSettings
from programs.eligibility import HouseholdFacts, check_eligibility
from programs.models import ProgramPage

from .. import state_machine
from ..assistance import services
from ..assistance.access import organization_of
from ..documents.forms import DocumentUploadForm
from ..documents.storage import add_documents
from ..feedback.forms import FeedbackForm
from ..models import Document, Feedback, Household
from ..renewals.dates import renewal_state
from ..retention.erase import delete_account
from ..state_machine import TransitionError
from ..wizard.forms import ContactForm
from ..wizard.steps import STEPS, first_incomplete_step
from . import selectors
from .forms import ApplyForm, ChangeAnswersForm, DeleteAccountForm, MailingAddressForm


class HouseholdRequiredMixin(LoginRequiredMixin):
    """The signed-in applicant's own household, or the start of the wizard."""

    require_submitted = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.household = Household.objects.filter(user=request.user).first()
        if self.require_submitted and (
            self.household is None or not self.household.is_submitted
        ):
            return redirect("applications:dashboard")
        return super().dispatch(request, *args, **kwargs)


class DashboardView(HouseholdRequiredMixin, TemplateView):
    """Status, then programs grouped as Available, Pending and Enrolled."""

    template_name = "applications/dashboard.html"

    def get(self, request, *args, **kwargs):
        # An assister has no household of their own: their clients are their page.
        if self.household is None and organization_of(request.user) is not None:
            return redirect("assistance:clients")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        household = self.household
        context["household"] = household
        context["feedback_form"] = FeedbackForm(
            household=household, page=Feedback.Page.DASHBOARD
        )
        if household is None or not household.is_submitted:
            context["next_step"] = first_incomplete_step(household)
            context["steps"] = STEPS
            if household is None or not household.is_renewal:
                context["news"] = selectors.dashboard_news(household, self.request)
                return context
        # The settings the page's template reads too (cached on the request).
        site_settings = SiteSettings.for_request(self.request)
        groups = selectors.program_groups(household, site_settings)
        context.update(groups)
        context["news"] = selectors.dashboard_news(household, self.request, groups)
        context["status_notice"] = selectors.status_notice(household)
        context["renewal"] = renewal_state(
            household, site_settings=site_settings, enrolled=groups["enrolled"]
        )
        information_request = household.open_information_request()
        if information_request is not None:
            context["information_request"] = information_request
            context["response_documents"] = information_request.documents.all()
            context["response_form"] = DocumentUploadForm(prefix="response")
        return context


class ApplyView(HouseholdRequiredMixin, FormView):
    """Apply to one program: a confirmation, the vendor notice if any, then POST."""

    template_name = "applications/apply_confirm.html"
    form_class = ApplyForm
    require_submitted = True

    def get_program(self):
        # Public as well as live: the same programs the dashboard offers. By `id`, not
        # `pk`: the page_ptr lookup passes an id too big for the database straight to
        # the driver (a 500), while `id` is range-checked (a 404).
        # A translation stands for its default-language page, which holds the
        # rules and which applications point at.
        return get_object_or_404(
            ProgramPage.objects.live().public(), id=self.kwargs["program_id"]
        ).canonical

    def get(self, request, *args, **kwargs):
        refusal = self.refusal()
        return refusal or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        refusal = self.refusal()
        return refusal or super().post(request, *args, **kwargs)

    def refusal(self):
        """Re-check on the server what the dashboard offered; never trust the button."""
        self.program = self.get_program()
        problem = state_machine.apply_problem(self.household, self.program)
        if problem:
            messages.error(self.request, problem)
            return redirect("applications:dashboard")
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "program": self.program}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["program"] = self.program
        context["eligibility"] = check_eligibility(
            self.program, HouseholdFacts.for_household(self.household)
        )
        return context

    def form_valid(self, form):
        acknowledged = timezone.now() if form.cleaned_data.get("acknowledge") else None
        try:
            state_machine.apply(self.household, self.program, acknowledged)
        except TransitionError as error:
            # A second tab or a double click got there first.
            messages.error(self.request, error.messages[0])
        else:
            messages.success(
                self.request,
                _("You applied for %(program)s. It is listed under Pending.")
                % {"program": self.program.translated.title},
            )
        return redirect("applications:dashboard")


class ProviderLinkView(HouseholdRequiredMixin, TemplateView):
    """Before an applicant leaves for an external program's own website: what they
    are leaving for, and the provider's privacy notice when the program has one."""

    template_name = "applications/provider_link.html"
    require_submitted = True

    def get_context_data(self, **kwargs):
        program = get_object_or_404(
            ProgramPage.objects.live().public(), id=self.kwargs["program_id"]
        ).canonical
        if not program.is_external or not program.external_application_url:
            raise Http404
        return {**super().get_context_data(**kwargs), "program": program}


class SettingsView(HouseholdRequiredMixin, TemplateView):
    template_name = "applications/settings.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "household": self.household}


class ContactSettingsView(HouseholdRequiredMixin, UpdateView):
    """Change name, phone, language and how we contact you."""

    form_class = ContactForm
    template_name = "applications/settings_form.html"
    success_url = reverse_lazy("applications:settings")
    extra_context = {"title": gettext_lazy("Contact details")}

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your contact details were saved."))
        return super().form_valid(form)


class MailingAddressSettingsView(HouseholdRequiredMixin, UpdateView):
    """Change where we send letters (the eligibility address is a household answer)."""

    form_class = MailingAddressForm
    template_name = "applications/settings_form.html"
    success_url = reverse_lazy("applications:settings")
    require_submitted = True
    extra_context = {"title": gettext_lazy("Mailing address")}

    def get_object(self, queryset=None):
        return self.household

    def form_valid(self, form):
        messages.success(self.request, _("Your mailing address was saved."))
        return super().form_valid(form)


class ReopenView(HouseholdRequiredMixin, FormView):
    """Change household or eligibility answers, saying why: the household goes back
    to the wizard, and to review when it is submitted again."""

    require_submitted = True
    form_class = ChangeAnswersForm
    template_name = "applications/settings_form.html"
    extra_context = {
        "title": gettext_lazy("Change my answers"),
        "intro": gettext_lazy(
            "If you moved, someone joined or left your household, or your qualifying "
            "programs changed, update your answers. Staff will review your "
            "application again and see what you changed."
        ),
        "submit_label": gettext_lazy("Change my answers"),
    }

    def form_valid(self, form):
        try:
            state_machine.change_answers(
                self.household, self.request.user, form.cleaned_data["reason"]
            )
        except TransitionError as error:
            for message in error.messages:
                form.add_error("reason", message)
            return self.form_invalid(form)
        messages.info(
            self.request,
            _(
                "Change what you need, then submit again. Staff will review your changes."
            ),
        )
        return redirect("applications:address")


def answer_information_request(request, household, by=None):
    """Upload files for the open request, or send the answer: the household goes
    back to the queue. `by` is an assister answering with the resident (their
    uploads are recorded against them). Messages say what happened."""
    information_request = household.open_information_request()
    if information_request is None:
        messages.info(request, _("There is no open request to answer."))
        return
    if request.POST.get("action") == "send":
        try:
            state_machine.respond_to_information_request(household, by or request.user)
        except TransitionError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, _("Thank you. Staff will look at your answer soon.")
            )
        return
    form = DocumentUploadForm(request.POST, request.FILES, prefix="response")
    if not form.is_valid():
        for error in form.errors.get("files", []):
            messages.error(request, error)
        return
    uploaded_by = {}
    if by is not None:
        uploaded_by = {"uploaded_by": by, "uploaded_for": organization_of(by)}
    saved, refused = add_documents(
        household,
        form.cleaned_data["files"],
        kind=Document.Kind.REQUESTED,
        information_request=information_request,
        **uploaded_by,
    )
    for name, message in refused:
        messages.error(request, f"{name}: {message}")
    if saved:
        messages.success(
            request,
            ngettext("Uploaded %(count)s file.", "Uploaded %(count)s files.", saved)
            % {"count": saved},
        )


class InformationResponseView(HouseholdRequiredMixin, View):
    """The applicant answers a staff request: upload files, then send."""

    require_submitted = True

    def post(self, request):
        answer_information_request(request, self.household)
        return redirect("applications:dashboard")


class StartRenewalView(HouseholdRequiredMixin, View):
    """Start a renewal: the wizard again, prefilled with the last answers."""

    def post(self, request):
        if self.household is None:
            messages.error(request, _("Renewal is not open for your household yet."))
            return redirect("applications:dashboard")
        try:
            state_machine.start_renewal(self.household, request.user)
        except TransitionError as error:
            messages.error(request, error.messages[0])
            return redirect("applications:dashboard")
        messages.info(
            request,
            _(
                "Check each step; your answers are filled in. Upload new proof of your "
                "qualifying programs. Your enrollments stay active while we review."
            ),
        )
        return redirect("applications:account")


class WithdrawAssistanceView(HouseholdRequiredMixin, TemplateView):
    """The resident stops the organization that helped them (and staff at a desk)
    acting for them; they keep the account, and their application goes on."""

    template_name = "applications/withdraw_assistance.html"

    def get(self, request, *args, **kwargs):
        if not self.can_withdraw():
            return redirect("applications:settings")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "household": self.household}

    def can_withdraw(self):
        household = self.household
        return bool(
            household and household.is_client and not household.access_withdrawn_at
        )

    def post(self, request):
        if self.can_withdraw() and services.withdraw(self.household, request.user):
            messages.success(
                request,
                _(
                    "Done. Only you, and city staff reviewing it, can see your application now."
                ),
            )
        return redirect("applications:settings")


class DeleteAccountView(HouseholdRequiredMixin, FormView):
    """The applicant deletes their account, after reading what it does to their
    enrollments; what stays is a case number and anonymous counts."""

    form_class = DeleteAccountForm
    template_name = "applications/delete_account.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and (
            user.is_staff or user.is_superuser or hasattr(user, "assister")
        ):
            raise Http404  # staff and assisters' accounts are an administrator's
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "household": self.household,
            "enrolled": selectors.enrollments_ending_on_deletion(self.household),
        }

    def form_valid(self, form):
        delete_account(self.request.user)
        logout(self.request)
        return redirect("applications:account_deleted")


class AccountDeletedView(TemplateView):
    template_name = "applications/account_deleted.html"
