"""The portal's own place in the Wagtail admin: Settings > Sign-in security, and a
test site's banner."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .page_cache import mark_public
from .sign_in_security import RESET_SECOND_FACTOR, UNLOCK, SignInSecurityView


@hooks.register("register_admin_urls")
def register_sign_in_security_url():
    return [
        path(
            "sign-in-security/",
            SignInSecurityView.as_view(),
            name="portal_sign_in_security",
        )
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_sign_in_security_menu_item():
    return SuperuserMenuItem(
        _("Sign-in security"),
        reverse("portal_sign_in_security"),
        icon_name="lock",
        order=900,
    )


@hooks.register("insert_global_admin_css")
def environment_banner_styles():
    """The layout for a test site's banner (templates/wagtailadmin/base.html)."""
    if not settings.PORTAL_ENVIRONMENT_BANNER:
        return ""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("register_log_actions")
def register_sign_in_log_actions(actions):
    actions.register_action(
        UNLOCK, _("Unlock sign-in"), _("Unlocked signing in after a lockout")
    )
    actions.register_action(
        RESET_SECOND_FACTOR,
        _("Reset second factor"),
        _("Reset the second sign-in step"),
    )


@hooks.register("before_serve_page", order=100)
def mark_served_pages_public(page, request, serve_args, serve_kwargs):
    """A page served to a visitor without a session is the same for every anonymous
    visitor, so portal.page_cache may keep it. Runs after Wagtail's view-restriction
    check (order 100), which answers a restricted page itself (sign-in redirect or
    password form), and no restriction lets in a visitor without a session."""
    if getattr(request, "page_cache_candidate", False):
        mark_public(request)


PAGE_PANELS = {"workflow_objects_to_moderate", "recent_edits"}
# Not shown to anyone: pages locked by oneself (the editor shows a lock where it
# is), and one's own pages in a workflow (each page shows its own status; the rule
# changes' approval brings its own list).
NOT_SHOWN = {"locked_pages", "user_objects_in_workflow_moderation"}


@hooks.register("construct_homepage_panels")
def keep_panels_people_use(request, panels):
    """The admin home shows what each role works from: pages to moderate and recent
    edits for those who edit pages; caseworkers and coordinators see their queue,
    not empty panels that each cost a query."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    user = request.user
    edits_pages = user.is_superuser or PagePermissionPolicy().user_has_any_permission(
        user, {"add", "change", "publish", "lock", "unlock"}
    )
    panels[:] = [
        panel
        for panel in panels
        if panel.name not in NOT_SHOWN
        and (edits_pages or panel.name not in PAGE_PANELS)
    ]


@hooks.register("construct_homepage_summary_items", order=100)
def no_site_summary(request, summary_items):
    """No page, image and document counts on the admin home: no role works from
    them, and each is a query on every visit."""
    summary_items.clear()
