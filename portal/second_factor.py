"""A second factor for every staff account that can reach the Wagtail admin.

django-otp holds the devices: an authenticator app (TOTP) and ten one-time recovery
codes. `StaffSecondFactorMiddleware` sends any staff session not verified with a
device from the admin to `/accounts/second-factor/`: there a staff member without a
device enrols one (first sign-in), and one with a device enters a code, on every
sign-in. Administrators reset a lost device (Settings > Sign-in security, or
`manage.py reset_second_factor`). Sessions signed in through the city's identity
provider (portal.single_sign_on) carry its second factor and are not asked again.
Assisters at partner organizations, who open their clients' applications and
documents under `/assist/`, need it there just the same. Applicants keep email and
password.
"""

import base64
import hashlib
import re
from urllib.parse import quote

import segno
from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
SSO_SESSION_KEY = "portal_signed_in_with_sso"
ADMIN_PREFIX = "/admin/"
# What a staff member may open before the second factor: signing in and out.
OPEN_ADMIN_PATHS = ("/admin/login/", "/admin/logout/", "/admin/password_reset/")
# The assisters' pages and document downloads, in any language (/assist/,
# /es/documents/...): an applicant opens their own documents without a second
# factor, staff and assisters only with one.
ASSIST_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?(?:assist|documents)/")


def needs_second_factor(user):
    return user.is_authenticated and (user.is_staff or hasattr(user, "assister"))


def guarded(path):
    """Pages only a session verified with a second factor may open."""
    if path.startswith(ADMIN_PREFIX):
        return not path.startswith(OPEN_ADMIN_PATHS)
    return bool(ASSIST_PATH.match(path))


def is_verified(request):
    return request.user.is_verified() or request.session.get(SSO_SESSION_KEY, False)


def has_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class StaffSecondFactorMiddleware:
    """After django_otp's OTPMiddleware: the admin only for verified staff sessions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if (
            guarded(path)
            and needs_second_factor(request.user)
            and not is_verified(request)
        ):
            return redirect(
                f"{reverse('second_factor')}?next={quote(request.get_full_path())}"
            )
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
        error_messages={"required": _("Enter the code.")},
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


def _next_url(request):
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, {request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    if not request.user.is_staff:
        return reverse("assistance:clients")
    return reverse("wagtailadmin_home")


def _qr_data_uri(url):
    return segno.make(url, error="m").svg_data_uri(scale=5, border=2)


class SecondFactorView(LoginRequiredMixin, FormView):
    """Enrol an authenticator (no device yet) or enter a code (every sign-in)."""

    form_class = CodeForm
    template_name = "second_factor/verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not needs_second_factor(request.user):
            return redirect("applications:continue")
        if request.user.is_authenticated and is_verified(request):
            return redirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def enrolling(self):
        return not has_device(self.request.user)

    def pending_device(self):
        device, _created = TOTPDevice.objects.get_or_create(
            user=self.request.user, confirmed=False, defaults={"name": "authenticator"}
        )
        return device

    def get_template_names(self):
        if self.enrolling():
            return ["second_factor/enrol.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = _next_url(self.request)
        if self.enrolling():
            device = self.pending_device()
            context["qr_code"] = _qr_data_uri(device.config_url)
            key = base64.b32encode(device.bin_key).decode().rstrip("=")
            # In groups of four, as authenticator apps show and accept it.
            context["secret"] = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
        return context

    def form_valid(self, form):
        code = form.cleaned_data["code"]
        user = self.request.user
        if self.enrolling():
            device = self.pending_device()
            if not device.verify_token(code):
                form.add_error(
                    "code",
                    _("That code is not right. Enter the code the app shows now."),
                )
                return self.form_invalid(form)
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = issue_recovery_codes(user)
            otp_login(self.request, device)
            return self.response_class(
                request=self.request,
                template="second_factor/recovery_codes.html",
                context={"codes": codes, "next": _next_url(self.request)},
            )
        device = match_token(user, code)
        if device is None:
            form.add_error(
                "code",
                _(
                    "That code is not right. Enter the code your app shows now, or a recovery code."
                ),
            )
            return self.form_invalid(form)
        otp_login(self.request, device)
        return redirect(_next_url(self.request))


def issue_recovery_codes(user):
    """Ten new one-time codes (the old ones stop working); returns them to show once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def reset(user):
    """An administrator's reset: every device goes; the next sign-in enrols anew."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def demo_totp_key(email):
    """The demo staff accounts' authenticator secret (hex), the same on every run so
    `manage.py demo_sign_in_code` can give the code; demo accounts exist only where
    DEMO_ACCOUNTS_ENABLED is on (never in production)."""
    return hashlib.sha256(f"get-your-portal-demo:{email}".encode()).hexdigest()[:40]
