"""The wizard's step order, declared once.

The progress indicator, back links, the step guard (`wizard.guard`) and "resume where
you left off" all read `STEPS`.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    name: str
    route: str
    title: str

    @property
    def url(self):
        return reverse(self.route)


STEPS = [
    Step("account", "applications:account", _("Your account")),
    Step("address", "applications:address", _("Your address")),
    Step("household", "applications:household", _("Your household")),
    Step("qualifying", "applications:qualifying", _("Qualifying programs")),
    Step("documents", "applications:documents", _("Documents")),
    Step("review", "applications:review", _("Review and submit")),
]
STEP_NAMES = [step.name for step in STEPS]


def step_named(name):
    return STEPS[STEP_NAMES.index(name)]


def first_incomplete_step(household):
    for step in STEPS:
        if household is None or not household.is_step_complete(step.name):
            return step
    return STEPS[-1]


def resume_url(user):
    """Where a signed-in applicant should land: the wizard or the dashboard."""
    household = getattr(user, "household", None) if user.is_authenticated else None
    if household is not None and household.is_submitted:
        return reverse("applications:dashboard")
    return first_incomplete_step(household).url
