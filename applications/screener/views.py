"""The public screener: no account, nothing stored, the same rule as the dashboard."""

from django.views.generic import FormView

from programs.addresses import Address, place_address
from programs.eligibility import HouseholdFacts, check_programs

from .forms import ScreenerForm


class ScreenerView(FormView):
    """Answers arrive by POST (they are personal) and are not kept after the response."""

    template_name = "applications/screener.html"
    form_class = ScreenerForm

    def form_valid(self, form):
        facts = HouseholdFacts(
            qualifying_programs=tuple(form.cleaned_data["programs"]),
            service_area_ids=place_address(
                Address(zip_code=form.cleaned_data["zip_code"])
            ),
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
