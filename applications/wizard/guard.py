"""The guard every wizard step stands behind, and what a step does once it is saved."""

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import Household
from .steps import STEP_NAMES, STEPS, step_named


class WizardStepMixin:
    """Guards a step: signed in, not yet submitted, every earlier step complete.

    Put it first in the bases. Subclasses set `step_name`.
    """

    step_name = None

    def dispatch(self, request, *args, **kwargs):
        self.step = step_named(self.step_name)
        if not request.user.is_authenticated:
            if self.step_name == "account":
                self.household = None
                return super().dispatch(request, *args, **kwargs)
            return redirect(f"{reverse('login')}?next={self.step.url}")
        self.household, _created = Household.objects.get_or_create(user=request.user)
        if self.household.is_submitted:
            return redirect("applications:dashboard")
        if not self.household.is_step_complete("account"):
            # Signed in means the account exists, however it was created.
            self.household.mark_step_complete("account")
        index = STEP_NAMES.index(self.step_name)
        for earlier in STEPS[:index]:
            if not self.household.is_step_complete(earlier.name):
                return redirect(earlier.route)
        return super().dispatch(request, *args, **kwargs)

    def step_context(self):
        index = STEP_NAMES.index(self.step_name)
        return {
            "step": self.step,
            "step_number": index + 1,
            "step_count": len(STEPS),
            "steps": STEPS,
            "previous_step": STEPS[index - 1] if index else None,
            "household": self.household,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.step_context())
        return context

    def finish_later(self):
        """Sign out (people apply from shared computers); answers are already saved."""
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
        if self.request.POST.get("action") == "later":
            return self.finish_later()
        index = STEP_NAMES.index(self.step_name)
        return redirect(
            STEPS[index + 1].route if index + 1 < len(STEPS) else "applications:done"
        )
