"""Sign-in glue: where a signed-in person lands."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from ..steps import resume_url


@login_required
def continue_view(request):
    """After sign-in: staff to the admin, applicants to where they left off."""
    if request.user.is_staff:
        return redirect("wagtailadmin_home")
    return redirect(resume_url(request.user))
