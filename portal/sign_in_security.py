"""Settings > Sign-in security: administrators unlock an account that the lockout
(django-axes) paused and reset a staff member's lost second factor. Each action is
written to the account's history."""

from axes.models import AccessAttempt
from axes.utils import reset as unlock
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from .second_factor import reset

UNLOCK = "portal.unlock_sign_in"
RESET_SECOND_FACTOR = "portal.reset_second_factor"


class SignInSecurityView(TemplateView):
    template_name = "portal/admin/sign_in_security.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        User = get_user_model()
        enrolled = set(
            TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True)
        )
        staff = list(User.objects.filter(is_staff=True).order_by("email"))
        for user in staff:
            user.has_second_factor = user.pk in enrolled
        locked = (
            AccessAttempt.objects.filter(
                failures_since_start__gte=settings.AXES_FAILURE_LIMIT
            )
            .values_list("username", flat=True)
            .distinct()
        )
        return {**super().get_context_data(**kwargs), "staff": staff, "locked": locked}

    def post(self, request):
        if request.POST.get("action") == "unlock":
            username = request.POST.get("username", "").strip().lower()
            unlock(username=username)
            user = get_user_model().objects.filter(email=username).first()
            if user is not None:
                log(user, UNLOCK, user=request.user)
            messages.success(request, _("Signing in is open again for that account."))
        elif request.POST.get("action") == "reset":
            user = get_object_or_404(get_user_model(), pk=request.POST.get("user"))
            reset(user)
            log(user, RESET_SECOND_FACTOR, user=request.user)
            messages.success(
                request,
                _("%(email)s sets up a new second step at their next sign-in.")
                % {"email": user.email},
            )
        return redirect("portal_sign_in_security")
