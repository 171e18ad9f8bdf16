"""Settings > API keys: administrators issue a key for one program's partner system,
see its recent uses, change its name or expiry, and revoke it.

Permissions are the model's own: `add` issues, `change` edits, `delete` revokes
(as Wagtail's own API tokens do, revoking stands in for deleting: the row stays, with
its uses). A new key's text is shown once, on the page after the form: issuing
leaves it in the session, and the page takes it out as it shows it; it is never in
an address, a message or a log.
"""

from datetime import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from .forms import ApiKeyForm, IssueApiKeyForm
from .models import ApiKey

ISSUED_KEY_SESSION = "api_key_issued"
REVOKE_ACTION = "api.revoke_key"
RECENT_USES = 50
NOT_YET = {"revoked_at": _("Not revoked"), "last_used_at": _("Never")}


def take_issued_key(session, pk):
    """The text of key `pk` if it was just issued in this session, removed from it."""
    issued = session.get(ISSUED_KEY_SESSION)
    if not issued or issued["pk"] != pk:
        return None
    del session[ISSUED_KEY_SESSION]
    return issued["key"]


def revoke_labels(buttons, delete_url):
    """Wagtail's "Delete" is revoking here."""
    for button in buttons:
        if delete_url and button.url == delete_url:
            button.label = _("Revoke")
    return buttons


class IndexView(generic.IndexView):
    """Every key, newest first, each linking to its page."""

    add_item_label = _("Issue a key")

    @cached_property
    def columns(self):
        return [
            self._get_title_column_class(TitleColumn)(
                "name", label=_("Name"), get_url=self.get_inspect_url
            ),
            Column("program", label=_("Program")),
            Column("prefix", label=_("Prefix")),
            Column("expires_at", label=_("Expires")),  # a date to come, not "ago"
            DateColumn("last_used_at", label=_("Last used")),
            Column("status_label", label=_("Status")),
        ]

    def get_queryset(self):
        return super().get_queryset().select_related("program")

    def get_list_more_buttons(self, instance):
        return revoke_labels(
            super().get_list_more_buttons(instance), self.get_delete_url(instance)
        )


class IssueView(generic.CreateView):
    submit_button_label = _("Issue key")
    submit_button_active_label = _("Issuing…")
    issued_url_name = None

    def save_instance(self):
        data = self.form.cleaned_data
        key, text = ApiKey.objects.issue(
            program=data["program"],
            name=data["name"],
            expires_at=data["expires_at"],
            by=self.request.user,
        )
        log(key, "wagtail.create", user=self.request.user)
        self.request.session[ISSUED_KEY_SESSION] = {"pk": key.pk, "key": text}
        return key

    def save_action(self):
        return redirect(self.issued_url_name, self.object.pk)


class IssuedView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """The new key's text, this once; opened again, the page says it is gone."""

    model = ApiKey
    permission_required = "add"
    template_name = "api/admin/issued.html"
    page_title = _("API key issued")
    header_icon = "key"
    index_url_name = None
    inspect_url_name = None

    def get(self, request, pk):
        self.object = get_object_or_404(ApiKey, pk=pk)
        self.key_text = take_issued_key(request.session, self.object.pk)
        return super().get(request, pk=pk)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(ApiKey._meta.verbose_name_plural),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "key_text": self.key_text,
            "key_url": reverse(self.inspect_url_name, args=[self.object.pk]),
        }


class EditView(generic.EditView):
    delete_item_label = _("Revoke")


class InspectView(generic.InspectView):
    """The key's page: what it is, and its latest uses."""

    def get_object(self, queryset=None):
        return get_object_or_404(
            ApiKey.objects.select_related("program", "created_by"), pk=self.pk
        )

    @cached_property
    def header_more_buttons(self):
        return revoke_labels(super().header_more_buttons, self.get_delete_url())

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None:
            return NOT_YET.get(field_name, value)
        if isinstance(value, datetime):
            return timezone.localtime(value)  # the inspect view would show UTC
        return value

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "uses": self.object.uses.all()[:RECENT_USES],
        }


class RevokeView(generic.DeleteView):
    """Asks, then revokes; a key revoked already stays as it was."""

    page_title = _("Revoke")

    def get_usage_url(self):
        return None  # nothing refers to a key; its uses go with it

    @property
    def confirmation_message(self):
        return _(
            "Revoke this key? The partner system using it is refused from the next "
            "request on; this cannot be undone."
        )

    def form_valid(self, form):
        if self.object.revoke():
            log(self.object, REVOKE_ACTION, user=self.request.user)
            messages.success(
                self.request, _("API key '%(key)s' revoked.") % {"key": self.object}
            )
        else:
            messages.info(
                self.request,
                _("API key '%(key)s' was revoked already.") % {"key": self.object},
            )
        return redirect(self.get_success_url())


class ApiKeyViewSet(ModelViewSet):
    model = ApiKey
    icon = "key"
    menu_order = 910
    add_to_settings_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "name",
        "program",
        "prefix",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    index_view_class = IndexView
    add_view_class = IssueView
    edit_view_class = EditView
    inspect_view_class = InspectView
    delete_view_class = RevokeView
    inspect_template_name = "api/admin/key.html"
    delete_template_name = "api/admin/revoke.html"

    def get_form_class(self, for_update=False):
        return ApiKeyForm if for_update else IssueApiKeyForm

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(
            issued_url_name=self.get_url_name("issued"), **kwargs
        )

    @property
    def issued_view(self):
        return self.construct_view(IssuedView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("issued/<int:pk>/", self.issued_view, name="issued"),
        ]
