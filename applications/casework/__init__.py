"""The caseworker workbench in the Wagtail admin: the verification queue and the
coordinators' enrollments (wagtail-modeladmin), the household page and its actions,
and the overview on the admin home."""
