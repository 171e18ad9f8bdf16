from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs"

    def ready(self):
        from .addresses import checks  # noqa: F401 - registers the address checks
        from .rule_changes import ensure_rule_change_workflow

        # After Wagtail's own migrations, which its workflow tables need.
        post_migrate.connect(
            ensure_rule_change_workflow,
            sender=apps.get_app_config("wagtailcore"),
            dispatch_uid="programs.ensure_rule_change_workflow",
        )
