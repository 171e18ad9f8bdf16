"""The assister's URLs, under /assist/: clients, and each client's application
(the wizard's own steps, with the client household's id)."""

from django.urls import path

from ..documents import views as documents
from ..wizard import views as wizard
from . import views

app_name = "assistance"

STEP_VIEWS = {
    "account": wizard.AccountStepView,
    "address": wizard.AddressStepView,
    "household": wizard.HouseholdStepView,
    "qualifying": wizard.QualifyingStepView,
    "documents": wizard.DocumentsStepView,
    "review": wizard.ReviewStepView,
}
STEP_PATHS = {
    "qualifying": "qualifying-programs",
}

client = "clients/<int:household_id>/"

urlpatterns = [
    path("", views.ClientListView.as_view(), name="clients"),
    path("clients/new/", views.ClientCreateView.as_view(), name="new_client"),
    path(client, views.ClientView.as_view(), name="client"),
    path(f"{client}invite/", views.InvitationView.as_view(), name="invite"),
    path(
        f"{client}information/",
        views.InformationResponseView.as_view(),
        name="information_response",
    ),
    path(
        f"{client}consent-form/", views.ConsentFormView.as_view(), name="consent_form"
    ),
    path(
        f"{client}letters/<int:letter_id>/", views.LetterView.as_view(), name="letter"
    ),
    path(
        f"{client}apply/documents/<uuid:public_id>/remove/",
        documents.DocumentRemoveView.as_view(),
        name="document_remove",
    ),
    *[
        path(f"{client}apply/{STEP_PATHS.get(name, name)}/", view.as_view(), name=name)
        for name, view in STEP_VIEWS.items()
    ],
]
