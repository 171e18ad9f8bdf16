"""Editors' snippets: qualifying programs, service areas and income limit tables."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import IncomeLimitTable, QualifyingProgram, ServiceArea


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


class IncomeLimitTableViewSet(SnippetViewSet):
    model = IncomeLimitTable
    icon = "table"
    list_display = ["__str__", "effective_on", "is_published"]
    list_filter = ["source", "is_published"]


register_snippet(QualifyingProgramViewSet)
register_snippet(ServiceAreaViewSet)
register_snippet(IncomeLimitTableViewSet)
