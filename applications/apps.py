from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Applications"

    def ready(self):
        from . import placement
        from .assistance import organizations
        from .casework import search

        search.connect_signals()
        placement.connect_signals()
        organizations.connect_signals()
