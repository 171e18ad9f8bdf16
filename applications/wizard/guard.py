"""The guard every wizard step stands behind, and what a step does once it is saved."""

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..assistance import access
from ..assistance.services import record_step
from ..models import Household
from .steps import STEP_NAMES, STEPS, step_named


class WizardStepMixin:
    """Guards a step: signed in, not yet submitted, every earlier step complete.

    The same steps serve an assister applying with a resident: their URLs carry the
    client household's id (`assistance.urls`), and `assisting` is then true.
    Put it first in the bases. Subclasses set `step_name`.
    """

    step_name = None

    def dispatch(self, request, *args, **kwargs):
        self.step = step_named(self.step_name)
        client_id = kwargs.pop("household_id", None)
        self.assisting = client_id is not None
        if not request.user.is_authenticated:
            if self.step_name == "account" and not self.assisting:
                self.household = None
                return super().dispatch(request, *args, **kwargs)
            return redirect(f"{reverse('login')}?next={request.path}")
        if self.assisting:
            self.household = access.client_or_404(request.user, client_id)
        elif access.organization_of(request.user) is not None:
            # An assister applies with residents, never for themselves.
            return redirect("assistance:clients")
        else:
            self.household, _created = Household.objects.get_or_create(
                user=request.user
            )
        if self.household.is_submitted:
            return redirect(self.finished_url())
        if not self.household.is_step_complete("account"):
            # Signed in means the account exists, however it was created.
            self.household.mark_step_complete("account")
        index = STEP_NAMES.index(self.step_name)
        for earlier in STEPS[:index]:
            if not self.household.is_step_complete(earlier.name):
                return redirect(self.step_url(earlier.name))
        return super().dispatch(request, *args, **kwargs)

    def step_url(self, name):
        """A step's address: the applicant's own, or the client's for an assister."""
        if self.assisting:
            return reverse(f"assistance:{name}", args=[self.household.pk])
        return reverse(step_named(name).route)

    def finished_url(self):
        """Where a submitted application goes: the dashboard, or the client's page."""
        if self.assisting:
            return reverse("assistance:client", args=[self.household.pk])
        return reverse("applications:dashboard")

    @property
    def applicant(self):
        """The resident the answers are about (the person signed in, or a client)."""
        return self.household.user if self.household else self.request.user

    def uploaded_by(self):
        """Who an upload is recorded against, when not the applicant themselves."""
        if not self.assisting:
            return {}
        return {
            "uploaded_by": self.request.user,
            "uploaded_for": access.organization_of(self.request.user),
        }

    def step_context(self):
        index = STEP_NAMES.index(self.step_name)
        previous = STEPS[index - 1] if index else None
        return {
            "step": self.step,
            "step_number": index + 1,
            "step_count": len(STEPS),
            "steps": STEPS,
            "previous_step": previous,
            "previous_step_url": self.step_url(previous.name) if previous else "",
            "step_urls": {step.name: self.step_url(step.name) for step in STEPS},
            "household": self.household,
            "assisting": self.assisting,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.step_context())
        return context

    def finish_later(self):
        """Sign out (people apply from shared computers); answers are already saved.
        An assister stays signed in, back on the client's page."""
        if self.assisting:
            messages.success(
                self.request,
                _("The answers are saved. Go on with this application any time."),
            )
            return redirect(self.finished_url())
        logout(self.request)
        messages.success(
            self.request,
            _(
                "Your answers are saved. Sign in any time to pick up where you left off."
            ),
        )
        return redirect("login")

    def step_done(self):
        """After a valid save: the next step, or signed out when finishing later."""
        self.household.mark_step_complete(self.step_name)
        record_step(self.household, self.step_name, self.request.user)
        if self.request.POST.get("action") == "later":
            return self.finish_later()
        index = STEP_NAMES.index(self.step_name)
        if index + 1 < len(STEPS):
            return redirect(self.step_url(STEPS[index + 1].name))
        return redirect(self.finished_url() if self.assisting else "applications:done")
