"""The impact preview where program pages are edited and approved (the page editor's
rules tab and the approval dialog live in `programs`; what they count lives here)."""

from django import template

from ..rule_changes.impact import preview_for, preview_of_revision
from ..rule_changes.views import summary_context

register = template.Library()


@register.inclusion_tag(
    "applications/admin/includes/rule_change_panel.html", takes_context=True
)
def rule_change_impact(context, page):
    """The preview of the page's saved draft (made and queued when missing)."""
    user = context["request"].user
    change = preview_for(page, user) if page is not None else None
    if change is None:
        return {"change": None, "page": page}
    return {"page": page, **summary_context(change, user)}


@register.inclusion_tag(
    "applications/admin/includes/rule_change_panel.html", takes_context=True
)
def rule_change_impact_of(context, revision):
    """The preview of the revision waiting for approval."""
    user = context["request"].user
    page = revision.content_object.specific
    change = preview_of_revision(page, revision)
    return {"page": page, **summary_context(change, user)}
