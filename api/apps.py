from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Partner API")

    def ready(self):
        # drf-spectacular finds the Bearer scheme's extension once it is imported.
        from . import schema  # noqa: F401
