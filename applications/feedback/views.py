"""The feedback page the footer links to, and the one address every feedback form
(dashboard, after submitting, that page) posts to."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from portal import throttling

from ..models import Feedback, Household
from .forms import FeedbackForm
from .services import record_feedback

LIMIT = throttling.limit_named("feedback")
THROTTLED = gettext_lazy(
    "We received a lot of feedback from your connection in the last hour, so we "
    "paused it for a while. Please try again later: what you wrote is still below."
)
# Where each page's form sends the applicant back (by name, never an address the
# request carries, so it cannot send anyone elsewhere).
RETURN_TO = {
    Feedback.Page.DASHBOARD: "applications:dashboard",
    Feedback.Page.DONE: "applications:done",
}


def return_url(page, user):
    if user.is_authenticated and page in RETURN_TO:
        return reverse(RETURN_TO[page])
    return reverse("wagtail_serve", args=[""])


@method_decorator(never_cache, name="dispatch")
class FeedbackView(FormView):
    """Rate the portal and leave a comment. Never a public (cached) page: its form
    carries a CSRF token; the footer's link to it is the same for everyone."""

    template_name = "applications/feedback.html"
    form_class = FeedbackForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        self.household = (
            Household.objects.filter(user=user).first()
            if user.is_authenticated
            else None
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "household": self.household}

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if throttling.hit(LIMIT, request):
            form.add_error(None, THROTTLED)
            response = self.render_to_response(
                self.get_context_data(form=form), status=429
            )
            response["Retry-After"] = str(int(LIMIT.window.total_seconds()))
            return response
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def form_valid(self, form):
        record_feedback(form, household=self.household if form.links else None)
        messages.success(
            self.request, _("Thank you for your feedback. It helps us improve.")
        )
        return redirect(return_url(form.cleaned_data["page"], self.request.user))
