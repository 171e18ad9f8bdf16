"""Root URLs: health check, language switch, admin, the partner API (api/) and the
SMS and email providers' webhooks; then, per language, accounts, the applicant side
and Wagtail pages."""

from anymail.webhooks.sendgrid import SendGridTrackingWebhookView
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from applications.wizard.views import ConfirmSignUpView

from . import second_factor, views
from .forms import AccountLanguagePasswordResetForm, EmailLoginForm

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("csp-report/", views.csp_report, name="csp_report"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", include(wagtailadmin_urls)),
    path("api/", include("api.urls")),
    path("sms/twilio/", include("applications.notifications.urls")),
]

if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    # SendGrid's event webhook, behind basic auth: delivery reports for each email
    # (applications.notifications.delivery). Without a secret it would be open.
    urlpatterns += [
        path(
            "anymail/sendgrid/tracking/",
            SendGridTrackingWebhookView.as_view(),
            name="sendgrid_tracking_webhook",
        )
    ]

if settings.OIDC_RP_CLIENT_ID:
    # Staff single sign-on: /oidc/authenticate/ and the provider's callback.
    urlpatterns += [path("oidc/", include("mozilla_django_oidc.urls"))]

if settings.DEBUG:
    # Editors' public images only; applicants' documents live in private storage.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What applicants read carries its language in the URL: /apply/ in English,
# /es/apply/ in Spanish, so a shared link opens in the language it was sent in.
urlpatterns += i18n_patterns(
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            form_class=EmailLoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("applications:settings")
        ),
        name="password_change",
    ),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(
            form_class=AccountLanguagePasswordResetForm
        ),
        name="password_reset",
    ),
    path(
        "accounts/second-factor/",
        second_factor.SecondFactorView.as_view(),
        name="second_factor",
    ),
    path(
        "accounts/confirm/<uidb64>/<token>/",
        ConfirmSignUpView.as_view(),
        name="confirm_sign_up",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("assist/", include("applications.assistance.urls")),
    path("", include("applications.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
