"""The public screener: no account, nothing stored, the same rule as the dashboard."""

from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView

from portal.page_cache import mark_public
from programs.addresses import Address, place_address
from programs.eligibility import HouseholdFacts, check_programs

from .forms import ScreenerForm


@method_decorator(csrf_exempt, name="dispatch")
class ScreenerView(FormView):
    """Answers arrive by POST (they are personal) and are not kept after the response.

    Without a CSRF token: the screener changes nothing and keeps nothing (a forged
    post only shows its sender's own answers back), and its form is then the same for
    every visitor, so the public page cache can keep it.
    """

    template_name = "applications/screener.html"
    form_class = ScreenerForm

    def get(self, request, *args, **kwargs):
        mark_public(request)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        facts = HouseholdFacts(
            qualifying_programs=tuple(form.cleaned_data["programs"]),
            service_area_ids=place_address(
                Address(zip_code=form.cleaned_data["zip_code"]), geocode=False
            ).area_ids,
            household_size=form.cleaned_data.get("household_size"),
            annual_income=form.annual_income,
        )
        results = check_programs(facts)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                eligible=[result for result in results if result.is_eligible],
                not_eligible=[result for result in results if not result.is_eligible],
                screened=True,
            )
        )
