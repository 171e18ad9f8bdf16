from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications"

    def ready(self):
        from . import placement
        from .assistance import organizations
        from .casework import search
        from .notifications import delivery
        from .rule_changes import effects, impact

        search.connect_signals()
        delivery.connect_signals()
        placement.connect_signals()
        organizations.connect_signals()
        effects.connect_signals()
        impact.connect_signals()
