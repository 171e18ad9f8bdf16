"""Project-wide app: the user model, roles and health checks."""

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        # Inside ready(): roles imports auth and Wagtail models, which exist only
        # once the app registry is loaded.
        from .roles import ensure_staff_groups

        # Wagtail's app migrates after ours, so by its signal every permission exists.
        post_migrate.connect(
            ensure_staff_groups,
            sender=apps.get_app_config("wagtailcore"),
            dispatch_uid="portal.ensure_staff_groups",
        )
        from django.conf import settings
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale

        from .i18n import forget_locales
        from .page_cache import connect_purges

        connect_purges()
        for signal in (post_save, post_delete):
            signal.connect(
                forget_locales, sender=Locale, dispatch_uid=f"locales{signal}"
            )

        if settings.OIDC_RP_CLIENT_ID:
            from . import single_sign_on  # noqa: F401 - connects its sign-in signal
