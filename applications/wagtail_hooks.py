"""Audit log actions for applicant data, registered so Wagtail accepts them."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_document_log_actions(actions):
    actions.register_action(
        "applications.view_document", _("View document"), _("Viewed a document")
    )
