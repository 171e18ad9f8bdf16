"""The assister's pages: their clients, a new client, one client's page (the
application, the invitation, letters to print, the consent form); and the page
where a resident takes their account over."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from home.models import SiteSettings

from ..dashboard.views import answer_information_request
from ..documents.access import may_view
from ..documents.forms import DocumentUploadForm
from ..models import Household, Notification
from ..notifications.outbox import render
from ..wizard.forms import ReviewForm
from ..wizard.steps import STEPS, first_incomplete_step
from . import access, services
from .forms import ClaimForm, ClientSearchForm, InvitationForm, NewClientForm

CLIENTS_PER_PAGE = 25


class AssisterRequiredMixin(LoginRequiredMixin):
    """Assisters and staff at a desk only; anyone else gets the same 404 as a page
    that does not exist."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not access.may_assist(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ClientMixin(AssisterRequiredMixin):
    """One client household this person may act for (404 for any other)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access.may_assist(request.user):
            self.household = access.client_or_404(request.user, kwargs["household_id"])
        return super().dispatch(request, *args, **kwargs)


def next_step_url(household):
    step = first_incomplete_step(household)
    return reverse(f"assistance:{step.name}", args=[household.pk])


class ClientListView(AssisterRequiredMixin, TemplateView):
    """The organization's clients (staff: every client), newest activity first."""

    template_name = "assistance/clients.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ClientSearchForm(self.request.GET or None)
        clients = (
            access.clients_of(self.request.user)
            .select_related("user")
            .order_by("-updated_at", "-pk")
        )
        if form.is_valid():
            for word in form.cleaned_data["q"].split()[:5]:
                clients = clients.filter(
                    Q(user__first_name__icontains=word)
                    | Q(user__last_name__icontains=word)
                )
        page = Paginator(clients, CLIENTS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        context.update(
            search_form=form,
            page=page,
            organization=access.organization_of(self.request.user),
        )
        return context


class ClientCreateView(AssisterRequiredMixin, FormView):
    """A new client: the resident's name, language and how to reach them."""

    template_name = "assistance/client_form.html"
    form_class = NewClientForm

    def form_valid(self, form):
        household = services.create_client(form, self.request.user)
        if household is None:
            form.add_error(None, _("Something went wrong. Please try again."))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s is your client now. Go on with their application.")
            % {"name": household.user.get_full_name()},
        )
        return redirect(next_step_url(household))


class ClientView(ClientMixin, TemplateView):
    """One client: where the application stands, what to do next, the invitation
    and the letters to print."""

    template_name = "assistance/client.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        household = self.household
        information_request = household.open_information_request()
        context.update(
            household=household,
            client=household.user,
            steps=[(step, household.is_step_complete(step.name)) for step in STEPS],
            next_step_url=None if household.is_submitted else next_step_url(household),
            invitation_form=InvitationForm(),
            invitation_days=settings.CLIENT_INVITATION_DAYS,
            letters=services.letters(household),
            information_request=information_request,
            response_form=DocumentUploadForm(prefix="response"),
            response_documents=[
                d
                for d in household.documents.filter(
                    information_request=information_request
                )
            ]
            if information_request
            else [],
            documents=[
                document
                for document in household.documents.filter(is_current=True)
                if may_view(self.request.user, document)
            ],
        )
        return context


class InformationResponseView(ClientMixin, View):
    """Answer staff's request for more with the resident: upload, then send."""

    def post(self, request, household_id):
        answer_information_request(request, self.household, by=request.user)
        return redirect("assistance:client", household_id=self.household.pk)


class InvitationView(ClientMixin, View):
    """Send the resident the link to take their account over."""

    def post(self, request, household_id):
        form = InvitationForm(request.POST)
        if self.household.claimed_at:
            messages.info(request, _("The resident already has the account."))
        elif not form.is_valid():
            messages.error(request, _("Something went wrong. Please try again."))
        else:
            made = services.invite(
                self.household, request.user, form.cleaned_data["request_token"]
            )
            if any(n.channel == Notification.Channel.LETTER for n in made):
                messages.success(
                    request,
                    _("The invitation is ready to print, below under Letters."),
                )
            elif made:
                messages.success(request, _("The invitation is on its way."))
            else:
                messages.info(request, _("That invitation was already sent."))
        return redirect("assistance:client", household_id=self.household.pk)


def letter_household_or_404(user, household_id):
    """A client's letters are for their assisters; any household's, for staff who
    may see households (at a counter, for a resident without email)."""
    if (
        user.is_active
        and user.is_staff
        and user.has_perm("applications.view_household")
    ):
        return get_object_or_404(
            Household.objects.select_related("user"), pk=household_id
        )
    return access.client_or_404(user, household_id)


class LetterView(LoginRequiredMixin, TemplateView):
    """One letter, laid out to print on one page, in the resident's language."""

    template_name = "assistance/letter.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.household = letter_household_or_404(
                request.user, kwargs["household_id"]
            )
            self.letter = get_object_or_404(
                Notification,
                pk=kwargs["letter_id"],
                household=self.household,
                channel=Notification.Channel.LETTER,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        message = render(self.letter)
        # An email's signature rule has no place on paper.
        message["body"] = message["body"].replace("\n--\n", "\n\n")
        context.update(
            household=self.household,
            letter=self.letter,
            message=message,
            qr_code=_qr(self.letter.context.get("claim_url")),
            site_settings=SiteSettings.current(),
            back_url=self.back_url(),
        )
        return context

    def back_url(self):
        if (
            access.may_assist(self.request.user)
            and access.clients_of(self.request.user)
            .filter(pk=self.household.pk)
            .exists()
        ):
            return reverse("assistance:client", args=[self.household.pk])
        return reverse(
            "applications_household_modeladmin_inspect", args=[self.household.pk]
        )

    def post(self, request, *args, **kwargs):
        if services.mark_printed(self.letter, request.user):
            messages.success(request, _("Marked as printed."))
        return redirect(self.back_url())


def _qr(url):
    """The invitation's link as a QR code, for a phone's camera (None otherwise)."""
    if not url:
        return None
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


class ConsentFormView(ClientMixin, TemplateView):
    """The consent to print for the resident to sign, in their language."""

    template_name = "assistance/consent_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            household=self.household,
            client=self.household.user,
            consent_text=ReviewForm.base_fields["consent"].label,
            acting=services.acting_as(self.request.user),
            site_settings=SiteSettings.current(),
        )
        return context


class ClaimView(FormView):
    """The invitation's link: the resident sets a password (and an email to sign in
    with, if the account had none) and is signed in. Opening the link spends
    nothing; only the form does."""

    template_name = "assistance/claim.html"

    def dispatch(self, request, *args, **kwargs):
        # Already signed in as the link's account (the button pressed twice, the
        # link opened again after taking over): straight on.
        account = services.invitation_account_id(kwargs["token"])
        if request.user.is_authenticated and account == request.user.pk:
            return redirect("applications:continue")
        self.invited = services.invited_user(kwargs["token"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        if self.invited is None:
            return None
        return ClaimForm(**self.get_form_kwargs(), user=self.invited)

    def post(self, request, *args, **kwargs):
        if self.invited is None:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["valid"] = self.invited is not None
        return context

    def form_valid(self, form):
        household = services.claim(self.invited, form)
        if household is None:
            return self.get(self.request)
        login(
            self.request,
            self.invited,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        messages.success(self.request, _("Welcome. This is your account now."))
        return redirect("applications:continue")
