"""Applicant URLs: screener, wizard, dashboard, documents, verification cards and
their check page, taking over an account an assister made, feedback."""

from django.urls import path

from .assistance import views as assistance
from .cards import views as cards
from .dashboard import views as dashboard
from .documents import views as documents
from .feedback import views as feedback
from .screener import views as screener
from .wizard import views as wizard

app_name = "applications"

urlpatterns = [
    path("screener/", screener.ScreenerView.as_view(), name="screener"),
    path("apply/", wizard.StartView.as_view(), name="start"),
    path("apply/account/", wizard.AccountStepView.as_view(), name="account"),
    path("apply/check-email/", wizard.CheckEmailView.as_view(), name="check_email"),
    path("apply/address/", wizard.AddressStepView.as_view(), name="address"),
    path("apply/household/", wizard.HouseholdStepView.as_view(), name="household"),
    path(
        "apply/qualifying-programs/",
        wizard.QualifyingStepView.as_view(),
        name="qualifying",
    ),
    path("apply/documents/", wizard.DocumentsStepView.as_view(), name="documents"),
    path(
        "apply/documents/<uuid:public_id>/remove/",
        documents.DocumentRemoveView.as_view(),
        name="document_remove",
    ),
    path("apply/review/", wizard.ReviewStepView.as_view(), name="review"),
    path("apply/done/", wizard.DoneView.as_view(), name="done"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path(
        "dashboard/apply/<int:program_id>/", dashboard.ApplyView.as_view(), name="apply"
    ),
    path(
        "dashboard/information/",
        dashboard.InformationResponseView.as_view(),
        name="information_response",
    ),
    path("dashboard/card/", cards.CardView.as_view(), name="card"),
    path("dashboard/card/pdf/", cards.CardPdfView.as_view(), name="card_pdf"),
    path("check/<str:code>/", cards.CheckView.as_view(), name="card_check"),
    path("dashboard/renew/", dashboard.StartRenewalView.as_view(), name="renew"),
    path(
        "dashboard/provider/<int:program_id>/",
        dashboard.ProviderLinkView.as_view(),
        name="provider",
    ),
    path("dashboard/settings/", dashboard.SettingsView.as_view(), name="settings"),
    path(
        "dashboard/settings/contact/",
        dashboard.ContactSettingsView.as_view(),
        name="settings_contact",
    ),
    path(
        "dashboard/settings/mailing-address/",
        dashboard.MailingAddressSettingsView.as_view(),
        name="settings_mailing",
    ),
    path(
        "dashboard/settings/assistance/",
        dashboard.WithdrawAssistanceView.as_view(),
        name="withdraw_assistance",
    ),
    path(
        "dashboard/settings/delete-account/",
        dashboard.DeleteAccountView.as_view(),
        name="delete_account",
    ),
    path(
        "account-deleted/",
        dashboard.AccountDeletedView.as_view(),
        name="account_deleted",
    ),
    path(
        "dashboard/settings/change-answers/",
        dashboard.ReopenView.as_view(),
        name="reopen",
    ),
    path(
        "documents/<uuid:public_id>/",
        documents.DocumentDownloadView.as_view(),
        name="document",
    ),
    path(
        "documents/<uuid:public_id>/preview/<int:page>/",
        documents.DocumentPreviewView.as_view(),
        name="document_preview",
    ),
    path("feedback/", feedback.FeedbackView.as_view(), name="feedback"),
    path("accounts/continue/", wizard.continue_view, name="continue"),
    path("accounts/claim/<str:token>/", assistance.ClaimView.as_view(), name="claim"),
]
