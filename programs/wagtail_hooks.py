"""Editors' snippets: qualifying programs and service areas."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import QualifyingProgram, ServiceArea


class QualifyingProgramViewSet(SnippetViewSet):
    model = QualifyingProgram
    icon = "tick-inverse"
    list_display = ["name", "ami_percentage", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


class ServiceAreaViewSet(SnippetViewSet):
    model = ServiceArea
    icon = "site"
    list_display = ["name", "zip_codes"]
    search_fields = ["name"]


register_snippet(QualifyingProgramViewSet)
register_snippet(ServiceAreaViewSet)
