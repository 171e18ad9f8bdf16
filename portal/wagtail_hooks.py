"""The portal's own place in the Wagtail admin: Settings > Sign-in security."""

from django.urls import path, reverse
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
