"""Partner organizations in the Wagtail admin, for administrators: each with its
assisters (accounts made in Settings > Users), who join and leave the assisters'
role with their membership."""

from django.contrib.auth.models import Group
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.snippets.views.snippets import SnippetViewSet

from portal import roles

from ..models import Assister, PartnerOrganization


class PartnerOrganizationViewSet(SnippetViewSet):
    model = PartnerOrganization
    icon = "group"
    menu_label = _("Partner organizations")
    add_to_settings_menu = True
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("phone_number"),
        FieldPanel("is_active"),
        InlinePanel("assisters", heading=_("Assisters"), label=_("Assister")),
    ]


def _assisters_group():
    return Group.objects.filter(name=roles.ASSISTERS).first()


def join_role(sender, instance, **kwargs):
    group = _assisters_group()
    if group is not None:
        instance.user.groups.add(group)


def leave_role(sender, instance, **kwargs):
    group = _assisters_group()
    if group is not None:
        instance.user.groups.remove(group)


def connect_signals():
    post_save.connect(join_role, sender=Assister, dispatch_uid="assister_join_role")
    post_delete.connect(leave_role, sender=Assister, dispatch_uid="assister_leave_role")
