"""Demo content for a local run and for the tests: no models of its own."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Demo content"
