"""The partner API's place in the Wagtail admin: Settings > API keys, and the
revoke action in each key's history."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin import REVOKE_ACTION, ApiKeyViewSet


@hooks.register("register_admin_viewset")
def register_api_key_viewset():
    return ApiKeyViewSet("api_keys", url_prefix="api-keys")


@hooks.register("register_log_actions")
def register_api_key_log_actions(actions):
    actions.register_action(REVOKE_ACTION, _("Revoke API key"), _("Revoked the key"))
